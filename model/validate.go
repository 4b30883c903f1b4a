package model

import (
	"errors"
	"fmt"
)

// maxDim bounds every width, count and rank (2^24 = 16.7M): far above any
// real model (vocabularies reach ~262k, widths ~25k) and small enough that
// no product in the accounting comes near float64 precision limits.
const maxDim = 1 << 24

// Validate checks that the record describes a buildable transformer and
// returns every problem found, joined, each naming the field and the fix.
// The accounting methods assume a valid Arch.
func (a *Arch) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for _, f := range []struct {
		name string
		v    int
	}{{"vocab_size", a.Vocab}, {"hidden_size", a.Hidden}, {"num_heads", a.Heads}} {
		if f.v <= 0 || f.v > maxDim {
			bad("%s = %d: must be between 1 and %d", f.name, f.v, maxDim)
		}
	}
	if a.Layers <= 0 || a.Layers > MaxLayers {
		bad("num_layers = %d: must be between 1 and %d", a.Layers, MaxLayers)
	}
	a.validateAttention(bad)
	a.validateNorms(bad)
	a.validateMLP(bad)
	a.validateLayerArrays(bad)
	a.validateWindow(bad)
	a.validateLinear(bad)
	a.validateSparse(bad)
	if a.PositionTable < 0 || a.PositionTable > maxDim {
		bad("learned_positions = %d: must be between 0 and %d", a.PositionTable, maxDim)
	}
	if a.MaxContext < 0 {
		bad("max_context = %d: must not be negative", a.MaxContext)
	}
	if a.MTPLayers < 0 || a.MTPLayers > MaxLayers {
		bad("mtp_layers = %d: must be between 0 and %d", a.MTPLayers, MaxLayers)
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid architecture %q: %w", a.Name, errors.Join(errs...))
	}
	return nil
}

func (a *Arch) validateAttention(bad func(string, ...any)) {
	if a.MLA != nil {
		a.validateMLA(bad)
		return
	}
	if a.HeadDim <= 0 || a.HeadDim > maxDim {
		bad("head_dim = %d: must be between 1 and %d (hidden_size / num_heads when the config has none)", a.HeadDim, maxDim)
	}
	if a.KVHeads <= 0 || (a.Heads > 0 && a.KVHeads > a.Heads) {
		bad("num_kv_heads = %d: must be between 1 and num_heads = %d (equal to num_heads for MHA, 1 for MQA)", a.KVHeads, a.Heads)
	} else if a.Heads > 0 && a.Heads%a.KVHeads != 0 {
		bad("num_heads = %d is not divisible by num_kv_heads = %d: each kv head must serve a whole group of query heads", a.Heads, a.KVHeads)
	}
}

func (a *Arch) validateMLA(bad func(string, ...any)) {
	m := a.MLA
	if m.KVLoRARank <= 0 || m.KVLoRARank > maxDim {
		bad("mla.kv_lora_rank = %d: must be between 1 and %d", m.KVLoRARank, maxDim)
	}
	if m.QLoRARank < 0 || m.QLoRARank > maxDim {
		bad("mla.q_lora_rank = %d: must be between 0 (no query compression) and %d", m.QLoRARank, maxDim)
	}
	if m.QKNopeDim < 0 || m.QKRopeDim < 0 || m.QKNopeDim+m.QKRopeDim <= 0 || m.QKNopeDim+m.QKRopeDim > maxDim {
		bad("mla.qk_nope_head_dim = %d, qk_rope_head_dim = %d: must be non-negative with a positive sum", m.QKNopeDim, m.QKRopeDim)
	}
	if m.VHeadDim <= 0 || m.VHeadDim > maxDim {
		bad("mla.v_head_dim = %d: must be between 1 and %d", m.VHeadDim, maxDim)
	}
}

func (a *Arch) validateNorms(bad func(string, ...any)) {
	switch a.Norm {
	case RMSNorm, LayerNorm, LayerNormNoBias, NonParamNorm:
	default:
		bad("norm = %q: must be one of rmsnorm, layernorm, layernorm_nobias, nonparametric", a.Norm)
	}
	if a.NormsPerLayer < 0 || a.NormsPerLayer > 16 {
		bad("norms_per_layer = %d: must be between 0 and 16 (usually 2)", a.NormsPerLayer)
	}
	switch a.QKNorm {
	case QKNormNone, QKNormPerHead, QKNormFull:
	default:
		bad("qk_norm = %q: must be empty, per_head or full", a.QKNorm)
	}
}

func (a *Arch) validateMLP(bad func(string, ...any)) {
	dense := a.Layers
	if m := a.MoE; m != nil {
		a.validateMoE(bad)
		if len(m.DenseLayers) > MaxLayers {
			return // reported by validateMoE; do not scan a huge list per layer
		}
		dense = 0
		for i := range a.layerCount() {
			if !a.isMoELayer(i) {
				dense++
			}
		}
	}
	if dense > 0 && a.LayerFFN == nil && (a.FFN <= 0 || a.FFN > maxDim) {
		bad("intermediate_size = %d: must be between 1 and %d (%d layers use a dense MLP)", a.FFN, maxDim, dense)
	}
}

