package model

import (
	"fmt"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Options selects what Summarize evaluates. Zero values are not defaults:
// callers (package api) fill them and record the defaults as assumptions.
type Options struct {
	Context       int        // sequence length T for the FLOPs per token and the KV cache, tokens
	Convention    Convention // attention-core charging, Causal or Full
	Recompute     Recompute  // activation recomputation for the hardware FLOPs
	WeightBits    float64    // storage bits per parameter of the weights
	KVBytesPerElt float64    // bytes per KV-cache element
	Layers        bool       // include the per-layer table
}

// Summary is the full accounting of one architecture at one context
// length: the Result of `flops model`. Units: parameters, FLOPs per token,
// bytes; all raw base units in JSON.
type Summary struct {
	Model string `json:"model"` // display name
	// WeightsOnly is true when only weight files were read (a bare
	// safetensors file with no config.json): params_total, weight_bytes and
	// source.file_* are exact, and every architecture-derived field (active
	// and embedding params, FLOPs, KV cache) is zero (see WeightsSummary).
	WeightsOnly bool       `json:"weights_only,omitempty"`
	Family      string     `json:"family"` // architecture family
	Context     int        `json:"context"`
	Convention  Convention `json:"convention"`
	Recompute   Recompute  `json:"recompute"`

	ParamsTotal        units.Params   `json:"params_total"`
	ParamsActive       units.Params   `json:"params_active"` // per token (MoE: k experts), incl. embeddings
	ParamsEmbedding    units.Params   `json:"params_embedding"`
	ParamsNonEmbedding units.Params   `json:"params_non_embedding"`
	ParamsMTP          units.Params   `json:"params_mtp,omitempty"`    // multi-token-prediction modules, not in the totals
	MatmulParamsActive units.Params   `json:"matmul_params_active"`    // weights multiplied per token incl. the head
	Components         []Component    `json:"components"`              // breakdown of params_total / params_active
	FLOPsForward       units.FLOPs    `json:"flops_per_token_forward"` // 2·matmul + attention core averaged over the context
	FLOPsTraining      units.FLOPs    `json:"flops_per_token_training"`
	FLOPsTrainingHW    units.FLOPs    `json:"flops_per_token_training_hardware"` // with Recompute
	FLOPsAttention     units.FLOPs    `json:"flops_per_token_attention"`         // forward attention core, averaged over the context
	FLOPsDecode        units.FLOPs    `json:"flops_per_token_decode"`            // one new token at the full context: 2·matmul + AttentionFLOPs(T)
	SixN               SixNComparison `json:"six_n"`

	WeightBits      float64     `json:"weight_bits_per_param"`
	WeightBytes     units.Bytes `json:"weight_bytes"`
	KVBytesPerElt   float64     `json:"kv_bytes_per_element"`
	KVBytesPerToken units.Bytes `json:"kv_cache_bytes_per_token"`
	KVCacheBytes    units.Bytes `json:"kv_cache_bytes"` // one sequence of Context tokens, window-capped, with the recurrent state
	// StateBytes is the fixed recurrent state of the linear-attention
	// layers per sequence, included in KVCacheBytes (0 without them).
	StateBytes units.Bytes `json:"recurrent_state_bytes,omitempty"`

	LayerRows []SummaryLayer `json:"layers,omitempty"`
	Warnings  []string       `json:"warnings,omitempty"` // e.g. a context beyond the model's maximum

	Source             *SourceInfo  `json:"source,omitempty"`
	TrainingTokens     units.Tokens `json:"training_tokens,omitempty"`      // published pre-training tokens, when known
	TrainingFLOPsTotal units.FLOPs  `json:"training_flops_total,omitempty"` // flops_per_token_training × training_tokens
	explain.Trace
}

// SummaryLayer is one per-layer row with its KV bytes at the summary's
// KV element size.
type SummaryLayer struct {
	LayerRow
	KVBytesPerToken units.Bytes `json:"kv_cache_bytes_per_token"`
}

// Summarize validates a and computes its Summary under o.
func Summarize(a *Arch, o Options) (*Summary, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if o.Context <= 0 {
		return nil, fmt.Errorf("context = %d tokens: must be positive", o.Context)
	}
	if o.WeightBits <= 0 || o.KVBytesPerElt <= 0 {
		return nil, fmt.Errorf("weight bits %g and KV bytes per element %g must be positive", o.WeightBits, o.KVBytesPerElt)
	}
	s := &Summary{Model: a.Name, Family: a.Family, Context: o.Context, Convention: o.Convention, Recompute: o.Recompute,
		WeightBits: o.WeightBits, KVBytesPerElt: o.KVBytesPerElt}
	if a.MaxContext > 0 && o.Context > a.MaxContext {
		s.Warnings = append(s.Warnings, fmt.Sprintf("context %d exceeds the model's maximum context %d; the FLOPs and KV cache are extrapolated", o.Context, a.MaxContext))
	}
	s.fillParams(a)
	s.fillFLOPs(a, o)
	s.fillMemory(a, o)
	if o.Layers {
		for _, r := range a.LayerTable(o.Context, o.Convention) {
			s.LayerRows = append(s.LayerRows, SummaryLayer{r, r.KVBytesPerToken(o.KVBytesPerElt)})
		}
	}
	return s, nil
}

func (s *Summary) fillParams(a *Arch) {
	c := a.Count()
	s.ParamsTotal, s.ParamsActive, s.ParamsEmbedding, s.ParamsNonEmbedding = c.Total, c.Active, c.Embedding, c.NonEmbedding
	s.ParamsMTP, s.Components = c.MTP, c.Components
	head := "V·d·(tied ? 1 : 2)"
	s.Add("parameters", "N = Σ_layers(attention + norms + MLP/experts + router) + "+head+" + positions·d + final norm",
		fmt.Sprintf("%d layers, V = %d, d = %d, tied = %t", a.Layers, a.Vocab, a.Hidden, a.TiedEmbeddings),
		float64(c.Total), "params", c.Total.String())
	if a.MoE != nil {
		s.Add("active parameters", "N_active = N with k of E routed experts per MoE layer",
			fmt.Sprintf("k = %d of E = %d, %d shared", a.MoE.TopK, a.MoE.Experts, a.MoE.SharedExperts),
			float64(c.Active), "params", c.Active.String())
	}
}

func (s *Summary) fillFLOPs(a *Arch, o Options) {
	_, mm := a.MatmulParams()
	s.MatmulParamsActive = mm
	s.FLOPsAttention = units.FLOPs(a.attnCoreForward(o.Context, o.Convention))
	s.FLOPsForward = a.ForwardFLOPsPerToken(o.Context, o.Convention)
	s.FLOPsTraining, s.FLOPsTrainingHW = a.TrainingFLOPsPerToken(o.Context, o.Convention, o.Recompute)
	s.FLOPsDecode = units.FLOPs(2*float64(mm)) + a.AttentionFLOPs(float64(o.Context))
	s.SixN = a.SixN(o.Context, o.Convention)
	teff := "T/2 (causal)"
	if o.Convention == Full {
		teff = "T (full, PaLM)"
	}
	s.Add("attention core (forward)", "Σ_l (2·H·h_qk + 2·H·h_v)·T_eff, T_eff = "+teff+", window-capped",
		fmt.Sprintf("T = %d", o.Context), float64(s.FLOPsAttention), "FLOP/token", s.FLOPsAttention.String())
	s.Add("forward FLOPs per token", "2·N_matmul + attention core",
		fmt.Sprintf("2 × %.6g + %.6g", float64(mm), float64(s.FLOPsAttention)), float64(s.FLOPsForward), "FLOP/token", s.FLOPsForward.String())
	s.Add("training FLOPs per token (model)", "3 × forward (backward = 2 × forward)",
		fmt.Sprintf("3 × %.6g", float64(s.FLOPsForward)), float64(s.FLOPsTraining), "FLOP/token", s.FLOPsTraining.String())
	if o.Recompute != RecomputeNone && o.Recompute != "" {
		s.Add("training FLOPs per token (hardware)", recomputeFormula(o.Recompute),
			fmt.Sprintf("%s recompute", o.Recompute), float64(s.FLOPsTrainingHW), "FLOP/token", s.FLOPsTrainingHW.String())
	}
	s.Add("6N rule of thumb", "6·N_active", fmt.Sprintf("6 × %.6g (exact is %+.1f%%)", float64(s.SixN.N), s.SixN.DiffPct),
		float64(s.SixN.SixN), "FLOP/token", s.SixN.SixN.String())
}

func recomputeFormula(rc Recompute) string {
	if rc == RecomputeSelective {
		return "model + 3 × attention core (Korthikanti et al. 2022)"
	}
	return "model + forward of the layers (Narayanan et al. 2021 eq. 3)"
}

func (s *Summary) fillMemory(a *Arch, o Options) {
	s.WeightBytes = a.WeightBytes(o.WeightBits)
	s.KVBytesPerToken = a.KVBytesPerToken(o.KVBytesPerElt)
	s.KVCacheBytes = a.KVCacheBytes(o.Context, o.KVBytesPerElt)
	s.Add("weight bytes", "N·bits/8", fmt.Sprintf("%.6g × %g / 8", float64(s.ParamsTotal), o.WeightBits),
		float64(s.WeightBytes), "B", s.WeightBytes.String())
	kvf := "Σ_l 2·K·h_d·b"
	if a.MLA != nil {
		kvf = "Σ_l (kv_lora_rank + qk_rope_head_dim)·b (MLA)"
	}
	if a.SparseAttn != nil {
		kvf += " + Σ_l index_head_dim·b (sparse-attention indexer keys)"
	}
	if a.LinearAttn != nil {
		kvf += ", full-attention layers only"
	}
	s.Add("KV cache per token", kvf, fmt.Sprintf("b = %g bytes", o.KVBytesPerElt),
		float64(s.KVBytesPerToken), "B/token", s.KVBytesPerToken.IEC())
	seqf := "Σ_l kv_l·min(T, W_l)"
	if s.StateBytes = a.RecurrentStateBytes(o.KVBytesPerElt); s.StateBytes > 0 {
		s.Add("recurrent state per sequence", "Σ_linear (H_v·d_k·d_v + (K−1)·conv)·b (Gated DeltaNet, constant in T)",
			fmt.Sprintf("%d linear layers, b = %g bytes", a.LinearLayers(), o.KVBytesPerElt), float64(s.StateBytes), "B", s.StateBytes.IEC())
		seqf += " + recurrent state"
	}
	s.Add("KV cache per sequence", seqf, fmt.Sprintf("T = %d", o.Context), float64(s.KVCacheBytes), "B", s.KVCacheBytes.IEC())
}
