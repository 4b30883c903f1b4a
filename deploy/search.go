package deploy

import (
	"cmp"
	"math"
	"slices"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/internal/parallel"
)

// family is one layout (an aggregated replica or an xPyD unit) at every
// concurrency of its grid, ascending, with the screen's estimates.
type family struct {
	cands []candidate
	ests  []estimate
	edge  int     // where the climb starts: the largest index the screen expects to meet the targets (−1: none may)
	bound float64 // the optimistic value at the largest index within the screen's error of the targets
}

// families groups candidates by layout and screens them.
func (s *searcher) families(cs []candidate) []*family {
	var fs []*family
	for i := 0; i < len(cs); {
		// Checked per family (i steps by a family's size, so a test of i
		// modulo a stride would skip most strides): ctx.Err is tens of
		// nanoseconds, a family's screen tens of microseconds.
		if stopped(s.cfg.Context) != nil {
			return fs
		}
		j := i + 1
		for j < len(cs) && sameLayout(cs[i], cs[j]) {
			j++
		}
		f := &family{cands: cs[i:j], edge: -1, bound: math.Inf(-1)}
		for _, c := range f.cands {
			f.ests = append(f.ests, s.scr.screen(c))
		}
		strict, relaxed := lastPassing(f.ests, s.goal, false), lastPassing(f.ests, s.goal, true)
		if relaxed >= 0 {
			f.edge, f.bound = relaxed, s.goal.optimistic(f.ests[relaxed], f.cands[relaxed].gpus)
			if strict >= 0 {
				f.edge = strict
			}
		}
		fs = append(fs, f)
		i = j
	}
	return fs
}

// lastPassing is the largest index whose estimate passes the targets
// (relaxed: widened by the screen's slacks); −1 if none does.
func lastPassing(es []estimate, g goal, relaxed bool) int {
	for k := len(es) - 1; k >= 0; k-- {
		if g.passes(es[k], relaxed) {
			return k
		}
	}
	return -1
}

func sameLayout(a, b candidate) bool {
	a.conc, b.conc = 0, 0
	return a == b
}

// roundSize is how many layouts are searched at once: fixed, so that the
// result does not depend on the number of workers.
const roundSize = 4

// branchAndBound searches the families in order of their screened bound,
// a round at a time, until no remaining family's bound can beat the best
// simulated point. Within a family it climbs to the largest concurrency
// that meets the targets (see climb).
func (s *searcher) branchAndBound(fs []*family) {
	order := slices.Clone(fs)
	slices.SortStableFunc(order, func(a, b *family) int { return cmp.Compare(b.bound, a.bound) })
	order = fewestRatios(order, ratiosPerPools)
	for start := 0; start < len(order); start += roundSize {
		if stopped(s.cfg.Context) != nil {
			return
		}
		round := order[start:min(start+roundSize, len(order))]
		best := s.bestValue()
		var live []*family
		for _, f := range round {
			if f.edge >= 0 && f.bound >= best {
				live = append(live, f)
			}
		}
		if len(live) == 0 {
			return
		}
		parallel.For(len(live), s.cfg.Workers, func(i int) { s.climb(live[i]) })
	}
}

// ratiosPerPools is how many worker ratios xPyD of one pair of pool
// layouts are searched: the screen's best; the others differ from them by
// less than its error.
const ratiosPerPools = 3

// fewestRatios keeps, of the families in order, at most n per pair of
// disaggregated pool layouts.
func fewestRatios(order []*family, n int) []*family {
	seen := map[[2]engine.Layout]int{}
	out := order[:0:0]
	for _, f := range order {
		c := f.cands[0]
		if c.disagg {
			k := [2]engine.Layout{c.layout, c.decode}
			if seen[k] >= n {
				continue
			}
			seen[k]++
		}
		out = append(out, f)
	}
	return out
}

// climb finds a family's largest concurrency that meets the targets:
// TPOT, TTFT and tokens/s per GPU all grow with concurrency, so the
// feasible concurrencies are those up to an edge. It simulates the
// screen's edge, then steps up while feasible or down until feasible.
func (s *searcher) climb(f *family) {
	const up, down = 2, 5
	i := f.edge
	if s.goal.meets(s.sims.one(f.cands[i]).res) {
		for j := i + 1; j < len(f.cands) && j <= i+up; j++ {
			if !s.goal.meets(s.sims.one(f.cands[j]).res) {
				return
			}
		}
		return
	}
	for j := i - 1; j >= 0 && j >= i-down; j-- {
		if s.goal.meets(s.sims.one(f.cands[j]).res) {
			return
		}
	}
}

