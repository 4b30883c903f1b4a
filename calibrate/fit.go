package calibrate

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/perf"
)

// Knob is one fitted parameter of the efficiency constants, searched in
// [Lo, Hi] on a 0.01 grid.
type Knob struct {
	Name   string
	Lo, Hi float64
	get    func(e perf.Efficiency) float64
	set    func(prior perf.Efficiency, e *perf.Efficiency, v float64)
	raw    func(e *perf.Efficiency) *float64 // the field a one-field knob sets (nil for Scale)
	// informs reports whether a case's measurement bears on the knob
	// (nil: every case); a knob no case of a group informs keeps the prior.
	informs func(c *Case) bool
}

// The knobs. Each sets one fraction of peak or bandwidth; Scale multiplies
// every fraction of the prior (GEMM, FP8 GEMM, HBM, element-wise, flash,
// scale-up, scale-out) by one factor: "this cluster runs everything this
// much slower or faster", the one parameter a handful of runs can pin. A
// scaled fraction stops at the top of its own knob's range (HBM, which
// has no knob, at 1): no kernel runs faster than its peak.
var (
	KnobMatmul      = fieldKnob("matmul", 0.30, 0.95, func(e *perf.Efficiency) *float64 { return &e.Matmul }, sixteenBit)
	KnobMatmulFP8   = fieldKnob("matmul_fp8", 0.30, 0.95, func(e *perf.Efficiency) *float64 { return &e.MatmulFP8 }, fp8)
	KnobElementwise = fieldKnob("elementwise", 0.10, 0.90, func(e *perf.Efficiency) *float64 { return &e.Elementwise }, nil)
	KnobFlash       = fieldKnob("flash_attention", 0.25, 0.75, func(e *perf.Efficiency) *float64 { return &e.Flash }, flash)
	KnobScaleUp     = fieldKnob("scale_up", 0.30, 0.95, func(e *perf.Efficiency) *float64 { return &e.ScaleUp }, nil)
	KnobScaleOut    = fieldKnob("scale_out", 0.30, 0.95, func(e *perf.Efficiency) *float64 { return &e.ScaleOut }, nil)
	KnobScale       = Knob{Name: "scale", Lo: 0.30, Hi: 1.50,
		get: func(perf.Efficiency) float64 { return 1 },
		set: func(prior perf.Efficiency, e *perf.Efficiency, v float64) {
			p := prior.Resolved()
			e.Memory = min(p.Memory*v, max(p.Memory, 1))
			for _, k := range scaledKnobs {
				*k.raw(e) = min(*k.raw(&p)*v, max(*k.raw(&p), k.Hi))
			}
		}}
)

// scaledKnobs are the fractions KnobScale moves besides HBM, each capped
// at its knob's Hi (or the prior's own value, should that be higher, so
// that a scale of 1 is the prior).
var scaledKnobs = []Knob{KnobMatmul, KnobMatmulFP8, KnobElementwise, KnobFlash, KnobScaleUp, KnobScaleOut}

// FittedKnobs are the four per-family fractions validate fits.
var FittedKnobs = []Knob{KnobMatmul, KnobMatmulFP8, KnobElementwise, KnobFlash}

// fieldKnob is a knob on one fraction; an FP8 or element-wise fraction of
// 0 reads as the one it defaults to (perf.Efficiency.Resolved).
func fieldKnob(name string, lo, hi float64, f func(*perf.Efficiency) *float64, informs func(*Case) bool) Knob {
	return Knob{Name: name, Lo: lo, Hi: hi, informs: informs, raw: f,
		get: func(e perf.Efficiency) float64 {
			r := e.Resolved()
			return *f(&r)
		},
		set: func(_ perf.Efficiency, e *perf.Efficiency, v float64) { *f(e) = v }}
}

// sixteenBit, fp8 and flash tell which fractions a case's GEMMs and
// attention run at: the 16-bit GEMM fraction only prices the small
// 16-bit GEMMs (output layer) of an FP8 run, too little to pin it.
func sixteenBit(c *Case) bool { return !fp8(c) }
func fp8(c *Case) bool        { return c.Request.Cluster.Precision == hardware.FP8 }
func flash(c *Case) bool      { return c.Request.Options.FlashAttention }

