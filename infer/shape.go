package infer

import (
	"math"

	"github.com/flopsdev/flops/model"
)

// shape is what the inference model needs from a model, resolved once per
// evaluation: parameter counts, the MoE layout, and the attention and KV
// functions of context (from the model package's accounting, or zero when
// only a parameter count is known).
type shape struct {
	arch *model.Arch // nil: parameter count only

	matmulTotal  float64 // weights multiplied per token, all experts (MatmulParams total)
	matmulActive float64 // with k of E routed experts (MatmulParams active)
	resident     float64 // parameters stored (Count().Total)

	layers, hidden, vocab int
	actWidth              float64 // per-token MLP intermediate width for workspace: max(f, k·f_e + E_s·f_s)
	gated                 bool

	moeLayers    int     // layers whose MLP is a mixture of experts
	experts      int     // E routed experts per MoE layer
	topK         int     // k
	expertMatmul float64 // matmul params of ONE routed expert in one layer: (gated ? 3 : 2)·d·f_e

	kvHeads    int   // K of the model (for tensor-parallel replication); 0 for MLA
	mla        bool  // compressed latent cache, replicated on every tensor-parallel GPU
	windows    []int // distinct sliding windows and sparse-attention top-k, ascending (affine breakpoints of attention and KV in context)
	maxContext int
}

// shapeFromParams is the first-version path: N parameters, FLOPs per token
// 2·N, no attention, no KV cache.
func shapeFromParams(n float64) shape {
	return shape{matmulTotal: n, matmulActive: n, resident: n}
}

// shapeFromArch resolves an architecture with the model package's
// accounting methods.
func shapeFromArch(a *model.Arch) shape {
	tot, act := a.MatmulParams()
	s := shape{arch: a, matmulTotal: float64(tot), matmulActive: float64(act), resident: float64(a.Count().Total),
		layers: a.Layers, hidden: a.Hidden, vocab: a.Vocab, gated: a.GatedMLP, kvHeads: a.KVHeads,
		mla: a.MLA != nil, maxContext: a.MaxContext}
	if s.mla {
		s.kvHeads = 0
	}
	mult := 2.0
	if a.GatedMLP {
		mult = 3
	}
	s.actWidth = float64(a.FFN)
	for i := range min(max(a.Layers, 0), model.MaxLayers) {
		l := a.LayerSpec(i)
		s.actWidth = math.Max(s.actWidth, float64(l.FFN))
		if l.MoE {
			s.moeLayers++
		}
	}
	s.windows = a.AttentionBreaks()
	if m := a.MoE; m != nil && s.moeLayers > 0 {
		s.experts, s.topK = m.Experts, m.TopK
		s.expertMatmul = mult * float64(a.Hidden) * float64(m.ExpertFFN)
		shared := m.SharedFFN
		if shared == 0 {
			shared = m.ExpertFFN
		}
		s.actWidth = math.Max(s.actWidth, float64(m.TopK*m.ExpertFFN+m.SharedExperts*shared))
	}
	if a.GatedMLP {
		s.actWidth *= 2 // gate and up projections are both live before the product
	}
	return s
}

// attention is the forward attention-core FLOPs of one query over c keys,
// all layers (model.Arch.AttentionFLOPs; 0 without an architecture).
func (s *shape) attention(c float64) float64 {
	if s.arch == nil {
		return 0
	}
	return float64(s.arch.AttentionFLOPs(c))
}

// decodeAttention is the decode-step attention FLOPs of one query over c
// keys in the form decode kernels run (MLA absorbed; sparse attention
// capped at its top-k), model.Arch.DecodeAttentionFLOPs.
func (s *shape) decodeAttention(c float64) float64 {
	if s.arch == nil {
		return 0
	}
	return float64(s.arch.DecodeAttentionFLOPs(c))
}

// kvReadBytes is what one decode step reads of one sequence's cache at
// context c (model.Arch.KVReadBytes: sparse attention reads its top-k,
// linear layers their fixed state).
func (s *shape) kvReadBytes(c int, b float64) float64 {
	if s.arch == nil {
		return 0
	}
	return float64(s.arch.KVReadBytes(c, b))
}

// kvBytes is the KV cache of one sequence at context c, all layers, at b
// bytes per element (model.Arch.KVCacheBytes; 0 without an architecture).
func (s *shape) kvBytes(c int, b float64) float64 {
	if s.arch == nil {
		return 0
	}
	return float64(s.arch.KVCacheBytes(c, b))
}

// kvShare is the fraction of one sequence's KV cache each of t
// tensor-parallel GPUs holds: ceil(K/t)/K, so KV heads are replicated when
// K < t (each GPU keeps at least one head); 1 for MLA, whose single latent
// is replicated on every GPU (as vLLM does).
func (s *shape) kvShare(t int) float64 {
	if s.mla {
		return 1
	}
	if s.kvHeads <= 0 {
		return 1 / float64(t)
	}
	k := s.kvHeads
	return float64((k+t-1)/t) / float64(k)
}

// touchedExperts is the expected number of distinct routed experts per MoE
// layer that n tokens hit under independent uniform top-k routing:
// E·(1 − (1 − k/E)^n).
func touchedExperts(e, k int, n float64) float64 {
	if e <= 0 || n <= 0 {
		return 0
	}
	return float64(e) * (1 - math.Pow(1-float64(k)/float64(e), n))
}

// readParams is the weights read from memory by a forward step over n
// tokens: every matmul weight except the routed experts no token picked,
// matmulTotal − L_moe·(E − touched(n))·p_e. The input-embedding lookup
// (n rows) is not counted.
func (s *shape) readParams(n float64) float64 {
	if s.moeLayers == 0 {
		return s.matmulTotal
	}
	untouched := float64(s.experts) - touchedExperts(s.experts, s.topK, n)
	return s.matmulTotal - float64(s.moeLayers)*untouched*s.expertMatmul
}
