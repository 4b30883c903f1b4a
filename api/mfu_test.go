package api_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
)

// TestMFU: Llama 2 7B at 3,000 tokens/s per A100 (312 TFLOP/s BF16).
// Hand arithmetic: 6·6.738e9 = 40.43e9 per token for the weights plus the
// output head already in the count, plus attention 12·L·d·s = 12·32·4096·4096
// = 6.44e9 (PaLM, no causal halving): ≈ 46.1e9 FLOPs/token;
// 46.1e9 · 3000 / 312e12 = 44.3%.
func TestMFU(t *testing.T) {
	u, err := api.MFURequest{Model: "llama-2-7b", TPSPerGPU: "3000", HW: api.HW{GPU: "a100-sxm4-80gb"}}.Run(api.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(u.MFU-0.443) > 0.003 {
		t.Errorf("MFU got %.4f, want 0.443 ± 0.003", u.MFU)
	}
}

// TestMFUImpossible: a throughput above dense peak is an input error on
// the flag that gave it, not a 1e28% MFU.
func TestMFUImpossible(t *testing.T) {
	tests := []struct {
		req  api.MFURequest
		flag string
	}{
		{api.MFURequest{Model: "llama-2-7b", TPSPerGPU: "1e30", HW: api.HW{GPU: "a100"}}, "--tokens-per-second-per-gpu"},
		// MFU 0.9 with full recompute is HFU 0.9·8/6 = 1.2.
		{api.MFURequest{Params: "7B", MFU: "0.9", Recompute: "full"}, "--mfu"},
	}
	for _, tt := range tests {
		_, err := tt.req.Run(api.Env{})
		var ie *api.InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), tt.flag) {
			t.Errorf("got %v, want an input error on %s", err, tt.flag)
		}
	}
}
