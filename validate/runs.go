package validate

import (
	"strconv"
	"strings"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
)

// RunRow is one published training run: its compute by 6ND and, where the
// model catalog has the architecture, by the exact count, and the MFU its
// reported accelerator-hours imply.
type RunRow struct {
	ID            string  `json:"id"`
	Hardware      string  `json:"hardware"`
	Params        float64 `json:"params"` // active parameters for MoE
	Tokens        float64 `json:"tokens"`
	SixND         float64 `json:"six_nd_flops"`
	ExactFLOPs    float64 `json:"exact_flops,omitempty"`    // model FLOPs per token at seq_len (PaLM convention) × D
	ReportedFLOPs float64 `json:"reported_flops,omitempty"` // as published
	GPUHours      float64 `json:"accelerator_hours"`
	PeakPerGPU    float64 `json:"peak_flops_per_second"`
	ImpliedMFU    float64 `json:"implied_mfu"`                 // 6ND / (hours · 3600 · peak)
	ImpliedMFUEx  float64 `json:"implied_mfu_exact,omitempty"` // exact FLOPs instead of 6ND
	ReportedMFU   float64 `json:"reported_mfu,omitempty"`      // as published (0: none)
	Source        string  `json:"source"`
}

// peaks are dense BF16/FP16 tensor peaks per accelerator family, FLOP/s
// (the hardware catalog's datasheet figures: A100 312, H100/H800 SXM 989.4 (H800
// assumed equal), V100 125, TPU v4 275, TPU v3 123, TPU v5e 197). Checked in
// order: the first substring of the hardware cell that matches wins.
var peaks = []struct {
	key  string
	peak float64
}{{"H100", 989.4e12}, {"H800", 989.4e12}, {"A100", 312e12}, {"V100", 125e12},
	{"TPU v4", 275e12}, {"TPU v3", 123e12}, {"TPU v5e", 197e12}}

// Runs lists the training runs with parameters, tokens, accelerator-hours
// and a known accelerator.
func Runs() ([]RunRow, error) {
	recs, err := records("published_runs.csv")
	if err != nil {
		return nil, err
	}
	var out []RunRow
	for _, r := range recs {
		if row, ok := runRow(r); ok {
			out = append(out, row)
		}
	}
	return out, nil
}

// runRow builds a RunRow, or false when a needed cell is empty.
func runRow(r map[string]string) (RunRow, bool) {
	if r["row_type"] != "training_run" {
		return RunRow{}, false
	}
	n := num(r["params_active"])
	if n == 0 {
		n = num(r["params_total"])
	}
	d, h := num(r["training_tokens"]), num(r["accelerator_hours"])
	peak := peakOf(r["hardware"])
	if n == 0 || d == 0 || h == 0 || peak == 0 {
		return RunRow{}, false
	}
	row := RunRow{ID: r["id"], Hardware: r["hardware"], Params: n, Tokens: d, SixND: 6 * n * d,
		ReportedFLOPs: num(r["reported_training_flops"]), GPUHours: h, PeakPerGPU: peak,
		ReportedMFU: num(r["reported_mfu"]), Source: r["source"]}
	row.ImpliedMFU = row.SixND / (h * 3600 * peak)
	if fpt := exactPerToken(r["model"], r["id"], int(num(r["seq_len"]))); fpt > 0 {
		row.ExactFLOPs = fpt * d
		row.ImpliedMFUEx = row.ExactFLOPs / (h * 3600 * peak)
	}
	return row, true
}

// num parses a plain number cell; empty, ranges and text give 0.
func num(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return v
}

func peakOf(hw string) float64 {
	for _, p := range peaks {
		if strings.Contains(hw, p.key) {
			return p.peak
		}
	}
	return 0
}

// exactPerToken returns the model FLOPs per token of the catalog entry
// named like the run (by id, then by model name), or 0.
func exactPerToken(name, id string, seq int) float64 {
	if seq <= 0 {
		return 0
	}
	for _, key := range []string{id, name} {
		e, err := model.Lookup(key)
		if err != nil {
			continue
		}
		s, err := perf.NewShape(&e.Arch, seq, perf.ShapeOptions{})
		if err != nil {
			return 0
		}
		f, _ := s.FLOPsPerToken(perf.RecomputeNone, false)
		return f
	}
	return 0
}
