package deploy

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/engine"
)

// goal is what a search maximises under the targets: output tokens/s per
// GPU within a GPU budget, or (with a rate) the fewest GPUs that serve it.
type goal struct {
	targets Targets
	rate    float64 // requests/s to serve; 0: a GPU budget
}

// Screen margins: how far the screen may err before a candidate it
// rejects could have been the answer. Measured against the simulation
// (go test ./deploy -run ScreenAgainst -v, 149 candidates): TPOT within
// 1.4 %, tokens/s per GPU within 1.7 % and TTFT within 23 % on 90 % of
// candidates; the margins leave room for the other 10 % and for layouts
// the test does not sample. deploy/README.md and the "search" assumption
// (assume.go, from these constants) state the same.
const (
	tpotSlack   = 1.3 // a candidate is screened in if its TPOT ≤ target × 1.3
	ttftSlack   = 2.5 // … and its TTFT ≤ target × 2.5
	valueMargin = 0.1 // a layout is simulated while its screened value × 1.1 at the relaxed edge could beat the best simulated
)

// value is a point's worth, higher better: tokens/s per GPU, or minus the
// GPUs needed for the rate (replicas of gpus GPUs, each serving rps).
func (g goal) value(perGPU, rps float64, gpus int) float64 {
	if g.rate == 0 {
		return perGPU
	}
	return -float64(replicasFor(g.rate, rps) * gpus)
}

// optimistic is the best value a screened estimate could turn out to have.
func (g goal) optimistic(e estimate, gpus int) float64 {
	return g.value(e.perGPU*(1+valueMargin), e.rps*(1+valueMargin), gpus)
}

// replicasFor is ⌈rate / rps⌉ replicas, at least 1 (a huge count when a
// replica serves nothing).
func replicasFor(rate, rps float64) int {
	if !(rps > 0) {
		return math.MaxInt32
	}
	return max(1, int(math.Ceil(rate/rps-1e-9)))
}

// beyond says why k replicas (or xPyD units) of c are more than a search
// may deploy, "" when they are not: more than MaxGPUs GPUs, or more than
// engine.MaxConcurrency requests in flight in all (the most one "flops
// infer" run holds, so that the point's command reproduces it).
func beyond(c candidate, k int) string {
	switch {
	case k*c.gpus > MaxGPUs:
		return fmt.Sprintf("%d GPUs (%d × %d): more than the %d a deployment may use", k*c.gpus, k, c.gpus, MaxGPUs)
	case k*c.conc > engine.MaxConcurrency:
		return fmt.Sprintf("%d requests in flight (%d × %d): more than the %d one flops infer run holds", k*c.conc, k, c.conc, engine.MaxConcurrency)
	}
	return ""
}

// overLimit says why serving the rate with replicas of c, each serving
// rps requests/s, is beyond the search's limits ("" when it is not, and
// always under a GPU budget, which MaxGPUs bounds).
func (g goal) overLimit(c candidate, rps float64) string {
	if g.rate == 0 {
		return ""
	}
	return beyond(c, replicasFor(g.rate, rps))
}

// passes reports whether a screened estimate meets the targets, or
// (relaxed) comes within the screen's slacks of them.
func (g goal) passes(e estimate, relaxed bool) bool {
	t := g.targets
	tp, tf := 1.0, 1.0
	if relaxed {
		tp, tf = tpotSlack, ttftSlack
	}
	return (t.TPOT == 0 || e.tpot <= float64(t.TPOT)*tp) && (t.TTFT == 0 || e.ttft <= float64(t.TTFT)*tf)
}

// ttft and tpot are a simulated result's statistic for the targets.
func (g goal) ttft(r *engine.Result) float64 {
	switch g.targets.Percentile {
	case P90:
		return float64(r.TTFTP90)
	case P99:
		return float64(r.TTFTP99)
	}
	return float64(r.TTFT)
}

func (g goal) tpot(r *engine.Result) float64 {
	switch g.targets.Percentile {
	case P90:
		return float64(r.TPOTP90)
	case P99:
		return float64(r.TPOTP99)
	}
	return float64(r.TPOT)
}

// meets reports whether a simulated result meets the targets.
func (g goal) meets(r *engine.Result) bool {
	if r == nil || !r.Memory.Fits || r.Overloaded || !(r.OutputTokensPerSecond > 0) {
		return false
	}
	t := g.targets
	return (t.TTFT == 0 || g.ttft(r) <= float64(t.TTFT)) && (t.TPOT == 0 || g.tpot(r) <= float64(t.TPOT))
}

// violation is how far a simulated result misses its worst target, as a
// ratio (≤ 1: meets both).
func (g goal) violation(r *engine.Result) float64 {
	if r == nil || !r.Memory.Fits || !(r.OutputTokensPerSecond > 0) {
		return math.Inf(1)
	}
	return g.worstRatio(g.ttft(r), g.tpot(r))
}

// estViolation is violation for a screened estimate.
func (g goal) estViolation(e estimate) float64 { return g.worstRatio(e.ttft, e.tpot) }

// worstRatio is the larger of ttft and tpot over their targets (0 when
// there is no target).
func (g goal) worstRatio(ttft, tpot float64) float64 {
	v := 0.0
	if t := float64(g.targets.TTFT); t > 0 {
		v = math.Max(v, ttft/t)
	}
	if t := float64(g.targets.TPOT); t > 0 {
		v = math.Max(v, tpot/t)
	}
	return v
}

// misses lists the targets a simulated result does not meet.
func (g goal) misses(r *engine.Result) []Miss {
	var out []Miss
	t := g.targets
	for _, m := range []struct {
		name         string
		value, limit float64
	}{{"ttft", g.ttft(r), float64(t.TTFT)}, {"tpot", g.tpot(r), float64(t.TPOT)}} {
		if m.limit > 0 && m.value > m.limit {
			out = append(out, Miss{Target: m.name, Value: m.value, Limit: m.limit, Over: m.value/m.limit - 1})
		}
	}
	return out
}
