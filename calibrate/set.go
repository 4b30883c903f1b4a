package calibrate

import (
	"fmt"
	"slices"
	"sync"

	"github.com/flopsdev/flops/internal/parallel"
	"github.com/flopsdev/flops/perf"
)

// Set is a list of prepared cases with the prior each group starts from
// and the knobs fitted.
type Set struct {
	cases []*prepared
	prior func(group string) perf.Efficiency
	knobs []Knob
}

// NewSet compiles the cases (one planner search each, to list the layouts
// their free dimensions allow). prior gives the constants a group starts
// from, knobs what is fitted.
func NewSet(cases []Case, prior func(group string) perf.Efficiency, knobs []Knob) (*Set, error) {
	if len(knobs) == 0 {
		return nil, fmt.Errorf("calibrate: no knobs to fit")
	}
	s := &Set{prior: prior, knobs: knobs, cases: make([]*prepared, len(cases))}
	errs := make([]error, len(cases))
	parallel.For(len(cases), 0, func(i int) {
		c := cases[i]
		if !(c.Measured > 0) {
			errs[i] = fmt.Errorf("%s: measured %s must be positive", c.ID, c.Metric)
			return
		}
		s.cases[i], errs[i] = prepare(&c)
	})
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	return s, nil
}

// Len is the number of cases.
func (s *Set) Len() int { return len(s.cases) }

// Case returns case i.
func (s *Set) Case(i int) *Case { return s.cases[i].Case }

// Groups lists the groups in order of first appearance.
func (s *Set) Groups() []string {
	var g []string
	for _, c := range s.cases {
		if !slices.Contains(g, c.Group) {
			g = append(g, c.Group)
		}
	}
	return g
}

// Fit fits every group on its cases that keep accepts (nil keeps all).
// A group left with no case gets the pooled fit: each knob at the median
// of the other groups' fitted values (what the model knows of
// accelerators in general), on the group's prior.
func (s *Set) Fit(keep func(*Case) bool) map[string]perf.Efficiency {
	out, _ := s.fit(keep)
	return out
}

// fit is Fit that also lists, per group, the knobs that ended at an end
// of their range (fitGroupBounds).
func (s *Set) fit(keep func(*Case) bool) (map[string]perf.Efficiency, map[string][]string) {
	out, bounded := map[string]perf.Efficiency{}, map[string][]string{}
	var empty []string
	for _, g := range s.Groups() {
		idx := s.indices(func(c *Case) bool { return c.Group == g && (keep == nil || keep(c)) })
		if len(idx) == 0 {
			empty = append(empty, g)
			continue
		}
		out[g], bounded[g] = s.fitGroupBounds(s.prior(g), idx)
	}
	for _, g := range empty {
		out[g] = s.pooled(g, out)
	}
	return out, bounded
}

// pooled sets each knob of g's prior to the median of its value in fits
// (groups other than g); with no other group it is the prior.
func (s *Set) pooled(g string, fits map[string]perf.Efficiency) perf.Efficiency {
	prior := s.prior(g)
	x := make([]float64, len(s.knobs))
	for i, k := range s.knobs {
		var v []float64
		for h, e := range fits {
			if h != g {
				v = append(v, k.get(e))
			}
		}
		x[i] = median(v, k.get(prior))
	}
	return build(prior, s.knobs, x)
}

// median of v, or def when v is empty.
func median(v []float64, def float64) float64 {
	if len(v) == 0 {
		return def
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// KnobsFor names the knobs a fit of group g on all its cases uses.
func (s *Set) KnobsFor(g string) []string {
	idx := s.indices(func(c *Case) bool { return c.Group == g })
	f := s.newFitter(s.prior(g), idx)
	var names []string
	for i, k := range f.knobs {
		if f.active[i] {
			names = append(names, k.Name)
		}
	}
	return names
}

// indices lists the cases for which f holds.
func (s *Set) indices(f func(*Case) bool) []int {
	var idx []int
	for i, c := range s.cases {
		if f(c.Case) {
			idx = append(idx, i)
		}
	}
	return idx
}

// Prediction is one case priced with a set of constants.
type Prediction struct {
	Value    float64       // the metric
	ErrorPct float64       // 100·(Value − Measured)/Measured
	Layout   perf.Layout   // the layout the planner chose
	Estimate perf.Estimate // its step-time and memory breakdown
	Fits     bool          // false: no candidate layout fits in memory (the run did)
}

// Predict prices case i with e, choosing its free dimensions as the planner
// would.
func (s *Set) Predict(i int, e perf.Efficiency) Prediction {
	p := s.cases[i]
	j := p.choose(e)
	v, est := p.predict(e, j)
	return Prediction{Value: v, ErrorPct: p.errPct(v), Layout: p.layouts[j], Estimate: est, Fits: p.fits}
}

// LeaveOneOut refits each case's group without it (the pooled fit of
// full, the fit on every case, when it was the group's only case) and
// returns the error of predicting it, percent, per case. progress, if
// set, is called after each refit with the refits done and the total
// (one per case; each refits a group's constants from scratch, so the
// whole costs about as many fits as there are cases).
func (s *Set) LeaveOneOut(full map[string]perf.Efficiency, progress func(done, total int64)) []float64 {
	out := make([]float64, len(s.cases))
	var mu sync.Mutex
	done := int64(0)
	parallel.For(len(s.cases), 0, func(i int) {
		defer func() {
			if progress != nil {
				mu.Lock()
				done++
				progress(done, int64(len(s.cases)))
				mu.Unlock()
			}
		}()
		c := s.cases[i]
		g := c.Group
		idx := s.indices(func(x *Case) bool { return x.Group == g && x != c.Case })
		var e perf.Efficiency
		if len(idx) == 0 {
			e = s.pooled(g, full)
		} else {
			e = s.fitGroup(s.prior(g), idx)
		}
		out[i] = s.Predict(i, e).ErrorPct
	})
	return out
}

// LeaveOneFamilyOut refits every group without each source family in turn
// and returns, per case, the error of predicting it from the fit without
// its family, percent.
func (s *Set) LeaveOneFamilyOut() []float64 {
	var fams []string
	for _, c := range s.cases {
		if !slices.Contains(fams, c.Family) {
			fams = append(fams, c.Family)
		}
	}
	out := make([]float64, len(s.cases))
	parallel.For(len(fams), 0, func(f int) {
		fam := fams[f]
		fits := s.Fit(func(c *Case) bool { return c.Family != fam })
		for _, i := range s.indices(func(c *Case) bool { return c.Family == fam }) {
			out[i] = s.Predict(i, fits[s.cases[i].Group]).ErrorPct
		}
	})
	return out
}
