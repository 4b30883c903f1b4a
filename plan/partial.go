package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// partial is one worker's share of the search: counters, the fastest N
// layouts and the Pareto front of step time against memory. Both lists are
// bounded (N, and the front, which holds at most one point per distinct
// memory value), so a search allocates O(N + front) whatever its size.
type partial struct {
	n                                       int
	evaluated, feasible, duplicates, pruned int64
	rejected                                map[string]int64
	minMem                                  float64
	top, pareto                             []Candidate
	over                                    []Candidate // fastest layouts rejected only for memory
}

func newPartial(n int) *partial {
	return &partial{n: n, rejected: map[string]int64{}, minMem: math.Inf(1)}
}

// add offers a feasible layout to the top-N list and the Pareto front.
func (p *partial) add(l perf.Layout, e *perf.Estimate) {
	if len(p.top) < p.n || e.StepTime < p.top[len(p.top)-1].StepTime {
		i, _ := slices.BinarySearchFunc(p.top, e.StepTime, func(c Candidate, t float64) int {
			if c.StepTime < t {
				return -1
			}
			return 1
		})
		p.top = slices.Insert(p.top, i, Candidate{Layout: l, Estimate: *e})
		if len(p.top) > p.n {
			p.top = p.top[:p.n]
		}
	}
	p.addPareto(l, e)
}

// addOver keeps the fastest N layouts that were priced but do not fit.
func (p *partial) addOver(l perf.Layout, e *perf.Estimate) {
	if len(p.over) == p.n && e.StepTime >= p.over[len(p.over)-1].StepTime {
		return
	}
	i, _ := slices.BinarySearchFunc(p.over, e.StepTime, func(c Candidate, t float64) int {
		if c.StepTime < t {
			return -1
		}
		return 1
	})
	p.over = slices.Insert(p.over, i, Candidate{Layout: l, Estimate: *e})
	if len(p.over) > p.n {
		p.over = p.over[:p.n]
	}
}

// addPareto keeps the layouts no other layout beats on both step time and
// memory per GPU, sorted by step time (memory then strictly decreasing).
func (p *partial) addPareto(l perf.Layout, e *perf.Estimate) {
	for i := range p.pareto {
		c := &p.pareto[i]
		if c.StepTime <= e.StepTime && c.MemTotal <= e.MemTotal {
			return
		}
	}
	p.pareto = slices.DeleteFunc(p.pareto, func(c Candidate) bool {
		return e.StepTime <= c.StepTime && e.MemTotal <= c.MemTotal
	})
	i, _ := slices.BinarySearchFunc(p.pareto, e.StepTime, func(c Candidate, t float64) int {
		if c.StepTime < t {
			return -1
		}
		return 1
	})
	p.pareto = slices.Insert(p.pareto, i, Candidate{Layout: l, Estimate: *e})
}

// why explains an empty result.
func (s *searcher) why(res *Result) string {
	sh, c := s.m.Shape, s.m.Cluster
	if w := fixedWhy(c.GPUs, s.req.Fixed); s.total == 0 && w != "" {
		return w
	}
	switch {
	case s.total == 0 && res.Rejected[perf.RejectBatch] == 0:
		return fmt.Sprintf("no valid layout for %d GPUs: every tp·pp split fails (tp must divide the %d attention heads and pp the %d layers, tp·pp·dp = %d, within the fixed constraints)",
			c.GPUs, sh.Heads, sh.Layers, c.GPUs)
	case res.Feasible == 0 && (res.Pruned > 0 || res.Rejected[perf.RejectMemory] > 0):
		return fmt.Sprintf("the model fits nowhere on %d × %s: the smallest memory per GPU of any layout is %s, above the usable %s",
			c.GPUs, c.GPU.ID, units.Bytes(s.minMem), units.Bytes(s.m.Capacity()))
	}
	var parts []string
	for k, v := range res.Rejected {
		parts = append(parts, fmt.Sprintf("%s: %d", k, v))
	}
	slices.Sort(parts)
	return fmt.Sprintf("no layout can run (global batch %d on %d GPUs); rejected: %s", res.GlobalBatch, c.GPUs, strings.Join(parts, "; "))
}

// fixedWhy names the fixed dimensions that cannot split gpus, or "".
func fixedWhy(gpus int, f Constraints) string {
	prod := 1
	for _, d := range []struct {
		name string
		v    int
	}{{"tp", f.TP}, {"cp", f.CP}, {"pp", f.PP}, {"dp", f.DP}} {
		if d.v == 0 {
			continue
		}
		if gpus%d.v != 0 {
			return fmt.Sprintf("--%s %d does not divide the %d GPUs", d.name, d.v, gpus)
		}
		prod *= d.v
	}
	if gpus%prod != 0 || (f.TP > 0 && f.PP > 0 && f.DP > 0 && prod != gpus) {
		return fmt.Sprintf("the fixed tp·cp·pp·dp = %d cannot make %d GPUs (tp·cp·pp·dp must equal the GPU count)", prod, gpus)
	}
	return ""
}
