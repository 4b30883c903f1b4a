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

	mla     bool // compressed latent: every tensor-parallel GPU reads all of it
	kvHeads int  // K, for tensor-parallel replication of heads

	// Per sequence at context c, all layers (model.Arch accounting, kept
	// as piecewise-linear functions of c with the model's breakpoints:
	// sliding windows, sparse-attention top-k):
	kvStore pwl // KV elements held (KVCacheBytes at 1 byte), recurrent state included
	kvRead  pwl // KV elements one decode step reads (KVReadBytes at 1 byte)
	decAttn pwl // decode attention FLOPs of one token (DecodeAttentionFLOPs, MLA absorbed)
	preAttn pwl // attention FLOPs of one prompt token attending c keys (AttentionFLOPs)
}

// shapeOf resolves an architecture with the model package's accounting.
func shapeOf(a *model.Arch) shape {
	s := shape{layers: a.Layers, hidden: a.Hidden, vocab: a.Vocab, kvHeads: a.KVHeads, mla: a.MLA != nil}
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
	for i := range min(max(a.Layers, 0), model.MaxLayers) {
		if a.LayerSpec(i).MoE {
			s.moeLayers++
		}
	}
	if m := a.MoE; m != nil && s.moeLayers > 0 {
		mult := 2.0
		if a.GatedMLP {
			mult = 3
		}
		s.experts, s.topK = m.Experts, m.TopK
		s.expertParams = mult * float64(a.Hidden) * float64(m.ExpertFFN)
		shared := m.SharedFFN
		if shared == 0 {
			shared = m.ExpertFFN
		}
		s.sharedParams = float64(s.moeLayers) * float64(m.SharedExperts) * mult * float64(a.Hidden) * float64(shared)
	}
	breaks := a.AttentionBreaks()
	s.kvStore = sample(breaks, func(c int) float64 { return float64(a.KVCacheBytes(c, 1)) })
	s.kvRead = sample(breaks, func(c int) float64 { return float64(a.KVReadBytes(c, 1)) })
	s.decAttn = sample(breaks, func(c int) float64 { return float64(a.DecodeAttentionFLOPs(float64(c))) })
	s.preAttn = sample(breaks, func(c int) float64 { return float64(a.AttentionFLOPs(float64(c))) })
	return s
}

// kvElemsAt is the KV elements one sequence of context c holds.
func (s *shape) kvElemsAt(c float64) float64 { return s.kvStore.at(c) }

// decodeAttnAt is the decode attention FLOPs of one token at context c.
func (s *shape) decodeAttnAt(c float64) float64 { return s.decAttn.at(c) }

// prefillAttn is the attention FLOPs of prompt tokens from..to−1 (0-based
// positions; token i attends to i+1 keys), summed.
func (s *shape) prefillAttn(from, to float64) float64 { return s.preAttn.sum(from+1, to) }

// kvShare is the fraction of one sequence's KV cache each of t tensor-
// parallel GPUs holds and reads: ceil(K/t)/K (heads replicated when K < t);
// 1 for MLA, whose latent every GPU reads whole.
func (s *shape) kvShare(t int) float64 {
	switch {
	case s.mla:
		return 1
	case s.kvHeads <= 0:
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
