package validate

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
)

//go:embed data/*.csv
var dataFS embed.FS

// Row is one published configuration with the model's prediction and its
// held-out predictions.
type Row struct {
	Table     string  `json:"table"`  // korthikanti2022-table5, narayanan2021-table1, extra-<accelerator>[-<precision>]
	ID        string  `json:"id"`     // model and mode, or the row's id
	Family    string  `json:"family"` // source family (paper or benchmark suite), the unit of leave-one-family-out
	Stack     string  `json:"stack"`  // software stack profile (perf.Stack)
	Layout    string  `json:"layout"` // e.g. "TP8 PP8 DP1 v3 mbs1 gb64 full"
	Metric    string  `json:"metric"` // step_time_seconds, tflops_per_gpu, mfu, tokens_per_second_per_gpu, tflops_hfu
	Published float64 `json:"published"`
	Predicted float64 `json:"predicted"`
	ErrorPct  float64 `json:"error_percent"` // 100·(predicted − published)/published, shipped (in-sample) constants
	// LeaveOneOut is the error when the row's accelerator family is refitted
	// without this row; LeaveOneFamilyOut without the row's whole source
	// family. Percent, signed; absent when held-out errors were not asked for.
	LeaveOneOut       *float64 `json:"leave_one_out_error,omitempty"`
	LeaveOneFamilyOut *float64 `json:"leave_one_family_out_error,omitempty"`
	MFU               float64  `json:"predicted_mfu"`
	HFU               float64  `json:"predicted_hfu"`
	Source            string   `json:"source"`
	// Confidence grades the published figure and the layout details (extra rows).
	Confidence string `json:"confidence,omitempty"`
	// Fits is false when our memory model says the published layout does
	// not fit (it ran, so the timing is still compared); MemoryNote then
	// says why the run fitted (what it used that flops does not model).
	Fits       bool   `json:"fits"`
	MemoryNote string `json:"memory_note,omitempty"`
}

// Summary is the error statistics of one table (or "all" rows).
type Summary struct {
	Table       string  `json:"table"`
	Rows        int     `json:"rows"`
	MeanAbsPct  float64 `json:"mean_abs_error_percent"`
	MaxAbsPct   float64 `json:"max_abs_error_percent"`
	MeanSignPct float64 `json:"mean_signed_error_percent"`
	// Held-out means of |error|, percent (absent without held-out errors).
	LeaveOneOutMeanAbs       *float64 `json:"leave_one_out_mean_abs_error,omitempty"`
	LeaveOneOutMaxAbs        *float64 `json:"leave_one_out_max_abs_error,omitempty"`
	LeaveOneFamilyOutMeanAbs *float64 `json:"leave_one_family_out_mean_abs_error,omitempty"`
	LeaveOneFamilyOutMaxAbs  *float64 `json:"leave_one_family_out_max_abs_error,omitempty"`
}

// Summarize computes the statistics of rows under the name table.
func Summarize(table string, rows []Row) Summary { return summarize(table, rows) }

// summarize computes the statistics of rows.
func summarize(table string, rows []Row) Summary {
	s := Summary{Table: table, Rows: len(rows)}
	var loo, lofo []float64
	for _, r := range rows {
		a := math.Abs(r.ErrorPct)
		s.MeanAbsPct += a
		s.MeanSignPct += r.ErrorPct
		s.MaxAbsPct = max(s.MaxAbsPct, a)
		if r.LeaveOneOut != nil {
			loo = append(loo, *r.LeaveOneOut)
		}
		if r.LeaveOneFamilyOut != nil {
			lofo = append(lofo, *r.LeaveOneFamilyOut)
		}
	}
	if len(rows) > 0 {
		s.MeanAbsPct /= float64(len(rows))
		s.MeanSignPct /= float64(len(rows))
	}
	s.LeaveOneOutMeanAbs, s.LeaveOneOutMaxAbs = meanMaxAbs(loo)
	s.LeaveOneFamilyOutMeanAbs, s.LeaveOneFamilyOutMaxAbs = meanMaxAbs(lofo)
	return s
}

// meanMaxAbs is the mean and max of |x|, nil for none.
func meanMaxAbs(x []float64) (mean, mx *float64) {
	if len(x) == 0 {
		return nil, nil
	}
	var m, top float64
	for _, v := range x {
		m += math.Abs(v)
		top = max(top, math.Abs(v))
	}
	m /= float64(len(x))
	return &m, &top
}

// records reads an embedded CSV as maps from column name to cell.
func records(name string) ([]map[string]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	all, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("validate: %s: %w", name, err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("validate: %s: empty", name)
	}
	out := make([]map[string]string, 0, len(all)-1)
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// ints parses the named integer columns of r.
func ints(r map[string]string, names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		v, err := strconv.Atoi(r[n])
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", n, err)
		}
		out[i] = v
	}
	return out, nil
}
