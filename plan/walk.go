package plan

import (
	"math"
	"slices"

	"github.com/flopsdev/flops/perf"
)

// dims are the inner search dimensions of one outer split.
type dims struct {
	eps, zeros, mbs, vpps []int
	sps                   []bool
	rcs                   []perf.Recompute
}

// inner lists the inner dimensions allowed for o by the constraints.
func (s *searcher) inner(o outer) dims {
	f, sh := s.req.Fixed, s.m.Shape
	var d dims
	for ep := 1; ep <= o.dp; ep++ {
		ok := ep == 1 || (sh.Experts > 0 && int(sh.Experts)%ep == 0)
		if o.dp%ep == 0 && ok && (f.EP == 0 || ep == f.EP) {
			d.eps = append(d.eps, ep)
		}
	}
	d.zeros = orDefault(f.ZeRO, []int{0, 1, 2, 3})
	d.sps = orDefault(f.SeqParallel, []bool{false, true})
	d.rcs = orDefault(f.Recompute, []perf.Recompute{perf.RecomputeNone, perf.RecomputeSelective, perf.RecomputeFull})
	gb := s.m.Training.GlobalBatch
	for b := 1; b <= f.MaxMicroBatch; b++ {
		if gb%(o.dp*b) == 0 && (f.MicroBatch == 0 || b == f.MicroBatch) {
			d.mbs = append(d.mbs, b)
		}
	}
	if f.MicroBatch > f.MaxMicroBatch && gb%(o.dp*f.MicroBatch) == 0 {
		d.mbs = append(d.mbs, f.MicroBatch)
	}
	for v := 1; v <= min(max(f.MaxVPP, f.VPP), sh.Layers); v++ {
		if s.chunksOK(o.pp, v) && (f.VPP == 0 || v == f.VPP) {
			d.vpps = append(d.vpps, v)
		}
	}
	return d
}

// maxImbalance is the largest busiest-stage excess over an even split that
// the planner considers for interleaving when pp·vpp does not divide the
// layers (Megatron-Core's uneven first/last stages, e.g. Llama 3 405B's
// 126 layers on 16 stages: ceil(126/128)·128/126 = 1.6% excess).
const maxImbalance = 1.05

// chunksOK reports whether pp·v model chunks are worth pricing: v = 1
// whenever there are at least pp layers; v > 1 when every chunk gets a
// layer (or the embedding or the loss) and the busiest rank holds at most
// maxImbalance of an even share.
func (s *searcher) chunksOK(pp, v int) bool {
	L := s.m.Shape.Layers
	if L+2 < pp*v { // embedding and loss may take a chunk each (perf's embedLossSlots)
		return false
	}
	if v == 1 || L%(pp*v) == 0 {
		return true
	}
	per := (L + pp*v - 1) / (pp * v)
	return float64(per*pp*v) <= maxImbalance*float64(L)
}

func orDefault[T any](given, all []T) []T {
	if len(given) > 0 {
		return given
	}
	return all
}

// leaves is the number of layouts under one outer split.
func (d dims) leaves() int64 {
	return int64(len(d.eps) * len(d.zeros) * len(d.sps) * len(d.rcs) * len(d.mbs) * len(d.vpps))
}

// countLeaves sums the layouts under every outer split.
func (s *searcher) countLeaves(outers []outer) int64 {
	var n int64
	for _, o := range outers {
		n += s.inner(o).leaves()
	}
	return n
}

// canon records which canonical layouts the constraints allow: a layout
// is only skipped as a duplicate when its canonical twin is searched too
// (a user who fixes --recompute selective or --zero 1 gets that layout).
type canon struct{ zero0, spOff, vpp1 bool }

func newCanon(f Constraints) canon {
	c := canon{zero0: len(f.ZeRO) == 0 || slices.Contains(f.ZeRO, 0),
		spOff: len(f.SeqParallel) == 0 || slices.Contains(f.SeqParallel, false),
		vpp1:  f.VPP == 0 || f.VPP == 1}
	return c
}

