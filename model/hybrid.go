package model

import (
	"slices"

	"github.com/flopsdev/flops/units"
)

// Accounting of the attention variants whose cost does not follow the
// KV-cache formulas: Gated DeltaNet linear attention (a fixed recurrent
// state per sequence) and DeepSeek Sparse Attention (top-k keys plus a
// lightning indexer over every key).

// dims returns the Gated DeltaNet widths: key = H_k·d_k (queries and keys
// each), value = H_v·d_v, conv = 2·key + value (the channels of the
// depthwise convolution over q, k and v).
func (la *LinearAttention) dims() (key, value, conv float64) {
	key = float64(la.KeyHeads) * float64(la.KeyHeadDim)
	value = float64(la.ValueHeads) * float64(la.ValueHeadDim)
	return key, value, 2*key + value
}

// gdnParams is one Gated DeltaNet layer (transformers Qwen3NextGatedDeltaNet:
// in_proj_qkvz, in_proj_ba, conv1d, dt_bias, A_log, norm, out_proj; Qwen3.5
// splits the same projections into in_proj_qkv, in_proj_z, in_proj_b,
// in_proj_a):
//
//	matmul = d·(2·key + 2·value) + d·2·H_v + value·d + conv·K
//	total  = matmul + 2·H_v + d_v
//
// The depthwise convolution's conv·K weights are charged like matmul
// weights: each costs 2 FLOPs per token. dt_bias and A_log (H_v each) and
// the gated RMSNorm gain (d_v) are not multiplied.
func (a *Arch) gdnParams() (total, matmul float64) {
	la := a.LinearAttn
	d, hv := float64(a.Hidden), float64(la.ValueHeads)
	key, value, conv := la.dims()
	matmul = d*(2*key+2*value) + d*2*hv + value*d + conv*float64(la.ConvKernel)
	return matmul + 2*hv + a.normParams(float64(la.ValueHeadDim)), matmul
}

// linearCoreFLOPs is the recurrent gated delta rule of one token in one
// layer, S_t = α_t·S_{t−1}·(I − β_t·k_t·k_tᵀ) + β_t·v_t·k_tᵀ, o_t = S_t·q_t
// (Yang et al. 2024 eq. 10), with S of d_v × d_k per value head: decay
// α·S (1), S·k (2), rank-one update (2) and readout S·q (2), so
// 7·H_v·d_k·d_v FLOPs, whatever the context. Chunked prefill kernels do
// more arithmetic for parallelism; this is the model's count.
func (a *Arch) linearCoreFLOPs() float64 {
	la := a.LinearAttn
	return 7 * float64(la.ValueHeads) * float64(la.KeyHeadDim) * float64(la.ValueHeadDim)
}

// linearStateElems is the recurrent state one sequence keeps in one linear
// layer: the H_v state matrices of d_k × d_v and the last K−1 inputs of the
// convolution, (K−1)·conv.
func (a *Arch) linearStateElems() float64 {
	la := a.LinearAttn
	_, _, conv := la.dims()
	state := float64(la.ValueHeads) * float64(la.KeyHeadDim) * float64(la.ValueHeadDim)
	return state + float64(max(la.ConvKernel-1, 0))*conv
}

// LinearLayers returns the number of linear-attention layers.
func (a *Arch) LinearLayers() int {
	n := 0
	a.eachLayer(func(l Layer) {
		if l.Linear {
			n++
		}
	})
	return n
}

// RecurrentStateBytes returns the fixed state ONE sequence keeps in the
// linear-attention layers, whatever its length: Σ_linear (H_v·d_k·d_v +
// (K−1)·conv)·bytesPerElem. Serving engines allocate it per running
// request beside the KV cache (vLLM keeps it in the model dtype unless told
// to use fp32, which doubles it). Zero for models without linear layers.
func (a *Arch) RecurrentStateBytes(bytesPerElem float64) units.Bytes {
	if a.LinearAttn == nil {
		return 0
	}
	return units.Bytes(float64(a.LinearLayers()) * a.linearStateElems() * bytesPerElem)
}

