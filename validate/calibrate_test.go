package validate

import (
	"flag"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/flopsdev/flops/perf"
)

var calibrate = flag.Bool("calibrate", false, "run the calibration grid over the shared per-accelerator constants and log the best")
var only = flag.String("family", "", "calibrate only this accelerator family (a100, h100, blackwell, tpu, gaudi)")

// accFamily is one set of accelerators sharing efficiency constants, with
// the grid its constants are scanned over.
type accFamily struct {
	name     string
	prefixes []string  // accelerator IDs the constants apply to
	matmul   []float64 // BF16 GEMM fraction of peak
	flash    []float64 // flash-attention fraction of the 16-bit peak (measured ranges)
	fp8      []float64 // FP8 GEMM fraction of the FP8 peak (0: no FP8 rows)
	ref      string    // reference rows for ties: "korthikanti" or an extra-row ID prefix
	// tpOverlap is the grid of the hidden TP-collective fraction (nil: 0,
	// Megatron-LM without TP communication overlap).
	tpOverlap []float64
}

// families: the flash grids span measured kernels only: A100
// FlashAttention-2 45-70% of 312 TFLOP/s (Dao 2023, Fig. 4-5); H100 from
// FlashAttention-2's 33% of 989 TFLOP/s (samuel-bohman/AI-benchmarking-guide
// Azure_Results/ND_H100_v5_results.md: 327.9 TFLOP/s, head dim 128, seq
// 8192) to FlashAttention-3/cuDNN's ~60% (Shah et al. 2024: up to 740
// TFLOP/s forward in BF16). Blackwell has FP8 rows only, so its BF16 GEMM
// fraction is the H100 one (0.70), stated, not fitted.
var families = []accFamily{
	{"a100", []string{"a100"}, steps(0.56, 0.84, 0.02), []float64{0.45, 0.5, 0.55, 0.6, 0.65, 0.7}, []float64{0}, "korthikanti", nil},
	{"h100", []string{"h100"}, steps(0.56, 0.84, 0.02), []float64{0.33, 0.36, 0.40, 0.45, 0.50, 0.55, 0.60}, steps(0.60, 0.84, 0.02), "llama3-", nil},
	{"blackwell", []string{"b200", "gb200"}, []float64{0.70}, []float64{0.36, 0.40, 0.45, 0.50, 0.55, 0.60}, steps(0.40, 0.84, 0.02), "mbridge2511-", nil},
	{"tpu", []string{"tpu"}, steps(0.60, 0.94, 0.02), []float64{0.4, 0.5, 0.6, 0.7}, []float64{0}, "palm-", []float64{0, 0.5, 0.8, 1}},
	{"gaudi", []string{"gaudi"}, []float64{0.62}, []float64{0.3, 0.4, 0.5, 0.6}, steps(0.30, 0.84, 0.02), "gaudi2-", nil},
}

// steps lists lo, lo+d, ..., hi (rounded to 0.01 against float drift).
func steps(lo, hi, d float64) []float64 {
	var out []float64
	for i := 0; lo+float64(i)*d <= hi+1e-9; i++ {
		out = append(out, math.Round((lo+float64(i)*d)*100)/100)
	}
	return out
}