func (a *Arch) validateMoE(bad func(string, ...any)) {
	m := a.MoE
	if m.Experts <= 0 || m.Experts > maxDim {
		bad("moe.experts = %d: must be between 1 and %d", m.Experts, maxDim)
	}
	if m.TopK <= 0 || m.TopK > m.Experts {
		bad("moe.top_k = %d: must be between 1 and moe.experts = %d", m.TopK, m.Experts)
	}
	if m.ExpertFFN <= 0 || m.ExpertFFN > maxDim {
		bad("moe.expert_ffn = %d: must be between 1 and %d", m.ExpertFFN, maxDim)
	}
	if m.SharedExperts < 0 || m.SharedExperts > maxDim || m.SharedFFN < 0 || m.SharedFFN > maxDim {
		bad("moe.shared_experts = %d, shared_ffn = %d: must not be negative", m.SharedExperts, m.SharedFFN)
	}
	if m.FirstDense < 0 || m.FirstDense > a.Layers {
		bad("moe.first_dense_layers = %d: must be between 0 and num_layers = %d", m.FirstDense, a.Layers)
	}
	if m.LayerFreq < 0 || m.LayerOffset < 0 {
		bad("moe.layer_freq = %d, layer_offset = %d: must not be negative", m.LayerFreq, m.LayerOffset)
	}
	if len(m.DenseLayers) > max(a.Layers, 0) {
		bad("moe.dense_layers has %d entries, more than num_layers = %d", len(m.DenseLayers), a.Layers)
		return
	}
	for _, i := range m.DenseLayers {
		if i < 0 || i >= a.Layers {
			bad("moe.dense_layers: index %d outside 0..%d", i, a.Layers-1)
		}
	}
}

func (a *Arch) validateLayerArrays(bad func(string, ...any)) {
	for _, f := range []struct {
		name string
		v    []int
	}{{"layer_heads", a.LayerHeads}, {"layer_kv_heads", a.LayerKVHeads}, {"layer_ffn", a.LayerFFN}} {
		if f.v != nil && len(f.v) != a.Layers {
			bad("%s has %d entries, want one per layer (%d)", f.name, len(f.v), a.Layers)
			continue
		}
		for i, x := range f.v {
			if x < 0 || x > maxDim || (x == 0 && f.name != "layer_ffn") {
				bad("%s[%d] = %d: out of range", f.name, i, x)
			}
		}
	}
	if a.MLA != nil || (a.LayerHeads == nil && a.LayerKVHeads == nil) {
		return
	}
	for i := range a.layerCount() {
		l := a.LayerSpec(i)
		if l.KVHeads > 0 && (l.KVHeads > l.Heads || l.Heads%l.KVHeads != 0) {
			bad("layer %d: num_heads = %d is not a multiple of num_kv_heads = %d", i, l.Heads, l.KVHeads)
		}
	}
}

func (a *Arch) validateWindow(bad func(string, ...any)) {
	if a.SlidingWindow < 0 {
		bad("sliding_window = %d: must not be negative (0 = no sliding window)", a.SlidingWindow)
	}
	if a.SlidingLayers != nil && len(a.SlidingLayers) != a.Layers {
		bad("sliding_layers has %d entries, want one per layer (%d)", len(a.SlidingLayers), a.Layers)
	}
	if a.SlidingPeriod < 0 {
		bad("sliding_period = %d: must not be negative", a.SlidingPeriod)
	}
}

func (a *Arch) validateLinear(bad func(string, ...any)) {
	la := a.LinearAttn
	if la == nil {
		return
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"key_heads", la.KeyHeads}, {"value_heads", la.ValueHeads}, {"key_head_dim", la.KeyHeadDim},
		{"value_head_dim", la.ValueHeadDim}, {"conv_kernel", la.ConvKernel}} {
		if f.v <= 0 || f.v > maxDim {
			bad("linear_attention.%s = %d: must be between 1 and %d", f.name, f.v, maxDim)
		}
	}
	if la.FullPeriod < 0 || la.FullPeriod > MaxLayers {
		bad("linear_attention.full_period = %d: must be between 0 (every layer linear) and %d", la.FullPeriod, MaxLayers)
	}
	if la.Layers != nil && len(la.Layers) != a.Layers {
		bad("linear_attention.layers has %d entries, want one per layer (%d)", len(la.Layers), a.Layers)
	}
}

func (a *Arch) validateSparse(bad func(string, ...any)) {
	s := a.SparseAttn
	if s == nil {
		return
	}
	if s.TopK <= 0 || s.TopK > maxDim || s.IndexHeads <= 0 || s.IndexHeads > maxDim || s.IndexDim <= 0 || s.IndexDim > maxDim {
		bad("sparse_attention top_k = %d, index_heads = %d, index_dim = %d: each must be between 1 and %d",
			s.TopK, s.IndexHeads, s.IndexDim, maxDim)
	}
}
