package scaling

import (
	"strings"
	"testing"

	"github.com/flopsdev/flops/explain"
)

// h100 is an H100 SXM at 50% MFU and $2/h: dense BF16 peak 989.4 TFLOP/s
// (formulas.md §8 item 2).
var h100 = Hardware{Name: "h100-sxm", Peak: 989.4e12, MFU: 0.5, Price: 2}

// TestBudgetCompute checks each way of giving a budget against
// formulas.md §8: 4.2e22 FLOPs at 0.5 × 989.4 TFLOP/s take 23,583
// GPU-hours = $47,166 at $2/h = 46.06 h on 512 GPUs; and §7: Llama 3.1
// 405B's 30.84M H100-hours at 342 TFLOP/s (34.6% MFU) are 3.8e25 FLOPs.
func TestBudgetCompute(t *testing.T) {
	on512 := h100
	on512.GPUs = 512
	llama := Hardware{Peak: 989.4e12, MFU: 342.3 / 989.4}
	for _, tt := range []struct {
		name string
		b    Budget
		want float64
		tol  float64
	}{
		{"flops", Budget{FLOPs: 4.2e22}, 4.2e22, 1e-12},
		{"dollars", Budget{USD: 47166, Hardware: &h100}, 4.2e22, 1e-3},
		{"gpu-hours", Budget{GPUHours: 23583, Hardware: &h100}, 4.2e22, 1e-3},
		{"days", Budget{Days: 23583.0 / 512 / 24, Hardware: &on512}, 4.2e22, 1e-3},
		{"llama 3.1 405B", Budget{GPUHours: 30.84e6, Hardware: &llama}, 3.8e25, 5e-3},
	} {
		var tr explain.Trace
		got, err := tt.b.Compute(&tr)
		if err != nil || relErr(float64(got), tt.want) > tt.tol {
			t.Errorf("%s: got %.5g (%v), want %.4g ±%g", tt.name, float64(got), err, tt.want, tt.tol)
		}
	}
	c := CostOf(4.2e22, on512)
	if relErr(c.GPUHours, 23583) > 1e-3 || relErr(float64(c.USD), 47166) > 1e-3 || relErr(float64(c.Seconds)/3600, 46.06) > 1e-3 {
		t.Errorf("CostOf(4.2e22) = %+v, want 23,583 h, $47,166, 46.06 h wall", c)
	}
}

func TestBudgetErrors(t *testing.T) {
	noPrice := h100
	noPrice.Price = 0
	badMFU := h100
	badMFU.MFU = 1.5
	for _, tt := range []struct {
		name string
		b    Budget
		want string
	}{
		{"none", Budget{}, "no budget"},
		{"two", Budget{FLOPs: 1e21, USD: 5}, "more than one"},
		{"no hardware", Budget{USD: 1000}, "accelerator"},
		{"no price", Budget{USD: 1000, Hardware: &noPrice}, "price"},
		{"no gpus", Budget{Days: 3, Hardware: &h100}, "GPU count"},
		{"mfu", Budget{GPUHours: 10, Hardware: &badMFU}, "MFU"},
		{"negative", Budget{FLOPs: -5}, "positive"},
		{"absurd", Budget{FLOPs: 1e60}, "1e40"},
	} {
		var tr explain.Trace
		_, err := tt.b.Compute(&tr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}
