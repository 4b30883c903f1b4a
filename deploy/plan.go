package deploy

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/engine"
)

// Plan is the search on one accelerator type.
type Plan struct {
	Accelerator     string   `json:"accelerator"`
	PricePerGPUHour *float64 `json:"price_usd_per_gpu_hour"`
	PriceSource     string   `json:"price_source,omitempty"`

	Feasible          bool     `json:"feasible"`
	Best              *Point   `json:"best"`
	BestAggregated    *Point   `json:"best_aggregated"`
	BestDisaggregated *Point   `json:"best_disaggregated"`
	RunnerUp          *Point   `json:"runner_up"` // the best point of another layout
	Top               []Point  `json:"top"`       // the best point of each layout, best first
	Pareto            []Point  `json:"pareto"`    // per mode, tokens/s per user ascending
	Closest           *Closest `json:"closest,omitempty"`
	// NoFit says why no layout fits in memory (empty when some do).
	NoFit string `json:"no_fit,omitempty"`

	Layouts   int `json:"layouts"`   // layouts that fit in memory
	Evaluated int `json:"evaluated"` // candidates screened (layouts × concurrencies)
	Simulated int `json:"simulated"` // candidates simulated
}

// Closest is the simulated point that misses the targets by the least,
// or one that meets them but is beyond the search's limits for a rate.
type Closest struct {
	Point  Point  `json:"point"`
	Misses []Miss `json:"misses"`
	// OverLimit says why the point (or, for a rate, one more replica of
	// it) is more than a deployment may be: more than MaxGPUs GPUs or
	// engine.MaxConcurrency requests in flight.
	OverLimit string `json:"over_limit,omitempty"`
}

// Miss is one target a point does not meet.
type Miss struct {
	Target string  `json:"target"` // "ttft" or "tpot"
	Value  float64 `json:"value_seconds"`
	Limit  float64 `json:"target_seconds"`
	Over   float64 `json:"over_fraction"` // value / limit − 1
}

// plan runs the search on the searcher's accelerator.
func (s *searcher) plan() (*Plan, error) {
	pl := &Plan{Accelerator: s.gpu.Accelerator.ID, PriceSource: s.gpu.PriceSource}
	if s.gpu.Price > 0 {
		v := float64(s.gpu.Price)
		pl.PricePerGPUHour = &v
	}
	maxGPUs, maxUnit := s.cfg.unitGPUs(), s.cfg.TotalGPUs
	if s.goal.rate > 0 {
		maxUnit = MaxUnitGPUs
	}
	ps := s.layouts(maxGPUs)
	switch {
	case ps.tooMany > 0:
		return nil, fmt.Errorf("%w: the --tp, --pp, --ep and --attention-dp lists make %d layouts (at most %d): shorten them", errTooLarge, ps.tooMany, maxLayoutTries)
	case ps.valid == 0 && ps.invalid != nil:
		return nil, fmt.Errorf("%w on %s: %w", errEmptySpace, pl.Accelerator, ps.invalid)
	case ps.valid == 0:
		return nil, fmt.Errorf("%w: no layout of the given --tp, --pp and --attention-dp values has at most %d GPUs", errEmptySpace, maxGPUs)
	}
	pl.Layouts = len(ps.agg)
	if len(ps.agg) == 0 {
		pl.NoFit = fmt.Sprintf("no layout of at most %d × %s holds the model and one request (raise --gpus or quantize, e.g. --weights fp8); on all %d: %s",
			maxGPUs, pl.Accelerator, maxGPUs, s.noFitHint(maxGPUs))
		return pl, nil
	}
	cs := s.candidates(ps, maxUnit)
	switch {
	case len(cs) == 0:
		return nil, fmt.Errorf("%w on %s: the restrictions leave no candidate", errEmptySpace, pl.Accelerator)
	case len(cs) > maxCandidates:
		return nil, fmt.Errorf("%w: more than %d candidates on %s: narrow --tp, --ep, --attention-dp or --concurrency, or choose --mode", errTooLarge, maxCandidates, pl.Accelerator)
	}
	pl.Evaluated = len(cs)
	fs := s.families(cs)
	s.branchAndBound(fs)
	s.refine(3)
	s.paretoSims(fs)
	s.closestSims(fs)
	s.assemble(pl)
	if s.goal.rate > 0 && pl.Best != nil {
		s.verifyRate(pl)
	}
	pl.Simulated = len(s.sims.all())
	return pl, nil
}

// noFitHint explains the memory shortfall of the largest layout.
func (s *searcher) noFitHint(maxGPUs int) string {
	l := engine.Layout{TP: 1, PP: maxGPUs, EP: 1, AttentionDP: 1}
	return s.costs.Memory(l, false).Hint
}

// closestSims simulates the candidates the screen finds nearest the
// targets when no simulated point meets them, to name the closest one.
func (s *searcher) closestSims(fs []*family) {
	if !math.IsInf(s.bestValue(), -1) {
		return
	}
	type ref struct {
		c candidate
		v float64
	}
	var rs []ref
	for _, f := range fs {
		for i, c := range f.cands {
			rs = append(rs, ref{c, s.goal.estViolation(f.ests[i])})
		}
	}
	var pick []candidate
	for range 4 {
		best := -1
		for i, r := range rs {
			if best < 0 || r.v < rs[best].v {
				best = i
			}
		}
		if best < 0 {
			break
		}
		pick = append(pick, rs[best].c)
		rs[best].v = math.Inf(1)
	}
	s.sims.run(pick)
}
