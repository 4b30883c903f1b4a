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

// Row is one published configuration with the model's prediction.
type Row struct {
	Table     string  `json:"table"`  // korthikanti2022-table5 or narayanan2021-table1
	ID        string  `json:"id"`     // model and mode
	Layout    string  `json:"layout"` // e.g. "TP8 PP8 DP1 v3 mbs1 gb64 full"
	Metric    string  `json:"metric"` // step_time_seconds or tflops_per_gpu
	Published float64 `json:"published"`
	Predicted float64 `json:"predicted"`
	ErrorPct  float64 `json:"error_percent"` // 100·(predicted − published)/published
	MFU       float64 `json:"predicted_mfu"`
	HFU       float64 `json:"predicted_hfu"`
	Source    string  `json:"source"`
	// Confidence grades the published figure and the layout details (extra rows).
	Confidence string `json:"confidence,omitempty"`
	// Fits is false when our memory model says the published layout does
	// not fit (it ran, so the timing is still compared).
	Fits bool `json:"fits"`
}

// Summary is the error statistics of one table.
type Summary struct {
	Table       string  `json:"table"`
	Rows        int     `json:"rows"`
	MeanAbsPct  float64 `json:"mean_abs_error_percent"`
	MaxAbsPct   float64 `json:"max_abs_error_percent"`
	MeanSignPct float64 `json:"mean_signed_error_percent"`
}

// summarize computes the statistics of rows.
func summarize(table string, rows []Row) Summary {
	s := Summary{Table: table, Rows: len(rows)}
	for _, r := range rows {
		a := math.Abs(r.ErrorPct)
		s.MeanAbsPct += a
		s.MeanSignPct += r.ErrorPct
		s.MaxAbsPct = max(s.MaxAbsPct, a)
	}
	if len(rows) > 0 {
		s.MeanAbsPct /= float64(len(rows))
		s.MeanSignPct /= float64(len(rows))
	}
	return s
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
