package deploy

import (
	"math"
)

// assemble turns the simulations into the plan: the best point of each
// layout, the best overall and per mode, the runner-up, the Pareto fronts
// and, when nothing meets the targets, the closest point.
func (s *searcher) assemble(pl *Plan) {
	all := s.sims.all()
	sortSims(all, s.safeValue)
	seen := map[candidate]bool{}
	for _, r := range all {
		k := r.cand
		k.conc = 0
		if seen[k] || !s.feasible(r) {
			continue
		}
		seen[k] = true
		p := s.pointOf(r, s.replicas(r))
		p.binding = s.binding(r, all)
		pl.Top = append(pl.Top, p)
	}
	if len(pl.Top) > 0 {
		pl.Feasible, pl.Best = true, &pl.Top[0]
		leadWith(pl, pl.Best)
	} else {
		pl.Closest = s.closest(all)
	}
	pl.Pareto = s.pareto(all)
	if len(pl.Top) > s.cfg.Top {
		pl.Top = pl.Top[:s.cfg.Top]
	}
}

// safeValue is a sim's value, −Inf when it produced nothing.
func (s *searcher) safeValue(r *sim) float64 {
	if r.res == nil || !(r.res.OutputTokensPerSecond > 0) {
		return math.Inf(-1)
	}
	return s.simValue(r)
}

// replicas is how many copies of a sim's replica or unit the deployment
// runs: as many as fit in the GPU budget, or as the rate needs.
func (s *searcher) replicas(r *sim) int {
	if s.goal.rate > 0 {
		return replicasFor(s.goal.rate, r.res.RequestsPerSecond)
	}
	return max(1, s.cfg.TotalGPUs/r.cand.gpus)
}

// pareto is each mode's front of simulated points that meet the TTFT
// target (and, sized for a rate, stay within the limits), tokens/s per
// user ascending.
func (s *searcher) pareto(all []*sim) []Point {
	var out []Point
	for _, disagg := range []bool{false, true} {
		var rs []*sim
		var ps []xy
		for _, r := range all {
			if r.cand.disagg != disagg || r.res == nil || !r.res.Memory.Fits || !(r.res.OutputTokensPerSecond > 0) {
				continue
			}
			if t := s.goal.targets.TTFT; t > 0 && s.goal.ttft(r.res) > float64(t) {
				continue
			}
			if s.goal.overLimit(r.cand, r.res.RequestsPerSecond) != "" {
				continue
			}
			rs = append(rs, r)
			ps = append(ps, xy{r.res.OutputTokensPerSecondPerUser, r.res.OutputTokensPerSecondPerGPU})
		}
		for _, i := range frontOf(ps) {
			out = append(out, s.pointOf(rs[i], s.replicas(rs[i])))
		}
	}
	return out
}

// closest is, of all (sorted best first), the point that meets the
// targets but is beyond the limits with the best value (the fewest GPUs),
// or else the simulated point with the smallest violation and what it
// misses.
func (s *searcher) closest(all []*sim) *Closest {
	for _, r := range all {
		if s.goal.meets(r.res) {
			return &Closest{Point: s.pointOf(r, s.replicas(r)), OverLimit: s.goal.overLimit(r.cand, r.res.RequestsPerSecond)}
		}
	}
	var best *sim
	v := math.Inf(1)
	for _, r := range all {
		if x := s.goal.violation(r.res); x < v {
			best, v = r, x
		}
	}
	if best == nil {
		return nil
	}
	return &Closest{Point: s.pointOf(best, s.replicas(best)), Misses: s.goal.misses(best.res)}
}

// binding names what stops r's layout at r's concurrency: the target the
// next simulated concurrency of the layout misses ("tpot" or "ttft"),
// "slots" when r already fills the KV cache, "" when unknown.
func (s *searcher) binding(r *sim, all []*sim) string {
	var next *sim
	for _, q := range all {
		if sameLayout(q.cand, r.cand) && q.cand.conc > r.cand.conc && (next == nil || q.cand.conc < next.cand.conc) {
			next = q
		}
	}
	t := s.goal.targets
	switch {
	case next != nil && next.res != nil && t.TPOT > 0 && s.goal.tpot(next.res) > float64(t.TPOT):
		return "tpot"
	case next != nil && next.res != nil && t.TTFT > 0 && s.goal.ttft(next.res) > float64(t.TTFT):
		return "ttft"
	case r.cand.conc >= r.cand.slots*max(r.cand.y, 1):
		return "slots"
	}
	return ""
}
