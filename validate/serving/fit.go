package serving

import (
	"math"
	"sort"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/hardware"
)

// param is one fitted profile constant: how to read and write it, and the
// physical range it may take.
type param struct {
	name   string
	lo, hi float64
	get    func(*engine.Profile) float64
	set    func(*engine.Profile, float64)
}

// params are the constants a fit adjusts, each within the range its
// physics allows, so that what the model does not describe (a benchmark
// protocol, a run that misbehaved) cannot hide in a kernel constant:
// dense GEMMs reach at most ~80 % of peak (DeepGEMM's FP8 kernels: ~1,550
// of 1,979 TFLOP/s on H800, DeepSeek's DeepGEMM README; cuBLAS BF16 ~75 %
// on H100), FP4 GEMMs at most ~75 %, flash attention at most ~85 % (FA3
// 740 of 989 TFLOP/s BF16 on H100, Shah et al. 2024); streaming kernels
// reach 50–92 % of peak HBM bandwidth; collectives 40–100 % of the link
// rate; fixed costs between nothing and far more than any engine spends.
var params = []param{
	{"step_overhead", 1e-5, 0.03, func(p *engine.Profile) float64 { return p.StepOverhead }, func(p *engine.Profile, v float64) { p.StepOverhead = v }},
	{"layer_overhead", 1e-7, 2e-4, func(p *engine.Profile) float64 { return p.LayerOverhead }, func(p *engine.Profile, v float64) { p.LayerOverhead = v }},
	{"moe_layer_overhead", 1e-7, 2e-4, func(p *engine.Profile) float64 { return p.MoELayerOverhead }, func(p *engine.Profile, v float64) { p.MoELayerOverhead = v }},
	{"sequence_overhead", 1e-7, 5e-4, func(p *engine.Profile) float64 { return p.SeqOverhead }, func(p *engine.Profile, v float64) { p.SeqOverhead = v }},
	{"bandwidth_eff", 0.5, 0.92, func(p *engine.Profile) float64 { return p.BandwidthEff }, func(p *engine.Profile, v float64) { p.BandwidthEff = v }},
	{"compute_eff_bf16", 0.25, 0.8, effGet(hardware.BF16), effSet(hardware.BF16)},
	{"compute_eff_fp8", 0.25, 0.8, effGet(hardware.FP8), effSet(hardware.FP8)},
	{"compute_eff_fp4", 0.15, 0.75, effGet(hardware.FP4), effSet(hardware.FP4)},
	{"attention_eff", 0.2, 0.85, func(p *engine.Profile) float64 { return p.AttentionEff }, func(p *engine.Profile, v float64) { p.AttentionEff = v }},
	{"collective_latency", 1e-6, 2e-4, func(p *engine.Profile) float64 { return p.CollectiveLatency }, func(p *engine.Profile, v float64) { p.CollectiveLatency = v }},
	{"link_eff", 0.4, 1, func(p *engine.Profile) float64 { return p.LinkEff }, func(p *engine.Profile, v float64) { p.LinkEff = v }},
	{"request_overhead", 1e-4, 0.3, func(p *engine.Profile) float64 { return p.RequestOverhead }, func(p *engine.Profile, v float64) { p.RequestOverhead = v }},
	{"frontend_token", 1e-7, 5e-4, func(p *engine.Profile) float64 { return p.FrontendTokenCost }, func(p *engine.Profile, v float64) { p.FrontendTokenCost = v }},
	{"transfer_overhead", 1e-4, 0.5, func(p *engine.Profile) float64 { return p.TransferOverhead }, func(p *engine.Profile, v float64) { p.TransferOverhead = v }},
}

// relevant is the params the cases can inform.
func relevant(cs []Case) []param {
	fp4, fp8, disagg, moe := false, false, false, false
	for _, c := range cs {
		moe = moe || (c.Config.Model != nil && c.Config.Model.MoE != nil)
		fp4 = fp4 || c.Config.Weights.Compute == hardware.FP4
		fp8 = fp8 || c.Config.Weights.Compute == hardware.FP8
		disagg = disagg || c.Config.Disagg != nil
	}
	var out []param
	for _, q := range params {
		switch {
		case q.name == "compute_eff_fp4" && !fp4, q.name == "compute_eff_fp8" && !fp8, q.name == "transfer_overhead" && !disagg, q.name == "moe_layer_overhead" && !moe:
			continue
		}
		out = append(out, q)
	}
	return out
}

