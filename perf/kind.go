package perf

import "github.com/flopsdev/flops/model"

// newKind derives the GEMMs, parameters and activation coefficients of one
// layer shape (formulas.md §1.1–1.6 for the weights, §3.3 for activations).
func newKind(a *model.Arch, ls model.Layer, count, seq float64, opt ShapeOptions) kind {
	d := float64(a.Hidden)
	k := kind{count: count, heads: float64(ls.Heads), kvHeads: float64(ls.KVHeads),
		qkDim: float64(ls.HeadDim), vDim: float64(ls.HeadDim)}
	k.attention(a, d)
	k.mlp(a, ls, d)
	k.norms(a, d)
	keys := seq
	if ls.Window > 0 && float64(ls.Window) < seq {
		keys = float64(ls.Window)
	}
	k.keysFull = keys
	// Causal mask: query i sees min(i+1, w) keys; mean over i.
	k.keysCausal = (seq + 1) / 2
	if keys < seq {
		k.keysCausal = keys - keys*(keys-1)/(2*seq)
	}
	k.activations(a, d, opt)
	return k
}

// attention adds the attention projections (MHA/GQA/MQA or MLA).
func (k *kind) attention(a *model.Arch, d float64) {
	h := k.heads
	if m := a.MLA; m != nil {
		k.qkDim, k.vDim = float64(m.QKNopeDim+m.QKRopeDim), float64(m.VHeadDim)
		k.kvHeads = h
		if m.QLoRARank > 0 {
			q := float64(m.QLoRARank)
			up := gemm{n: h * k.qkDim, k: q}
			k.dense = append(k.dense, gemm{n: q, k: d}, up)
			k.mlaUp = append(k.mlaUp, up)
			k.paramsRep += q
		} else {
			k.dense = append(k.dense, gemm{n: h * k.qkDim, k: d})
		}
		c := float64(m.KVLoRARank)
		up := gemm{n: h * (float64(m.QKNopeDim) + k.vDim), k: c}
		k.dense = append(k.dense, gemm{n: c + float64(m.QKRopeDim), k: d}, up)
		k.mlaUp = append(k.mlaUp, up)
		k.paramsRep += c
	} else {
		k.dense = append(k.dense, gemm{n: (h + 2*k.kvHeads) * k.qkDim, k: d})
		if a.QKVBias {
			k.paramsSplit += (h + 2*k.kvHeads) * k.qkDim
		}
	}
	k.dense = append(k.dense, gemm{n: d, k: h * k.vDim, rowSplit: true})
	if a.OutBias {
		k.paramsRep += d
	}
	if a.RelPosProjection {
		k.dense = append(k.dense, gemm{n: h * k.qkDim, k: d})
	}
}

// mlp adds the dense MLP, or the shared and routed experts of an MoE layer.
func (k *kind) mlp(a *model.Arch, ls model.Layer, d float64) {
	mats := 2.0
	if a.GatedMLP {
		mats = 3
	}
	add := func(dst *[]gemm, f float64) {
		*dst = append(*dst, gemm{n: (mats - 1) * f, k: d, mlp: true}, gemm{n: d, k: f, rowSplit: true, mlp: true})
		if a.MLPBias {
			k.paramsSplit += (mats - 1) * f
			k.paramsRep += d
		}
	}
	if !ls.MoE || a.MoE == nil {
		add(&k.dense, float64(ls.FFN))
		k.ffnAct = float64(ls.FFN)
	} else {
		m := a.MoE
		shared := float64(m.SharedFFN)
		if shared == 0 {
			shared = float64(m.ExpertFFN)
		}
		if m.SharedExperts > 0 {
			add(&k.dense, float64(m.SharedExperts)*shared)
		}
		add(&k.expert, float64(m.ExpertFFN))
		k.topK, k.nExp = float64(m.TopK), float64(m.Experts)
		k.ffnAct = float64(m.SharedExperts)*shared + k.topK*float64(m.ExpertFFN)
		k.dense = append(k.dense, gemm{n: k.nExp, k: d, mlp: true}) // router
		k.expertParams = k.nExp * sumNK(k.expert)
	}
	k.paramsSplit += sumNK(k.dense)
}

