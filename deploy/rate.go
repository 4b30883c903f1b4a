package deploy

import (
	"fmt"

	"github.com/flopsdev/flops/engine"
)

// maxRateChecks bounds the open-loop checks of one layout.
const maxRateChecks = 4

// verifyRate checks the best layouts sized from closed-loop runs with an
// open-loop simulation at the rate (Poisson arrivals: the queue's
// variance adds to TTFT), adding replicas until the targets hold, and
// keeps the one that needs the fewest GPUs; when none holds, the closest
// open-loop run.
func (s *searcher) verifyRate(pl *Plan) {
	var best, near *Point
	var nearLimit string
	for i := range min(len(pl.Top), 3) {
		if stopped(s.cfg.Context) != nil {
			return // Search returns the context's error
		}
		p, tried, limit := s.checkAtRate(pl.Top[i])
		if p != nil && (best == nil || p.GPUs < best.GPUs || (p.GPUs == best.GPUs && p.OutputTokensPerSecondPerUser > best.OutputTokensPerSecondPerUser)) {
			best = p
		}
		if tried != nil && (near == nil || s.goal.violation(tried.res) < s.goal.violation(near.res)) {
			near, nearLimit = tried, limit
		}
	}
	if best != nil {
		pl.Best = best
		leadWith(pl, best)
		return
	}
	pl.Feasible, pl.Best = false, nil
	if near != nil {
		pl.Closest = &Closest{Point: *near, Misses: s.goal.misses(near.res), OverLimit: nearLimit}
	}
}

// checkAtRate simulates p's layout at the rate with its replicas, then
// with more, until the targets hold; nil if none of maxRateChecks does,
// with the last run tried and, when the replicas stopped at the search's
// limits, why (see beyond). It stops, with nil, once the search's context
// is done: an open-loop run of engine.DefaultRateRequests requests is the
// longest single simulation of a search.
func (s *searcher) checkAtRate(p Point) (ok, tried *Point, limit string) {
	c := p.cand
	for k := p.Replicas; k < p.Replicas+maxRateChecks; k++ {
		if stopped(s.cfg.Context) != nil {
			return nil, tried, ""
		}
		if limit = beyond(c, k); limit != "" {
			return nil, tried, "one more replica makes " + limit
		}
		res, err := runEngine(s.rateConfig(c, k))
		s.sims.count.plan(1)
		s.sims.count.tick()
		if err != nil || !res.Memory.Fits {
			continue
		}
		q := Point{Accelerator: p.Accelerator, Mode: p.Mode, TP: p.TP, PP: p.PP, EP: p.EP, AttentionDP: p.AttentionDP,
			Prefill: p.Prefill, Decode: p.Decode, Concurrency: c.conc, Replicas: k, GPUsPerReplica: c.gpus, GPUs: k * c.gpus,
			Rate: s.goal.rate, res: res, cand: c}
		q.fill(res, s.goal)
		q.cost(res.PricePerGPUHour)
		q.Command = s.commandLine(c, unitsOf(c, k), rateFlags(c, k, s.goal.rate))
		if q.MeetsTargets {
			return &q, &q, ""
		}
		tried = &q
	}
	return nil, tried, ""
}

// rateConfig is the open-loop run of k replicas (or k xPyD units, as one
// pair of pools k times larger) at the goal's rate.
func (s *searcher) rateConfig(c candidate, k int) engine.Config {
	cfg := s.engineConfig(c, 0)
	cfg.Load = engine.Load{Rate: s.goal.rate}
	if c.disagg {
		d := *cfg.Disagg
		d.PrefillWorkers, d.DecodeWorkers = c.x*k, c.y*k
		cfg.Disagg = &d
	} else {
		cfg.Replicas = k
	}
	return cfg
}

// unitsOf is the worker multiplier of a command: k xPyD units, or 1 (the
// replicas are a flag of their own).
func unitsOf(c candidate, k int) int {
	if c.disagg {
		return k
	}
	return 1
}

func rateFlags(c candidate, k int, rate float64) string {
	if c.disagg {
		return fmt.Sprintf("--rate %g", rate)
	}
	return fmt.Sprintf("--replicas %d --rate %g", k, rate)
}

// leadWith moves the Top entry of best's layout to the front, so that the
// list starts with the winner and the runner-up is another layout.
func leadWith(pl *Plan, best *Point) {
	for i, p := range pl.Top {
		if sameLayout(p.cand, best.cand) {
			copy(pl.Top[1:i+1], pl.Top[:i])
			pl.Top[0] = p
			break
		}
	}
	pl.RunnerUp = nil
	if len(pl.Top) > 1 {
		pl.RunnerUp = &pl.Top[1]
	}
	pl.BestAggregated, pl.BestDisaggregated = nil, nil
	for i := range pl.Top {
		p := &pl.Top[i]
		switch {
		case pl.BestAggregated == nil && p.Mode == "aggregated":
			pl.BestAggregated = p
		case pl.BestDisaggregated == nil && p.Mode == "disaggregated":
			pl.BestDisaggregated = p
		}
	}
}