// feasible reports whether a simulated candidate meets the targets and,
// sized for a rate, stays within the search's limits (see beyond).
func (s *searcher) feasible(r *sim) bool {
	return s.goal.meets(r.res) && s.goal.overLimit(r.cand, r.res.RequestsPerSecond) == ""
}

// bestValue is the value of the best simulated point that meets the
// targets (−Inf if none).
func (s *searcher) bestValue() float64 {
	v := math.Inf(-1)
	for _, r := range s.sims.all() {
		if s.feasible(r) {
			v = math.Max(v, s.goal.value(r.res.OutputTokensPerSecondPerGPU, r.res.RequestsPerSecond, r.cand.gpus))
		}
	}
	return v
}

// refine bisects the concurrency between the best feasible grid value and
// the next one for the best few layouts (the grid steps by 1.5× or more),
// two steps each.
func (s *searcher) refine(n int) {
	if len(s.cfg.Space.Concurrency) > 0 {
		return
	}
	tops := s.topFeasible(n)
	parallel.For(len(tops), s.cfg.Workers, func(i int) {
		lo := tops[i].cand
		hi := s.nextInfeasible(lo)
		for range 2 {
			if hi-lo.conc < 2 {
				return
			}
			c := lo
			c.conc = (lo.conc + hi) / 2
			if s.goal.meets(s.sims.one(c).res) {
				lo = c
			} else {
				hi = c.conc
			}
		}
	})
}

// nextInfeasible is the smallest simulated concurrency above c's in its
// layout that misses the targets (or the next grid value).
func (s *searcher) nextInfeasible(c candidate) int {
	hi := math.MaxInt
	for _, r := range s.sims.all() {
		if sameLayout(r.cand, c) && r.cand.conc > c.conc && !s.goal.meets(r.res) {
			hi = min(hi, r.cand.conc)
		}
	}
	if hi == math.MaxInt {
		for _, g := range concurrencyGrid {
			if g*max(c.y, 1) > c.conc {
				return g * max(c.y, 1)
			}
		}
	}
	return hi
}

// topFeasible is the best feasible simulated point of each of the n best
// layouts.
func (s *searcher) topFeasible(n int) []*sim {
	best := map[candidate]*sim{}
	for _, r := range s.sims.all() {
		if !s.feasible(r) {
			continue
		}
		k := r.cand
		k.conc = 0
		if b, ok := best[k]; !ok || s.simValue(r) > s.simValue(b) || s.simValue(r) == s.simValue(b) && compareCand(r.cand, b.cand) < 0 {
			best[k] = r
		}
	}
	out := make([]*sim, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	sortSims(out, s.simValue)
	return out[:min(n, len(out))]
}

func (s *searcher) simValue(r *sim) float64 {
	return s.goal.value(r.res.OutputTokensPerSecondPerGPU, r.res.RequestsPerSecond, r.cand.gpus)
}

// sortSims orders sims by value, best first, ties by candidate (so the
// order does not depend on map iteration).
func sortSims(rs []*sim, value func(*sim) float64) {
	slices.SortFunc(rs, func(a, b *sim) int {
		if c := cmp.Compare(value(b), value(a)); c != 0 {
			return c
		}
		return compareCand(a.cand, b.cand)
	})
}

// compareCand is a total order on candidates.
func compareCand(a, b candidate) int {
	av := []int{b2i(a.disagg), a.gpus, a.layout.TP, a.layout.PP, a.layout.EP, a.layout.AttentionDP, a.decode.TP, a.decode.PP, a.decode.EP, a.decode.AttentionDP, a.x, a.y, a.conc}
	bv := []int{b2i(b.disagg), b.gpus, b.layout.TP, b.layout.PP, b.layout.EP, b.layout.AttentionDP, b.decode.TP, b.decode.PP, b.decode.EP, b.decode.AttentionDP, b.x, b.y, b.conc}
	return slices.Compare(av, bv)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
