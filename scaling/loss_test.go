package scaling

import (
	"strings"
	"testing"

	"github.com/flopsdev/flops/units"
)

// TestLossChinchilla: Chinchilla (70B, 1.4T) under each law. Losses as in
// formulas.md §6.3 (1.937 / 1.921 / 1.974, ±0.001); C = 6 × 70e9 × 1.4e12 =
// 5.88e23; the compute that reaches the same loss on a law's frontier is
// never more than C (saved ≥ 0), and under Epoch's refit, whose optimum at
// this budget is 18.4 tokens/param against Chinchilla's 20, less than 1%
// can be saved.
func TestLossChinchilla(t *testing.T) {
	r, err := Loss(LossConfig{Params: 70e9, Tokens: 1.4e12})
	if err != nil {
		t.Fatal(err)
	}
	if relErr(float64(r.ComputeFLOPs), 5.88e23) > 1e-12 {
		t.Errorf("compute = %g, want 5.88e23", float64(r.ComputeFLOPs))
	}
	want := map[string]float64{ChinchillaApproach3: 1.937, ChinchillaApproach3TeX: 1.921, EpochRefit: 1.974}
	for _, row := range r.Laws {
		if w, ok := want[row.Law]; ok && (row.PredictedLoss == nil || relErr(*row.PredictedLoss, w) > 0.001/w) {
			t.Errorf("%s: loss %v, want %.3f", row.Law, row.PredictedLoss, w)
		}
		if row.SavedFraction != nil && (*row.SavedFraction < -1e-9 || *row.SavedFraction >= 1) {
			t.Errorf("%s: saved fraction %.4f out of [0, 1)", row.Law, *row.SavedFraction)
		}
		if row.Law == EpochRefit && (row.SavedFraction == nil || *row.SavedFraction > 0.01) {
			t.Errorf("epoch: saved fraction %v, want < 1%%", row.SavedFraction)
		}
		if row.Law == ChinchillaApproach1 && row.PredictedLoss != nil {
			t.Errorf("approach 1 defines no loss, got %v", *row.PredictedLoss)
		}
	}
}

func TestLossErrors(t *testing.T) {
	for _, cfg := range []LossConfig{{Params: 0, Tokens: 1e12}, {Params: 7e9, Tokens: -1}, {Params: 1e30, Tokens: 1e12}} {
		if _, err := Loss(cfg); err == nil {
			t.Errorf("Loss(%+v): no error", cfg)
		}
	}
}

// TestRangeMessages: out-of-range inputs name the offending value, printed
// with 4 significant digits (QA: "compute 7.123680000000001e+47 FLOPs";
// "params (1..1e18) and tokens (1..1e20)" for a bad params value alone).
func TestRangeMessages(t *testing.T) {
	_, err := Loss(LossConfig{Params: 1e20, Tokens: 1e12})
	if err == nil || !strings.Contains(err.Error(), "params 1e+20 outside") {
		t.Errorf("Loss(N = 1e20) = %v, want it to name params 1e+20", err)
	}
	_, err = Loss(LossConfig{Params: 7e9, Tokens: 1e21})
	if err == nil || !strings.Contains(err.Error(), "tokens 1e+21 outside") {
		t.Errorf("Loss(D = 1e21) = %v, want it to name tokens 1e+21", err)
	}
	// $1e30 at $2/h on 989.4 TFLOP/s × 0.4: 5e29 h × 3600 × 3.9576e14 =
	// 7.12368e47 FLOPs, beyond 1e40.
	_, err = checkPositive("compute", units.FLOPs(7.123680000000001e47))
	if err == nil || !strings.Contains(err.Error(), "7.124e+47 FLOPs") {
		t.Errorf("checkPositive(7.12e47) = %v, want it printed as 7.124e+47", err)
	}
}
