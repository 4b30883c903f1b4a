package infer

import (
	"strings"
	"testing"

	"github.com/flopsdev/flops/units"
)

// TestParamsOutOfRange checks that absurd parameter counts are refused
// instead of printing +Inf or NaN (QA: --params 1e308 printed +Inf and
// exited 0): 1e308 × 2 bytes overflows float64.
func TestParamsOutOfRange(t *testing.T) {
	for _, n := range []float64{1e308, 1e17, 1e-300, 0.5} {
		_, err := Estimate(Config{Params: units.Params(n), Accelerator: h100()})
		if err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("params %g: err = %v, want an out-of-range error", n, err)
		}
	}
	if _, err := Estimate(Config{Params: 70e9, Accelerator: h100()}); err != nil {
		t.Errorf("70B: %v", err)
	}
}
