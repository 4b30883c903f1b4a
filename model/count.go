package model

import "github.com/flopsdev/flops/units"

// Component is one part of the parameter breakdown.
type Component struct {
	Name   string       `json:"name"`   // embeddings, positions, attention, mlp, experts, router, norms, head
	Total  units.Params `json:"total"`  // parameters stored
	Active units.Params `json:"active"` // parameters used per token (differs only for experts)
}

// Counts is the parameter accounting of an Arch.
//
//	Total        = L-sum(attention + norms + MLP or experts + router) + V·d·(tied ? 1 : 2)
//	               + positions·d + final norm (+ embedding norm)          (formulas.md §1.4, §1.5)
//	Active       = the same with k routed experts (+ shared) per MoE layer; it includes
//	               the input embedding and the head (the DeepSeek-V3 / Mixtral convention,
//	               formulas.md §1.8: 37.55B for DeepSeek-V3)
//	Embedding    = V·d·(tied ? 1 : 2) + positions·d (Kaplan's excluded part)
//	NonEmbedding = Total − Embedding
//	MTP          = multi-token-prediction modules, NOT included in Total or Active
type Counts struct {
	Total        units.Params `json:"total"`
	Active       units.Params `json:"active"`
	Embedding    units.Params `json:"embedding"`
	NonEmbedding units.Params `json:"non_embedding"`
	MTP          units.Params `json:"mtp,omitempty"`
	Components   []Component  `json:"components"`
}

// Component names, in the order Count lists them.
const (
	CompEmbeddings = "embeddings"
	CompPositions  = "positions"
	CompAttention  = "attention"
	CompMLP        = "mlp"
	CompExperts    = "experts"
	CompRouter     = "router"
	CompNorms      = "norms"
	CompHead       = "head"
)

// Count returns the exact parameter counts (see Counts). Components with
// zero parameters are omitted. MLA's latent norms are part of attention.
func (a *Arch) Count() Counts {
	var sum, act layerParams
	a.eachLayer(func(l Layer) {
		p := a.layerParams(l)
		sum = addParams(sum, p)
		act.ExpertsActive += p.ExpertsActive
	})
	d, v := float64(a.Hidden), float64(a.Vocab)
	norms := sum.Norms + a.normParams(d) // final norm
	if a.EmbeddingNorm {
		norms += a.normParams(d)
	}
	head := 0.0
	if !a.TiedEmbeddings {
		head = v * d
	}
	comps := []Component{
		{CompEmbeddings, units.Params(v * d), units.Params(v * d)},
		{CompPositions, units.Params(float64(a.PositionTable) * d), units.Params(float64(a.PositionTable) * d)},
		{CompAttention, units.Params(sum.Attention), units.Params(sum.Attention)},
		{CompMLP, units.Params(sum.MLP), units.Params(sum.MLP)},
		{CompExperts, units.Params(sum.Experts), units.Params(act.ExpertsActive)},
		{CompRouter, units.Params(sum.Router), units.Params(sum.Router)},
		{CompNorms, units.Params(norms), units.Params(norms)},
		{CompHead, units.Params(head), units.Params(head)},
	}
	c := Counts{Embedding: units.Params(v*d + head + float64(a.PositionTable)*d), MTP: units.Params(a.mtpParams())}
	for _, comp := range comps {
		c.Total += comp.Total
		c.Active += comp.Active
		if comp.Total > 0 {
			c.Components = append(c.Components, comp)
		}
	}
	c.NonEmbedding = c.Total - c.Embedding
	return c
}

func addParams(s, p layerParams) layerParams {
	s.Attention += p.Attention
	s.Norms += p.Norms
	s.MLP += p.MLP
	s.Experts += p.Experts
	s.Router += p.Router
	return s
}

// mtpParams counts the multi-token-prediction modules (DeepSeek-V3 §2.2):
// per module one full-attention decoder layer shaped like layer index L
// (an MoE layer for DeepSeek-V3) plus the projection eh_proj (2d × d) and three norms of
// width d (enorm, hnorm, shared_head.norm). The embedding and the output
// head are shared with the main model and not counted again. For
// DeepSeek-V3 this is 11.61B (README_WEIGHTS.md: "11.5B unique").
func (a *Arch) mtpParams() float64 {
	n := min(max(a.MTPLayers, 0), MaxLayers)
	if n == 0 {
		return 0
	}
	d := float64(a.Hidden)
	spec := a.LayerSpec(a.Layers)
	spec.Linear = false // MTP layers are full-attention layers (DeepSeek-V3, Qwen3.5 mtp.layers.0)
	per := a.layerParams(spec).total() + 2*d*d + 3*a.normParams(d)
	return float64(n) * per
}

// MatmulParams returns the weights multiplied per token, total and active
// (k of E routed experts): every attention projection, dense MLP, expert and
// router matrix, plus the output head V·d even when tied to the input
// embedding. The input-embedding lookup, positions, biases and norm gains
// are excluded (they cost no matmul FLOPs). The forward matmul FLOPs per
// token are 2·active (formulas.md §2.7).
func (a *Arch) MatmulParams() (total, active units.Params) {
	var t, act float64
	a.eachLayer(func(l Layer) {
		lt, la := a.layerParams(l).matmul()
		t += lt
		act += la
	})
	head := float64(a.Vocab) * float64(a.Hidden)
	return units.Params(t + head), units.Params(act + head)
}
