package model

import "slices"

// MaxLayers bounds Arch.Layers (and MTP layers) so that per-layer loops
// stay bounded even for crafted input; Validate rejects larger values and
// the accounting methods never visit more layers than this.
const MaxLayers = 10000

// Layer is the effective shape of one decoder layer.
type Layer struct {
	Index   int  `json:"index"`
	Heads   int  `json:"num_heads"`    // H of this layer
	KVHeads int  `json:"num_kv_heads"` // K of this layer (ignored with MLA)
	HeadDim int  `json:"head_dim"`     // h_d (ignored with MLA)
	MoE     bool `json:"moe"`          // the MLP is a mixture of experts
	FFN     int  `json:"ffn"`          // dense MLP width (0 in MoE layers)
	Window  int  `json:"window"`       // attention window in tokens, 0 = full attention
	// Linear marks a linear-attention (Gated DeltaNet) layer: no KV cache,
	// a fixed recurrent state, attention FLOPs constant in the context.
	Linear bool `json:"linear,omitempty"`
	// KeyCap is the most keys one query's main attention reads (sparse
	// attention top-k), 0 = no cap; unlike Window it does not cap the cache.
	KeyCap int `json:"key_cap,omitempty"`
}

// LayerSpec returns the effective heads, kv heads, head dim, MLP kind and
// width, attention kind and window of layer i (0-based), resolving the
// per-layer overrides, the MoE layer pattern, the linear-attention pattern
// and the sliding-window pattern.
func (a *Arch) LayerSpec(i int) Layer {
	l := Layer{Index: i, Heads: a.Heads, KVHeads: a.KVHeads, HeadDim: a.HeadDim, FFN: a.FFN}
	if i >= 0 && i < len(a.LayerHeads) {
		l.Heads = a.LayerHeads[i]
	}
	if i >= 0 && i < len(a.LayerKVHeads) {
		l.KVHeads = a.LayerKVHeads[i]
	}
	if i >= 0 && i < len(a.LayerFFN) {
		l.FFN = a.LayerFFN[i]
	}
	if a.isMoELayer(i) {
		l.MoE, l.FFN = true, 0
	}
	if a.isLinearLayer(i) {
		l.Linear = true
		return l
	}
	if a.isSlidingLayer(i) {
		l.Window = a.SlidingWindow
	}
	if a.SparseAttn != nil {
		l.KeyCap = a.SparseAttn.TopK
	}
	return l
}

// isLinearLayer applies the linear-attention pattern documented on
// LinearAttention.
func (a *Arch) isLinearLayer(i int) bool {
	la := a.LinearAttn
	switch {
	case la == nil:
		return false
	case la.Layers != nil:
		return i >= 0 && i < len(la.Layers) && la.Layers[i]
	case la.FullPeriod > 0:
		return (i+1)%la.FullPeriod != 0
	default:
		return true
	}
}

// isMoELayer applies the MoE layer pattern documented on MoE.
func (a *Arch) isMoELayer(i int) bool {
	m := a.MoE
	if m == nil || m.Experts == 0 || i < m.FirstDense || slices.Contains(m.DenseLayers, i) {
		return false
	}
	freq := max(m.LayerFreq, 1)
	return i%freq == m.LayerOffset%freq
}

// isSlidingLayer applies the sliding-window pattern documented on Arch.
func (a *Arch) isSlidingLayer(i int) bool {
	switch {
	case a.SlidingWindow <= 0:
		return false
	case a.SlidingLayers != nil:
		return i >= 0 && i < len(a.SlidingLayers) && a.SlidingLayers[i]
	case a.SlidingPeriod > 0:
		return (i+1)%a.SlidingPeriod != 0
	default:
		return true
	}
}

// layerCount is Layers clamped to [0, MaxLayers].
func (a *Arch) layerCount() int { return min(max(a.Layers, 0), MaxLayers) }

// eachLayer calls f for every layer spec, in order.
func (a *Arch) eachLayer(f func(Layer)) {
	for i := range a.layerCount() {
		f(a.LayerSpec(i))
	}
}
