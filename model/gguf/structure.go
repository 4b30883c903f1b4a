package gguf

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/model"
)

// structure infers norms, biases, gating, tying and learned positions from
// the tensor names of the first layer (llama.cpp naming: blk.N.attn_q, ...).
func (m *meta) structure(a *model.Arch) {
	f := m.f
	a.Norm = model.RMSNorm
	if f.has("blk.0.attn_norm.bias") {
		a.Norm = model.LayerNorm
	}
	for _, n := range []string{"attn_norm", "attn_norm_2", "ffn_norm", "post_attention_norm", "post_ffw_norm"} {
		if f.has("blk.0." + n + ".weight") {
			a.NormsPerLayer++
		}
	}
	a.QKVBias = f.has("blk.0.attn_q.bias") || f.has("blk.0.attn_qkv.bias")
	a.OutBias = f.has("blk.0.attn_output.bias")
	a.MLPBias = f.has("blk.0.ffn_up.bias") || f.has("blk.0.ffn_down.bias")
	// Gate matrices: dense (ffn_gate), merged experts (ffn_gate_exps), old
	// per-expert Mixtral files (ffn_gate.0.weight); ffn_gate_inp is the router.
	// Phi-3 fuses gate and up into one ffn_up of width 2f.
	a.GatedMLP = m.arch == "phi3" || m.anyName(".ffn_gate.", ".ffn_gate_exps.", ".ffn_gate_shexp.")
	a.TiedEmbeddings = !f.has("output.weight")
	if a.TiedEmbeddings {
		m.warn = append(m.warn, "no output.weight tensor: output head tied to the token embedding")
	}
	if t, ok := f.tensor("position_embd.weight"); ok && len(t.Dims) == 2 {
		a.PositionTable = int(t.Dims[1])
	}
	if t, ok := f.tensor("blk.0.attn_q_norm.weight"); ok && len(t.Dims) == 1 {
		a.QKNorm = model.QKNormFull
		if int(t.Dims[0]) == a.HeadDim {
			a.QKNorm = model.QKNormPerHead
		}
	}
	a.ParallelAttention = m.arch == "falcon"
	if v, ok := m.val("use_parallel_residual"); ok {
		a.ParallelAttention, _ = v.Bool()
	}
}

// anyName reports whether some tensor name contains one of the parts.
func (m *meta) anyName(parts ...string) bool {
	for _, t := range m.f.Tensors {
		for _, p := range parts {
			if strings.Contains(t.Name, p) {
				return true
			}
		}
	}
	return false
}

// anyLayer reports whether some layer has a tensor with one of the suffixes.
func (m *meta) anyLayer(suffixes ...string) bool {
	for _, t := range m.f.Tensors {
		for _, s := range suffixes {
			if strings.HasPrefix(t.Name, "blk.") && strings.HasSuffix(t.Name, "."+s) {
				return true
			}
		}
	}
	return false
}

// moe reads the expert keys.
func (m *meta) moe(a *model.Arch) {
	e := m.uint("expert_count")
	if e == 0 {
		return
	}
	moe := &model.MoE{
		Experts:       e,
		TopK:          m.uint("expert_used_count"),
		ExpertFFN:     m.uint("expert_feed_forward_length"),
		SharedExperts: m.uint("expert_shared_count"),
		SharedFFN:     m.uint("expert_shared_feed_forward_length"),
		FirstDense:    m.uint("leading_dense_block_count"),
		LayerFreq:     1,
		RouterBias:    m.anyLayer("exp_probs_b.bias", "exp_probs_b"),
		SharedGate:    m.anyLayer("ffn_gate_inp_shexp.weight"),
	}
	if moe.ExpertFFN == 0 {
		moe.ExpertFFN = a.FFN
		m.warn = append(m.warn, fmt.Sprintf("expert_feed_forward_length absent: expert width taken from feed_forward_length (%d)", a.FFN))
	}
	if moe.SharedExperts == 0 && m.anyLayer("ffn_up_shexp.weight") {
		moe.SharedExperts = 1
	}
	if moe.SharedExperts > 0 && moe.SharedFFN == 0 {
		moe.SharedFFN = moe.ExpertFFN
	}
	if a.Family == "llama" {
		a.Family = "mixtral"
	}
	if moe.RouterBias && a.Family == "deepseek_v2" {
		a.Family = "deepseek_v3"
	}
	a.MoE = moe
}

// mla reads DeepSeek-V2/V3 latent-attention keys: key_length = n_p + r
// (key_length_mla when the file stores absorbed attention), value_length
// = v_h, rope.dimension_count = r.
func (m *meta) mla(a *model.Arch) {
	c := m.uint("attention.kv_lora_rank")
	if c == 0 {
		return
	}
	k, v := m.uint("attention.key_length_mla"), m.uint("attention.value_length_mla")
	if k == 0 {
		k, v = m.uint("attention.key_length"), m.uint("attention.value_length")
	}
	r := m.uint("rope.dimension_count")
	a.MLA = &model.MLA{QLoRARank: m.uint("attention.q_lora_rank"), KVLoRARank: c, QKNopeDim: max(k-r, 0), QKRopeDim: r, VHeadDim: v}
	a.HeadDim = k
}

// window reads the sliding window; Gemma 2 alternates sliding (even) and
// global (odd) layers (HF Gemma2: is_sliding = not layer_idx % 2).
func (m *meta) window(a *model.Arch) {
	a.SlidingWindow = m.uint("attention.sliding_window")
	switch {
	case a.SlidingWindow == 0:
	case m.arch == "gemma2":
		a.SlidingPeriod = 2 // HF Gemma2: is_sliding = not layer_idx % 2
		m.warn = append(m.warn, "gemma2: sliding-window attention assumed on even layers, global on odd layers")
	case m.arch == "gemma3":
		a.SlidingPeriod = 6 // Gemma3TextConfig sliding_window_pattern default
		m.warn = append(m.warn, "gemma3: one global-attention layer in every 6 assumed (sliding_window_pattern 6)")
	}
}
