package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/pricing"
)

// Result is a deployment plan: the best deployment over every accelerator
// type (the cheapest per million output tokens, or per hour for a rate,
// when every type has a price), why it wins, each type's plan and the
// Pareto fronts. Figures are simulated (engine.Estimate); Evaluated counts
// the candidates screened, Simulated those simulated.
type Result struct {
	Model     string  `json:"model"`
	Framework string  `json:"framework"`
	Weights   string  `json:"weights"`
	Prompt    int     `json:"prompt_tokens"`
	Output    int     `json:"output_tokens"`
	Targets   Targets `json:"targets"`
	Mode      Mode    `json:"mode"`
	// GPUBudget is the GPUs of each type a deployment may use (GPU budget
	// mode); Rate the requests per second it must serve (rate mode).
	GPUBudget int     `json:"gpu_budget,omitempty"`
	Rate      float64 `json:"rate_requests_per_second,omitempty"`

	Feasible bool     `json:"feasible"`
	Best     *Point   `json:"best"`
	Why      *Why     `json:"why,omitempty"`
	Closest  *Closest `json:"closest,omitempty"` // when nothing meets the targets

	// APIComparison is the same model's API list prices beside the best
	// layout's cost, when Config.CompareAPI asks for it.
	APIComparison *APIComparison `json:"api_comparison,omitempty"`

	Accelerators []*Plan `json:"accelerators"`
	Pareto       []Point `json:"pareto"` // every accelerator's fronts, per mode

	Evaluated int     `json:"evaluated"`
	Simulated int     `json:"simulated"`
	Elapsed   float64 `json:"elapsed_seconds"`

	Warnings []string `json:"warnings,omitempty"`
	// Assumptions, and in Steps the best point's derivation (engine).
	explain.Trace
}

// Search plans the deployment of c on each of its accelerators. Bad input
// is an error (a *Error, that is an *engine.FlagError, names the flag); a
// target that nothing meets is a result with Feasible false and the
// closest point.
func Search(c Config) (*Result, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	start := time.Now()
	given := c
	c = c.withDefaults()
	count := &counter{progress: c.Progress}
	r := &Result{Targets: c.Targets, Mode: c.Mode, GPUBudget: c.TotalGPUs, Rate: c.Rate}
	var costs *engine.Costs // the first accelerator's: the question's resolved shape and profile
	for _, g := range c.GPUs {
		s, err := newSearcher(&c, g, count)
		if err != nil {
			return nil, flagged(err)
		}
		if costs == nil {
			costs = s.costs
		}
		pl, err := s.plan()
		if err != nil {
			return nil, flagged(err)
		}
		if err := stopped(c.Context); err != nil {
			return nil, err
		}
		r.Accelerators = append(r.Accelerators, pl)
		r.Evaluated += pl.Evaluated
		r.Simulated += pl.Simulated
		r.Pareto = append(r.Pareto, pl.Pareto...)
	}
	r.header(&c, costs)
	r.pick()
	r.explainBest()
	if c.CompareAPI {
		r.APIComparison = compareAPI(pricing.DefaultAPI(), c.ModelID, r.Best)
	}
	r.assume(&c, &given, costs)
	r.Elapsed = time.Since(start).Seconds()
	count.finish()
	return r, nil
}

// stopped is the context's error once it is done, else nil.
func stopped(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// flagged names the flag of a search-space error: the engine's flag for
// a layout it rejects, else --tp.
func flagged(err error) error {
	var fe *Error
	switch {
	case errors.Is(err, errEmptySpace) && errors.As(err, &fe):
		return &Error{Flag: fe.Flag, Msg: fmt.Sprintf("%v; widen --tp, --pp, --ep or --attention-dp", err)}
	case errors.Is(err, errEmptySpace):
		return &Error{Flag: "tp", Msg: fmt.Sprintf("%v; widen --tp, --pp, --ep or --attention-dp", err)}
	case errors.Is(err, errTooLarge):
		return &Error{Flag: "tp", Msg: err.Error()}
	case errors.As(err, &fe):
		return fe
	}
	return err
}

// header records the question as resolved by k.
func (r *Result) header(c *Config, k *engine.Costs) {
	r.Model = c.Model.Name
	r.Prompt, r.Output = k.Tokens()
	r.Framework = k.Profile().Name
	r.Weights = c.Weights.Name
	if r.Weights == "" {
		r.Weights = "bf16"
	}
}

// pick chooses the best over the accelerators: the lowest cost when every
// feasible plan has a price, else the best value (tokens/s per GPU, or
// the fewest GPUs for a rate).
func (r *Result) pick() {
	var best *Plan
	for _, pl := range r.Accelerators {
		if pl.Feasible && (best == nil || r.better(pl, best)) {
			best = pl
		}
	}
	if best == nil {
		r.Closest = r.closestOverall()
		return
	}
	r.Feasible, r.Best = true, best.Best
	r.Why = r.why(best)
}

// better reports whether plan a's best beats plan b's.
func (r *Result) better(a, b *Plan) bool {
	pa, pb := a.Best, b.Best
	if ca, cb := r.costOf(pa), r.costOf(pb); ca > 0 && cb > 0 {
		return ca < cb
	}
	if r.Rate > 0 {
		return pa.GPUs < pb.GPUs
	}
	return pa.OutputTokensPerSecondPerGPU > pb.OutputTokensPerSecondPerGPU
}

// costOf is what a point costs: $/hour for a rate, else $ per million
// output tokens; 0 when unpriced.
func (r *Result) costOf(p *Point) float64 {
	switch {
	case r.Rate > 0 && p.USDPerHour != nil:
		return *p.USDPerHour
	case r.Rate == 0 && p.CostPerMillionOutput != nil:
		return *p.CostPerMillionOutput
	}
	return 0
}

// closestOverall is the accelerators' closest points' least violation.
func (r *Result) closestOverall() *Closest {
	var best *Closest
	worst := func(c *Closest) float64 {
		v := 0.0
		for _, m := range c.Misses {
			v = max(v, m.Over)
		}
		return v
	}
	for _, pl := range r.Accelerators {
		if c := pl.Closest; c != nil && (best == nil || worst(c) < worst(best)) {
			best = c
		}
	}
	return best
}

// explainBest copies the best point's derivation.
func (r *Result) explainBest() {
	p := r.Best
	if p == nil && r.Closest != nil {
		p = &r.Closest.Point
	}
	if p == nil || p.res == nil {
		return
	}
	r.Steps = append(r.Steps, p.res.Steps...)
	r.Warnings = append(r.Warnings, p.res.Warnings...)
}
