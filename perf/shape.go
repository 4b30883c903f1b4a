package perf

import (
	"fmt"

	"github.com/flopsdev/flops/model"
)

// gemm is one weight matmul of a layer seen by one token: a (1×k)·(k×n)
// product, 2·n·k FLOPs forward. Column-parallel GEMMs split n across the
// tensor-parallel group, row-parallel GEMMs split k (Megatron-LM layout).
type gemm struct {
	n, k     float64
	rowSplit bool
	mlp      bool // in the MLP block (else attention): pairs it with that block's TP collectives
}

// kind is one class of identical decoder layers (same heads, widths, MLP
// kind and attention window) and how many layers have that shape. All
// per-token quantities are bytes or elements per token of one sequence.
type kind struct {
	count float64

	dense  []gemm // attention projections and dense or shared-expert MLP matrices
	expert []gemm // one routed expert's matrices (MoE layers only)
	topK   float64
	nExp   float64

	heads, kvHeads float64
	qkDim, vDim    float64 // per-head widths of QKᵀ and A·V
	keysFull       float64 // keys per query without causal halving: min(s, window)
	keysCausal     float64 // mean keys per query under the causal mask

	paramsSplit  float64 // matmul weights and column biases, divided by TP
	paramsRep    float64 // norms and row-parallel biases, replicated on each TP rank
	expertParams float64 // routed expert weights of the layer, all experts

	actRep, actSplit float64 // stored activation bytes per token (Korthikanti's 10h and 24h parts)
	actScore         float64 // bytes per token per key of stored attention scores (5·H), without flash attention
	ewRep, ewSplit   float64 // element-wise forward traffic bytes per token outside the GEMMs
	ewScore          float64 // element-wise forward traffic per token per key (softmax, dropout), without flash attention
	ffnAct           float64 // MLP width a token passes through (dense, or shared + top-k experts)
	flashStats       float64 // flash-attention softmax statistics per token (fp32 log-sum-exp per head)
	// Selective recompute under flash attention (the attention core is
	// already recomputed inside the kernel): the norm outputs (selRep,
	// SP-sharded) and the activation-function output (selSplit, TP-sharded)
	// are dropped and rebuilt in the backward pass at the cost of the
	// element-wise traffic ewSelRep and ewSelSplit per token.
	selRep, selSplit, ewSelRep, ewSelSplit float64
	// linRep, linSplit are the stored bytes per token that are inputs of
	// linear layers (kept in FP8 by FP8 training); selLinSplit the part of
	// selSplit that is such an input.
	linRep, linSplit, selLinSplit float64
	mlaUp                         []gemm // MLA up-projections (rerun by selective recompute)
}

// layerKey identifies layers with identical costs.
type layerKey struct {
	heads, kvHeads, headDim, ffn, window int
	moe                                  bool
}

// ShapeOptions are the software choices that change a layer's costs.
type ShapeOptions struct {
	// FlashAttention: fused attention that never stores the s×s scores
	// (Dao et al. 2022). Korthikanti et al. 2022 ran without it.
	FlashAttention bool
	// Dropout: dropout after attention probabilities, attention output and
	// MLP output (GPT-3/Megatron); Llama-style models train without it.
	Dropout bool
}

// Shape is the per-model, per-sequence-length part of the cost model.
type Shape struct {
	Name  string
	Seq   float64
	Layer []kind
	// Layers is the total number of decoder layers; Heads the query heads
	// of the scalar architecture (per-layer overrides may differ).
	Layers, Heads int

	Hidden, Vocab  float64
	EmbedParams    float64 // input embedding (+ learned positions), first stage
	HeadParams     float64 // output head (+ final norm), last stage; counted even when tied (a separate copy under PP)
	HeadTied       bool
	ModelFLOPsFull float64 // model FLOPs per token, fwd+bwd, attention without causal halving (PaLM App. B)
	ModelFLOPsCaus float64 // the same with the causal halving (Megatron-LM current counter)
	TotalParams    float64
	ActiveParams   float64
	Experts        float64 // routed experts per MoE layer (0 for dense models)
	// MTP is the number of multi-token-prediction modules trained with the
	// model (DeepSeek-V3 §2.2: a projection, one more layer and the shared
	// output head each); they cost time on the last stage but are not model
	// FLOPs (package model counts them apart).
	MTP  int
	Opts ShapeOptions
}

