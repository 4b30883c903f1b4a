package validate

import (
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// gptArch builds the Megatron-LM GPT architecture used by both NVIDIA
// papers: LayerNorm with bias, biases on every projection, a plain GeLU MLP,
// learned position embeddings of the sequence length, and the word
// embedding tied to the output head (Megatron-LM's default). These are our
// stated choices; the papers give hidden, FFN, heads, layers and vocab.
func gptArch(name string, hidden, ffn, heads, layers, vocab, seq int) *model.Arch {
	return &model.Arch{
		Name: name, Family: "gpt", Vocab: vocab, Hidden: hidden, Layers: layers,
		Heads: heads, KVHeads: heads, HeadDim: hidden / heads, FFN: ffn,
		Norm: model.LayerNorm, NormsPerLayer: 2, QKVBias: true, OutBias: true, MLPBias: true,
		TiedEmbeddings: true, PositionTable: seq, MaxContext: seq,
	}
}

// seleneA100 is one A100 80GB SXM4 of NVIDIA's Selene (DGX A100 nodes):
// 312 TFLOP/s dense BF16/FP16, 80 GB HBM2e at 2.039 TB/s, NVLink 3 at
// 600 GB/s bidirectional in 8-GPU nodes (accelerators.csv row
// a100-sxm4-80gb, NVIDIA A100 datasheet), and one 200 Gb/s HDR InfiniBand
// NIC per GPU = 25 GB/s per direction (DGX A100 user guide: 8 compute
// ConnectX-6 ports per node).
func seleneA100(gpus int) perf.Cluster {
	acc := hardware.Accelerator{
		ID: "a100-sxm4-80gb", Vendor: "NVIDIA", Name: "A100 80GB SXM4",
		Dense:  map[hardware.Precision]units.FLOPRate{hardware.BF16: 312e12, hardware.FP16: 312e12},
		Memory: 80e9, Bandwidth: 2.039e12, TDP: 400, ScaleUp: "NVLink 3", ScaleUpBandwidth: 600e9, ScaleUpDomain: 8,
		Source: "NVIDIA A100 datasheet (flops hw show a100-sxm4-80gb)",
	}
	c, _ := perf.NewCluster(acc, hardware.BF16, gpus) // the literal above has a BF16 peak
	c.ScaleOut = 25e9
	return c
}
