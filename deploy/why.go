package deploy

import (
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/units"
)

// Why says why the best point wins: what limits it, the runner-up (the
// best point of another layout on the same accelerator) and the margin,
// aggregated against disaggregated, and the accelerators against each
// other.
type Why struct {
	LimitedBy string `json:"limited_by"`
	Summary   string `json:"summary"`
	RunnerUp  *Point `json:"runner_up"`
	// Margin is the best's advantage over the runner-up in Measure, as a
	// fraction (0.12: 12 % more tokens/s per GPU, or 12 % fewer GPUs).
	Margin       float64 `json:"margin"`
	Measure      string  `json:"measure"`
	Modes        string  `json:"modes,omitempty"`
	Accelerators string  `json:"accelerators,omitempty"`
}

// why explains the best point of plan pl.
func (r *Result) why(pl *Plan) *Why {
	b := pl.Best
	w := &Why{LimitedBy: b.LimitedBy, RunnerUp: pl.RunnerUp, Measure: "output tokens/s per GPU"}
	if r.Rate > 0 {
		w.Measure = "GPUs"
	}
	w.Summary = r.bindingText(b)
	if u := pl.RunnerUp; u != nil {
		ref := b // for a rate, the winner's closed-loop sizing, as the runner-up's
		if r.Rate > 0 && len(pl.Top) > 0 {
			ref = &pl.Top[0]
		}
		w.Margin = r.margin(ref, u)
		w.Summary += " " + r.runnerUpText(ref, u)
	}
	w.Modes = modesText(pl, r.Rate > 0)
	w.Accelerators = r.acceleratorsText()
	return w
}

// margin is b's advantage over u in the plan's measure.
func (r *Result) margin(b, u *Point) float64 {
	if r.Rate > 0 {
		return 1 - float64(b.GPUs)/float64(u.GPUs)
	}
	return b.OutputTokensPerSecondPerGPU/u.OutputTokensPerSecondPerGPU - 1
}

// bindingText says what holds the winner where it is (what stops its
// concurrency from growing, or for a rate that it needs the fewest GPUs)
// and the decode step's largest part.
func (r *Result) bindingText(b *Point) string {
	s := fmt.Sprintf("%s at %d requests in flight per %s", b.LayoutText(), b.Concurrency, replicaWord(b))
	t := r.Targets
	g := goal{targets: t}
	switch {
	case r.Rate > 0:
		s += fmt.Sprintf(" serves %.4g requests/s on %d GPUs, the fewest of the layouts searched, at %s TTFT %s and TPOT %s",
			r.Rate, b.GPUs, t.Percentile, units.Seconds(g.ttft(b.res)), units.Seconds(g.tpot(b.res)))
	case b.binding == "tpot":
		s += fmt.Sprintf(", the most that keeps %s TPOT (%s) within %s", t.Percentile, units.Seconds(g.tpot(b.res)), t.TPOT)
	case b.binding == "ttft":
		s += fmt.Sprintf(", the most that keeps %s TTFT (%s) within %s", t.Percentile, units.Seconds(g.ttft(b.res)), t.TTFT)
	case b.binding == "slots":
		s += fmt.Sprintf(", as many as its KV cache holds at once, at %s TTFT %s and TPOT %s", t.Percentile, units.Seconds(g.ttft(b.res)), units.Seconds(g.tpot(b.res)))
	case t.TTFT == 0 && t.TPOT == 0:
		s += ": no latency target, so the most tokens/s per GPU at any latency"
	default:
		s += fmt.Sprintf(", at %s TTFT %s and TPOT %s", t.Percentile, units.Seconds(g.ttft(b.res)), units.Seconds(g.tpot(b.res)))
	}
	part, share := largestPart(b.Step)
	step := fmt.Sprintf("its decode step (%s at batch %.0f)", b.Step.Seconds, b.Step.Batch)
	if part == b.LimitedBy {
		return s + fmt.Sprintf("; %s is limited by %s (%.0f %% of the step).", step, part, 100*share)
	}
	return s + fmt.Sprintf("; it is limited by %s, and %s spends most on %s (%.0f %%).", b.LimitedBy, step, part, 100*share)
}

// runnerUpText compares the runner-up with the winner: the margin and the
// part of the step that grows most.
func (r *Result) runnerUpText(b, u *Point) string {
	s := fmt.Sprintf("The runner-up, %s at %d per %s, ", u.LayoutText(), u.Concurrency, replicaWord(u))
	switch {
	case r.Rate == 0:
		s += "delivers " + percentText(1-u.OutputTokensPerSecondPerGPU/b.OutputTokensPerSecondPerGPU) + " fewer output tokens/s per GPU"
	case u.GPUs == b.GPUs:
		s += fmt.Sprintf("needs as many GPUs (%d) but serves each user %s tokens/s against %s",
			u.GPUs, fmtRate(u.OutputTokensPerSecondPerUser), fmtRate(b.OutputTokensPerSecondPerUser))
	default:
		s += fmt.Sprintf("needs %d GPUs instead of %d", u.GPUs, b.GPUs)
	}
	name, bs, us := grownPart(b.Step, u.Step)
	if name != "" {
		s += fmt.Sprintf(": %s takes %.0f %% of its decode step against %.0f %%", name, 100*us, 100*bs)
	}
	return s + "."
}

