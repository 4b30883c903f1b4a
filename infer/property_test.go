package infer

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// TestDecodeSumExact compares the closed-form decode sum with a step-by-step
// loop, across a sliding-window bend (Mistral, window 4096) and a
// compute/memory crossing (Llama-3-8B at B = 64 turns memory-bound as KV
// grows).
func TestDecodeSumExact(t *testing.T) {
	tests := []struct {
		name string
		c    Config
	}{
		{"mistral window bend", Config{Model: mistral7b(), Accelerator: h100(), Batch: 8, Prompt: 3900, Output: 400}},
		{"llama crossing", Config{Model: llama3_8b(), Accelerator: h100(), Batch: 512, Prompt: 1, Output: 2000, ComputeEff: 0.3, BandwidthEff: 1}},
		{"deepseek MLA TP", Config{Model: deepseekV3(), Accelerator: h100(), GPUs: 8, Batch: 16, Prompt: 50, Output: 300}},
	}
	for _, tt := range tests {
		r := mustEstimate(t, tt.c)
		st, err := resolve(tt.c, &r.Trace)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := st.decodeRange()
		var loop float64
		bounds := map[string]bool{}
		for c := lo; c <= hi; c++ {
			s := st.decodeStep(c)
			loop += s.time()
			bounds[s.bound()] = true
		}
		want := loop / float64(hi-lo+1)
		if got := float64(r.SecondsPerOutputToken); !near(got, want, 1e-9) {
			t.Errorf("%s: mean step = %.12g, loop gives %.12g", tt.name, got, want)
		}
		if tt.name == "llama crossing" && len(bounds) != 2 {
			t.Errorf("%s: test does not cross the ridge (bounds %v)", tt.name, bounds)
		}
	}
}

// TestMonotoneBatch: more batch never lowers aggregate tokens/s while
// decode is memory-bound (each step reads the same weights for more
// tokens).
func TestMonotoneBatch(t *testing.T) {
	for _, c := range []Config{
		{Model: llama3_8b(), Accelerator: h100(), Prompt: 512, Output: 128},
		{Model: mixtral8x7b(), Accelerator: h100(), GPUs: 2, Prompt: 512, Output: 128},
		{Model: llama3_70b(), Accelerator: h100(), GPUs: 8, Prompt: 2048, Output: 512},
		{Params: 13e9, Accelerator: a100()},
	} {
		prev := 0.0
		for b := 1; b <= 512; b++ {
			c.Batch = b
			r := mustEstimate(t, c)
			if r.DecodeBound != "memory" {
				break
			}
			if r.TokensPerSecond < prev*(1-1e-12) {
				t.Errorf("%s: tokens/s fell from %g to %g at batch %d", r.Model, prev, r.TokensPerSecond, b)
				break
			}
			prev = r.TokensPerSecond
		}
	}
}

// TestMonotoneGPUs: more GPUs never raise the decode step's memory time
// (weights and KV read ÷ (t·bandwidth); KV heads replicated beyond t = K
// stop shrinking but never grow), and at these batches, where the weights
// dominate the bytes, 64 GPUs read them in under an eighth of one GPU's
// time (the weights alone give 1/64). The times are the model's own
// Decode.MemorySeconds: recomputing weights ÷ (t·bandwidth) in the test
// from Decode.WeightBytes, which does not depend on t, could not fail.
func TestMonotoneGPUs(t *testing.T) {
	for _, a := range []Config{
		{Model: llama3_70b(), Accelerator: h100(), Batch: 4},
		{Model: mixtral8x7b(), Accelerator: h100(), Batch: 16},
		{Model: deepseekV3(), Accelerator: h100(), Batch: 32},
	} {
		var first, prev float64
		for _, g := range []int{1, 2, 3, 4, 6, 8, 16, 32, 64} {
			a.GPUs = g
			r := mustEstimate(t, a)
			mt := float64(r.Decode.MemorySeconds)
			if g == 1 {
				first = mt
			} else if mt > prev*(1+1e-12) {
				t.Errorf("%s: decode memory time rose from %g s to %g s at %d GPUs", r.Model, prev, mt, g)
			}
			prev = mt
		}
		if prev > first/8 {
			t.Errorf("%s: decode memory time %g s on 64 GPUs, want under an eighth of %g s on one", a.Model.Name, prev, first)
		}
	}
}

