package plan

import (
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// gpt builds a Megatron GPT shape (LayerNorm, biases, GeLU MLP 4h,
// learned positions, tied embeddings) from Korthikanti et al. 2022 Table 5.
func gpt(name string, hidden, heads, layers int) *model.Arch {
	return &model.Arch{Name: name, Vocab: 51200, Hidden: hidden, Layers: layers, Heads: heads, KVHeads: heads,
		HeadDim: hidden / heads, FFN: 4 * hidden, Norm: model.LayerNorm, NormsPerLayer: 2, QKVBias: true,
		OutBias: true, MLPBias: true, TiedEmbeddings: true, PositionTable: 2048, MaxContext: 2048}
}

// a100 is an A100 80GB SXM4 (NVIDIA datasheet: 312 TFLOP/s BF16 dense,
// 80 GB, 2.039 TB/s, NVLink 600 GB/s bidirectional, 8 per node).
func a100(gpus int) perf.Cluster {
	acc := hardware.Accelerator{ID: "a100-sxm4-80gb", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 312e12},
		Memory: 80e9, Bandwidth: 2.039e12, ScaleUpBandwidth: 600e9, ScaleUpDomain: 8}
	c, err := perf.NewCluster(acc, hardware.BF16, gpus)
	if err != nil {
		panic(err) // the literal above has a BF16 peak
	}
	c.Price = 2
	return c
}

func request(arch *model.Arch, gpus, gb int) Request {
	return Request{Arch: arch, Options: perf.ShapeOptions{FlashAttention: true}, Cluster: a100(gpus),
		Training: perf.DefaultTraining(gb, 2048), Top: 5}
}
