package main

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/scaling"
	"github.com/flopsdev/flops/units"
)

// saveFrontier draws the compute-optimal frontier of each law in r over
// 1e20..1e27 FLOPs (widened to the budget) with published models marked,
// to path ("" draws nothing).
func saveFrontier(env *cliEnv, path string, r *scaling.OptimalResult) error {
	if path == "" {
		return nil
	}
	lo, hi := math.Min(1e20, float64(r.ComputeFLOPs)/10), math.Max(1e27, float64(r.ComputeFLOPs)*10)
	var lines []plot.FrontierLine
	for _, a := range r.Laws {
		l, err := frontierLaw(a)
		if err != nil {
			return err
		}
		line := plot.FrontierLine{Name: a.Law}
		for x := math.Log10(lo); x <= math.Log10(hi)+1e-9; x += 0.25 {
			c := math.Pow(10, x)
			n, _ := l.Optimal(units.FLOPs(c))
			line.Compute, line.Params = append(line.Compute, c), append(line.Params, float64(n))
		}
		lines = append(lines, line)
	}
	lines = append(lines, budgetLine(r))
	var models []plot.FrontierModel
	for _, m := range api.FrontierModels() {
		models = append(models, plot.FrontierModel{Name: m.Name, Compute: float64(m.FLOPs()), Params: float64(m.Params)})
	}
	p, err := plot.NewFrontier(fmt.Sprintf("Compute-optimal N by law (budget %s FLOP)", formatSci(r.ComputeFLOPs)), lines, models)
	if err != nil {
		return err
	}
	return savePlot(env, p, path)
}

// budgetLine is a vertical line at the budget spanning the laws' N_opt
// (halved and doubled), so the frontier chart shows where C falls.
func budgetLine(r *scaling.OptimalResult) plot.FrontierLine {
	lo, hi := math.Inf(1), 0.0
	for _, a := range r.Laws {
		lo, hi = math.Min(lo, float64(a.ParamsOptimal)), math.Max(hi, float64(a.ParamsOptimal))
	}
	c := float64(r.ComputeFLOPs)
	return plot.FrontierLine{Name: "budget " + formatSci(r.ComputeFLOPs) + " FLOP", Compute: []float64{c, c}, Params: []float64{lo / 2, hi * 2}}
}

// frontierLaw finds the law behind an allocation: a built-in one by ID,
// or the custom law rebuilt from its constants.
func frontierLaw(a scaling.Allocation) (scaling.Law, error) {
	if a.Law == scaling.CustomID && a.Constants != nil {
		return scaling.Custom(*a.Constants)
	}
	return scaling.Lookup(a.Law)
}

// saveIsoFLOP draws the iso-FLOP curves of r to path ("" draws nothing).
func saveIsoFLOP(env *cliEnv, path string, r *scaling.IsoFLOPResult) error {
	if path == "" {
		return nil
	}
	p, err := plot.IsoFLOPCurves(r)
	if err != nil {
		return err
	}
	return savePlot(env, p, path)
}

func savePlot(env *cliEnv, p *plot.Plot, path string) error {
	if err := plot.Save(p, path); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "flops: wrote %s\n", path)
	return nil
}

func formatSci(c units.FLOPs) string { return fmt.Sprintf("%.3g", float64(c)) }
