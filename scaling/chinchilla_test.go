package scaling

import "testing"

// TestApproach1Table3 checks the Approach 1 law against Hoffmann et al.
// 2022 Table 3. The law is anchored on the 67B/1.5T row at 5.76e23 FLOPs
// (reproduced exactly); the other rows keep 6·N·D = C within 1% while the
// anchor row spends 4.7% more, so the law's D reads above them. Tolerances,
// from the row-by-row arithmetic (k_N = 67e9/√5.76e23 = 0.08828 against
// each row's N/√C of 0.0877–0.0913; k_D = 1.5e12/√5.76e23 = 1.976 against
// 1.826–1.896): N within 3.5%, D between 0 and +9%.
func TestApproach1Table3(t *testing.T) {
	l := mustLookup(t, ChinchillaApproach1)
	for _, row := range Table3() {
		n, d := l.Optimal(row.FLOPs)
		if e := relErr(float64(n), float64(row.Params)); e > 0.035 {
			t.Errorf("C=%.3g: N_opt = %.4g, want %.4g ±3.5%% (Table 3)", float64(row.FLOPs), float64(n), float64(row.Params))
		}
		if r := float64(d)/float64(row.Tokens) - 1; r < -1e-9 || r > 0.09 {
			t.Errorf("C=%.3g: D_opt = %.4g, want %.4g to +9%% (Table 3)", float64(row.FLOPs), float64(d), float64(row.Tokens))
		}
	}
	// The anchor itself: 67B → 1.5T at Gopher's 5.76e23, to rounding.
	n, d := l.Optimal(GopherFLOPs)
	if relErr(float64(n), 67e9) > 1e-9 || relErr(float64(d), 1.5e12) > 1e-9 {
		t.Errorf("Approach 1 at 5.76e23 = %.4g, %.4g, want 67B, 1.5T (Table 3)", float64(n), float64(d))
	}
}

// TestApproach2TableA3 checks the Approach 2 law (Table 2 exponents 0.49,
// 0.51, coefficients least-squares fitted to Table A3) against Table A3's
// Approach 2 rows: within 1% except the 67B row, which lies off the fit by
// 3.3% in N and 2.5% in D (hand arithmetic: its N/C^0.49 is 3.3% below the
// geometric mean of the nine rows).
func TestApproach2TableA3(t *testing.T) {
	l := mustLookup(t, ChinchillaApproach2)
	for _, row := range TableA3Approach2() {
		tol := 0.01
		if row.Params == 67e9 {
			tol = 0.035
		}
		n, d := l.Optimal(row.FLOPs)
		if relErr(float64(n), float64(row.Params)) > tol || relErr(float64(d), float64(row.Tokens)) > tol {
			t.Errorf("C=%.3g: got %.4g, %.4g, want %.4g, %.4g ±%.1f%% (Table A3)", float64(row.FLOPs),
				float64(n), float64(d), float64(row.Params), float64(row.Tokens), 100*tol)
		}
	}
}

// TestTablesConsistent checks the embedded tables against C = 6·N·D: every
// row within 1.2% except Table 3's Gopher row (6 × 67e9 × 1.5e12 = 6.03e23,
// +4.7%), which the Approach 1 notes explain.
func TestTablesConsistent(t *testing.T) {
	for name, rows := range map[string][]Projection{"Table 3": Table3(), "Table A3": TableA3Approach2()} {
		for _, r := range rows {
			got := 6 * float64(r.Params) * float64(r.Tokens) / float64(r.FLOPs)
			tol := 0.012
			if name == "Table 3" && r.Params == 67e9 {
				tol = 0.05
			}
			if relErr(got, 1) > tol {
				t.Errorf("%s row %.3g: 6ND/C = %.4f, want 1 ±%.1f%%", name, float64(r.Params), got, 100*tol)
			}
		}
	}
}
