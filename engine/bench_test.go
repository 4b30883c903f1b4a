package engine

import "testing"

// BenchmarkConcurrency is one --concurrency estimate: Llama 3.1 70B on
// 8 H200 at 64 requests in flight, 1,024 + 1,024 tokens (target < 5 ms).
func BenchmarkConcurrency(b *testing.B) {
	c := Config{Model: arch(b, "llama-3.1-70b"), Accelerator: gpu(b, "h200-sxm"), Profile: profile(b, "trtllm"),
		Weights: formats["fp8"], Layout: Layout{TP: 8}, Prompt: 1024, Output: 1024, Load: Load{Concurrency: 64}}
	for b.Loop() {
		if _, err := Estimate(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRate10k is a --rate run of 10,000 requests near capacity:
// DeepSeek-V3 on 8 B200 with attention data parallelism and expert
// parallelism (target < 100 ms).
func BenchmarkRate10k(b *testing.B) {
	c := Config{Model: arch(b, "deepseek-v3"), Accelerator: gpu(b, "b200"), Profile: profile(b, "sglang"),
		Weights: formats["nvfp4"], Layout: Layout{TP: 1, AttentionDP: 8, EP: 8}, Prompt: 1024, Output: 1024,
		Load: Load{Rate: 8, Requests: 10000}}
	for b.Loop() {
		if _, err := Estimate(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDisagg is a disaggregated closed loop: 2 prefill and 2 decode
// workers of DeepSeek-V3 on GB200 at 512 requests in flight.
func BenchmarkDisagg(b *testing.B) {
	c := Config{Model: arch(b, "deepseek-v3"), Accelerator: gpu(b, "gb200"), Profile: profile(b, "trtllm"),
		Weights: formats["nvfp4"], Prompt: 1024, Output: 1024, Load: Load{Concurrency: 512},
		Disagg: &Disagg{Prefill: Layout{TP: 4, EP: 4}, PrefillWorkers: 2, Decode: Layout{TP: 1, AttentionDP: 8, EP: 8}, DecodeWorkers: 2}}
	for b.Loop() {
		if _, err := Estimate(c); err != nil {
			b.Fatal(err)
		}
	}
}