// TestCalibrate is the documented calibration method (run with
// "go test ./validate -run TestCalibrate -calibrate -v"): for each
// accelerator accFamily, a grid over its shared constants (GEMM fraction of
// peak, element-wise HBM fraction 0.2-0.8, flash-attention fraction, FP8
// GEMM fraction) minimising the mean |error| over ALL rows on that accFamily
// (Korthikanti Table 5, Narayanan Table 1 and the extra rows), subject to
// the issue-6 bounds on the A100 tables (Korthikanti ≤ 8% per row, ≤ 4%
// mean; Narayanan ≤ 15% per row). Among the candidates within tieBand of
// the lowest mean, the one with the lowest error on the accFamily's reference
// rows is kept. Nothing is fitted per row. Without -calibrate it is skipped.
func TestCalibrate(t *testing.T) {
	if !*calibrate {
		t.Skip("calibration grid: pass -calibrate")
	}
	for _, f := range families {
		if *only != "" && f.name != *only {
			continue
		}
		type cand struct {
			e     perf.Efficiency
			score float64
		}
		var all []cand
		low := math.Inf(1)
		for _, mm := range f.matmul {
			for _, ew := range steps(0.2, 0.8, 0.1) {
				for _, fl := range f.flash {
					for _, f8 := range f.fp8 {
						for _, ov := range overlaps(f) {
							e := perf.DefaultEfficiency(f.prefixes[0])
							e.Matmul, e.Elementwise, e.Flash, e.MatmulFP8, e.TPOverlap = mm, ew, fl, f8, ov
							if score, ok := familyScore(t, f, e); ok {
								all = append(all, cand{e, score})
								low = min(low, score)
							}
						}
					}
				}
			}
		}
		best, bestRef := cand{score: math.Inf(1)}, math.Inf(1)
		for _, c := range all {
			if c.score > low+tieBand {
				continue
			}
			if ref := referenceMean(t, f, c.e); ref < bestRef {
				best, bestRef = c, ref
			}
		}
		t.Logf("%s: matmul %.2f elementwise %.1f flash %.2f matmul_fp8 %.2f tp_overlap %.1f: mean |error| %.2f%% over all its rows (lowest %.2f%%), reference rows %.2f%%",
			f.name, best.e.Matmul, best.e.Elementwise, best.e.Flash, best.e.MatmulFP8, best.e.TPOverlap, best.score, low, bestRef)
	}
}

// overlaps is f's TP-overlap grid (0 alone when it has none).
func overlaps(f accFamily) []float64 {
	if len(f.tpOverlap) == 0 {
		return []float64{0}
	}
	return f.tpOverlap
}

// tieBand is the margin (percentage points of mean |error|) within which
// two candidates count as tied; ties go to the lower mean error on the
// accFamily's reference rows: Korthikanti et al. 2022 Table 5 on A100 (the
// issue's primary reference), Llama 3 Table 4 on H100 (the largest,
// best-documented modern run), the newest Megatron-Bridge rows on Blackwell.
const tieBand = 0.25

// effWith applies e to the accFamily's accelerators, the shipped constants elsewhere.
func effWith(f accFamily, e perf.Efficiency) effFor {
	return func(id string) perf.Efficiency {
		if slices.ContainsFunc(f.prefixes, func(p string) bool { return strings.HasPrefix(id, p) }) {
			return e
		}
		return perf.DefaultEfficiency(id)
	}
}

// familyRows are the extra rows on f's accelerators (any precision).
func familyRows(t *testing.T, f accFamily, e perf.Efficiency) []Row {
	x, err := extraOn(effWith(f, e), func(gpu string) bool {
		return slices.ContainsFunc(f.prefixes, func(p string) bool { return strings.HasPrefix(gpu, p) })
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row
	for _, r := range x {
		if slices.ContainsFunc(f.prefixes, func(p string) bool { return strings.HasPrefix(r.Table, "extra-"+p) }) {
			rows = append(rows, r)
		}
	}
	return rows
}

// familyScore is the mean |error| of every row on f with e, and whether
// the A100 bounds hold.
func familyScore(t *testing.T, f accFamily, e perf.Efficiency) (float64, bool) {
	rows := familyRows(t, f, e)
	if f.name == "a100" {
		k, err := korthikanti(effWith(f, e))
		if err != nil {
			t.Fatal(err)
		}
		if s := summarize("k", k); s.MaxAbsPct > 8 || s.MeanAbsPct > 4 {
			return 0, false
		}
		n, err := narayanan(effWith(f, e))
		if err != nil {
			t.Fatal(err)
		}
		if s := summarize("n", n); s.MaxAbsPct > 15 {
			return 0, false
		}
		rows = append(append(rows, k...), n...)
	}
	return summarize(f.name, rows).MeanAbsPct, true
}

// referenceMean is the mean |error| of f's reference rows with e.
func referenceMean(t *testing.T, f accFamily, e perf.Efficiency) float64 {
	if f.ref == "korthikanti" {
		k, err := korthikanti(effWith(f, e))
		if err != nil {
			t.Fatal(err)
		}
		return summarize("ref", k).MeanAbsPct
	}
	var rows []Row
	for _, r := range familyRows(t, f, e) {
		if strings.HasPrefix(r.ID, f.ref) {
			rows = append(rows, r)
		}
	}
	return summarize("ref", rows).MeanAbsPct
}
