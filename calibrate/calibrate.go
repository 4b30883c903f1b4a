package calibrate

import (
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/perf"
)

// RunReport is one measured run priced with the shipped constants, with
// the fitted ones, and with a refit that left it out.
type RunReport struct {
	Run
	Layout          perf.Layout `json:"layout"` // as the planner chose it with the fitted constants
	Recomputed      string      `json:"layout_recompute"`
	ShippedSeconds  float64     `json:"shipped_step_seconds"`
	ShippedError    float64     `json:"shipped_error_percent"`
	FittedSeconds   float64     `json:"fitted_step_seconds"`
	FittedError     float64     `json:"fitted_error_percent"`
	LeaveOneOutErr  float64     `json:"leave_one_out_error_percent"`
	MFU             float64     `json:"fitted_mfu"` // model FLOPs utilization at the fitted step time
	FitsInMemory    bool        `json:"fits"`
	AcceleratorName string      `json:"accelerator"`
}

// Calibration is the outcome of Calibrate: the profile and the runs.
type Calibration struct {
	Profile *Profile    `json:"profile"`
	Runs    []RunReport `json:"runs"`
	// Warnings name the fits whose knobs ended at an end of their range,
	// with the error the runs keep after the fit.
	Warnings []string `json:"warnings,omitempty"`
}

// Calibrate fits the constants of each accelerator in cases (one case per
// run, in the same order, measuring StepSeconds, grouped by accelerator
// ID) starting from the shipped ones (perf.DefaultEfficiency): with fewer
// than MinCasesPerKnob runs per fitted fraction only a common scale
// (KnobScale), else the four fractions of FittedKnobs. stack names the
// software stack the runs used. With given constants (a profile's), the
// fitted columns price the runs with them instead of the fit; the
// leave-one-out errors are refits either way. progress, if set, follows
// the leave-one-out refits (Set.LeaveOneOut), most of the time taken.
func Calibrate(runs []Run, cases []Case, stack string, given map[string]perf.Efficiency, progress func(done, total int64)) (*Calibration, error) {
	if len(runs) != len(cases) {
		return nil, fmt.Errorf("calibrate: %d runs but %d cases", len(runs), len(cases))
	}
	set, err := NewSet(cases, perf.DefaultEfficiency, FittedKnobs)
	if err != nil {
		return nil, err
	}
	full, bounded := set.fit(nil)
	fits := given
	if fits == nil {
		fits = full
	}
	loo := set.LeaveOneOut(full, progress)
	c := &Calibration{Profile: &Profile{Format: ProfileFormat, Stack: stack, Accelerators: fits, Runs: runs}}
	for i := range runs {
		id := cases[i].Group
		e, ok := fits[id]
		if !ok {
			return nil, fmt.Errorf("calibrate: no constants for %s", id)
		}
		before, after := set.Predict(i, perf.DefaultEfficiency(id)), set.Predict(i, e)
		c.Runs = append(c.Runs, RunReport{Run: runs[i], Layout: after.Layout, Recomputed: after.Layout.Recompute.String(),
			ShippedSeconds: before.Value, ShippedError: before.ErrorPct, FittedSeconds: after.Value, FittedError: after.ErrorPct,
			LeaveOneOutErr: loo[i], MFU: after.Estimate.MFU, FitsInMemory: after.Fits, AcceleratorName: id})
	}
	for _, g := range set.Groups() {
		c.Profile.Fits = append(c.Profile.Fits, c.groupFit(set, g))
		if given == nil && len(bounded[g]) > 0 {
			c.Warnings = append(c.Warnings, c.boundWarning(g, bounded[g]))
		}
		if given == nil {
			e := fits[g]
			e.Source = fmt.Sprintf("flops calibrate: %s fitted to %d measured runs", g, len(set.indices(func(x *Case) bool { return x.Group == g })))
			fits[g] = e
		}
	}
	return c, nil
}

// groupFit summarises the fit of accelerator g.
func (c *Calibration) groupFit(set *Set, g string) ProfileFit {
	f := ProfileFit{GPU: g, Knobs: set.KnobsFor(g)}
	for _, r := range c.Runs {
		if r.AcceleratorName != g {
			continue
		}
		f.Runs++
		f.BeforeMeanAbs += math.Abs(r.ShippedError)
		f.AfterMeanAbs += math.Abs(r.FittedError)
		f.LeaveOneOutMeanAbs += math.Abs(r.LeaveOneOutErr)
	}
	n := float64(max(f.Runs, 1))
	f.BeforeMeanAbs, f.AfterMeanAbs, f.LeaveOneOutMeanAbs = f.BeforeMeanAbs/n, f.AfterMeanAbs/n, f.LeaveOneOutMeanAbs/n
	return f
}

// boundWarning says that group g's fit ran into the end of a knob's range
// and how far off its runs remain.
func (c *Calibration) boundWarning(g string, knobs []string) string {
	f := c.Profile.Fits[len(c.Profile.Fits)-1]
	worst := -1
	for i, r := range c.Runs {
		if r.AcceleratorName == g && (worst < 0 || math.Abs(r.FittedError) > math.Abs(c.Runs[worst].FittedError)) {
			worst = i
		}
	}
	return fmt.Sprintf("%s: the fit ran out of range: %s. No constants in range reproduce these runs: after the fit they are "+
		"still off by %.0f%% on average (run %d: %+.0f%%). Check their step times, GPU counts, layouts, --precision and --stack",
		g, strings.Join(knobs, "; "), f.AfterMeanAbs, worst+1, c.Runs[worst].FittedError)
}
