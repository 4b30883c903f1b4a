package engine

import (
	"math"

	"github.com/flopsdev/flops/model"
)

// shape is what the step cost needs from an architecture: parameter counts
// by weight class, the MoE layout, and the KV cache and attention FLOPs as
// functions of context. All counts are whole-model (all layers).
type shape struct {
	layers, moeLayers int
	hidden, vocab     int

	attnParams   float64 // attention projections, all layers (QKV/MLA projections and output)
	denseParams  float64 // dense MLPs (layers without experts)
	sharedParams float64 // shared experts, all MoE layers
	routerParams float64 // routers, all MoE layers
	headParams   float64 // output head V·d (read even when tied)

	experts, topK int
	expertParams  float64 // matmul parameters of ONE routed expert in ONE layer

	kvElems    float64 // KV elements per token, all layers (no window cap)
	mla        bool    // compressed latent: every tensor-parallel GPU reads all of it
	kvHeads    int     // K, for tensor-parallel replication of heads
	windows    []window
	attnCoef   float64 // prefill attention FLOPs per (query, key) pair, all full-attention layers
	decodeCoef float64 // decode attention FLOPs per key, all full-attention layers (MLA: absorbed form)
	maxContext int
}

// window is the layers sharing one sliding window: their KV elements per
// token and attention FLOPs per key, capped at w keys.
type window struct {
	w               float64
	kvElems         float64
	attnCoef, decCf float64
}

// shapeOf resolves an architecture with the model package's accounting.
func shapeOf(a *model.Arch) shape {
	s := shape{layers: a.Layers, hidden: a.Hidden, vocab: a.Vocab, kvHeads: a.KVHeads, mla: a.MLA != nil, maxContext: a.MaxContext}
	for _, c := range a.Count().Components {
		switch c.Name {
		case model.CompAttention:
			s.attnParams = float64(c.Total)
		case model.CompMLP:
			s.denseParams = float64(c.Total)
		case model.CompRouter:
			s.routerParams = float64(c.Total)
		}
	}
	s.headParams = float64(a.Vocab) * float64(a.Hidden)
	mult := 2.0
	if a.GatedMLP {
		mult = 3
	}
	byWindow := map[int]*window{}
	for i := range min(max(a.Layers, 0), model.MaxLayers) {
		l := a.LayerSpec(i)
		if l.MoE {
			s.moeLayers++
		}
		kv, pre, dec := layerAttention(a, l)
		if l.Window <= 0 {
			s.kvElems += kv
			s.attnCoef += pre
			s.decodeCoef += dec
			continue
		}
		w := byWindow[l.Window]
		if w == nil {
			w = &window{w: float64(l.Window)}
			byWindow[l.Window] = w
		}
		w.kvElems += kv
		w.attnCoef += pre
		w.decCf += dec
	}
	for _, w := range byWindow {
		s.windows = append(s.windows, *w)
	}
	if m := a.MoE; m != nil && s.moeLayers > 0 {
		s.experts, s.topK = m.Experts, m.TopK
		s.expertParams = mult * float64(a.Hidden) * float64(m.ExpertFFN)
		shared := m.SharedFFN
		if shared == 0 {
			shared = m.ExpertFFN
		}
		s.sharedParams = float64(s.moeLayers) * float64(m.SharedExperts) * mult * float64(a.Hidden) * float64(shared)
	}
	return s
}

// layerAttention is one layer's KV elements per token, prefill attention
// FLOPs per (query, key) and decode attention FLOPs per key. GQA: 2·K·h_d
// elements, 4·H·h_d FLOPs either way. MLA (DeepSeek-V2 §2.1): c + r
// elements; prefill attends in the decompressed form, 2·H·(n_p + r) + 2·H·v_h;
// decode absorbs the up-projections into the query and output and attends
// over the latent, 2·H·(c + r) + 2·H·c per key.
func layerAttention(a *model.Arch, l model.Layer) (kv, prefill, decode float64) {
	h := float64(l.Heads)
	if m := a.MLA; m != nil {
		c, r := float64(m.KVLoRARank), float64(m.QKRopeDim)
		return c + r, 2 * h * float64(m.QKNopeDim+m.QKRopeDim+m.VHeadDim), 2*h*(c+r) + 2*h*c
	}
	hd := float64(l.HeadDim)
	f := 4 * h * hd
	return 2 * float64(l.KVHeads) * hd, f, f
}

// kvElemsAt is the KV elements one sequence of context c holds, all layers,
// sliding-window layers capped at their window.
func (s *shape) kvElemsAt(c float64) float64 {
	e := s.kvElems * c
	for _, w := range s.windows {
		e += w.kvElems * math.Min(c, w.w)
	}
	return e
}

// decodeAttnAt is the decode attention FLOPs of one token at context c.
func (s *shape) decodeAttnAt(c float64) float64 {
	f := s.decodeCoef * c
	for _, w := range s.windows {
		f += w.decCf * math.Min(c, w.w)
	}
	return f
}

// prefillAttn is the attention FLOPs of prompt tokens from..to−1 (0-based
// positions; token i attends to i+1 keys, windows capped), summed.
func (s *shape) prefillAttn(from, to float64) float64 {
	if to <= from {
		return 0
	}
	// Σ_{i=from}^{to−1} (i+1) = (to−from)·(from+to+1)/2
	n := to - from
	f := s.attnCoef * n * (from + to + 1) / 2
	for _, w := range s.windows {
		f += w.attnCoef * cappedKeySum(from, to, w.w)
	}
	return f
}

// cappedKeySum is Σ_{i=from}^{to−1} min(i+1, w).
func cappedKeySum(from, to, w float64) float64 {
	mid := math.Min(math.Max(w, from), to) // positions below mid attend i+1 ≤ w keys
	below := (mid - from) * (from + mid + 1) / 2
	return below + (to-mid)*w
}

// kvShare is the fraction of one sequence's KV cache each of t tensor-
// parallel GPUs holds and reads: ceil(K/t)/K (heads replicated when K < t);
// 1 for MLA, whose latent every GPU reads whole.
func (s *shape) kvShare(t int) float64 {
	if s.mla || s.kvHeads <= 0 {
		if s.mla {
			return 1
		}
		return 1 / float64(t)
	}
	k := s.kvHeads
	return float64((k+t-1)/t) / float64(k)
}

// touched is the expected number of distinct experts, of e held, that m
// tokens routed top-k of E uniformly hit: e·(1 − (1 − k/E)^m).
func (s *shape) touched(e, m float64) float64 {
	if s.experts == 0 || m <= 0 {
		return 0
	}
	return e * (1 - math.Pow(1-float64(s.topK)/float64(s.experts), m))
}
