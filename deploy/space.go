package deploy

import (
	"errors"
	"slices"

	"github.com/flopsdev/flops/engine"
)

// candidate is one point of the search space: an aggregated replica or a
// disaggregated xPyD unit, at a concurrency.
type candidate struct {
	disagg bool
	layout engine.Layout // aggregated replica, or the prefill workers' layout
	decode engine.Layout // disaggregated: the decode workers' layout
	x, y   int           // disaggregated: prefill and decode workers per unit
	conc   int           // requests in flight per replica or unit
	gpus   int           // GPUs of one replica or unit
	slots  int           // requests one replica or decode worker holds at once
	// prefillRPS is the prefill pool's capacity, prompts per second
	// (disaggregated; see longRunNeeded).
	prefillRPS float64
}

// unitGPUs is the GPUs of one xPyD unit.
func unitGPUs(p engine.Layout, x int, d engine.Layout, y int) int {
	return x*p.GPUs() + y*d.GPUs()
}

// pools are the layouts a search may use on one accelerator.
type pools struct {
	agg     []sized // layouts that hold whole requests (aggregated replicas, decode workers)
	prefill []sized // layouts that hold prompts (prefill workers)
	invalid error   // why the last rejected layout was invalid
	tried   int     // layouts tried
	valid   int     // layouts the engine accepts for the model
	tooMany int     // layouts the lists would make, when more than maxLayoutTries
}

// sized is a layout that fits, with the requests it holds at once.
type sized struct {
	l     engine.Layout
	slots int
}

// layouts enumerates the valid layouts of at most maxGPUs GPUs that fit in
// memory: tp × attention-dp × pp GPUs, ep dividing tp × attention-dp.
func (s *searcher) layouts(maxGPUs int) pools {
	var ps pools
	moe := s.cfg.Model.MoE != nil && s.cfg.Model.MoE.Experts > 0
	sp := s.cfg.Space
	tps := orList(sp.TP, powersTo(maxGPUs))
	pps := orList(sp.PP, powersTo(min(maxGPUs, 8)))
	adps, eps := orList(sp.AttentionDP, []int{1}), orList(sp.EP, []int{1})
	if moe {
		adps = orList(sp.AttentionDP, powersTo(maxGPUs))
		eps = orList(sp.EP, powersTo(maxGPUs))
	}
	if n := len(tps) * len(adps) * len(pps) * len(eps); n > maxLayoutTries {
		ps.tooMany = n
		return ps
	}
	for _, tp := range tps {
		for _, adp := range adps {
			for _, pp := range pps {
				for _, ep := range eps {
					l := engine.Layout{TP: tp, PP: pp, EP: ep, AttentionDP: adp}
					if l.GPUs() > maxGPUs || (len(sp.EP) == 0 && ep != 1 && ep != tp*adp) {
						continue // by default experts are split by tensor parallelism or spread one rank each (see DefaultEP)
					}
					s.addLayout(&ps, l)
				}
			}
		}
	}
	return ps
}

// DefaultEP says which expert-parallel degrees are searched without --ep.
const DefaultEP = "MoE experts either split by tensor parallelism (ep 1) or spread over every GPU of a pipeline stage (ep = tp × attention-dp), unless --ep lists others"

// addLayout checks one layout and keeps it where it fits.
func (s *searcher) addLayout(ps *pools, l engine.Layout) {
	ps.tried++
	cfg := s.base
	cfg.Layout, cfg.Load = l, engine.Load{Concurrency: 1}
	if err := engine.Check(cfg); err != nil {
		ps.invalid = err
		return
	}
	ps.valid++
	if m := s.costs.Memory(l, false); m.Fits {
		ps.agg = append(ps.agg, sized{l, m.Slots})
	}
	if m := s.costs.Memory(l, true); m.Fits {
		ps.prefill = append(ps.prefill, sized{l, m.Slots})
	}
}

// Bounds on one accelerator's search, far above the default space (a
// 671B MoE model on 64 GPUs: ~600 layouts, ~20,000 candidates), so that no
// request can ask for unbounded work.
const (
	maxLayoutTries = 100_000
	maxCandidates  = 500_000
)

// errTooLarge is a search space beyond the bounds.
var errTooLarge = errors.New("search space too large")

// errEmptySpace is a search space with no valid layout.
var errEmptySpace = errors.New("empty search space")

// candidates lists every point to screen: aggregated replicas and xPyD
// units of at most maxGPUs GPUs, each at every concurrency of the grid.
func (s *searcher) candidates(ps pools, maxGPUs int) []candidate {
	var cs []candidate
	if s.cfg.Mode != Disaggregated {
		for _, a := range ps.agg {
			for _, c := range s.grid(a.slots, 1) {
				cs = append(cs, candidate{layout: a.l, conc: c, gpus: a.l.GPUs(), slots: a.slots})
			}
		}
	}
	if s.cfg.Mode == Aggregated {
		return cs
	}
	prefill, decode := s.disaggPools(ps)
	for _, p := range prefill {
		for _, d := range decode {
			if len(s.cfg.Space.PP) == 0 && p.l.PP > 1 {
				continue // see DisaggPipeline
			}
			perWorker := s.scr.prefillCapacity(p.l)
			for x := 1; x <= MaxWorkersPerPool; x++ {
				for y := 1; y <= MaxWorkersPerPool; y++ {
					g := unitGPUs(p.l, x, d.l, y)
					if gcd(x, y) != 1 || g > maxGPUs {
						continue
					}
					for _, c := range s.grid(d.slots, y) {
						cs = append(cs, candidate{disagg: true, layout: p.l, decode: d.l, x: x, y: y, conc: c, gpus: g, slots: d.slots,
							prefillRPS: float64(x) * perWorker})
					}
					if len(cs) > maxCandidates {
						return cs // the caller reports the space as too large
					}
				}
			}
		}
	}
	return cs
}

// DisaggPipeline notes that disaggregated pools are searched without
// pipeline stages unless --pp is given: a disaggregated pool exists to
// run one phase at its best latency, which stages lengthen, and the
// search space is the product of the two pools.
const DisaggPipeline = "disaggregated pools without pipeline stages unless --pp is given: stages lengthen each phase's latency, which disaggregation exists to shorten"

// concurrencyGrid is the default concurrency per replica or decode worker:
// 1, 2, 3, 4, 6, 8, 12, … (powers of two and 1.5× between).
var concurrencyGrid = func() []int {
	var g []int
	for p := 1; p <= engine.MaxConcurrency/2; p *= 2 {
		g = append(g, p)
		if p >= 2 {
			g = append(g, p*3/2)
		}
	}
	slices.Sort(g)
	return slices.Compact(g)
}()

// grid is the concurrencies searched for workers that each hold slots
// requests, per worker times workers: the user's list, or the default grid
// below the slots and the slots themselves (beyond them requests only
// wait longer for a slot).
func (s *searcher) grid(slots, workers int) []int {
	if len(s.cfg.Space.Concurrency) > 0 {
		return s.cfg.Space.Concurrency
	}
	var out []int
	for _, c := range concurrencyGrid {
		if c >= slots || c*workers > engine.MaxConcurrency {
			break
		}
		out = append(out, c*workers)
	}
	if slots*workers <= engine.MaxConcurrency {
		out = append(out, slots*workers)
	}
	return out
}

// powersTo is 1, 2, 4, … up to n.
func powersTo(n int) []int {
	var out []int
	for p := 1; p <= n; p *= 2 {
		out = append(out, p)
	}
	return out
}

func orList(given, def []int) []int {
	if len(given) > 0 {
		return given
	}
	return def
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
