package plan_test

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/units"
)

// Example searches the layouts of Llama-2-7B on 64 A100 80GB (NVIDIA
// datasheet figures) with a 4M-token global batch.
func Example() {
	arch := &model.Arch{Name: "llama-2-7b", Vocab: 32000, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 32,
		HeadDim: 128, FFN: 11008, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2}
	acc := hardware.Accelerator{ID: "a100-sxm4-80gb", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 312e12},
		Memory: 80e9, Bandwidth: 2.039e12, ScaleUpBandwidth: 600e9, ScaleUpDomain: 8}
	c, err := perf.NewCluster(acc, hardware.BF16, 64)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := plan.Run(plan.Request{Arch: arch, Options: perf.ShapeOptions{FlashAttention: true}, Cluster: c,
		Training: perf.DefaultTraining(1024, 4096), Top: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := res.Top[0]
	fmt.Printf("TP%d PP%d DP%d mbs %d, recompute %s, ZeRO %d: %.1f s/step, MFU %.0f%%\n",
		b.TP, b.PP, b.DP, b.MicroBatch, b.Recompute, b.ZeRO, b.StepTime, 100*b.MFU)
	// Output: TP1 PP1 DP64 mbs 2, recompute none, ZeRO 1: 13.5 s/step, MFU 71%
}
