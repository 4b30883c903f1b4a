package engine

import (
	"math"
	"testing"
)

// TestPublishedNeMoLlama2 checks the estimator on measurements it was
// never fitted to: NVIDIA's published Llama-2-7B latencies (NeMo Framework
// user guide, "Performance: Llama-2 Results, Inference Performance",
// configuration 1: 128 input and 20 output tokens, average end-to-end
// latency, TensorRT-LLM, TP = GPUs; docs.nvidia.com/nemo-framework/
// user-guide/latest/performance/llama.html). One request at a time is
// --concurrency 1 measured at the engine (no HTTP front end); the latency
// is TTFT + 19 × TPOT, so it is the batch-1
// TPOT that decides it, on one GPU (within ±20 %) and on eight, where the
// fixed cost of a step, not the weights, sets the time (see below).
//
//	GPU   TP  measured latency
//	H100  1   153.8 ms
//	H100  8    97.6 ms
//	A100  1   234.0 ms
//	A100  8   136.5 ms
func TestPublishedNeMoLlama2(t *testing.T) {
	tests := []struct {
		gpu        string
		tp         int
		measuredMS float64
	}{{"h100-sxm", 1, 153.8}, {"h100-sxm", 8, 97.6}, {"a100-sxm4-80gb", 1, 234.0}, {"a100-sxm4-80gb", 8, 136.5}}
	for _, tt := range tests {
		r := estimate(t, Config{Model: arch(t, "llama-2-7b"), Accelerator: gpu(t, tt.gpu), Profile: profile(t, "trtllm"),
			Layout: Layout{TP: tt.tp}, Prompt: 128, Output: 20, Load: Load{Concurrency: 1}, Direct: true})
		got := float64(r.Latency) * 1e3
		t.Logf("%s TP%d: predicted %.1f ms (TTFT %v, TPOT %v), measured %.1f ms", tt.gpu, tt.tp, got, r.TTFT, r.TPOT, tt.measuredMS)
		switch {
		case tt.tp == 1 && !near(got, tt.measuredMS, 0.20):
			t.Errorf("%s TP1: predicted %.1f ms, measured %.1f ms: beyond ±20 %%", tt.gpu, got, tt.measuredMS)
		case tt.tp == 8 && got > tt.measuredMS:
			// The profile's fixed costs per step are fitted on 2025–26
			// engines (the silicon sample's Llama 3.1 8B at TP8 decodes in
			// about 3 ms per token); NeMo's 2023-24 stack spent more per
			// step (the 20 steps' gap is 2.3 ms a step on H100 and 3.8 ms
			// on A100 under the profiles as refitted on 2026-12-05: 52.4
			// and 61.5 ms predicted), so eight-way rows are predicted faster
			// than NeMo measured, never slower.
			t.Errorf("%s TP8: predicted %.1f ms, slower than NeMo's measured %.1f ms", tt.gpu, got, tt.measuredMS)
		}
	}
}

// TestPublishedTRTLLMOffline checks --max-throughput on measurements it was
// never fitted to: TensorRT-LLM's published offline throughput
// (docs/source/performance/perf-overview.md of NVIDIA/TensorRT-LLM at
// commit 00f37686, v1.0: trtllm-bench throughput, PyTorch backend, every
// request queued at once, ModelOpt FP8/FP4 checkpoints, fixed ISL/OSL,
// total output tokens/s). Llama 3.3 70B has Llama 3.1 70B's architecture.
func TestPublishedTRTLLMOffline(t *testing.T) {
	type row struct {
		isl, osl, requests int
		measured           float64
	}
	shapes := func(ms ...float64) []row {
		// ISL/OSL and the $num_requests the document lists for each.
		base := []row{{128, 128, 30000, 0}, {128, 2048, 3000, 0}, {1000, 1000, 3000, 0}, {2048, 128, 3000, 0}, {2048, 2048, 1500, 0}, {5000, 500, 1500, 0}}
		for i := range base {
			base[i].measured = ms[i]
		}
		return base
	}
	sets := []struct {
		model, gpu, format string
		tp                 int
		rows               []row
	}{
		{"llama-3.3-70b", "b200", "nvfp4", 1, shapes(11147, 9922, 7007, 1339, 4783, 1459)},
		{"llama-3.3-70b", "h200-sxm", "fp8", 1, shapes(3803, 4336, 2909, 442, 2003, 566)},
		{"llama-3.3-70b", "h100-sxm", "fp8", 2, shapes(6378, 6651, 4205, 762, 3082, 898)},
		{"llama-3.1-8b", "h200-sxm", "fp8", 1, shapes(27911, 26221, 17744, 3538, 12194, 3902)},
		{"llama-3.1-8b", "h100-sxm", "fp8", 1, shapes(28312, 22714, 15220, 3450, 9305, 3459)},
	}
	var sum float64
	n := 0
	for _, s := range sets {
		f, err := ParseFormat(s.format)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s.rows {
			res := estimate(t, Config{Model: arch(t, s.model), Accelerator: gpu(t, s.gpu), Profile: profile(t, "trtllm"), Weights: f,
				Layout: Layout{TP: s.tp}, Prompt: r.isl, Output: r.osl, Load: Load{MaxThroughput: true, Requests: r.requests}, Direct: true})
			q := res.OutputTokensPerSecond / r.measured
			t.Logf("%s %s TP%d %s %d/%d: predicted %.0f, measured %.0f tokens/s (%.2f)", s.model, s.gpu, s.tp, s.format, r.isl, r.osl, res.OutputTokensPerSecond, r.measured, q)
			sum += math.Abs(q - 1)
			n++
		}
	}
	t.Logf("mean absolute error %.1f %% over %d rows", 100*sum/float64(n), n)
	if mape := sum / float64(n); mape > offlineMAPE {
		t.Errorf("offline throughput MAPE %.1f %% over %d published rows, want ≤ %.0f %%", 100*mape, n, 100*offlineMAPE)
	}
}

// offlineMAPE bounds the error on the published offline table (18.4 %
// measured with the profiles fitted on the silicon sample, 2026-12-06).
const offlineMAPE = 0.20
