package hfconfig

import (
	"encoding/json"
	"fmt"

	"github.com/flopsdev/flops/model"
)

// Readers of the 2025–26 serving families: gpt-oss, Qwen3-Next and Qwen3.5
// (hybrid Gated DeltaNet), GLM-4.5/4.6 and MiniMax-M2. Field names and
// defaults follow the transformers configuration_*.py of each model_type.

// gptOSS: every layer MoE with biased experts of width intermediate_size,
// a biased router, biased attention with one sink per head, and
// layer_types alternating sliding (window 128) and full attention.
func gptOSS(fl *fields, c *Config) error {
	a := base(fl, false)
	a.QKVBias = fl.bool("attention_bias", true)
	a.OutBias = a.QKVBias
	a.MLPBias = true // gate_up_proj_bias, down_proj_bias
	a.AttentionSinks = true
	a.MoE = &model.MoE{
		Experts:    fl.need("num_local_experts", "num_experts"),
		TopK:       fl.need("num_experts_per_tok", "experts_per_token"),
		ExpertFFN:  a.FFN,
		LayerFreq:  1,
		RouterBias: true, // router.bias
	}
	a.SlidingWindow, _ = fl.int("sliding_window")
	a.SlidingLayers = layerKinds(fl, a.Layers, "sliding_attention")
	if a.SlidingWindow > 0 && a.SlidingLayers == nil {
		a.SlidingPeriod = 2 // GptOssConfig default: sliding, full, sliding, ...
		fl.warn = append(fl.warn, "layer_types absent: assumed alternating sliding and full attention (GptOssConfig default)")
	}
	if q, ok := fl.sub("quantization_config"); ok && q.str("quant_method") != "" {
		fl.warn = append(fl.warn, fmt.Sprintf("checkpoint quantized as %s (quantization_config); parameters are counted, not bytes", q.str("quant_method")))
	}
	c.Arch = a
	return nil
}

// layerKinds reads layer_types into one bool per layer, true where the
// entry equals kind; nil when absent or of the wrong length (with an error
// for the wrong length).
func layerKinds(fl *fields, layers int, kind string) []bool {
	raw, ok := fl.m["layer_types"]
	if !ok || string(raw) == "null" {
		return nil
	}
	var types []string
	if err := json.Unmarshal(raw, &types); err != nil || len(types) != layers {
		fl.fail(formatf("layer_types = %.80s: want a list of %d layer kinds", raw, layers))
		return nil
	}
	out := make([]bool, layers)
	for i, t := range types {
		out[i] = t == kind
	}
	return out
}

// qwen3Next: Qwen3-Next and Qwen3.5 text models. Gated DeltaNet layers
// (linear_*) interleaved with gated full attention (every
// full_attention_interval-th layer, or layer_types), per-head q/k norms,
// MoE with one gated shared expert, or a dense MLP (qwen3_5_text).
func qwen3Next(fl *fields, c *Config) error {
	moe := c.ModelType != "qwen3_5_text"
	fl.ffnOptional = moe
	if moe {
		if err := qwen2MoE(fl, c); err != nil {
			return err
		}
	} else {
		c.Arch = base(fl, false)
	}
	a := &c.Arch
	a.QKVBias = false // attention_bias defaults to false here, unlike Qwen2-MoE
	if _, _, ok := fl.lookup("attention_bias"); ok {
		a.QKVBias = fl.bool("attention_bias", false)
		a.OutBias = a.QKVBias
	}
	a.QKNorm = model.QKNormPerHead
	a.AttnOutputGate = c.ModelType == "qwen3_next" || fl.bool("attn_output_gate", true)
	a.LinearAttn = &model.LinearAttention{
		KeyHeads:     fl.need("linear_num_key_heads"),
		ValueHeads:   fl.need("linear_num_value_heads"),
		KeyHeadDim:   fl.need("linear_key_head_dim"),
		ValueHeadDim: fl.need("linear_value_head_dim"),
		ConvKernel:   fl.intOr(4, "Qwen3NextConfig default", "linear_conv_kernel_dim"),
		FullPeriod:   fl.intOr(4, "Qwen3NextConfig default: one full-attention layer in four", "full_attention_interval"),
	}
	if kinds := layerKinds(fl, a.Layers, "linear_attention"); kinds != nil {
		a.LinearAttn.Layers = kinds
	}
	mtp(fl, a, "mtp_num_hidden_layers")
	return nil
}

// glm4MoE: GLM-4.5/4.6/4.7. GQA with QKV bias (no output bias), per-head
// q/k norms (use_qk_norm), DeepSeek-style MoE (sigmoid router with a score
// correction bias, one shared expert, first_k_dense_replace dense layers)
// and num_nextn_predict_layers MTP layers counted apart.
func glm4MoE(fl *fields, c *Config) error {
	a := base(fl, false)
	a.QKVBias = fl.bool("attention_bias", false)
	if rawTrue(fl, "use_qk_norm") {
		a.QKNorm = model.QKNormPerHead
	}
	a.MoE = &model.MoE{
		Experts:       fl.need("n_routed_experts"),
		TopK:          fl.need("num_experts_per_tok"),
		ExpertFFN:     fl.need("moe_intermediate_size"),
		SharedExperts: fl.intOr(1, "Glm4MoeConfig default", "n_shared_experts"),
		FirstDense:    fl.intOr(1, "Glm4MoeConfig default", "first_k_dense_replace"),
		LayerFreq:     1,
		RouterBias:    true, // e_score_correction_bias, stored in the checkpoint
	}
	a.MoE.SharedFFN = a.MoE.ExpertFFN
	mtp(fl, &a, "num_nextn_predict_layers")
	c.Arch = a
	return nil
}

// minimaxM2: MiniMax-M2/M2.1/M2.5. GQA, q/k norms over all heads
// (qk_norm_type per_layer), every layer MoE with experts of width
// intermediate_size, a sigmoid router with a routing bias, no shared
// expert. The MTP modules the config declares are not in the released
// checkpoints (their Hugging Face totals match the count without them).
func minimaxM2(fl *fields, c *Config) error {
	a := base(fl, false)
	if rawTrue(fl, "use_qk_norm") {
		a.QKNorm = model.QKNormFull
		if t := fl.str("qk_norm_type"); t != "" && t != "per_layer" {
			a.QKNorm = model.QKNormPerHead
		}
	}
	a.MoE = &model.MoE{
		Experts:    fl.need("num_local_experts"),
		TopK:       fl.need("num_experts_per_tok"),
		ExpertFFN:  a.FFN,
		LayerFreq:  1,
		RouterBias: rawTrue(fl, "use_routing_bias"),
	}
	if s, ok := fl.int("shared_intermediate_size"); ok && s > 0 {
		a.MoE.SharedExperts, a.MoE.SharedFFN = 1, s
	}
	if n, ok := fl.int("num_mtp_modules"); ok && n > 0 {
		fl.warn = append(fl.warn, fmt.Sprintf("num_mtp_modules = %d: not counted (the released checkpoints ship no MTP weights)", n))
	}
	c.Arch = a
	return nil
}

// mtp reads the count of multi-token-prediction layers from key
// (num_nextn_predict_layers in DeepSeek and GLM, mtp_num_hidden_layers in
// Qwen3-Next) with its warning.
func mtp(fl *fields, a *model.Arch, key string) {
	a.MTPLayers, _ = fl.int(key)
	if a.MTPLayers > 0 {
		fl.warn = append(fl.warn, fmt.Sprintf("%d multi-token-prediction layer(s) are stored in the checkpoint but not counted in the model's total", a.MTPLayers))
	}
}