// build applies knob values x to the prior.
func build(prior perf.Efficiency, knobs []Knob, x []float64) perf.Efficiency {
	e := prior
	for i, k := range knobs {
		k.set(prior, &e, x[i])
	}
	return e
}

// steps are the pattern-search step sizes, coarse to the 0.01 grid.
var steps = []float64{0.08, 0.04, 0.02, 0.01}

// maxMoves bounds the accepted moves per step size (each strictly lowers
// the objective on a finite grid, so the search ends anyway).
const maxMoves = 200

// patternSearch minimises f from x by coordinate moves of each knob by
// ±step, accepting strict improvements only (a knob no case depends on
// stays where it started), for each step size in turn.
func patternSearch(f func([]float64) float64, x []float64, knobs []Knob, active []bool) []float64 {
	x = slices.Clone(x)
	best := f(x)
	for _, step := range steps {
		for moves, improved := 0, true; improved && moves < maxMoves; moves++ {
			improved = false
			for i := range x {
				if !active[i] {
					continue
				}
				for _, dir := range []float64{1, -1} {
					y := slices.Clone(x)
					y[i] = grid(min(max(x[i]+dir*step, knobs[i].Lo), knobs[i].Hi))
					if y[i] == x[i] {
						continue
					}
					if v := f(y); v < best-1e-9 {
						x, best, improved = y, v, true
						break
					}
				}
			}
		}
	}
	return x
}

// maxRounds bounds the alternation between fitting and re-choosing layouts.
const maxRounds = 4

// startsKept is how many of the coarse-grid points seed a pattern search.
const startsKept = 3

// MinCasesPerKnob is how many cases a group needs per fitted knob; a
// group with fewer fits only KnobScale (one common factor on its prior).
const MinCasesPerKnob = 2

// fitter is one group's fit in progress.
type fitter struct {
	s      *Set
	prior  perf.Efficiency
	idx    []int // the group's cases
	knobs  []Knob
	active []bool // knobs some case informs
	x0     []float64
}

// fitGroup fits a group's knobs to its cases idx, each case weighted
// equally, from prior. The objective (mean |relative error|) is piecewise
// linear with many kinks, so one pattern search can stall: the search
// starts from the prior and from the best points of a coarse grid (each
// knob at 1/4, 1/2 and 3/4 of its range) and keeps the best; a knob whose
// prior value fits as well is put back to it. Free layout dimensions are
// re-chosen with the fitted constants and the fit repeated until they no
// longer change.
func (s *Set) fitGroup(prior perf.Efficiency, idx []int) perf.Efficiency {
	e, _ := s.fitGroupBounds(prior, idx)
	return e
}

// fitGroupBounds is fitGroup that also names the fitted knobs that ended
// at an end of their range ("scale 1.40 is as high as it goes ..."): the
// runs asked for more than the range allows, so the fit is a poor one.
func (s *Set) fitGroupBounds(prior perf.Efficiency, idx []int) (perf.Efficiency, []string) {
	f := s.newFitter(prior, idx)
	cur := make([]int, len(idx))
	x := f.x0
	e := build(prior, f.knobs, x)
	for j, i := range idx {
		cur[j] = s.cases[i].choose(e)
	}
	for range maxRounds {
		obj := f.objective(cur)
		x = f.restoreFlat(obj, f.bestStart(obj, x))
		e = build(prior, f.knobs, x)
		changed := false
		for j, i := range idx {
			if c := s.cases[i].choose(e); c != cur[j] {
				cur[j], changed = c, true
			}
		}
		if !changed {
			break
		}
	}
	obj := f.objective(cur)
	var bounded []string
	for i, k := range f.knobs {
		if !f.active[i] && k.raw != nil { // untouched: keep the prior's own value (0 = the default)
			*k.raw(&e) = *k.raw(&prior)
		}
		if end := f.end(obj, x, i); f.active[i] && end != "" {
			bounded = append(bounded, fmt.Sprintf("%s %.2f is as %s as it goes (range %.2f-%.2f, every fraction at most its physical limit)",
				k.Name, x[i], end, k.Lo, k.Hi))
		}
	}
	return e, bounded
}

