package deploy

import (
	"testing"
	"time"
)

// BenchmarkSearch70B is the speed target: a full search for a 70B
// model over 64 GPUs, aggregated and disaggregated, < 1 s on 2 cores.
// layouts/s counts the candidates (layout × concurrency) screened per
// second of the whole search; sims/op the candidates simulated.
func BenchmarkSearch70B(b *testing.B) {
	c := question(b, "llama-3.1-70b", "h100-sxm")
	c.TotalGPUs, c.Targets, c.Workers = 64, Targets{TTFT: 0.5, TPOT: 0.03}, 2
	var evaluated, simulated int
	start := time.Now()
	for range b.N {
		r, err := Search(c)
		if err != nil {
			b.Fatal(err)
		}
		evaluated, simulated = r.Evaluated, r.Simulated
	}
	sec := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(float64(evaluated)/sec, "layouts/s")
	b.ReportMetric(float64(simulated), "sims/op")
}
