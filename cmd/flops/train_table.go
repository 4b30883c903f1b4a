package main

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/train"
	"github.com/flopsdev/flops/units"
)

// trainTable lays out a train.Result as quantity / value / detail rows.
func trainTable(r *train.Result) *report.Table {
	t := &report.Table{Title: trainTitle(r)}
	budgetRows(t, r)
	t.AddRow("training compute", report.Sci(float64(r.TrainingFLOPs))+" FLOP", computeDetail(r))
	t.AddRow("peak per GPU", r.PeakFLOPS.String(), fmt.Sprintf("dense %s", r.Precision))
	t.AddRow("MFU", r.MFU.String(), "")
	t.AddRow("effective per GPU", r.EffectiveFLOPS.String(), "peak × MFU")
	t.AddRow("GPUs", report.Grouped(float64(r.GPUs)), gpusDetail(r))
	t.AddRow("GPU-hours", report.Grouped(r.GPUHours), "C / (peak × MFU)")
	t.AddRow("wall-clock", r.WallClock.String(), fmt.Sprintf("on %s GPU%s", report.Grouped(float64(r.GPUs)), plural(r.GPUs)))
	if r.Cost != nil {
		t.AddRow("cost", "$"+report.Grouped(float64(*r.Cost)), "at "+units.USD(*r.Price).String()+" per GPU-hour")
	}
	if r.EnergyKWh != nil {
		t.AddRow("energy", report.Grouped(*r.EnergyKWh)+" kWh", fmt.Sprintf("%s per GPU × PUE %g", r.Power, r.PUE))
		t.AddRow("CO2e", r.CO2.String(), "at "+r.Grid.String())
	}
	return t
}

// trainTitle is "7.00B params × 1.00T tokens on h100-sxm (bf16)".
func trainTitle(r *train.Result) string {
	var what []string
	switch {
	case r.Model != "" && r.Params > 0:
		what = append(what, fmt.Sprintf("%s (%s params)", r.Model, r.Params))
	case r.Params > 0:
		what = append(what, r.Params.String()+" params")
	}
	if r.Tokens > 0 {
		what = append(what, r.Tokens.String()+" tokens")
	}
	if len(what) == 0 {
		what = append(what, r.TrainingFLOPs.String())
	}
	return fmt.Sprintf("Training %s on %s (%s)\n", strings.Join(what, " × "), r.Accelerator, r.Precision)
}

// computeDetail says where C came from.
func computeDetail(r *train.Result) string {
	c := r.TrainingFLOPs.String()
	switch {
	case r.FLOPsPerToken > 0 && r.SixNDFLOPs > 0:
		return fmt.Sprintf("%s, exact %s/token × D (6·N·D: %s FLOP)", c, report.Sci(float64(r.FLOPsPerToken)),
			report.Sci(float64(r.SixNDFLOPs)))
	case r.FLOPsPerToken > 0:
		return fmt.Sprintf("%s, %s/token × D", c, report.Sci(float64(r.FLOPsPerToken)))
	case r.Params > 0 && r.Tokens > 0:
		return c + ", 6·N·D"
	}
	return c + ", given"
}

// gpusDetail reports the deadline answer next to the GPU count.
func gpusDetail(r *train.Result) string {
	if r.GPUsNeeded == 0 {
		return ""
	}
	return fmt.Sprintf("%s needed to finish within %s", report.Grouped(float64(r.GPUsNeeded)), r.Deadline)
}

// budgetRows adds what a budget buys.
func budgetRows(t *report.Table, r *train.Result) {
	if r.Budget == nil {
		return
	}
	t.AddRow("budget", "$"+report.Grouped(float64(*r.Budget)), "buys "+r.FLOPsAffordable.String())
	if r.TokensAffordable > 0 {
		t.AddRow("tokens affordable", r.TokensAffordable.String(), "at "+r.Params.String()+" params")
	}
	if r.ParamsAffordable > 0 {
		t.AddRow("params affordable", r.ParamsAffordable.String(), "at "+r.Tokens.String()+" tokens")
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
