package api

import (
	"errors"
	"strings"

	"github.com/flopsdev/flops/validate"
)

// ValidateRequest is "flops validate". Table selects the rows: "" or "all",
// or one of validateTables (e.g. "korthikanti", "extra", "runs").
type ValidateRequest struct {
	Table string `json:"table"`
}

// validateTables maps each --table name to the prefix of the rows' table
// field it keeps ("" keeps none: only the training runs). Add a table here.
var validateTables = map[string]string{
	"korthikanti": "korthikanti",
	"narayanan":   "narayanan",
	"extra":       "extra",
	"runs":        "",
}

// ValidateTables lists the --table names, for help texts.
func ValidateTables() []string {
	return []string{"all", "korthikanti", "narayanan", "extra", "runs"}
}

// Run compares the performance model with the published rows, with the
// held-out (refitted) errors beside the in-sample ones.
func (r ValidateRequest) Run(env Env) (*validate.Result, error) {
	t := strings.ToLower(strings.TrimSpace(r.Table))
	prefix, known := validateTables[t]
	if !known && t != "" && t != "all" {
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New("want " + strings.Join(ValidateTables(), ", "))}
	}
	res, err := validate.Run(validate.Options{HeldOut: t != "runs"})
	if err != nil {
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