func effGet(pr hardware.Precision) func(*engine.Profile) float64 {
	return func(p *engine.Profile) float64 { return p.ComputeEff[pr] }
}

func effSet(pr hardware.Precision) func(*engine.Profile, float64) {
	return func(p *engine.Profile, v float64) { p.ComputeEff[pr] = v }
}

// toX maps a constant into the unbounded fitting space: the logit of its
// position in [lo, hi] on a log scale.
func (q param) toX(v float64) float64 {
	u := (math.Log(v) - math.Log(q.lo)) / (math.Log(q.hi) - math.Log(q.lo))
	u = math.Min(math.Max(u, 1e-6), 1-1e-6)
	return math.Log(u / (1 - u))
}

func (q param) fromX(x float64) float64 {
	u := 1 / (1 + math.Exp(-x))
	return math.Exp(math.Log(q.lo) + u*(math.Log(q.hi)-math.Log(q.lo)))
}

// lossScale is the scale s of the robust loss log(1 + (r/s)²) on
// r = log(predicted/measured): errors beyond ~25 % count less than
// quadratically, so a handful of runs the model cannot express (a TTFT of
// 38 s at four requests in flight) do not drag every constant.
const lossScale = 0.25

// ttftWeight weighs TTFT against TPOT in the fit. TTFT weighs less: much
// of its error is the benchmark's protocol (when each client starts, how
// many rounds it sends), which no kernel constant should absorb.
const ttftWeight = 0.2

// objective is the mean robust loss of the profile over the cases.
func objective(cs []Case, p engine.Profile) float64 {
	for i := range cs {
		cs[i].Config.Profile = p
	}
	var sum float64
	n := 0
	for _, pr := range Predict(cs) {
		if math.IsNaN(pr.TPOT) {
			continue
		}
		n++
		sum += robust(pr.TPOT/pr.Row.TPOT) + ttftWeight*robust(pr.TTFT/pr.Row.TTFT)
	}
	if n == 0 {
		return math.Inf(1)
	}
	return sum / float64(n)
}

func robust(q float64) float64 {
	if !(q > 0) || math.IsInf(q, 0) {
		return 20
	}
	r := math.Log(q) / lossScale
	return math.Log1p(r * r)
}

// anchor pulls a fit toward another profile's constants (hierarchical
// shrinkage): a framework's profile is fitted as the generic profile plus
// deviations that its own rows must pay for. The penalty is
// Rows/n · Σ (x − x_anchor)² in the fitting space (see param.toX) over the
// n cases' mean loss, so the anchor weighs as much as Rows cases each
// missing by one fitting-space unit; a framework with few rows of a kind
// (vLLM's few MoE models) keeps the constants every framework's rows
// agree on instead of absorbing its outliers.
type anchor struct {
	Profile engine.Profile
	Rows    float64
}

// fitProfile adjusts base's constants to the cases by Nelder–Mead in the
// fitting space, for at most evals evaluations, pulled toward anchor a
// (nil: no pull). Only the constants the cases can inform are adjusted (no
// fp4 rows: the fp4 efficiency stays; no disaggregated rows: the transfer
// cost stays). The search starts from the anchor's constants where the
// anchor has them (a constant the cases cannot inform takes the anchor's
// value), else from base's, else from the prior; the pull is toward that
// start.
func fitProfile(base engine.Profile, a *anchor, cs []Case, evals int) engine.Profile {
	if evals <= 0 {
		return base
	}
	free := relevant(cs)
	start := clone(base)
	if a != nil {
		for _, q := range params {
			if v := q.get(&a.Profile); v > 0 {
				q.set(&start, v)
			}
		}
	}
	x0 := make([]float64, len(free))
	for i, q := range free {
		v := q.get(&start)
		if !(v > 0) { // a constant the profile has not had yet starts at its prior
			v = priorValues[q.name]
		}
		x0[i] = q.toX(v)
	}
	build := func(x []float64) engine.Profile {
		p := clone(start)
		for i, q := range free {
			q.set(&p, q.fromX(x[i]))
		}
		return p
	}
	pull := func([]float64) float64 { return 0 }
	if a != nil {
		w := a.Rows / float64(max(len(cs), 1))
		pull = func(x []float64) float64 {
			var d2 float64
			for i := range x {
				d := x[i] - x0[i]
				d2 += d * d
			}
			return w * d2
		}
	}
	best := nelderMead(func(x []float64) float64 { return objective(cs, build(x)) + pull(x) }, x0, 0.6, evals)
	return build(best)
}

