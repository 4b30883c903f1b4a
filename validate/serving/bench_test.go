package serving

import (
	"testing"

	"github.com/flopsdev/flops/engine"
)

// BenchmarkPredictAll simulates every expressed row once (one objective
// evaluation of the fit).
func BenchmarkPredictAll(b *testing.B) {
	rows, err := Rows()
	if err != nil {
		b.Fatal(err)
	}
	ps := map[string]engine.Profile{}
	for _, n := range []string{"trtllm", "vllm", "sglang"} {
		if ps[n], err = engine.LookupProfile(n); err != nil {
			b.Fatal(err)
		}
	}
	cs, _ := Cases(rows, ps)
	b.ResetTimer()
	for b.Loop() {
		for _, c := range cs {
			predict(c)
		}
	}
	b.ReportMetric(float64(len(cs)), "rows/op")
}
