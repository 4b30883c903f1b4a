package model

import (
	"math"
	"testing"
)

// llamaLike builds a Llama-style record: RMSNorm, 2 norms per layer,
// gated MLP, no biases, untied unless tied.
func llamaLike(name string, v, d, layers, h, k, f int) *Arch {
	return &Arch{Name: name, Family: "llama", Vocab: v, Hidden: d, Layers: layers, Heads: h, KVHeads: k,
		HeadDim: d / h, FFN: f, GatedMLP: true, Norm: RMSNorm, NormsPerLayer: 2}
}

// gptLike builds a GPT-2/3 style record: LayerNorm, biases, plain 4d MLP,
// tied embeddings, learned positions.
func gptLike(name string, v, d, layers, h, ctx int) *Arch {
	return &Arch{Name: name, Family: "gpt2", Vocab: v, Hidden: d, Layers: layers, Heads: h, KVHeads: h,
		HeadDim: d / h, FFN: 4 * d, Norm: LayerNorm, NormsPerLayer: 2, QKVBias: true, OutBias: true,
		MLPBias: true, TiedEmbeddings: true, PositionTable: ctx, MaxContext: ctx}
}

func mixtral8x7b() *Arch {
	a := llamaLike("mixtral-8x7b", 32000, 4096, 32, 32, 8, 14336)
	a.MoE = &MoE{Experts: 8, TopK: 2, ExpertFFN: 14336, LayerFreq: 1}
	return a
}

func deepseekV3() *Arch {
	a := &Arch{Name: "deepseek-v3", Family: "deepseek_v3", Vocab: 129280, Hidden: 7168, Layers: 61, Heads: 128,
		KVHeads: 128, HeadDim: 128, FFN: 18432, GatedMLP: true, Norm: RMSNorm, NormsPerLayer: 2, MTPLayers: 1}
	a.MoE = &MoE{Experts: 256, TopK: 8, ExpertFFN: 2048, SharedExperts: 1, FirstDense: 3, LayerFreq: 1, RouterBias: true}
	a.MLA = &MLA{QLoRARank: 1536, KVLoRARank: 512, QKNopeDim: 128, QKRopeDim: 64, VHeadDim: 128}
	return a
}

func qwen2_7b() *Arch {
	a := llamaLike("qwen2-7b", 152064, 3584, 28, 28, 4, 18944)
	a.QKVBias = true
	return a
}

func gemma7b() *Arch {
	a := llamaLike("gemma-7b", 256000, 3072, 28, 16, 16, 24576)
	a.HeadDim, a.TiedEmbeddings = 256, true
	return a
}

func neox20b() *Arch {
	return &Arch{Name: "gpt-neox-20b", Family: "gpt_neox", Vocab: 50432, Hidden: 6144, Layers: 44, Heads: 64, KVHeads: 64,
		HeadDim: 96, FFN: 24576, Norm: LayerNorm, NormsPerLayer: 2, QKVBias: true, OutBias: true, MLPBias: true}
}

// within reports whether got is within rel (fraction) of want.
func within(got, want, rel float64) bool {
	if want == 0 {
		return got == 0
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// TestCountVerificationTable checks the exact totals of
// docs/formulas.md §1.7 (computed from the public HF
// config.json files; the "reported" column is the HF/paper total). These
// are integer sums, so the tolerance is exact equality.
func TestCountVerificationTable(t *testing.T) {
	tests := []struct {
		arch          *Arch
		total, active float64
	}{
		{llamaLike("llama-2-7b", 32000, 4096, 32, 32, 32, 11008), 6738415616, 6738415616},
		{llamaLike("llama-3-8b", 128256, 4096, 32, 32, 8, 14336), 8030261248, 8030261248},
		{llamaLike("llama-3-70b", 128256, 8192, 80, 64, 8, 28672), 70553706496, 70553706496},
		{llamaLike("llama-3.1-405b", 128256, 16384, 126, 128, 8, 53248), 405853388800, 405853388800},
		{llamaLike("mistral-7b", 32000, 4096, 32, 32, 8, 14336), 7241732096, 7241732096},
		{mixtral8x7b(), 46702792704, 12879925248},
		{qwen2_7b(), 7615616512, 7615616512},
		{gemma7b(), 8537680896, 8537680896},
		{gptLike("gpt2", 50257, 768, 12, 12, 1024), 124439808, 124439808},
		{neox20b(), 20554567680, 20554567680},
		{gptLike("gpt3-175b", 50257, 12288, 96, 96, 2048), 174604259328, 174604259328},
		{deepseekV3(), 671026419200, 37552297472},
	}
	for _, tt := range tests {
		t.Run(tt.arch.Name, func(t *testing.T) {
			if err := tt.arch.Validate(); err != nil {
				t.Fatal(err)
			}
			c := tt.arch.Count()
			if float64(c.Total) != tt.total {
				t.Errorf("total: got %.0f, want %.0f", float64(c.Total), tt.total)
			}
			if float64(c.Active) != tt.active {
				t.Errorf("active: got %.0f, want %.0f", float64(c.Active), tt.active)
			}
			var sum float64
			for _, comp := range c.Components {
				sum += float64(comp.Total)
			}
			if sum != float64(c.Total) {
				t.Errorf("components sum to %.0f, want total %.0f", sum, float64(c.Total))
			}
		})
	}
}