// priorValues are the constants every fit of a held-out model starts
// from, one set for all frameworks, so that no held-out row reaches its
// own prediction through the starting point: the round figures the first
// profiles were written with before any row was fitted (engine/
// profiles.json at commit a273ef2), and for the constants added since
// (per sequence, per routed-expert layer, per streamed token) the round
// figures they were introduced with, set by hand: 3 ms per step, 20 µs
// per layer, 50 µs per sequence, 10 µs more per routed-expert layer, 80 %
// of HBM bandwidth, 60/50/40 % of the BF16/FP8/FP4 peak, 50 % for
// attention, 10 µs per collective at 80 % of the link, 30 ms per request,
// 20 µs per streamed token and 50 ms per KV transfer.
var priorValues = map[string]float64{
	"step_overhead": 3e-3, "layer_overhead": 20e-6, "moe_layer_overhead": 10e-6, "sequence_overhead": 50e-6,
	"bandwidth_eff": 0.8, "compute_eff_bf16": 0.6, "compute_eff_fp8": 0.5, "compute_eff_fp4": 0.4,
	"attention_eff": 0.5, "collective_latency": 10e-6, "link_eff": 0.8,
	"request_overhead": 0.03, "frontend_token": 20e-6, "transfer_overhead": 0.05,
}

// Prior returns p with every fitted constant set to its prior value;
// what a fit does not adjust (token budgets, memory use, sources) is kept.
func Prior(p engine.Profile) engine.Profile {
	c := clone(p)
	for _, q := range params {
		q.set(&c, priorValues[q.name])
	}
	return c
}

// clone copies a profile deeply enough to change its constants.
func clone(p engine.Profile) engine.Profile {
	c := p
	c.ComputeEff = map[hardware.Precision]float64{}
	for k, v := range p.ComputeEff {
		c.ComputeEff[k] = v
	}
	return c
}

// nelderMead minimises f from x0 with an initial simplex of step size
// step, for at most evals evaluations (Nelder & Mead 1965, with the
// standard coefficients 1, 2, ½, ½).
func nelderMead(f func([]float64) float64, x0 []float64, step float64, evals int) []float64 {
	n := len(x0)
	type vertex struct {
		x []float64
		v float64
	}
	simplex := make([]vertex, n+1)
	for i := range simplex {
		x := append([]float64(nil), x0...)
		if i > 0 {
			x[i-1] += step
		}
		simplex[i] = vertex{x, f(x)}
	}
	used := n + 1
	point := func(c []float64, d []float64, t float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = c[i] + t*(d[i]-c[i])
		}
		return out
	}
	for used < evals {
		sort.Slice(simplex, func(i, j int) bool { return simplex[i].v < simplex[j].v })
		if simplex[n].v-simplex[0].v < 1e-6 {
			break
		}
		c := make([]float64, n)
		for _, s := range simplex[:n] {
			for i := range c {
				c[i] += s.x[i] / float64(n)
			}
		}
		worst := simplex[n]
		xr := point(c, worst.x, -1)
		vr := f(xr)
		used++
		switch {
		case vr < simplex[0].v:
			xe := point(c, worst.x, -2)
			if ve := f(xe); ve < vr {
				simplex[n] = vertex{xe, ve}
			} else {
				simplex[n] = vertex{xr, vr}
			}
			used++
		case vr < simplex[n-1].v:
			simplex[n] = vertex{xr, vr}
		default:
			xc := point(c, worst.x, 0.5)
			if vc := f(xc); vc < worst.v {
				simplex[n] = vertex{xc, vc}
				used++
				continue
			}
			used++
			for i := 1; i <= n; i++ {
				simplex[i].x = point(simplex[0].x, simplex[i].x, 0.5)
				simplex[i].v = f(simplex[i].x)
				used++
			}
		}
	}
	sort.Slice(simplex, func(i, j int) bool { return simplex[i].v < simplex[j].v })
	return simplex[0].x
}