// modesText compares the best aggregated and disaggregated points.
func modesText(pl *Plan, rate bool) string {
	a, d := pl.BestAggregated, pl.BestDisaggregated
	switch {
	case a == nil && d == nil:
		return ""
	case d == nil:
		return "no disaggregated layout searched meets the targets"
	case a == nil:
		return "no aggregated layout searched meets the targets"
	case rate:
		return fmt.Sprintf("aggregated needs %d GPUs, disaggregated %d (closed-loop sizing)", a.GPUs, d.GPUs)
	}
	return fmt.Sprintf("aggregated %s output tokens/s per GPU, disaggregated %s (%+.0f %%)",
		fmtRate(a.OutputTokensPerSecondPerGPU), fmtRate(d.OutputTokensPerSecondPerGPU), 100*(d.OutputTokensPerSecondPerGPU/a.OutputTokensPerSecondPerGPU-1))
}

// acceleratorsText lists every accelerator's best by the pick's measure.
func (r *Result) acceleratorsText() string {
	if len(r.Accelerators) < 2 {
		return ""
	}
	var parts []string
	for _, pl := range r.Accelerators {
		if !pl.Feasible {
			parts = append(parts, pl.Accelerator+": none meets the targets")
			continue
		}
		parts = append(parts, pl.Accelerator+": "+r.measureText(pl.Best))
	}
	return strings.Join(parts, "; ")
}

// measureText is a point's figure in the measure the accelerators are
// compared by.
func (r *Result) measureText(p *Point) string {
	c := r.costOf(p)
	switch {
	case c > 0 && r.Rate > 0:
		return fmt.Sprintf("%s/h on %d GPUs", units.USD(c), p.GPUs)
	case c > 0:
		return fmt.Sprintf("%s per million output tokens (%s tokens/s per GPU)", units.USD(c), fmtRate(p.OutputTokensPerSecondPerGPU))
	case r.Rate > 0:
		return fmt.Sprintf("%d GPUs", p.GPUs)
	}
	return fmtRate(p.OutputTokensPerSecondPerGPU) + " output tokens/s per GPU"
}

// stepParts are a decode step's parts, named as engine.Result.Limit names
// them.
func stepParts(s engine.StepBreakdown) []struct {
	name string
	v    units.Seconds
} {
	return []struct {
		name string
		v    units.Seconds
	}{{"HBM bandwidth (weights)", s.Weights}, {"HBM bandwidth (KV cache)", s.KV}, {"compute", s.Compute},
		{"interconnect", s.Comm}, {"fixed step cost", s.Overhead}}
}

// largestPart is the step's largest part and its share.
func largestPart(s engine.StepBreakdown) (string, float64) {
	name, v := "", units.Seconds(0)
	for _, p := range stepParts(s) {
		if p.v > v {
			name, v = p.name, p.v
		}
	}
	if s.Seconds <= 0 {
		return name, 0
	}
	return name, float64(v / s.Seconds)
}

// grownPart is the part whose share of the step grows most from b to u.
func grownPart(b, u engine.StepBreakdown) (string, float64, float64) {
	if b.Seconds <= 0 || u.Seconds <= 0 {
		return "", 0, 0
	}
	name, bs, us, grow := "", 0.0, 0.0, 0.02
	bp, up := stepParts(b), stepParts(u)
	for i := range bp {
		x, y := float64(bp[i].v/b.Seconds), float64(up[i].v/u.Seconds)
		if y-x > grow {
			name, bs, us, grow = bp[i].name, x, y, y-x
		}
	}
	return name, bs, us
}

// LayoutText describes the deployment's layout: "tp 4 × 8 replicas" or
// "1 prefill (tp 4) + 2 decode (tp 8) workers × 4 units".
func (p *Point) LayoutText() string {
	if p.Prefill != nil {
		s := fmt.Sprintf("%d prefill (%s) + %d decode (%s) workers", p.Prefill.Workers, poolText(*p.Prefill), p.Decode.Workers, poolText(*p.Decode))
		if p.Replicas > 1 {
			s += fmt.Sprintf(" × %d units", p.Replicas)
		}
		return s
	}
	s := poolText(Pool{TP: p.TP, PP: p.PP, EP: p.EP, AttentionDP: p.AttentionDP})
	if p.Replicas > 1 {
		s += fmt.Sprintf(" × %d replicas", p.Replicas)
	}
	return s
}

// poolText is the pool's layout as engine.Layout writes it.
func poolText(p Pool) string {
	return engine.Layout{TP: p.TP, PP: p.PP, EP: p.EP, AttentionDP: p.AttentionDP}.String()
}

func replicaWord(p *Point) string {
	if p.Prefill != nil {
		return "unit"
	}
	return "replica"
}

// fmtRate is a rate with thousands grouped or three significant figures.
func fmtRate(v float64) string {
	if v >= 100 {
		return units.FormatCount(v)
	}
	return fmt.Sprintf("%.3g", v)
}

// percentText is a fraction as a percentage: one decimal below 10 %.
func percentText(f float64) string {
	if math.Abs(f) < 0.1 {
		return fmt.Sprintf("%.1f %%", 100*f)
	}
	return fmt.Sprintf("%.0f %%", 100*f)
}