// NewShape derives the per-layer coefficients of arch at sequence length seq.
func NewShape(arch *model.Arch, seq int, opt ShapeOptions) (*Shape, error) {
	if err := checkArch(arch, seq); err != nil {
		return nil, err
	}
	s := &Shape{Name: arch.Name, Seq: float64(seq), Layers: arch.Layers, Heads: arch.Heads, Hidden: float64(arch.Hidden),
		Vocab: float64(arch.Vocab), HeadTied: arch.TiedEmbeddings, MTP: min(max(arch.MTPLayers, 0), maxMTP), Opts: opt}
	groups := map[layerKey]int{}
	var order []model.Layer
	for i := range arch.Layers {
		ls := arch.LayerSpec(i)
		key := layerKey{ls.Heads, ls.KVHeads, ls.HeadDim, ls.FFN, ls.Window, ls.MoE}
		if groups[key] == 0 {
			order = append(order, ls)
		}
		groups[key]++
	}
	for _, ls := range order {
		key := layerKey{ls.Heads, ls.KVHeads, ls.HeadDim, ls.FFN, ls.Window, ls.MoE}
		s.Layer = append(s.Layer, newKind(arch, ls, float64(groups[key]), float64(seq), opt))
	}
	s.finish(arch)
	return s, nil
}

// maxMTP bounds the multi-token-prediction modules priced (DeepSeek-V3
// trains one; the bound keeps a hostile config cheap).
const maxMTP = 16

// checkArch rejects shapes the cost model cannot price.
func checkArch(a *model.Arch, seq int) error {
	switch {
	case a == nil:
		return fmt.Errorf("perf: no model architecture")
	case a.Layers <= 0 || a.Layers > model.MaxLayers:
		return fmt.Errorf("perf: model %q: layers %d out of range 1..%d", a.Name, a.Layers, model.MaxLayers)
	case a.Hidden <= 0 || a.Heads <= 0 || a.Vocab <= 0:
		return fmt.Errorf("perf: model %q: hidden size, heads and vocabulary must be positive", a.Name)
	case a.MLA == nil && (a.HeadDim <= 0 || a.KVHeads <= 0):
		return fmt.Errorf("perf: model %q: head_dim and num_kv_heads must be positive", a.Name)
	case seq <= 0 || seq > 1<<24:
		return fmt.Errorf("perf: sequence length %d out of range 1..16777216", seq)
	}
	return nil
}

// finish fills the model-wide totals from the layer kinds.
func (s *Shape) finish(a *model.Arch) {
	d, v := s.Hidden, s.Vocab
	s.EmbedParams = v*d + float64(a.PositionTable)*d
	s.HeadParams = v*d + normParams(a, d)
	s.ModelFLOPsFull, s.ModelFLOPsCaus = 6*v*d, 6*v*d
	s.TotalParams = s.EmbedParams + normParams(a, d)
	if !a.TiedEmbeddings {
		s.TotalParams += v * d
	}
	s.ActiveParams = s.TotalParams
	for _, k := range s.Layer {
		dense := k.paramsSplit + k.paramsRep
		s.TotalParams += k.count * (dense + k.expertParams)
		s.ActiveParams += k.count * (dense + k.topK*sumNK(k.expert))
		mm := sumNK(k.dense) + k.topK*sumNK(k.expert)
		att := 2 * k.heads * (k.qkDim + k.vDim)
		s.ModelFLOPsFull += k.count * (6*mm + 3*att*k.keysFull)
		s.ModelFLOPsCaus += k.count * (6*mm + 3*att*k.keysCausal)
		if k.nExp > 0 {
			s.Experts = k.nExp
		}
	}
}

// sumNK is the weights multiplied per token by a list of GEMMs.
func sumNK(gs []gemm) float64 {
	t := 0.0
	for _, g := range gs {
		t += g.n * g.k
	}
	return t
}

// normParams is the parameter count of one norm of width n.
func normParams(a *model.Arch, n float64) float64 {
	switch a.Norm {
	case model.LayerNorm:
		return 2 * n
	case model.NonParamNorm:
		return 0
	default:
		return n
	}
}
