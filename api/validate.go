package api

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/validate"
)

// ValidateRequest is "flops validate". Table selects the rows: "" or "all",
// or one of validateTables (e.g. "korthikanti", "extra", "runs").
type ValidateRequest struct {
	Table string `json:"table"`
	// Profile adds the table "profile": the runs a calibrated profile was
	// fitted on, predicted with its constants and refitted without each.
	Profile *calibrate.Profile `json:"-"` // a file read by the CLI (--profile); the server takes no files
}

type validateTable struct{ name, prefix string }

// validateTables lists the --table names, in the order help texts give
// them, each with the prefix of the rows' table field it keeps ("" keeps
// none: only the training runs). Add a table here.
var validateTables = []validateTable{
	{"korthikanti", "korthikanti"},
	{"narayanan", "narayanan"},
	{"extra", "extra"},
	{"profile", "profile"},
	{"runs", ""},
}

// ValidateTables lists the --table names, "all" first, for help texts.
func ValidateTables() []string {
	out := []string{"all"}
	for _, t := range validateTables {
		out = append(out, t.name)
	}
	return out
}

// tablesServed lists the tables this request can be given: "profile"
// needs a profile file, which only the CLI reads (env.AllowPaths).
func (r ValidateRequest) tablesServed(env Env) []string {
	if r.Profile != nil || env.AllowPaths {
		return ValidateTables()
	}
	return slices.DeleteFunc(ValidateTables(), func(t string) bool { return t == "profile" })
}

// validation is validate.Run's answer without and with the held-out
// refits, each computed once per process: it depends on the embedded rows
// alone, and the refits take about a second of CPU. Callers get a copy
// (cachedValidation).
var validation = [2]func() (*validate.Result, error){
	sync.OnceValues(func() (*validate.Result, error) { return validate.Run(validate.Options{}) }),
	sync.OnceValues(func() (*validate.Result, error) { return validate.Run(validate.Options{HeldOut: true}) }),
}

// cachedValidation is a copy of validation's answer whose slices the
// caller may filter and append to; the rows' pointed-to values are shared
// and must not be modified.
func cachedValidation(heldOut bool) (*validate.Result, error) {
	i := 0
	if heldOut {
		i = 1
	}
	res, err := validation[i]()
	if err != nil {
		return nil, err
	}
	c := *res
	c.Rows, c.Summaries, c.Fits, c.Runs = slices.Clone(res.Rows), slices.Clone(res.Summaries), slices.Clone(res.Fits), slices.Clone(res.Runs)
	c.Steps, c.Assumptions = slices.Clone(res.Steps), slices.Clone(res.Assumptions)
	return &c, nil
}

// Run compares the performance model with the published rows, with the
// held-out (refitted) errors beside the in-sample ones. The published
// rows' answer is computed once per process (validation); Run filters a
// copy of it.
func (r ValidateRequest) Run(env Env) (*validate.Result, error) {
	t := strings.ToLower(strings.TrimSpace(r.Table))
	served := r.tablesServed(env)
	if t != "" && !slices.Contains(served, t) {
		msg := "want " + strings.Join(served, ", ")
		if t == "profile" {
			msg = "needs a calibrated profile (flops validate --profile PROFILE --table profile), a file the web API does not read; " + msg
		}
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New(msg)}
	}
	if t == "profile" && r.Profile == nil {
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New("needs --profile PROFILE")}
	}
	res, err := cachedValidation(t != "runs")
	if err != nil {
		return nil, err
	}
	if err := r.addProfile(env, res); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(validateTables, func(v validateTable) bool { return v.name == t })
	if i < 0 { // all
		return res, nil
	}
	prefix := validateTables[i].prefix
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
