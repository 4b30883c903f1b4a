package model

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/units"
)

// Convention selects how attention-core FLOPs (QKᵀ and A·V) are charged
// over a training or prefill sequence of length T (formulas.md §2.8). Any
// value other than Full (including "") is treated as Causal.
type Convention string

const (
	// Causal charges each query for the keys it can see under the causal
	// mask, on average T/2 (Megatron-LM's current counter, FlashAttention,
	// MaxText since 2025). The default for decoder LMs.
	Causal Convention = "causal"
	// Full charges every query for all T keys: PaLM Appendix B's
	// 6N + 12·L·H·Q·T, nanoGPT estimate_mfu, Narayanan 2021, Chinchilla
	// App. F. Use it to reproduce published MFU numbers.
	Full Convention = "full"
)

// ParseConvention accepts "causal" or "full" (also "palm", "noncausal").
func ParseConvention(s string) (Convention, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "causal":
		return Causal, nil
	case "full", "palm", "noncausal", "non-causal":
		return Full, nil
	}
	return "", fmt.Errorf("unknown attention convention %q (want causal or full)", s)
}

// Recompute is the activation-recomputation scheme, which changes the
// hardware FLOPs but not the model FLOPs (formulas.md §2.5–2.6).
type Recompute string

const (
	// RecomputeNone: hardware FLOPs = model FLOPs.
	RecomputeNone Recompute = "none"
	// RecomputeSelective recomputes the attention core (Korthikanti et al.
	// 2022): hardware = model + 3 × forward attention-core FLOPs, which is
	// their 72·B·s·l·h²·(1 + s/(3h) + V/(12lh)) (+2.7% for GPT-3 175B).
	RecomputeSelective Recompute = "selective"
	// RecomputeFull reruns every layer's forward pass (Narayanan 2021 eq. 3,
	// 96·B·s·l·h²·(1 + s/(6h) + V/(16lh))): hardware = model + forward FLOPs
	// of the layers (the output head is not recomputed).
	RecomputeFull Recompute = "full"
)

// ParseRecompute accepts "none", "selective" or "full".
func ParseRecompute(s string) (Recompute, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none", "no":
		return RecomputeNone, nil
	case "selective":
		return RecomputeSelective, nil
	case "full":
		return RecomputeFull, nil
	}
	return "", fmt.Errorf("unknown recompute %q (want none, selective or full)", s)
}

// attnCoef is the forward attention-core FLOPs of layer l per query per key:
// 2·H·h_qk (QKᵀ) + 2·H·h_v (A·V); MLA uses h_qk = n_p + r, h_v = v_h.
func (a *Arch) attnCoef(l Layer) float64 {
	h := float64(l.Heads)
	if a.MLA != nil {
		return 2 * h * float64(a.MLA.QKNopeDim+a.MLA.QKRopeDim+a.MLA.VHeadDim)
	}
	return 4 * h * float64(l.HeadDim)
}

// meanKeys is the keys one query attends to, averaged over a sequence of
// length T: Full min(T, W); Causal T/2 without window, W − W²/(2T) when a
// window W < T caps it (the continuous average of min(t, W) over t ≤ T).
func meanKeys(seq float64, window int, conv Convention) float64 {
	w := float64(window)
	if conv == Full {
		if window > 0 && w < seq {
			return w
		}
		return seq
	}
	if window <= 0 || seq <= w {
		return seq / 2
	}
	return w - w*w/(2*seq)
}

// AttentionFLOPs returns the forward attention FLOPs for ONE query token
// attending to `context` keys, summed over layers: softmax layers
// (2·H·h_qk + 2·H·h_v)·min(context, W_l, top-k_l), plus a sparse-attention
// indexer's 2·n_i·(h_i+1)·min(context, W_l), plus 7·H_v·d_k·d_v for each
// linear-attention layer whatever the context. Without sliding windows,
// sparse or linear attention this is the decode-step attention term
// 4·L·H·h_d·c (formulas.md §2.10).
func (a *Arch) AttentionFLOPs(context float64) units.FLOPs {
	var f float64
	a.eachLayer(func(l Layer) { f += a.queryAttention(l, context) })
	return units.FLOPs(f)
}