// end names the end of its range knob i of x is pushed against: "high"
// when no step up changes a constant (the knob is at its top, or every
// fraction it scales is at its cap) and the nearest value below that
// does change one fits the runs worse; "low" likewise downwards; else "".
// A knob that rests at an end because the runs do not mind (a flat
// objective, the prior's value kept) is not reported.
func (f *fitter) end(obj func([]float64) float64, x []float64, i int) string {
	k := f.knobs[i]
	at, v := build(f.prior, f.knobs, x), obj(x)
	for _, d := range []struct {
		step float64
		name string
	}{{0.01, "high"}, {-0.01, "low"}} {
		y := slices.Clone(x)
		y[i] = grid(min(max(x[i]+d.step, k.Lo), k.Hi))
		if build(f.prior, f.knobs, y) != at {
			continue // room to move this way
		}
		for y[i] = grid(x[i] - d.step); y[i] >= k.Lo && y[i] <= k.Hi; y[i] = grid(y[i] - d.step) {
			if build(f.prior, f.knobs, y) != at {
				if obj(y) > v+1e-9 {
					return d.name
				}
				break
			}
		}
	}
	return ""
}

// newFitter picks the knobs (KnobScale alone when the group has fewer
// than MinCasesPerKnob cases per knob) and which of them any case informs.
func (s *Set) newFitter(prior perf.Efficiency, idx []int) *fitter {
	f := &fitter{s: s, prior: prior, idx: idx, knobs: s.knobs}
	if len(idx) < MinCasesPerKnob*len(s.knobs) {
		f.knobs = []Knob{KnobScale}
	}
	f.active = make([]bool, len(f.knobs))
	f.x0 = make([]float64, len(f.knobs))
	for i, k := range f.knobs {
		f.x0[i] = grid(min(max(k.get(prior), k.Lo), k.Hi))
		for _, j := range idx {
			f.active[i] = f.active[i] || k.informs == nil || k.informs(s.cases[j].Case)
		}
	}
	return f
}

// objective is the sum of |relative error| of the cases on layouts cur.
func (f *fitter) objective(cur []int) func([]float64) float64 {
	return func(y []float64) float64 {
		e := build(f.prior, f.knobs, y)
		sum := 0.0
		for j, i := range f.idx {
			p := f.s.cases[i]
			v, _ := p.predict(e, cur[j])
			sum += math.Abs(p.errPct(v))
		}
		return sum
	}
}

// bestStart runs the pattern search from x and from the best coarse-grid
// points and returns the best result.
func (f *fitter) bestStart(obj func([]float64) float64, x []float64) []float64 {
	type pt struct {
		x []float64
		v float64
	}
	var coarse []pt
	levels := []float64{0.25, 0.5, 0.75}
	y := make([]float64, len(f.knobs))
	var walk func(i int)
	walk = func(i int) {
		if i == len(y) {
			coarse = append(coarse, pt{slices.Clone(y), obj(y)})
			return
		}
		if !f.active[i] {
			y[i] = f.x0[i]
			walk(i + 1)
			return
		}
		for _, l := range levels {
			y[i] = grid(f.knobs[i].Lo + l*(f.knobs[i].Hi-f.knobs[i].Lo))
			walk(i + 1)
		}
	}
	walk(0)
	slices.SortStableFunc(coarse, func(a, b pt) int { return cmp.Compare(a.v, b.v) })
	starts := [][]float64{x}
	for _, c := range coarse[:min(startsKept, len(coarse))] {
		starts = append(starts, c.x)
	}
	best, bestV := x, math.Inf(1)
	for _, st := range starts {
		r := patternSearch(obj, st, f.knobs, f.active)
		if v := obj(r); v < bestV-1e-9 {
			best, bestV = r, v
		}
	}
	return best
}

// restoreFlat puts each knob back to its starting value when that does
// not worsen the fit.
func (f *fitter) restoreFlat(obj func([]float64) float64, x []float64) []float64 {
	best := obj(x)
	for i := range x {
		if x[i] == f.x0[i] {
			continue
		}
		y := slices.Clone(x)
		y[i] = f.x0[i]
		if v := obj(y); v <= best+1e-9 {
			x, best = y, v
		}
	}
	return x
}

// grid rounds to the 0.01 grid.
func grid(v float64) float64 { return math.Round(v*100) / 100 }
