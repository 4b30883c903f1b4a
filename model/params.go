package model

// layerParams is the parameter breakdown of one decoder layer. The *Matmul
// fields count only weight matrices multiplied per token (no biases, no
// norm gains); "Active" is what one token uses in an MoE layer.
type layerParams struct {
	Attention, AttnMatmul          float64
	Norms                          float64
	MLP, MLPMatmul                 float64 // dense MLP layers
	Experts, ExpertsActive         float64 // MoE layers: routed + shared experts
	ExpertsMatmul, ExpertsMMActive float64
	Router                         float64 // router matrix (+ bias, + shared gate); all matmul except the bias
	RouterMatmul                   float64
}

func (p layerParams) total() float64 {
	return p.Attention + p.Norms + p.MLP + p.Experts + p.Router
}

func (p layerParams) active() float64 {
	return p.Attention + p.Norms + p.MLP + p.ExpertsActive + p.Router
}

func (p layerParams) matmul() (total, active float64) {
	base := p.AttnMatmul + p.MLPMatmul + p.RouterMatmul
	return base + p.ExpertsMatmul, base + p.ExpertsMMActive
}

// normParams is the parameter count of one norm over a vector of width n:
// RMSNorm n, LayerNorm 2n, scale-only LayerNorm n, non-parametric 0
// (formulas.md §1.3).
func (a *Arch) normParams(n float64) float64 {
	switch a.Norm {
	case LayerNorm:
		return 2 * n
	case NonParamNorm:
		return 0
	default:
		return n
	}
}

// layerParams returns the breakdown of layer l.
func (a *Arch) layerParams(l Layer) layerParams {
	var p layerParams
	p.Attention, p.AttnMatmul = a.attnParams(l)
	p.Norms = float64(a.NormsPerLayer)*a.normParams(float64(a.Hidden)) + a.qkNormParams(l)
	if !l.MoE {
		p.MLP, p.MLPMatmul = a.mlpParams(float64(l.FFN))
		return p
	}
	m := a.MoE
	expert, expertMM := a.mlpParams(float64(m.ExpertFFN))
	shared, sharedMM := a.mlpParams(float64(a.sharedFFN()))
	e, k, s := float64(m.Experts), float64(m.TopK), float64(m.SharedExperts)
	p.Experts, p.ExpertsActive = e*expert+s*shared, k*expert+s*shared
	p.ExpertsMatmul, p.ExpertsMMActive = e*expertMM+s*sharedMM, k*expertMM+s*sharedMM
	d := float64(a.Hidden)
	p.RouterMatmul = e * d // router W: d × E
	if m.SharedGate {
		p.RouterMatmul += d // Qwen2-MoE shared_expert_gate: d × 1
	}
	p.Router = p.RouterMatmul
	if m.RouterBias {
		p.Router += e // DeepSeek-V3 e_score_correction_bias
	}
	return p
}

func (a *Arch) sharedFFN() int {
	if a.MoE.SharedFFN > 0 {
		return a.MoE.SharedFFN
	}
	return a.MoE.ExpertFFN
}

// attnParams returns the attention block's parameters and its matmul
// weights. MHA/GQA/MQA (formulas.md §1.1): Q d·H·h_d, K and V d·K·h_d each,
// O H·h_d·d; biases H·h_d + 2·K·h_d (QKV) and d (output); Transformer-XL
// W_R d·H·h_d; output gate d·H·h_d. MLA: see mlaParams. Plus a sparse-
// attention indexer (indexerParams) and H attention-sink logits where the
// model has them. Linear-attention layers: see gdnParams.
func (a *Arch) attnParams(l Layer) (total, matmul float64) {
	if l.Linear {
		return a.gdnParams()
	}
	if a.MLA != nil {
		total, matmul = a.mlaParams(l)
	} else {
		total, matmul = a.gqaParams(l)
	}
	it, im := a.indexerParams()
	total, matmul = total+it, matmul+im
	if a.AttentionSinks {
		total += float64(l.Heads) // one sink logit per head
	}
	return total, matmul
}

// gqaParams is MHA/GQA/MQA attention with the optional biases, output
// gate (d·H·h_d more in the query projection) and Transformer-XL W_R.
func (a *Arch) gqaParams(l Layer) (total, matmul float64) {
	d, h, k, hd := float64(a.Hidden), float64(l.Heads), float64(l.KVHeads), float64(l.HeadDim)
	matmul = 2*d*h*hd + 2*d*k*hd
	if a.RelPosProjection {
		matmul += d * h * hd
	}
	if a.AttnOutputGate {
		matmul += d * h * hd
	}
	total = matmul
	if a.QKVBias {
		total += h*hd + 2*k*hd
	}
	if a.OutBias {
		total += d
	}
	return total, matmul
}

// mlaParams is multi-head latent attention (formulas.md §1.6):
// d·q_r + q_r + q_r·H·(n_p+r) + d·(c+r) + c + c·H·(n_p+v_h) + H·v_h·d, where
// the two latent norms (q_r, c) are not matmul weights; with q_r = 0 the
// query is a single d·H·(n_p+r) projection.
func (a *Arch) mlaParams(l Layer) (total, matmul float64) {
	m := a.MLA
	d, h := float64(a.Hidden), float64(l.Heads)
	qr, c := float64(m.QLoRARank), float64(m.KVLoRARank)
	np, r, vh := float64(m.QKNopeDim), float64(m.QKRopeDim), float64(m.VHeadDim)
	if m.QLoRARank > 0 {
		matmul = d*qr + qr*h*(np+r)
	} else {
		matmul = d * h * (np + r)
	}
	matmul += d*(c+r) + c*h*(np+vh) + h*vh*d
	norms := c
	if m.QLoRARank > 0 {
		norms += qr
	}
	return matmul + a.normParams(norms), matmul
}

// qkNormParams counts the query/key norms of one layer.
func (a *Arch) qkNormParams(l Layer) float64 {
	if l.Linear {
		return 0 // Gated DeltaNet normalises q and k without parameters
	}
	switch a.QKNorm {
	case QKNormPerHead:
		return 2 * a.normParams(float64(l.HeadDim))
	case QKNormFull:
		return a.normParams(float64(l.Heads*l.HeadDim)) + a.normParams(float64(l.KVHeads*l.HeadDim))
	default:
		return 0
	}
}

// mlpParams is one MLP of width f: gated 3·d·f (+ 2f + d biases), plain
// 2·d·f (+ f + d biases) (formulas.md §1.2).
func (a *Arch) mlpParams(f float64) (total, matmul float64) {
	d := float64(a.Hidden)
	if a.GatedMLP {
		matmul = 3 * d * f
		if a.MLPBias {
			return matmul + 2*f + d, matmul
		}
		return matmul, matmul
	}
	matmul = 2 * d * f
	if a.MLPBias {
		return matmul + f + d, matmul
	}
	return matmul, matmul
}
