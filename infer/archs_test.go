package infer

import (
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// Architectures from the models' config.json files (formulas.md §1.7, §1.9).

// llama3_8b: meta-llama/Meta-Llama-3-8B config.json.
func llama3_8b() *model.Arch {
	return &model.Arch{Name: "llama-3-8b", Family: "llama", Vocab: 128256, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8,
		HeadDim: 128, FFN: 14336, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 8192}
}

// llama3_70b: meta-llama/Meta-Llama-3-70B config.json.
func llama3_70b() *model.Arch {
	return &model.Arch{Name: "llama-3-70b", Family: "llama", Vocab: 128256, Hidden: 8192, Layers: 80, Heads: 64, KVHeads: 8,
		HeadDim: 128, FFN: 28672, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 8192}
}

// llama2_7b: meta-llama/Llama-2-7b-hf config.json (MHA, 32 heads).
func llama2_7b() *model.Arch {
	return &model.Arch{Name: "llama-2-7b", Family: "llama", Vocab: 32000, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 32,
		HeadDim: 128, FFN: 11008, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 4096}
}

// mistral7b: mistralai/Mistral-7B-v0.1 config.json (GQA 8, sliding window 4096).
func mistral7b() *model.Arch {
	return &model.Arch{Name: "mistral-7b", Family: "mistral", Vocab: 32000, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8,
		HeadDim: 128, FFN: 14336, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 32768, SlidingWindow: 4096}
}

// mixtral8x7b: mistralai/Mixtral-8x7B-v0.1 config.json (8 experts, top-2).
func mixtral8x7b() *model.Arch {
	return &model.Arch{Name: "mixtral-8x7b", Family: "mixtral", Vocab: 32000, Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8,
		HeadDim: 128, FFN: 14336, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 32768,
		MoE: &model.MoE{Experts: 8, TopK: 2, ExpertFFN: 14336, LayerFreq: 1}}
}

// deepseekV3: deepseek-ai/DeepSeek-V3 config.json (MLA, 256 experts top-8,
// 1 shared, first 3 layers dense).
func deepseekV3() *model.Arch {
	return &model.Arch{Name: "deepseek-v3", Family: "deepseek_v3", Vocab: 129280, Hidden: 7168, Layers: 61, Heads: 128, KVHeads: 128,
		HeadDim: 128, FFN: 18432, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2, MaxContext: 163840,
		MoE: &model.MoE{Experts: 256, TopK: 8, ExpertFFN: 2048, SharedExperts: 1, SharedFFN: 2048, FirstDense: 3, LayerFreq: 1, RouterBias: true},
		MLA: &model.MLA{QLoRARank: 1536, KVLoRARank: 512, QKNopeDim: 128, QKRopeDim: 64, VHeadDim: 128}}
}

// h100 is the H100 SXM at dense bf16 989.4 TFLOP/s, 3.35 TB/s, 80 GB, NVLink
// 4 at 900 GB/s bidirectional (formulas.md §4.7, NVIDIA H100 datasheet).
func h100() hardware.Accelerator {
	return hardware.Accelerator{ID: "h100-sxm", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12, hardware.FP8: 1978.9e12},
		Memory: 80e9, Bandwidth: 3.35e12, ScaleUpBandwidth: 900e9}
}

// a100 is the A100 80GB SXM at 312 TFLOP/s bf16 and 2.039 TB/s.
func a100() hardware.Accelerator {
	return hardware.Accelerator{ID: "a100-80gb", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 312e12},
		Memory: 80e9, Bandwidth: 2.039e12, ScaleUpBandwidth: 600e9}
}