// duplicate reports layouts that price identically to a canonical one
// that the search also visits.
func (s *searcher) duplicate(l perf.Layout) bool {
	c := s.canon
	return (l.DP*max(l.CP, 1) == 1 && l.ZeRO > 0 && c.zero0) || (l.TP == 1 && l.SeqParallel && c.spOff) || (l.PP == 1 && l.VPP > 1 && c.vpp1)
}

// walk enumerates and prices every layout under o.
func (s *searcher) walk(o outer, p *partial) {
	d := s.inner(o)
	if len(d.mbs) == 0 {
		p.rejected[perf.RejectBatch]++
		return
	}
	capacity := s.m.Capacity()
	for _, ep := range d.eps {
		for _, z := range d.zeros {
			if s.stopped() {
				return
			}
			base := perf.Layout{TP: o.tp, CP: o.cp, PP: o.pp, DP: o.dp, EP: ep, ZeRO: z, MicroBatch: 1, VPP: 1}
			bound := s.m.MinMemory(base)
			prune := s.prune && bound > capacity
			for _, sp := range d.sps {
				for _, rc := range d.rcs {
					for _, mb := range d.mbs {
						for _, v := range d.vpps {
							l := base
							l.SeqParallel, l.Recompute, l.MicroBatch, l.VPP = sp, rc, mb, v
							s.leaf(l, prune, bound, p)
						}
					}
				}
			}
			s.done.Add(int64(len(d.sps) * len(d.rcs) * len(d.mbs) * len(d.vpps)))
		}
	}
}

// leaf classifies and, if needed, prices one layout.
func (s *searcher) leaf(l perf.Layout, prune bool, bound float64, p *partial) {
	switch {
	case s.duplicate(l):
		p.duplicates++
		p.rejected[RejectDuplicate]++
		return
	case prune:
		p.pruned++
		p.rejected[RejectPruned]++
		p.minMem = math.Min(p.minMem, bound)
		return
	}
	e := s.m.Evaluate(l)
	p.evaluated++
	if e.Reject != perf.RejectNone {
		p.rejected[e.Reject]++
		if e.Reject == perf.RejectMemory {
			p.minMem = math.Min(p.minMem, e.MemTotal)
			p.addOver(l, &e)
		}
		return
	}
	p.feasible++
	p.add(l, &e)
}

// merge combines the workers' partial results into res.
func (s *searcher) merge(res *Result) {
	all := newPartial(s.req.Top)
	for _, p := range s.parts {
		all.evaluated += p.evaluated
		all.feasible += p.feasible
		all.duplicates += p.duplicates
		all.pruned += p.pruned
		all.minMem = math.Min(all.minMem, p.minMem)
		for k, v := range p.rejected {
			res.Rejected[k] += v
		}
		for i := range p.top {
			all.add(p.top[i].Layout, &p.top[i].Estimate)
		}
		for i := range p.pareto {
			all.addPareto(p.pareto[i].Layout, &p.pareto[i].Estimate)
		}
		for i := range p.over {
			all.addOver(p.over[i].Layout, &p.over[i].Estimate)
		}
	}
	res.Space, res.Evaluated, res.Feasible = s.total, all.evaluated, all.feasible
	res.Duplicates, res.Pruned = all.duplicates, all.pruned
	res.Top, res.Pareto = all.top, all.pareto
	if len(res.Top) == 0 {
		res.Over = all.over
	}
	for _, list := range [][]Candidate{res.Top, res.Pareto, res.Over} {
		for i := range list {
			s.cost(&list[i])
		}
	}
	s.minMem = all.minMem
}

// cost fills the derived fields of a candidate.
func (s *searcher) cost(c *Candidate) {
	c.Recompute = c.Layout.Recompute.String()
	cl, tr := s.m.Cluster, s.m.Training
	c.StepCostUSD = c.StepTime * float64(cl.GPUs) * float64(cl.Price) / 3600
	if tr.Tokens > 0 && c.TokensPerSecond > 0 {
		c.TimeToTrain = tr.Tokens / c.TokensPerSecond
		c.GPUHours = c.TimeToTrain * float64(cl.GPUs) / 3600
		c.CostUSD = c.GPUHours * float64(cl.Price)
	}
}
