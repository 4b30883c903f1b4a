package infer_test

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// h100 is an H100 SXM: 989.4 TFLOP/s dense bf16, 3.35 TB/s, 80 GB, NVLink
// 900 GB/s (NVIDIA datasheet; formulas.md §4.7).
var h100 = hardware.Accelerator{ID: "h100-sxm", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12},
	Memory: 80e9, Bandwidth: 3.35e12, ScaleUpBandwidth: 900e9}

// The explainer's 70B example with only a parameter count: memory-bound at
// 140 GB / 3.35 TB/s = 41.8 ms per token, and 140 GB does not fit in 80 GB.
func ExampleEstimate() {
	r, err := infer.Estimate(infer.Config{Params: 70e9, Accelerator: h100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s per token, %s-bound, fits: %v\n", r.SecondsPerToken, r.Bound, r.Fits)
	fmt.Printf("compute-bound from batch %.0f (ridge %.0f FLOP/B)\n", *r.CriticalBatch, r.RidgePoint)
	// Output:
	// 41.8 ms per token, memory-bound, fits: false
	// compute-bound from batch 295 (ridge 295 FLOP/B)
}

// Llama-3-8B (config.json shape) at batch 32 with 8k contexts on one H100,
// at the pure roofline (efficiency 1): KV reads dominate the decode step.
func ExampleEstimate_llama3() {
	arch := &model.Arch{Name: "llama-3-8b", Vocab: 128256, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8,
		HeadDim: 128, FFN: 14336, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 8192}
	r, err := infer.Estimate(infer.Config{Model: arch, Accelerator: h100, Batch: 32, Prompt: 8191, Output: 2,
		ComputeEff: 1, BandwidthEff: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("KV %s, step %s, %.0f tokens/s\n", r.KVCacheBytes.IEC(), r.SecondsPerOutputToken, r.TokensPerSecond)
	fmt.Println(r.CriticalBatchNote[:5])
	// Output:
	// KV 32.0 GiB, step 14.7 ms, 2171 tokens/s
	// never
}

// A sweep over batch sizes given as a power-of-two range.
func ExampleSweep() {
	batches, _ := infer.ParseBatches("1-8")
	rs, err := infer.Sweep(infer.Config{Params: 7e9, Accelerator: h100}, batches)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rs {
		fmt.Printf("B=%d %.0f tokens/s\n", r.Batch, r.TokensPerSecond)
	}
	// Output:
	// B=1 239 tokens/s
	// B=2 479 tokens/s
	// B=4 957 tokens/s
	// B=8 1914 tokens/s
}
