package engine

import (
	"math"
	"strings"
	"testing"
)

// TestMemoryFractions: each framework's memory fraction sizes the KV cache
// as the framework documents it, for Llama 3.1 8B in bf16 on one H100:
//
//	vLLM gpu_memory_utilization 0.9 of the total holds weights, the
//	activation peak and the KV cache:            KV = 0.9·C − W − A
//	SGLang mem_fraction_static 0.88 of the total holds weights and the
//	KV pool; activations live in the rest:       KV = 0.88·C − W
//	TensorRT-LLM KvCacheConfig free_gpu_memory_fraction 0.9 of the memory
//	free after weights and workspace:            KV = 0.9·(C − W − A)
//
// The weights are 2 bytes per parameter of the model's count (8.03 B,
// embedding and head untied), within 0.5 % (norms kept at 2 bytes too).
func TestMemoryFractions(t *testing.T) {
	a := arch(t, "llama-3.1-8b")
	wantW := 2 * float64(a.Count().Total)
	cases := []struct {
		profile string
		kv      func(c, w, ws float64) float64
	}{
		{"vllm", func(c, w, ws float64) float64 { return 0.9*c - w - ws }},
		{"sglang", func(c, w, ws float64) float64 { return 0.88*c - w }},
		{"trtllm", func(c, w, ws float64) float64 { return 0.9 * (c - w - ws) }},
	}
	for _, tc := range cases {
		k, err := NewCosts(Config{Model: a, Accelerator: gpu(t, "h100-sxm"), Profile: profile(t, tc.profile)})
		if err != nil {
			t.Fatal(err)
		}
		m := k.Memory(Layout{TP: 1}, false)
		c, w, ws := float64(m.Capacity), float64(m.Weights), float64(m.Workspace)
		if !near(w, wantW, 0.005) {
			t.Errorf("%s: weights %.4g B, want 2 × %.4g parameters", tc.profile, w, wantW/2)
		}
		if ws <= 0 || ws > 0.05*c {
			t.Errorf("%s: workspace %.4g B, want a positive few %% of %.4g", tc.profile, ws, c)
		}
		if got, want := float64(m.KVCache), tc.kv(c, w, ws); math.Abs(got-want) > 1e-6*c {
			t.Errorf("%s: KV cache %.6g B, want %.6g B", tc.profile, got, want)
		}
		if got := float64(m.Usable - m.Weights - m.Workspace); got != float64(m.KVCache) {
			t.Errorf("%s: usable − weights − workspace = %.6g B, KV cache %.6g B", tc.profile, got, float64(m.KVCache))
		}
	}
}

// TestMemoryAssumption: the assumptions say what the memory fraction is
// a fraction of.
func TestMemoryAssumption(t *testing.T) {
	r := estimate(t, Config{Model: arch(t, "llama-3.1-8b"), Accelerator: gpu(t, "h100-sxm"), Profile: profile(t, "trtllm"),
		Load: Load{Concurrency: 1, Requests: 2}})
	for _, a := range r.Assumptions {
		if a.Name == "memory" && strings.Contains(a.Value, "free after weights") && strings.Contains(a.Source, "free_gpu_memory_fraction") {
			return
		}
	}
	t.Errorf("no memory assumption naming free_gpu_memory_fraction in %+v", r.Assumptions)
}
