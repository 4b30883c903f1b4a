package deploy

import (
	"github.com/flopsdev/flops/engine"
)

// searcher plans on one accelerator.
type searcher struct {
	cfg   *Config
	gpu   GPU
	goal  goal
	base  engine.Config
	costs *engine.Costs
	scr   *screener
	sims  *simulator
	// allPools pairs every prefill and decode layout (the exhaustive
	// check of the tests) instead of those near the pools' fronts.
	allPools bool
}

func newSearcher(cfg *Config, g GPU, count *counter) (*searcher, error) {
	base := cfg.base(g)
	k, err := engine.NewCosts(base)
	if err != nil {
		return nil, err
	}
	s := &searcher{cfg: cfg, gpu: g, goal: goal{targets: cfg.Targets, rate: cfg.Rate}, base: base, costs: k, scr: newScreener(k)}
	s.sims = &simulator{done: map[candidate]*sim{}, workers: cfg.Workers, count: count, config: s.engineConfig, estimate: s.scr.locked,
		ctx: cfg.Context}
	return s, nil
}

// engineConfig is the closed-loop simulation of one candidate: the
// steady state, or a finite run of requests (> 0).
func (s *searcher) engineConfig(c candidate, requests int) engine.Config {
	cfg := s.base
	cfg.Load = engine.Load{Concurrency: c.conc, Requests: requests}
	if c.disagg {
		cfg.Disagg = &engine.Disagg{Prefill: c.layout, PrefillWorkers: c.x, Decode: c.decode, DecodeWorkers: c.y}
	} else {
		cfg.Layout = c.layout
	}
	return cfg
}