// indexerParams is the DSA lightning indexer of one layer (transformers
// GlmMoeDsaIndexer; DeepSeek-V3.2): wq_b q_in × n_i·h_i (q_in = q_lora_rank,
// or d without query compression), wk d × h_i, weights_proj d × n_i, all
// multiplied, and the key LayerNorm (2·h_i, gain and bias).
func (a *Arch) indexerParams() (total, matmul float64) {
	s := a.SparseAttn
	if s == nil {
		return 0, 0
	}
	d, n, h := float64(a.Hidden), float64(s.IndexHeads), float64(s.IndexDim)
	qIn := d
	if a.MLA != nil && a.MLA.QLoRARank > 0 {
		qIn = float64(a.MLA.QLoRARank)
	}
	matmul = qIn*n*h + d*h + d*n
	return matmul + 2*h, matmul
}

// indexerCoef is the indexer's FLOPs per query per key in one layer:
// 2·n_i·h_i for the per-head dot products and 2·n_i for their weighted
// sum, 2·n_i·(h_i + 1). The top-k selection is not counted.
func (a *Arch) indexerCoef() float64 {
	s := a.SparseAttn
	if s == nil {
		return 0
	}
	return 2 * float64(s.IndexHeads) * float64(s.IndexDim+1)
}

// keyCap is the tighter of a window and a top-k cap (0 = none).
func keyCap(window, cap int) int {
	switch {
	case window <= 0:
		return max(cap, 0)
	case cap <= 0:
		return window
	default:
		return min(window, cap)
	}
}

// queryAttention is the forward attention FLOPs of ONE query in layer l
// that can see `keys` tokens (itself included): a linear layer's constant
// recurrent core; otherwise attnCoef·min(keys, W, top-k) for the main
// attention plus indexerCoef·min(keys, W) for a sparse-attention indexer.
func (a *Arch) queryAttention(l Layer, keys float64) float64 {
	return a.queryAttentionAt(l, keys, a.attnCoef(l))
}

// queryAttentionAt is queryAttention with the main attention charged coef
// FLOPs per key.
func (a *Arch) queryAttentionAt(l Layer, keys, coef float64) float64 {
	if keys <= 0 {
		return 0
	}
	if l.Linear {
		return a.linearCoreFLOPs()
	}
	if l.Window > 0 {
		keys = min(keys, float64(l.Window))
	}
	main := keys
	if l.KeyCap > 0 {
		main = min(main, float64(l.KeyCap))
	}
	return coef*main + a.indexerCoef()*keys
}

// layerAttnForward is queryAttention averaged over the queries of a
// sequence of length seq under conv (see meanKeys).
func (a *Arch) layerAttnForward(l Layer, seq int, conv Convention) float64 {
	if seq <= 0 {
		return 0
	}
	if l.Linear {
		return a.linearCoreFLOPs()
	}
	t := float64(seq)
	return a.attnCoef(l)*meanKeys(t, keyCap(l.Window, l.KeyCap), conv) + a.indexerCoef()*meanKeys(t, l.Window, conv)
}

// AttentionBreaks returns the context lengths, ascending and distinct, at
// which AttentionFLOPs or KVCacheBytes change slope: every sliding window
// and sparse-attention top-k. Both are affine in the context between them,
// so sums over contexts can be taken exactly piece by piece.
func (a *Arch) AttentionBreaks() []int {
	var out []int
	a.eachLayer(func(l Layer) {
		for _, w := range []int{l.Window, l.KeyCap} {
			if w > 0 && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	})
	slices.Sort(out)
	return out
}

// DecodeAttentionFLOPs is AttentionFLOPs as decode kernels compute MLA: in
// the weight-absorbed form (DeepSeek-V2 §2.1.2; FlashMLA, the MLA decode
// paths of vLLM, SGLang and TensorRT-LLM) each query attends over the
// cached latent itself, 2·H·(c + r) FLOPs per key for QKᵀ and 2·H·c for
// A·V, instead of the expanded keys and values' 2·H·(n_p + r) + 2·H·v_h.
// (The absorbed query and output projections cost 2·H·c·(n_p + v_h) per
// token, the same as kv_b_proj in MatmulParams.) For DeepSeek-V3 that is
// 278,528 FLOPs per key and layer instead of 81,920. Other attention is as
// in AttentionFLOPs.
func (a *Arch) DecodeAttentionFLOPs(context float64) units.FLOPs {
	var f float64
	a.eachLayer(func(l Layer) {
		coef := a.attnCoef(l)
		if a.MLA != nil && !l.Linear {
			c, r := float64(a.MLA.KVLoRARank), float64(a.MLA.QKRopeDim)
			coef = 2 * float64(l.Heads) * (2*c + r)
		}
		f += a.queryAttentionAt(l, context, coef)
	})
	return units.FLOPs(f)
}
