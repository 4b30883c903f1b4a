package deploy

import (
	"cmp"
	"math"
	"slices"
)

// xy is a point of the tokens/s per user (x) × tokens/s per GPU (y) plane.
type xy struct{ x, y float64 }

// frontOf returns the indexes of the Pareto-optimal points (no other point
// has both a larger x and a larger y), by x ascending.
func frontOf(ps []xy) []int {
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(ps[b].x, ps[a].x); c != 0 {
			return c
		}
		return cmp.Compare(ps[b].y, ps[a].y)
	})
	var front []int
	best := math.Inf(-1)
	for _, i := range idx {
		if ps[i].y > best && ps[i].x > 0 && ps[i].y > 0 {
			front = append(front, i)
			best = ps[i].y
		}
	}
	slices.Reverse(front)
	return front
}

// thinOut keeps at most n of the indexes, evenly spaced in log x (first
// and last kept).
func thinOut(front []int, ps []xy, n int) []int {
	if len(front) <= n || n < 2 {
		return front
	}
	lo, hi := math.Log(ps[front[0]].x), math.Log(ps[front[len(front)-1]].x)
	var out []int
	next := 0
	for k := range n {
		want := lo + (hi-lo)*float64(k)/float64(n-1)
		for next < len(front)-1 && math.Log(ps[front[next]].x) < want {
			next++
		}
		if len(out) == 0 || out[len(out)-1] != front[next] {
			out = append(out, front[next])
		}
	}
	return out
}

// maxScreenFront is how many points of each mode's screened Pareto front
// are simulated.
const maxScreenFront = 16

// paretoSims simulates the screened Pareto front of each mode (points the
// screen expects to meet the TTFT target), thinned to maxScreenFront.
func (s *searcher) paretoSims(fs []*family) {
	for _, disagg := range []bool{false, true} {
		var cs []candidate
		var ps []xy
		for _, f := range fs {
			for i, c := range f.cands {
				e := f.ests[i]
				if c.disagg != disagg || (s.goal.targets.TTFT > 0 && e.ttft > float64(s.goal.targets.TTFT)*ttftSlack) {
					continue
				}
				cs = append(cs, c)
				ps = append(ps, xy{e.perUser, e.perGPU})
			}
		}
		var pick []candidate
		for _, i := range thinOut(frontOf(ps), ps, maxScreenFront) {
			pick = append(pick, cs[i])
		}
		s.sims.run(pick)
	}
}
