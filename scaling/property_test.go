package scaling

import (
	"testing"

	"github.com/flopsdev/flops/units"
)

// TestMoreComputeNeverShrinks: for every law, N_opt and D_opt are
// non-decreasing in C over 1e17..1e29 FLOPs (every published exponent is
// positive, so a decrease would be a bug in the forms).
func TestMoreComputeNeverShrinks(t *testing.T) {
	laws := Laws()
	c, _ := Custom(Parametric{E: 1.5, A: 300, B: 2000, Alpha: 0.5, Beta: 0.2})
	laws = append(laws, c)
	for _, l := range laws {
		prevN, prevD := l.Optimal(1e17)
		for c := units.FLOPs(1.5e17); c < 1e29; c *= 1.5 {
			n, d := l.Optimal(c)
			if n < prevN || d < prevD {
				t.Errorf("%s: at C=%.3g N,D = %.4g, %.4g fell from %.4g, %.4g", l.ID, float64(c),
					float64(n), float64(d), float64(prevN), float64(prevD))
			}
			prevN, prevD = n, d
		}
	}
}

// TestOptimumMinimisesIsoFLOP: for each parametric law, eq. 4's N_opt has
// a loss no higher than its neighbours on the iso-FLOP curve D = C/(6N)
// (N × 1.001, 1.05, 2 and their inverses), and the numerical iso-FLOP
// minimum agrees with eq. 4 to 1e-4.
func TestOptimumMinimisesIsoFLOP(t *testing.T) {
	for _, l := range Laws() {
		if l.Parametric == nil {
			continue
		}
		for _, c := range []units.FLOPs{1e19, 1e21, GopherFLOPs, 1e26} {
			n, _ := l.Optimal(c)
			at := isoPoint(l, c, n).Loss
			for _, f := range []float64{1.001, 1.05, 2} {
				for _, m := range []float64{f, 1 / f} {
					if nb := isoPoint(l, c, units.Params(float64(n)*m)).Loss; nb < at {
						t.Errorf("%s C=%.3g: L(N·%.3f) = %.8f < L(N_opt) = %.8f", l.ID, float64(c), m, nb, at)
					}
				}
			}
			if got := IsoFLOPOptimum(l, c).Params; relErr(float64(got), float64(n)) > 1e-4 {
				t.Errorf("%s C=%.3g: numerical optimum %.6g, eq. 4 %.6g", l.ID, float64(c), float64(got), float64(n))
			}
		}
	}
}

// TestIsoFLOPKaplan: Kaplan's loss also has an interior iso-FLOP minimum,
// and the curve's points bracket it (first and last point higher).
func TestIsoFLOPKaplan(t *testing.T) {
	r, err := IsoFLOP(IsoFLOPConfig{Laws: []Law{mustLookup(t, KaplanLaw)}, Budgets: []units.FLOPs{1e21}})
	if err != nil {
		t.Fatal(err)
	}
	cv := r.Curves[0]
	if len(cv.Points) != 41 {
		t.Fatalf("got %d points, want the default 41", len(cv.Points))
	}
	if first, last := cv.Points[0].Loss, cv.Points[40].Loss; first <= cv.Optimal.Loss || last <= cv.Optimal.Loss {
		t.Errorf("Kaplan iso-FLOP: ends %.4f, %.4f not above minimum %.4f", first, last, cv.Optimal.Loss)
	}
}

func TestIsoFLOPErrors(t *testing.T) {
	for name, cfg := range map[string]IsoFLOPConfig{
		"no budgets":  {},
		"no loss law": {Laws: []Law{mustLookup(t, ChinchillaApproach1)}, Budgets: []units.FLOPs{1e21}},
		"bad budget":  {Budgets: []units.FLOPs{-1}},
		"points":      {Budgets: []units.FLOPs{1e21}, Points: 1e6},
	} {
		if _, err := IsoFLOP(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