// TestMonotoneContext: longer context never lowers KV bytes.
func TestMonotoneContext(t *testing.T) {
	for _, c := range []Config{
		{Model: mistral7b(), Accelerator: h100()},
		{Model: llama3_8b(), Accelerator: h100(), GPUs: 16},
		{Model: deepseekV3(), Accelerator: h100(), GPUs: 8},
	} {
		prev := -1.0
		for _, p := range []int{1, 100, 1000, 4095, 4096, 4097, 8000, 32000, 100000} {
			c.Prompt, c.Output = p, 1
			r := mustEstimate(t, c)
			if kv := float64(r.KVCacheBytes); kv < prev {
				t.Errorf("%s: KV bytes fell from %g to %g at context %d", r.Model, prev, kv, p+1)
			} else {
				prev = kv
			}
		}
	}
}

func TestMaxBatchAndContext(t *testing.T) {
	// Llama-3-8B on one H100 at P+G = 8192: free = 80e9 − 16,060,522,496
	// weights − chunk workspace 8192 × (2·4096 + 2·14336) × 2 B =
	// 603,979,776 → 63,335,497,728 B; per sequence 1,073,741,824 B KV +
	// 128,256 × 4 B logits = 1,074,254,848 ⇒ ⌊58.96⌋ = 58.
	r := mustEstimate(t, Config{Model: llama3_8b(), Accelerator: h100(), Prompt: 8191, Output: 1})
	if r.MaxBatch == nil || *r.MaxBatch != 58 {
		t.Errorf("max batch = %v, want 58", r.MaxBatch)
	}
	// Batch 64 at 1024 context: the model's 8192 limit binds before memory.
	r = mustEstimate(t, Config{Model: llama3_8b(), Accelerator: h100(), Batch: 4, Prompt: 1000, Output: 24})
	if r.MaxContext == nil || *r.MaxContext != 8192 || r.MaxContextLimit != "model" {
		t.Errorf("max context = %v (%s), want 8192 (model)", r.MaxContext, r.MaxContextLimit)
	}
	// Batch 64, memory binds: the KV of B·c tokens must fit the free memory.
	r = mustEstimate(t, Config{Model: llama3_8b(), Accelerator: h100(), Batch: 64, Prompt: 100, Output: 24})
	if r.MaxContext == nil || r.MaxContextLimit != "memory" {
		t.Fatalf("max context = %v (%s), want memory-limited", r.MaxContext, r.MaxContextLimit)
	}
	st, _ := resolve(Config{Model: llama3_8b(), Accelerator: h100(), Batch: 64, Prompt: 100, Output: 24}, &r.Trace)
	free := st.mem - st.weightsPerGPU() - st.workspace(64)
	c := *r.MaxContext
	if 64*st.kvPerSeqGPU(c) > free || 64*st.kvPerSeqGPU(c+1) <= free {
		t.Errorf("max context %d is not the largest fitting context", c)
	}
}

func TestCost(t *testing.T) {
	// $2/GPU-hour × 8 GPUs = $0.004444/s; cost per 1M output tokens =
	// 0.004444 / tokens_per_second × 1e6.
	r := mustEstimate(t, Config{Model: llama3_70b(), Accelerator: h100(), GPUs: 8, Price: 2})
	want := 2.0 * 8 / 3600 / r.TokensPerSecond * 1e6
	if r.CostPerMillionOutput == nil || !near(*r.CostPerMillionOutput, want, 1e-12) {
		t.Errorf("cost/M output = %v, want %g", r.CostPerMillionOutput, want)
	}
	wantIn := 2.0 * 8 / 3600 / (float64(r.Batch*r.Prompt) / float64(r.TTFT)) * 1e6
	if r.CostPerMillionInput == nil || !near(*r.CostPerMillionInput, wantIn, 1e-12) {
		t.Errorf("cost/M input = %v, want %g", r.CostPerMillionInput, wantIn)
	}
	if n := mustEstimate(t, Config{Model: llama3_70b(), Accelerator: h100(), GPUs: 8}); n.CostPerMillionOutput != nil {
		t.Errorf("cost without a price = %v, want nil", *n.CostPerMillionOutput)
	}
}

