package deploy

import (
	"strings"
	"testing"

	"github.com/flopsdev/flops/engine"
)

// TestBeyond: the limits are MaxGPUs GPUs and engine.MaxConcurrency
// requests in flight over all replicas (4096 and 65,536: the constants);
// the cases sit on either side of them, exactly (integer arithmetic).
func TestBeyond(t *testing.T) {
	for _, tc := range []struct {
		gpus, conc, k int
		want          string // "" within the limits, else a word of the reason
	}{
		{2, 16, 2048, ""},                   // 4096 GPUs, 32,768 in flight: at both limits or under
		{2, 16, 2049, "GPUs"},               // 4098 GPUs
		{1, 64, 1024, ""},                   // 65,536 in flight exactly
		{1, 64, 1025, "requests in flight"}, // 65,600 in flight
	} {
		got := beyond(candidate{gpus: tc.gpus, conc: tc.conc}, tc.k)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%d replicas of %d GPUs at %d in flight: %q, want %q", tc.k, tc.gpus, tc.conc, got, tc.want)
		}
	}
}

// TestRateBeyondLimits: 100,000 requests/s of Llama 3.1 8B at 30 ms TPOT
// need more GPUs than a search may deploy. The figure: tp 1 at 128 in
// flight serves 4,290 output tokens/s per GPU at TPOT 29.6 ms ("flops
// infer --model llama-3.1-8b --gpu h100-sxm --tp 1 --concurrency 128"),
// 16.8 requests/s, so about 6,000 GPUs: 46 % more than MaxGPUs (4096),
// the margin the engine's figures may move by before the test no longer
// exercises the limit. The answer is infeasible, the closest point says
// why, and no listed point exceeds the limits.
func TestRateBeyondLimits(t *testing.T) {
	c := question(t, "llama-3.1-8b", "h100-sxm")
	c.Rate, c.Targets, c.Mode = 1e5, Targets{TTFT: 0.5, TPOT: 0.03}, Aggregated
	r := search(t, c)
	if r.Feasible || r.Closest == nil {
		t.Fatalf("feasible %v, closest %v: want infeasible with a closest point", r.Feasible, r.Closest)
	}
	if cl := r.Closest; !strings.Contains(cl.OverLimit, "4096") || cl.Point.GPUs <= MaxGPUs {
		t.Errorf("closest %s on %d GPUs, over limit %q: want more than %d GPUs and the reason naming the limit", cl.Point.LayoutText(), cl.Point.GPUs, cl.OverLimit, MaxGPUs)
	}
	// The closest point's command runs one replica: the whole is beyond one run.
	if cmd := r.Closest.Point.Command; strings.Contains(cmd, "--replicas") {
		t.Errorf("closest command %q: want one replica's run", cmd)
	}
	for _, pl := range r.Accelerators {
		for _, p := range append(pl.Top, pl.Pareto...) {
			if p.GPUs > MaxGPUs || p.Replicas*p.Concurrency > engine.MaxConcurrency {
				t.Errorf("%s: %d GPUs, %d × %d in flight: beyond the limits", p.LayoutText(), p.GPUs, p.Replicas, p.Concurrency)
			}
		}
	}
}
