package hardware

import "testing"

// TestRTX5090BF16: the RTX 5090 has a BF16 peak, at its FP16 tensor rate:
// NVIDIA's 838.4 TFLOP/s sparse FP16/BF16 figure halved for dense, 419.2e12
// FLOP/s (680 tensor cores × 2.407 GHz × 256 16-bit ops per clock), so
// training on it defaults to bf16 rather than falling back to fp16.
func TestRTX5090BF16(t *testing.T) {
	a, err := Default().Lookup("rtx-5090")
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Peak(BF16)
	if err != nil || float64(got) != 419.2e12 {
		t.Errorf("rtx-5090 bf16 peak = %v (%v), want 419.2e12 FLOP/s", float64(got), err)
	}
	// 680 × 2.407e9 × 256 = 4.190e14, the datasheet's figure to 0.05 %.
	if r := 680 * 2.407e9 * 256 / 419.2e12; r < 0.999 || r > 1.001 {
		t.Errorf("tensor cores × clock × ops = %.4g of the datasheet figure", r)
	}
}
