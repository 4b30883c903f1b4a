package deploy

import (
	"math"
)

// poolSlack is how close to a pool front a layout must come to be paired:
// within 5 % on both axes (the screen's own error).
const poolSlack = 0.05

// disaggPools narrows the layouts a disaggregated unit pairs to those that
// could serve it best, so that the pairs stay few (the product of two
// pools' layouts, times worker ratios, times concurrencies, is the size of
// the disaggregated space). A prefill worker only prefills, so its worth
// is two numbers: the time of one prompt alone (TTFT) and the prompts per
// second per GPU at a full token budget (cost). A decode worker only
// decodes: at n sequences its TPOT is one decode step and its output
// tokens/s per GPU n / (step · GPUs). Each pool keeps the layouts within
// poolSlack of its Pareto front.
func (s *searcher) disaggPools(ps pools) (prefill, decode []sized) {
	if s.allPools {
		return ps.prefill, ps.agg
	}
	var pxy []xy
	for _, p := range ps.prefill {
		room := s.scr.budget * float64(p.l.AttentionDP)
		single := math.Ceil(s.scr.p/room) * s.costs.Step(p.l, 0, math.Min(s.scr.p, room))
		pxy = append(pxy, xy{1 / single, s.scr.prefillCapacity(p.l) / float64(p.l.GPUs())})
	}
	for _, i := range nearFront(pxy, len(ps.prefill), func(i int) int { return i }) {
		prefill = append(prefill, ps.prefill[i])
	}
	var dxy []xy
	var owner []int
	for i, d := range ps.agg {
		if len(s.cfg.Space.PP) == 0 && d.l.PP > 1 {
			continue // see DisaggPipeline
		}
		for _, n := range s.grid(d.slots, 1) {
			t := s.costs.Step(d.l, float64(n), 0)
			dxy = append(dxy, xy{1 / t, float64(n) / t / float64(d.l.GPUs())})
			owner = append(owner, i)
		}
	}
	for _, i := range nearFront(dxy, len(ps.agg), func(j int) int { return owner[j] }) {
		decode = append(decode, ps.agg[i])
	}
	return prefill, decode
}

// nearFront returns, in ascending order, the owners (of n) of the points
// that no other point beats by more than poolSlack on both axes.
func nearFront(ps []xy, n int, owner func(int) int) []int {
	keep := make([]bool, n)
	for i, p := range ps {
		if keep[owner(i)] {
			continue
		}
		beaten := false
		for _, q := range ps {
			if q.x > p.x*(1+poolSlack) && q.y > p.y*(1+poolSlack) {
				beaten = true
				break
			}
		}
		keep[owner(i)] = !beaten
	}
	var out []int
	for i, k := range keep {
		if k {
			out = append(out, i)
		}
	}
	return out
}
