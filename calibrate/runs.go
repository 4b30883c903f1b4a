package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// RunsHeader is the header of a measured-runs CSV file, in this order.
var RunsHeader = []string{"model", "gpu", "gpus", "tp", "pp", "dp", "micro_batch", "global_batch", "seq_len", "recompute", "measured_step_seconds"}

// Run is one measured training configuration of a user's cluster. Zero
// layout fields and an empty Recompute are free: the planner chooses them
// as it would for that run.
type Run struct {
	Model       string  `json:"model"` // catalog name or config.json path
	GPU         string  `json:"gpu"`   // catalog accelerator ID or alias
	GPUs        int     `json:"gpus"`
	TP          int     `json:"tp,omitempty"`
	PP          int     `json:"pp,omitempty"`
	DP          int     `json:"dp,omitempty"`
	MicroBatch  int     `json:"micro_batch,omitempty"`
	GlobalBatch int     `json:"global_batch"` // sequences per step
	SeqLen      int     `json:"seq_len"`      // tokens per sequence
	Recompute   string  `json:"recompute,omitempty"`
	StepSeconds float64 `json:"measured_step_seconds"`
}

// MaxRuns bounds the runs one file may hold: each costs a planner search,
// and the leave-one-out refits grow with the square of the count. 64 runs
// whose layouts the planner chooses calibrate in about 28 s on two cores
// (BenchmarkCalibrate64: 17 s of CPU); runs with their layouts given are
// much faster.
const MaxRuns = 64

// maxRunBytes bounds a runs file.
const maxRunBytes = 1 << 20

// ReadRuns parses a measured-runs CSV (header RunsHeader). Errors name the
// line and the column.
func ReadRuns(r io.Reader) ([]Run, error) {
	cr := csv.NewReader(io.LimitReader(r, maxRunBytes+1))
	cr.FieldsPerRecord = len(RunsHeader)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("runs: header: %w", csvErr(err))
	}
	for i, h := range RunsHeader {
		if strings.TrimSpace(strings.ToLower(head[i])) != h {
			return nil, fmt.Errorf("runs: header column %d is %q, want %q (header: %s)", i+1, head[i], h, strings.Join(RunsHeader, ","))
		}
	}
	var runs []Run
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("runs: line %d: %w", line, csvErr(err))
		}
		if len(runs) == MaxRuns {
			return nil, fmt.Errorf("runs: more than %d runs: split the file", MaxRuns)
		}
		run, err := parseRun(rec)
		if err != nil {
			return nil, fmt.Errorf("runs: line %d: %w", line, err)
		}
		runs = append(runs, run)
	}
	if len(runs) == 0 {
		return nil, errors.New("runs: no runs after the header")
	}
	return runs, nil
}

// csvErr adds the size bound to a read error when the input was cut.
func csvErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w (files over %d bytes are refused)", err, maxRunBytes)
	}
	return err
}

// parseRun reads one record.
func parseRun(rec []string) (Run, error) {
	r := Run{Model: strings.TrimSpace(rec[0]), GPU: strings.TrimSpace(rec[1]), Recompute: strings.TrimSpace(rec[9])}
	if r.Model == "" || r.GPU == "" {
		return r, errors.New("model and gpu are required")
	}
	ints := []struct {
		col      int
		dst      *int
		required bool
	}{{2, &r.GPUs, true}, {3, &r.TP, false}, {4, &r.PP, false}, {5, &r.DP, false}, {6, &r.MicroBatch, false},
		{7, &r.GlobalBatch, true}, {8, &r.SeqLen, true}}
	for _, f := range ints {
		v, err := cellInt(rec[f.col], f.required)
		if err != nil {
			return r, fmt.Errorf("column %s: %w", RunsHeader[f.col], err)
		}
		*f.dst = v
	}
	s, err := strconv.ParseFloat(strings.TrimSpace(rec[10]), 64)
	if err != nil || !(s > 0) || math.IsInf(s, 0) {
		return r, fmt.Errorf("column measured_step_seconds %q: want a positive number of seconds", rec[10])
	}
	r.StepSeconds = s
	switch strings.ToLower(r.Recompute) {
	case "", "none", "selective", "full":
	default:
		return r, fmt.Errorf("column recompute %q: want none, selective, full or empty", r.Recompute)
	}
	return r, nil
}

// maxCell bounds the integer cells (GPUs, degrees, batch, sequence).
const maxCell = 1 << 24

// cellInt parses a positive whole number; an empty optional cell is 0.
func cellInt(s string, required bool) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" && !required {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > maxCell {
		return 0, fmt.Errorf("%q: want a whole number from 1 to %d%s", s, maxCell, map[bool]string{false: " or empty"}[required])
	}
	return v, nil
}
