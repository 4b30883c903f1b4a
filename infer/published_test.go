package infer

import "testing"

// TestPublishedNeMoLlama2 sets predictions beside NVIDIA's published
// Llama-2-7B inference latencies: NeMo Framework user guide, "Performance:
// Llama-2 Results, Inference Performance", configuration 1 (chatbot: 128
// input tokens, 20 output tokens), average end-to-end latency in ms, A100
// 80GB SXM4 and H100 80GB HBM3, TP = GPUs, PP = 1
// (docs.nvidia.com/nemo-framework/user-guide/latest/performance/llama.html).
//
//	GPU   TP  B   measured   predicted (defaults: u_c 0.5, u_m 0.7)  pure roofline
//	H100  1   1   153.8      113.3                                   79.3
//	H100  1   8   199.2      139.2                                   91.9
//	H100  8   1    97.6       24.7                                   20.5
//	A100  1   1   234.0      187.7                                  130.3
//	A100  1   8   329.5      270.6                                  172.0
//	A100  8   1   136.5       34.2                                   27.0
//
// On one GPU the defaults land 70–80 % of the measured latency (implied
// bandwidth efficiency ≈ 0.5 including framework overhead). With tensor
// parallelism the measurement scales far worse than the model: the model
// has no per-step fixed cost (kernel launches, sampling, scheduling —
// several ms per step here), which dominates small models on many GPUs.
// The test pins both facts: single-GPU predictions within 35 % below the
// measurement, and every prediction a lower bound.
func TestPublishedNeMoLlama2(t *testing.T) {
	tests := []struct {
		gpu          string
		tp, batch    int
		measuredMS   float64
		withinSingle bool
	}{
		{"h100", 1, 1, 153.8, true}, {"h100", 1, 8, 199.2, true}, {"h100", 8, 1, 97.6, false},
		{"a100", 1, 1, 234.0, true}, {"a100", 1, 8, 329.5, true}, {"a100", 8, 1, 136.5, false},
	}
	for _, tt := range tests {
		acc := h100()
		if tt.gpu == "a100" {
			acc = a100()
		}
		r := mustEstimate(t, Config{Model: llama2_7b(), Accelerator: acc, GPUs: tt.tp, Batch: tt.batch, Prompt: 128, Output: 20})
		got := float64(r.LatencySeconds) * 1e3
		if got > tt.measuredMS {
			t.Errorf("%s TP%d B=%d: predicted %.1f ms above measured %.1f ms", tt.gpu, tt.tp, tt.batch, got, tt.measuredMS)
		}
		if tt.withinSingle && got < 0.65*tt.measuredMS {
			t.Errorf("%s TP%d B=%d: predicted %.1f ms, more than 35%% below measured %.1f ms", tt.gpu, tt.tp, tt.batch, got, tt.measuredMS)
		}
	}
}