// norms adds the per-layer norm parameters (replicated on TP ranks).
func (k *kind) norms(a *model.Arch, d float64) {
	n := float64(a.NormsPerLayer)
	if n == 0 {
		n = 2
	}
	k.paramsRep += n * normParams(a, d)
}

// selective sets what selective recompute drops and reruns when flash
// attention leaves no attention core to recompute (Megatron-Core
// --recompute-modules layernorm,mlp-activation): the two norm outputs,
// which feed the QKV and MLP GEMMs (2·2d bytes), and the activation
// function's output, which feeds the down projection (2f); rebuilding
// them reads each norm's input and writes its output (2·4d) and reruns
// the activation (gated: read 4f, write 2f; GeLU: read 2f, write 2f).
//
// With MLA the up-projections from the latents are cheap GEMMs whose
// outputs (the per-head q, k, v) are large: selective recompute drops them
// too and reruns the up-projections (DeepSeek-V3 §3.3.1, "Recomputation of
// RMSNorm and MLA Up-Projection").
func (k *kind) selective(a *model.Arch, d, f, qkv float64) {
	k.selRep, k.selSplit, k.selLinSplit = 4*d, 2*f, 2*f
	k.ewSelRep, k.ewSelSplit = 8*d, 4*f
	if a.GatedMLP {
		k.ewSelSplit = 6 * f
	}
	if len(k.mlaUp) > 0 {
		k.selSplit += qkv
	}
}

// activations sets the stored-activation and element-wise traffic
// coefficients. Korthikanti et al. 2022 §4 (formulas.md §3.3) for a GPT
// layer: 34·s·b·h bytes = 10 replicated (two norm inputs 4, QKV input 2, MLP
// input 2, two dropout masks 2) + 24 split by TP (Q, K, V 6, projection
// input 2, GeLU input and output 16), plus 5·a·s per token for the scores.
// Here the same terms are sized by the actual widths (GQA, gated MLP).
func (k *kind) activations(a *model.Arch, d float64, opt ShapeOptions) {
	f := k.ffnAct
	mask := 0.0
	if opt.Dropout {
		mask = 1
	}
	k.actRep = 4*d + 2*d + 2*d + 2*mask*d
	q, kv, o := 2*k.heads*k.qkDim, 2*k.kvHeads*k.qkDim+2*k.kvHeads*k.vDim, 2*k.heads*k.vDim
	mlpAct := 4 * f // activation input and output
	if a.GatedMLP {
		mlpAct = 6 * f // gate, up, product
	}
	k.actSplit = q + kv + o + mlpAct
	// The inputs of linear layers among them (QKV and MLP inputs; the
	// attention output; the activation output feeding the down projection),
	// which FP8 training keeps in FP8 (Transformer Engine saves the cast
	// input for the weight gradient; DeepSeek-V3 §3.3.2 caches them in FP8).
	k.linRep, k.linSplit = 4*d, o+2*f
	// Element-wise forward traffic (reads + writes, 16-bit): each norm 4d,
	// bias+dropout+residual 6d (+mask) after attention and after the MLP,
	// the activation function, and RoPE on q and k.
	k.ewRep = 2*4*d + 2*(6*d+mask*d)
	k.ewSplit = mlpAct
	if k.topK > 0 {
		// Token permutation around the experts: the dispatch reads each
		// token and writes its k copies, the combine reads the k expert
		// outputs and writes their weighted sum (Megatron-Core's
		// permute/unpermute, DeepEP's layout kernels): 2·(2d + 2kd) bytes.
		k.ewRep += 4 * d * (1 + k.topK)
	}
	if a.PositionTable == 0 {
		k.ewSplit += 2 * (q + 2*k.kvHeads*k.qkDim)
	}
	if opt.FlashAttention {
		k.flashStats = 4 * k.heads
		k.selective(a, d, f, q+kv)
		return
	}
	// Scores: softmax output 2, dropout mask 1, dropout output 2 bytes per
	// head per key (Korthikanti's 5·a·s²·b); traffic: softmax read+write 4,
	// dropout read+write+mask 5.
	k.actScore = (2 + 3*mask) * k.heads
	k.ewScore = (4 + 5*mask) * k.heads
}
