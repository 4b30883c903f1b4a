package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/validate"
)

// ValidateRequest is "flops validate". Table selects the rows: "" or "all",
// or one of validateTables (e.g. "korthikanti", "extra", "runs").
type ValidateRequest struct {
	Table string `json:"table"`
	// Profile adds the table "profile": the runs a calibrated profile was
	// fitted on, predicted with its constants and refitted without each.
	Profile *calibrate.Profile `json:"profile,omitempty"`
}

// validateTables maps each --table name to the prefix of the rows' table
// field it keeps ("" keeps none: only the training runs). Add a table here.
var validateTables = map[string]string{
	"korthikanti": "korthikanti",
	"narayanan":   "narayanan",
	"extra":       "extra",
	"profile":     "profile",
	"runs":        "",
}

// ValidateTables lists the --table names, for help texts.
func ValidateTables() []string {
	return []string{"all", "korthikanti", "narayanan", "extra", "profile", "runs"}
}

// Run compares the performance model with the published rows, with the
// held-out (refitted) errors beside the in-sample ones.
func (r ValidateRequest) Run(env Env) (*validate.Result, error) {
	t := strings.ToLower(strings.TrimSpace(r.Table))
	prefix, known := validateTables[t]
	if !known && t != "" && t != "all" {
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New("want " + strings.Join(ValidateTables(), ", "))}
	}
	if t == "profile" && r.Profile == nil {
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New("needs --profile PROFILE")}
	}
	res, err := validate.Run(validate.Options{HeldOut: t != "runs"})
	if err != nil {
		return nil, err
	}
	if err := r.addProfile(env, res); err != nil {
		return nil, err
	}
	if !known {
		return res, nil
	}
	if prefix == "" {
		res.Rows, res.Summaries = nil, nil
		return res, nil
	}
	res.Rows = keepRows(res.Rows, prefix)
	var sums []validate.Summary
	for _, s := range res.Summaries {
		if strings.HasPrefix(s.Table, prefix) {
			sums = append(sums, s)
		}
	}
	res.Summaries, res.Runs = sums, nil
	return res, nil
}

func keepRows(rows []validate.Row, prefix string) []validate.Row {
	var out []validate.Row
	for _, r := range rows {
		if strings.HasPrefix(r.Table, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// addProfile appends the profile's runs as the table "profile", before the
// "all" summary (which stays over the published rows).
func (r ValidateRequest) addProfile(env Env, res *validate.Result) error {
	p := r.Profile
	if p == nil {
		return nil
	}
	c, err := CalibrateRequest{Runs: p.Runs, Stack: p.Stack, Precision: p.Precision, ScaleOut: p.ScaleOut, given: p.Accelerators}.Run(env)
	if err != nil {
		return fmt.Errorf("--profile: its runs: %w", err)
	}
	var rows []validate.Row
	for i, x := range c.Runs {
		loo := x.LeaveOneOutErr
		rows = append(rows, validate.Row{Table: "profile", ID: fmt.Sprintf("run %d (%s)", i+1, x.Model), Family: fmt.Sprintf("run %d", i+1),
			Stack: p.Stack, Layout: fmt.Sprintf("%s ×%d TP%d PP%d DP%d mbs%d %s", x.AcceleratorName, x.GPUs, x.Layout.TP, x.Layout.PP, x.Layout.DP,
				x.Layout.MicroBatch, x.Recomputed), Metric: "step_time_seconds", Published: x.StepSeconds, Predicted: x.FittedSeconds,
			ErrorPct: x.FittedError, LeaveOneOut: &loo, LeaveOneFamilyOut: &loo, MFU: x.MFU, Source: "the profile's measured runs",
			Confidence: "measured", Fits: x.FitsInMemory,
			MemoryNote: memoryNote(x.FitsInMemory)})
	}
	res.Rows = append(res.Rows, rows...)
	n := len(res.Summaries)
	res.Summaries = append(res.Summaries[:n-1:n-1], validate.Summarize("profile", rows), res.Summaries[n-1])
	return nil
}

// memoryNote explains a measured run our memory model says does not fit.
func memoryNote(fits bool) string {
	if fits {
		return ""
	}
	return "the run ran on your cluster; our memory model says no layout of it fits (check its recompute and ZeRO settings)"
}
