package api_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
)

// TestPlanFixedLayout: a request that fixes every dimension prices exactly
// that layout, and one our memory model says does not fit is still priced
// (fits=false) with the reason. Llama 3.1 405B on 8,192 H100s, TP8 PP16
// DP64 (Llama 3 paper Table 4 row 1, published BF16 MFU 43%) on the fsdp
// stack (Meta's: no tensor-parallel communication overlap).
func TestPlanFixedLayout(t *testing.T) {
	r := api.PlanRequest{Model: "llama-3.1-405b", HW: api.HW{GPU: "h100"}, GPUs: "8192", TP: "8", PP: "16", DP: "64", MicroBatch: "1",
		GlobalBatch: "2048", Seq: "8192", Recompute: "none", ZeRO: "1", SeqParallel: "on", Stack: "fsdp"}
	res, err := r.Run(api.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Candidate == nil || res.Best == nil {
		t.Fatalf("no layout reported: %q", res.Infeasible)
	}
	c := res.Candidate
	if c.TP != 8 || c.PP != 16 || c.DP != 64 || c.MicroBatch != 1 || c.Recompute != "none" || c.ZeRO != 1 {
		t.Errorf("got TP%d PP%d DP%d mbs%d %s ZeRO%d, want the fixed TP8 PP16 DP64 mbs1 none ZeRO1", c.TP, c.PP, c.DP, c.MicroBatch, c.Recompute, c.ZeRO)
	}
	// Published 43% (Llama 3 Table 4); the validation holds it within 10%.
	if math.Abs(c.MFU-0.43)/0.43 > 0.10 {
		t.Errorf("MFU got %.3f, want 0.43 ± 10%%", c.MFU)
	}
	if c.Fits || !strings.Contains(res.Infeasible, "fits=false") {
		t.Errorf("fits %v, infeasible %q: want fits=false with the reason (16 micro-batches of 8K-token activations in flight)", c.Fits, res.Infeasible)
	}
}

// TestPlanBadInput: every bad field is an InputError naming the CLI flag.
func TestPlanBadInput(t *testing.T) {
	base := api.PlanRequest{Model: "llama-3-8b", GPUs: "8"}
	tests := []struct {
		name string
		mod  func(*api.PlanRequest)
		flag string
	}{
		{"no gpus", func(r *api.PlanRequest) { r.GPUs = "" }, "--gpus"},
		{"zero batch", func(r *api.PlanRequest) { r.GlobalBatch = "0" }, "--global-batch"},
		{"fractional micro-batch", func(r *api.PlanRequest) { r.MicroBatch = "1.5" }, "--micro-batch"},
		{"usable > 1", func(r *api.PlanRequest) { r.Usable = "2" }, "--usable-memory"},
		{"negative NIC", func(r *api.PlanRequest) { r.ScaleOut = "-1GB/s" }, "--scale-out"},
		{"bad switch", func(r *api.PlanRequest) { r.SeqParallel = "maybe" }, "--sequence-parallel"},
		{"bad zero", func(r *api.PlanRequest) { r.ZeRO = "5" }, "--zero"},
	}
	for _, tt := range tests {
		r := base
		tt.mod(&r)
		_, err := r.Run(api.Env{})
		var ie *api.InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), tt.flag) {
			t.Errorf("%s: got %v, want an input error starting %q", tt.name, err, tt.flag)
		}
	}
}
