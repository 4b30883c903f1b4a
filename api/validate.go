package api

import (
	"errors"
	"strings"

	"github.com/flopsdev/flops/validate"
)

// ValidateRequest is "flops validate". Table selects the rows: "" or "all",
// "korthikanti", "narayanan", "extra" (the modern-stack rows of
// validate/data/extra_runs.csv, summarised per accelerator family) or "runs".
type ValidateRequest struct {
	Table string `json:"table"`
}

// Run compares the performance model with the published rows.
func (r ValidateRequest) Run(env Env) (*validate.Result, error) {
	res, err := validate.Run()
	if err != nil {
		return nil, err
	}
	switch t := strings.ToLower(strings.TrimSpace(r.Table)); t {
	case "", "all":
	case "korthikanti", "narayanan", "extra":
		res.Rows = filterRows(res.Rows, t)
		res.Runs = nil
		var sums []validate.Summary
		for _, s := range res.Summaries {
			if strings.HasPrefix(s.Table, t) {
				sums = append(sums, s)
			}
		}
		res.Summaries = sums
	case "runs":
		res.Rows, res.Summaries = nil, nil
	default:
		return nil, &InputError{Flag: "table", Value: r.Table, Err: errors.New("want all, korthikanti, narayanan, extra or runs")}
	}
	return res, nil
}

func filterRows(rows []validate.Row, prefix string) []validate.Row {
	var out []validate.Row
	for _, r := range rows {
		if strings.HasPrefix(r.Table, prefix) {
			out = append(out, r)
		}
	}
	return out
}