func TestCriticalBatchNever(t *testing.T) {
	// formulas.md §4.4: Llama-3-8B on H100, KV at 128 KiB/token; beyond
	// ~415 tokens of context decode can never be compute-bound (at
	// efficiency 1). At ~300 tokens B* exists, at ~2000 it does not.
	short := mustEstimate(t, ideal(Config{Model: llama3_8b(), Accelerator: h100(), Prompt: 250, Output: 100}))
	if short.CriticalBatch == nil {
		t.Errorf("context 300: critical batch never (%s), want a value", short.CriticalBatchNote)
	}
	long := mustEstimate(t, ideal(Config{Model: llama3_8b(), Accelerator: h100(), Prompt: 2000, Output: 100}))
	if long.CriticalBatch != nil || !strings.HasPrefix(long.CriticalBatchNote, "never") {
		t.Errorf("context 2050: critical batch %v (%q), want never", long.CriticalBatch, long.CriticalBatchNote)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		c    Config
		want string
	}{
		{"no model", Config{Accelerator: h100()}, "no model"},
		{"negative batch", Config{Params: 7e9, Accelerator: h100(), Batch: -1}, "batch"},
		{"huge prompt", Config{Params: 7e9, Accelerator: h100(), Prompt: MaxTokens + 1}, "prompt"},
		{"efficiency > 1", Config{Params: 7e9, Accelerator: h100(), ComputeEff: 1.5}, "compute efficiency"},
		{"no precision", Config{Params: 7e9, Accelerator: h100(), Precision: "fp4"}, "fp4"},
		{"no bandwidth", Config{Params: 7e9, Accelerator: a100NoBW()}, "bandwidth"},
	}
	for _, tt := range tests {
		_, err := Estimate(tt.c)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func a100NoBW() (a hardware.Accelerator) {
	a = a100()
	a.Bandwidth = 0
	return a
}

func TestParseBatches(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"8", []int{8}},
		{"1,2,4", []int{1, 2, 4}},
		{"1-512", []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}},
		{"3-20", []int{3, 6, 12, 20}},
		{"1-4, 96", []int{1, 2, 4, 96}},
	}
	for _, tt := range tests {
		got, err := ParseBatches(tt.in)
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("ParseBatches(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseBatches(%q) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
	for _, bad := range []string{"", "0", "-3", "8-4", "1,x", "1-99999999999", "1.5"} {
		if _, err := ParseBatches(bad); err == nil {
			t.Errorf("ParseBatches(%q) succeeded, want error", bad)
		}
	}
}

func TestSweep(t *testing.T) {
	rs, err := Sweep(Config{Model: llama3_8b(), Accelerator: h100()}, []int{1, 8, 64})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 || rs[0].Batch != 1 || rs[2].Batch != 64 {
		t.Fatalf("sweep batches wrong: %d results", len(rs))
	}
	if _, err := Sweep(Config{Model: llama3_8b(), Accelerator: h100()}, nil); err == nil {
		t.Error("empty sweep succeeded")
	}
}

// TestJSONEncodable: every result encodes as JSON (no NaN or ±Inf),
// including the "never" critical batch, unknown memory and links.
func TestJSONEncodable(t *testing.T) {
	noMem := h100()
	noMem.Memory, noMem.ScaleUpBandwidth = 0, 0
	for _, c := range []Config{
		{Model: llama3_8b(), Accelerator: h100(), Prompt: 8000},
		{Model: deepseekV3(), Accelerator: noMem, GPUs: 4},
		{Params: 7e9, Accelerator: noMem, GPUs: 2, Price: 3},
	} {
		r := mustEstimate(t, c)
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%s: %v", r.Model, err)
		}
	}
}

func TestPrecisionFallback(t *testing.T) {
	// A V100 has no bf16 tensor cores: the default falls back to fp16
	// (125 TFLOP/s dense, NVIDIA V100 datasheet).
	v100 := hardware.Accelerator{ID: "v100", Dense: map[hardware.Precision]units.FLOPRate{hardware.FP16: 125e12},
		Bandwidth: 900e9, Memory: 32e9}
	r := mustEstimate(t, Config{Params: 7e9, Accelerator: v100})
	if r.Precision != "fp16" || float64(r.PeakFLOPs) != 125e12 {
		t.Errorf("precision %s peak %g, want fp16 at 125e12", r.Precision, float64(r.PeakFLOPs))
	}
}