// attnCoreForward is the attention-core forward FLOPs per token averaged
// over a sequence of length seq under conv.
func (a *Arch) attnCoreForward(seq int, conv Convention) float64 {
	var f float64
	a.eachLayer(func(l Layer) { f += a.layerAttnForward(l, seq, conv) })
	return f
}

// ForwardFLOPsPerToken returns the forward FLOPs per token of a sequence of
// length seq: 2·MatmulParams(active) + Σ_l (2·H·h_qk + 2·H·h_v)·T_eff, with
// T_eff = T (Full) or T/2 (Causal), window-capped (formulas.md §2.7).
// Softmax, norms, activations and the router's top-k are not counted.
func (a *Arch) ForwardFLOPsPerToken(seq int, conv Convention) units.FLOPs {
	_, act := a.MatmulParams()
	return units.FLOPs(2*float64(act) + a.attnCoreForward(seq, conv))
}

// TrainingFLOPsPerToken returns the training FLOPs per token (forward +
// backward, backward = 2 × forward): modelFLOPs = 3 × ForwardFLOPsPerToken
// (what MFU counts) and hardwareFLOPs = modelFLOPs plus what rc recomputes
// (what HFU counts). With seq ≪ d, modelFLOPs ≈ 6·N_active.
func (a *Arch) TrainingFLOPsPerToken(seq int, conv Convention, rc Recompute) (modelFLOPs, hardwareFLOPs units.FLOPs) {
	fwd := a.ForwardFLOPsPerToken(seq, conv)
	modelFLOPs = 3 * fwd
	switch rc {
	case RecomputeSelective:
		return modelFLOPs, modelFLOPs + units.FLOPs(3*a.attnCoreForward(seq, conv))
	case RecomputeFull:
		head := 2 * float64(a.Vocab) * float64(a.Hidden)
		return modelFLOPs, modelFLOPs + fwd - units.FLOPs(head)
	default:
		return modelFLOPs, modelFLOPs
	}
}

// SixNComparison sets the 6·N rule of thumb beside the exact count.
type SixNComparison struct {
	SeqLen      int          `json:"seq_len"`
	Convention  Convention   `json:"convention"`
	N           units.Params `json:"n"`             // active parameters (Counts.Active)
	SixN        units.FLOPs  `json:"six_n"`         // 6·N training FLOPs per token
	PaLM        units.FLOPs  `json:"palm"`          // 6·N + 12·L·H·h_d·T (PaLM App. B, Full attention)
	Exact       units.FLOPs  `json:"exact"`         // TrainingFLOPsPerToken model FLOPs under Convention
	DiffPct     float64      `json:"diff_percent"`  // (Exact − SixN) / SixN × 100
	PaLMDiffPct float64      `json:"palm_diff_pct"` // (Exact − PaLM) / PaLM × 100
}

// SixN compares 6·N (N = active parameters incl. embeddings) and PaLM's
// 6·N + 12·L·H·h_d·T with the exact training model FLOPs per token.
func (a *Arch) SixN(seq int, conv Convention) SixNComparison {
	n := a.Count().Active
	exact, _ := a.TrainingFLOPsPerToken(seq, conv, RecomputeNone)
	c := SixNComparison{SeqLen: seq, Convention: conv, N: n, SixN: units.FLOPs(6 * n), Exact: exact}
	c.PaLM = c.SixN + units.FLOPs(3*a.attnCoreForward(seq, Full))
	c.DiffPct = pctDiff(float64(exact), float64(c.SixN))
	c.PaLMDiffPct = pctDiff(float64(exact), float64(c.PaLM))
	return c
}

func pctDiff(got, ref float64) float64 {
	if ref == 0 {
		return 0
	}
	return (got - ref) / ref * 100
}
