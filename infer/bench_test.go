package infer

import "testing"

// BenchmarkEstimate is one full evaluation (prefill, exact decode sum,
// memory, critical batch) of DeepSeek-V3 (61 layers, MoE, MLA) on 8 GPUs.
func BenchmarkEstimate(b *testing.B) {
	c := Config{Model: deepseekV3(), Accelerator: h100(), GPUs: 8, Batch: 64, Prompt: 4096, Output: 1024, Price: 2}
	for b.Loop() {
		if _, err := Estimate(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep is a 10-point batch sweep (1-512) of Llama-3-70B on 8 GPUs.
func BenchmarkSweep(b *testing.B) {
	c := Config{Model: llama3_70b(), Accelerator: h100(), GPUs: 8, Prompt: 2048, Output: 512}
	batches, err := ParseBatches("1-512")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Sweep(c, batches); err != nil {
			b.Fatal(err)
		}
	}
}
