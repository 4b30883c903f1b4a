package deploy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/units"
)

// assume records what the plan rests on: c with its defaults applied,
// given as the caller gave it (to tell a default from the same value
// given), k the first accelerator's step cost (for the profile).
func (r *Result) assume(c *Config, given *Config, k *engine.Costs) {
	p := k.Profile()
	r.Assumef("framework", profileNote(p), "%s profile", p.Title)
	if c.Weights.Name == "" {
		r.Assume("weights", "bf16", "default: the unquantized checkpoint; give --weights fp8, nvfp4, ...")
	}
	if c.Prompt == 0 || c.Output == 0 {
		r.Assumef("request shape", "default; give --prompt and --output", "%d prompt + %d output tokens", r.Prompt, r.Output)
	}
	switch {
	case c.Rate > 0:
		r.Assumef("load", "the fewest GPUs that serve the rate: replicas sized from closed-loop runs of the best layouts, checked by an open-loop (Poisson) simulation at the rate",
			"%g requests/s; one replica or xPyD unit of at most %d GPUs, the deployment at most %d GPUs and %d requests in flight", c.Rate, MaxUnitGPUs, MaxGPUs, engine.MaxConcurrency)
	default:
		src := "given"
		if given.TotalGPUs == 0 {
			src = "default when neither --gpus nor --rate is given: one 8-GPU node"
		}
		r.Assumef("GPU budget", src+fmt.Sprintf("; a layout runs as many replicas (or xPyD units) as fit, each at the concurrency shown; one replica or worker spans at most %d GPUs", MaxUnitGPUs), "%d GPUs of each type", c.TotalGPUs)
	}
	r.assumeTargets(c)
	r.assumeSpace(c)
	if m := c.Model.MoE; m != nil && m.Experts > 0 && len(c.Space.EP) == 0 {
		r.Assume("expert parallelism", DefaultEP, "ep 1 or tp × attention-dp")
	}
	if c.Mode != Aggregated && len(c.Space.PP) == 0 {
		r.Assume("disaggregated pools", DisaggPipeline, "pp 1")
	}
	for _, g := range c.GPUs {
		if g.Price > 0 {
			r.Assumef("price "+g.Accelerator.ID, g.PriceSource, "%s per GPU-hour", units.USD(g.Price))
		}
	}
	r.Assume("search", fmt.Sprintf("all screened by a steady-state model of the step cost; simulated: layouts screened within %g× the TPOT target, %g× the TTFT target and %.0f %% of the best, each one's best concurrency, the screened Pareto front",
		tpotSlack, ttftSlack, 100*valueMargin),
		fmt.Sprintf("%d candidates screened, %d simulated", r.Evaluated, r.Simulated))
	r.Assume("cost per million tokens", "price × GPUs per hour split between prompt and output work by the GPU time each takes in the simulation, each over the tokens it serves, as flops infer does", "at the point's throughput")
}

// assumeSpace states the lists the search takes, each as given or its
// default (see searcher.layouts and searcher.grid).
func (r *Result) assumeSpace(c *Config) {
	maxGPUs := c.unitGPUs()
	moe := c.Model.MoE != nil && c.Model.MoE.Experts > 0
	var lists, defaults []string
	add := func(flag string, given []int, def string) {
		if len(given) > 0 {
			lists = append(lists, flag+" "+intsText(given))
			return
		}
		if def != "" {
			lists = append(lists, flag+" "+def)
			defaults = append(defaults, "--"+flag)
		}
	}
	add("tp", c.Space.TP, intsText(powersTo(maxGPUs)))
	add("pp", c.Space.PP, intsText(powersTo(min(maxGPUs, 8))))
	adp := "1"
	if moe {
		adp = intsText(powersTo(maxGPUs))
	}
	add("attention-dp", c.Space.AttentionDP, adp)
	add("ep", c.Space.EP, "") // the default is its own assumption (expert parallelism)
	add("concurrency", c.Space.Concurrency, "1, 2, 3, 4, 6, 8, 12, … up to the KV cache's slots")
	src := "given"
	if len(defaults) > 0 {
		src = "default for " + strings.Join(defaults, ", ") + ", which a list narrows; a layout has at most " + fmt.Sprint(maxGPUs) + " GPUs"
		if len(c.Space.Concurrency) == 0 {
			src += "; concurrency steps by 2× and 1.5×, then is bisected twice for the three best layouts"
		}
	}
	r.Assume("search space", strings.Join(lists, "; "), src)
}

// intsText is "1, 2, 4, 8", or "1, 2, 4, …, 64" for a longer list of
// powers of two.
func intsText(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprint(x)
	}
	if len(parts) > 5 && slices.Equal(v, powersTo(v[len(v)-1])) {
		parts = []string{parts[0], parts[1], parts[2], "…", parts[len(parts)-1]}
	}
	return strings.Join(parts, ", ")
}

// assumeTargets states the targets and the statistic they apply to.
func (r *Result) assumeTargets(c *Config) {
	t := c.Targets
	if t.TTFT == 0 && t.TPOT == 0 {
		r.Assume("latency targets", "none: the best is the most tokens/s per GPU at any latency; give --ttft and --tpot", "none")
		return
	}
	var parts []string
	if t.TTFT > 0 {
		parts = append(parts, "TTFT ≤ "+t.TTFT.String())
	}
	if t.TPOT > 0 {
		parts = append(parts, "TPOT ≤ "+t.TPOT.String())
	}
	src := "given; --percentile p90 or p99 applies them to the tail"
	if t.Percentile != Mean {
		src = "given; the simulated percentile over the run's requests"
	}
	r.Assumef("latency targets", src, "%s %s", t.Percentile, joinAnd(parts))
}

// profileNote is a profile's provenance.
func profileNote(p engine.Profile) string {
	if p.Fit == nil {
		if p.Note != "" {
			return p.Note
		}
		return "scheduler defaults from the framework; constants not fitted"
	}
	s := fmt.Sprintf("constants fitted on %d measured deployments; leave-one-model-out TPOT error %.0f %%",
		p.Fit.Rows, 100*p.Fit.LeaveOneModelOut.TPOTMAPE)
	if f := p.Fit.LeaveOneFamilyOut; f.Rows > 0 {
		s += fmt.Sprintf(", leave-one-family-out %.0f %%", 100*f.TPOTMAPE)
	}
	return s
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return parts[0] + " and " + parts[1]
}
