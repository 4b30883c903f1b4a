package model

import (
	"strings"
	"testing"
)

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *Arch)
		want   string // substring of the error
	}{
		{"zero hidden", func(a *Arch) { a.Hidden = 0 }, "hidden_size = 0"},
		{"negative layers", func(a *Arch) { a.Layers = -1 }, "num_layers = -1"},
		{"huge layers", func(a *Arch) { a.Layers = 1 << 30 }, "num_layers = 1073741824"},
		{"kv heads do not divide heads", func(a *Arch) { a.KVHeads = 5 }, "not divisible by num_kv_heads = 5"},
		{"kv heads above heads", func(a *Arch) { a.KVHeads = 64 }, "num_kv_heads = 64"},
		{"zero head dim", func(a *Arch) { a.HeadDim = 0 }, "head_dim = 0"},
		{"unknown norm", func(a *Arch) { a.Norm = "batchnorm" }, `norm = "batchnorm"`},
		{"top_k above experts", func(a *Arch) { a.MoE = &MoE{Experts: 8, TopK: 9, ExpertFFN: 10} }, "moe.top_k = 9"},
		{"first dense beyond layers", func(a *Arch) { a.MoE = &MoE{Experts: 8, TopK: 2, ExpertFFN: 10, FirstDense: 40} }, "first_dense_layers = 40"},
		{"per-layer array length", func(a *Arch) { a.LayerHeads = []int{32} }, "layer_heads has 1 entries"},
		{"sliding layers length", func(a *Arch) { a.SlidingWindow, a.SlidingLayers = 4096, []bool{true} }, "sliding_layers has 1 entries"},
		{"mla without latent", func(a *Arch) { a.MLA = &MLA{QKNopeDim: 128, VHeadDim: 128} }, "mla.kv_lora_rank = 0"},
		{"dense ffn missing", func(a *Arch) { a.FFN = 0 }, "intermediate_size = 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := llamaLike("test", 32000, 4096, 32, 32, 8, 14336)
			tt.modify(a)
			err := a.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestValidateBoundsLoops: an invalid huge layer count must not make the
// accounting loop for long (it visits at most MaxLayers layers).
func TestValidateBoundsLoops(t *testing.T) {
	a := llamaLike("huge", 32000, 4096, 1<<40, 32, 8, 14336)
	if got := len(a.LayerTable(1, Causal)); got != MaxLayers {
		t.Errorf("LayerTable rows = %d, want the MaxLayers cap %d", got, MaxLayers)
	}
}

func TestValidateAcceptsMoEWithoutDenseFFN(t *testing.T) {
	a := mixtral8x7b()
	a.FFN = 0 // every layer is MoE, the dense width is unused
	if err := a.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}
