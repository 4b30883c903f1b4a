package validate

import (
	"flag"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/perf"
)

var calibrate = flag.Bool("calibrate", false, "run the calibration grid over the shared per-accelerator constants and log the best")

// TestCalibrate is the documented calibration method (run with
// "go test ./validate -run TestCalibrate -calibrate -v"): for each
// accelerator family, a grid over its shared constants (matmul fraction of
// peak, HBM fraction, flash-attention fraction) minimising the mean
// |error| over ALL rows on that family (Korthikanti Table 5, Narayanan
// Table 1 and the extra rows), subject to the issue-6 bounds on the A100
// tables (Korthikanti ≤ 8% per row, ≤ 4% mean; Narayanan ≤ 15% per row).
// Nothing is fitted per row. Without -calibrate it is skipped.
func TestCalibrate(t *testing.T) {
	if !*calibrate {
		t.Skip("calibration grid: pass -calibrate")
	}
	for _, fam := range []string{"a100", "h100"} {
		type cand struct {
			e     perf.Efficiency
			score float64
		}
		var all []cand
		low := math.Inf(1)
		base := perf.DefaultEfficiency(fam)
		for i := 28; i <= 42; i++ { // matmul 0.56..0.84 in steps of 0.02
			for j := 2; j <= 8; j++ { // element-wise 0.2..0.8 in steps of 0.1
				for _, fl := range flashGrid[fam] {
					e := base
					e.Matmul, e.Elementwise, e.Flash = float64(i)/50, float64(j)/10, fl
					if score, ok := familyScore(t, fam, e); ok {
						all = append(all, cand{e, score})
						low = min(low, score)
					}
				}
			}
		}
		// Among the candidates within tieBand of the lowest mean, keep the
		// one with the lowest error on the family's reference table.
		best, bestRef := cand{score: math.Inf(1)}, math.Inf(1)
		for _, c := range all {
			if c.score > low+tieBand {
				continue
			}
			if ref := referenceMean(t, fam, c.e); ref < bestRef {
				best, bestRef = c, ref
			}
		}
		t.Logf("%s: matmul %.2f elementwise %.1f flash %.2f: mean |error| %.2f%% over all %s rows (lowest %.2f%%), reference table %.2f%%",
			fam, best.e.Matmul, best.e.Elementwise, best.e.Flash, best.score, fam, low, bestRef)
	}
}

// tieBand is the margin (percentage points of mean |error|) within which
// two candidates count as tied; ties go to the lower mean error on the
// family's reference table: Korthikanti et al. 2022 Table 5 on A100 (the
// issue's primary reference), Llama 3 Table 4 on H100 (the largest,
// best-documented modern run).
const tieBand = 0.25

// referenceMean is the mean |error| of fam's reference rows with e.
func referenceMean(t *testing.T, fam string, e perf.Efficiency) float64 {
	eff := func(string) perf.Efficiency { return e }
	var rows []Row
	var err error
	if fam == "a100" {
		rows, err = korthikanti(eff)
	} else {
		var x []Row
		x, err = extra(eff)
		for _, r := range x {
			if strings.HasPrefix(r.ID, "llama3-") {
				rows = append(rows, r)
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return summarize("ref", rows).MeanAbsPct
}

// flashGrid: the flash-attention fraction is scanned only over measured
// ranges: A100 FlashAttention-2 forward+backward 50-70% of 312 TFLOP/s
// (Dao 2023, Fig. 4-5); H100 FlashAttention-2 33% of 989 TFLOP/s
// (samuel-bohman/AI-benchmarking-guide Azure_Results/ND_H100_v5_results.md:
// 327.9 TFLOP/s, head dim 128, seq 8192), up to 40%.
var flashGrid = map[string][]float64{"a100": {0.45, 0.5, 0.55, 0.6, 0.65, 0.7}, "h100": {0.33, 0.36, 0.40}}

// familyScore is the mean |error| of every row on fam with e, and whether
// the A100 bounds hold.
func familyScore(t *testing.T, fam string, e perf.Efficiency) (float64, bool) {
	eff := func(id string) perf.Efficiency {
		if strings.HasPrefix(id, fam) {
			return e
		}
		return perf.DefaultEfficiency(id)
	}
	var rows []Row
	if fam == "a100" {
		k, err := korthikanti(eff)
		if err != nil {
			t.Fatal(err)
		}
		if s := summarize("k", k); s.MaxAbsPct > 8 || s.MeanAbsPct > 4 {
			return 0, false
		}
		n, err := narayanan(eff)
		if err != nil {
			t.Fatal(err)
		}
		if s := summarize("n", n); s.MaxAbsPct > 15 {
			return 0, false
		}
		rows = append(k, n...)
	}
	x, err := extra(eff)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range x {
		if r.Table == "extra-"+fam {
			rows = append(rows, r)
		}
	}
	return summarize(fam, rows).MeanAbsPct, true
}
