package hfconfig

import (
	"encoding/json"

	"github.com/flopsdev/flops/model"
)

// families maps model_type to its field mapping (formulas.md §1.9 and the
// transformers configuration_*.py class defaults).
var families = map[string]func(*fields, *Config) error{
	"llama": llamaLike(false), "mistral": llamaLike(false), "olmo2": llamaLike(false),
	"qwen3": llamaLike(false), "olmo": olmo, "phi3": llamaLike(false),
	"gemma": llamaLike(true), "gemma2": gemma2, "gemma3_text": gemma3, "mixtral": mixtral,
	"qwen2": qwen2, "qwen2_moe": qwen2MoE, "qwen3_moe": qwen3MoE,
	"deepseek_v2": deepseek, "deepseek_v3": deepseek, "deepseek_v32": deepseek, "kimi_k2": deepseek,
	"glm_moe_dsa": deepseek, "glm4_moe": glm4MoE, "gpt_oss": gptOSS, "minimax_m2": minimaxM2,
	"qwen3_next": qwen3Next, "qwen3_5_moe_text": qwen3Next, "qwen3_5_text": qwen3Next,
	"gpt2": gpt2, "gpt_neox": gptNeoX, "falcon": falcon, "opt": opt, "bloom": bloom,
}

// base reads the Llama-style fields shared by most families: d, L, H, K,
// h_d, f, V, context, RMSNorm, two norms per layer, gated MLP.
func base(fl *fields, tiedDefault bool) model.Arch {
	a := model.Arch{
		Hidden:        fl.need("hidden_size"),
		Layers:        fl.need("num_hidden_layers"),
		Heads:         fl.need("num_attention_heads"),
		FFN:           fl.ffn(),
		Vocab:         fl.need("vocab_size"),
		Norm:          model.RMSNorm,
		NormsPerLayer: 2,
		GatedMLP:      true,
	}
	a.MaxContext, _ = fl.int("max_position_embeddings")
	a.KVHeads = fl.intOr(a.Heads, "equal to num_attention_heads: multi-head attention", "num_key_value_heads")
	if a.Heads > 0 {
		a.HeadDim = a.Hidden / a.Heads
	}
	if hd, ok := fl.int("head_dim"); ok {
		a.HeadDim = hd
	}
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", tiedDefault)
	return a
}

// ffn reads intermediate_size, required unless the family marked it
// optional (MoE models whose every layer is MoE may omit it).
func (fl *fields) ffn() int {
	if fl.ffnOptional {
		v, _ := fl.int("intermediate_size")
		return v
	}
	return fl.need("intermediate_size")
}

// llamaLike handles llama, mistral, qwen3, olmo2, phi3 (untied by default)
// and gemma (tied, head_dim 256 by default).
func llamaLike(gemma bool) func(*fields, *Config) error {
	return func(fl *fields, c *Config) error {
		a := base(fl, gemma)
		if _, ok := fl.int("head_dim"); gemma && !ok {
			a.HeadDim = 256
			fl.warn = append(fl.warn, "head_dim absent: assumed 256 (GemmaConfig default)")
		}
		if _, _, ok := fl.lookup("attention_bias"); ok {
			a.QKVBias = fl.bool("attention_bias", false)
			a.OutBias = a.QKVBias
		}
		if _, _, ok := fl.lookup("mlp_bias"); ok {
			a.MLPBias = fl.bool("mlp_bias", false)
		}
		a.SlidingWindow, _ = fl.int("sliding_window")
		if _, _, ok := fl.lookup("use_sliding_window"); ok && !rawTrue(fl, "use_sliding_window") {
			a.SlidingWindow = 0 // Qwen3: the window applies only with use_sliding_window
		}
		switch c.ModelType {
		case "olmo2": // post-attention and post-feedforward norms; q/k norms over all heads
			a.QKNorm = model.QKNormFull
		case "qwen3": // q/k norms of width head_dim
			a.QKNorm = model.QKNormPerHead
		}
		c.Arch = a
		return nil
	}
}

// olmo: OLMo 1 uses a non-parametric LayerNorm (no weights).
func olmo(fl *fields, c *Config) error {
	c.Arch = base(fl, false)
	c.Arch.Norm = model.NonParamNorm
	if _, _, ok := fl.lookup("attention_bias"); ok {
		c.Arch.QKVBias = fl.bool("attention_bias", false)
		c.Arch.OutBias = c.Arch.QKVBias
	}
	return nil
}

// gemma2: four norms per layer, sliding window on even layers.
func gemma2(fl *fields, c *Config) error {
	if err := llamaLike(true)(fl, c); err != nil {
		return err
	}
	a := &c.Arch
	a.NormsPerLayer = 4 // pre and post norms around attention and MLP
	if a.SlidingWindow > 0 {
		a.SlidingPeriod = 2 // HF Gemma2: is_sliding = not layer_idx % 2
	}
	return nil
}

// gemma3: as Gemma 2 with per-head q/k norms and one global layer in
// every sliding_window_pattern (default 6) layers.
func gemma3(fl *fields, c *Config) error {
	if err := gemma2(fl, c); err != nil {
		return err
	}
	a := &c.Arch
	a.QKNorm = model.QKNormPerHead
	if a.SlidingWindow > 0 {
		a.SlidingPeriod = fl.intOr(6, "Gemma3TextConfig default: 5 sliding layers per global one", "sliding_window_pattern")
	}
	return nil
}

// qwen2: QKV bias always on, output projection without bias; sliding window
// only with use_sliding_window, on layers ≥ max_window_layers.
func qwen2(fl *fields, c *Config) error {
	a := base(fl, false)
	a.QKVBias = true
	a.SlidingWindow = 0
	if w, ok := fl.int("sliding_window"); ok && rawTrue(fl, "use_sliding_window") {
		a.SlidingWindow = w
		from, _ := fl.int("max_window_layers")
		a.SlidingLayers = make([]bool, a.Layers)
		for i := range a.SlidingLayers {
			a.SlidingLayers[i] = i >= from
		}
	}
	c.Arch = a
	return nil
}

func rawTrue(fl *fields, key string) bool {
	raw, ok := fl.m[key]
	return ok && string(raw) == "true"
}

// mixtral: every layer is MoE with experts of width intermediate_size.
func mixtral(fl *fields, c *Config) error {
	a := base(fl, false)
	a.SlidingWindow, _ = fl.int("sliding_window")
	a.MoE = &model.MoE{
		Experts:   fl.need("num_local_experts", "num_experts"),
		TopK:      fl.need("num_experts_per_tok"),
		ExpertFFN: a.FFN,
		LayerFreq: 1,
	}
	c.Arch = a
	return nil
}

// qwen2MoE: routed experts of moe_intermediate_size, one gated shared
// expert of shared_expert_intermediate_size, QKV bias.
func qwen2MoE(fl *fields, c *Config) error {
	if err := qwen3MoE(fl, c); err != nil {
		return err
	}
	c.Arch.QKVBias = true
	if s, ok := fl.int("shared_expert_intermediate_size"); ok && s > 0 {
		c.Arch.MoE.SharedExperts, c.Arch.MoE.SharedFFN, c.Arch.MoE.SharedGate = 1, s, true
	}
	return nil
}

func qwen3MoE(fl *fields, c *Config) error {
	a := base(fl, false)
	if c.ModelType == "qwen3_moe" {
		a.QKNorm = model.QKNormPerHead
	}
	step := fl.intOr(1, "every layer is MoE", "decoder_sparse_step")
	a.MoE = &model.MoE{
		Experts:   fl.need("num_experts"),
		TopK:      fl.need("num_experts_per_tok"),
		ExpertFFN: fl.need("moe_intermediate_size"),
		LayerFreq: max(step, 1),
		// Qwen2-MoE: layer i is MoE iff (i+1) % decoder_sparse_step == 0.
		LayerOffset: max(step, 1) - 1,
	}
	if raw, ok := fl.m["mlp_only_layers"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &a.MoE.DenseLayers); err != nil {
			fl.fail(formatf("mlp_only_layers = %s, want a list of layer indices", raw))
		}
	}
	c.Arch = a
	return nil
}

// deepseek: MLA attention and MoE with shared experts and first dense
// layers (DeepSeek-V2/V3, Kimi-K2, GLM-5), with DeepSeek Sparse Attention
// where the config has an indexer (index_topk: DeepSeek-V3.2, GLM-5).
func deepseek(fl *fields, c *Config) error {
	a := base(fl, false)
	q, _ := fl.int("q_lora_rank") // null: a single query projection
	a.MLA = &model.MLA{
		QLoRARank:  q,
		KVLoRARank: fl.need("kv_lora_rank"),
		QKNopeDim:  fl.need("qk_nope_head_dim"),
		QKRopeDim:  fl.need("qk_rope_head_dim"),
		VHeadDim:   fl.need("v_head_dim"),
	}
	a.HeadDim = a.MLA.QKNopeDim + a.MLA.QKRopeDim
	if e, ok := fl.int("n_routed_experts", "num_local_experts"); ok && e > 0 {
		a.MoE = &model.MoE{
			Experts:       e,
			TopK:          fl.need("num_experts_per_tok"),
			ExpertFFN:     fl.need("moe_intermediate_size"),
			SharedExperts: fl.intOr(0, "no shared experts", "n_shared_experts"),
			FirstDense:    fl.intOr(0, "no leading dense layers", "first_k_dense_replace"),
			LayerFreq:     fl.intOr(1, "every layer after the dense ones is MoE", "moe_layer_freq"),
			RouterBias:    c.ModelType != "deepseek_v2", // V3 and its descendants: e_score_correction_bias
		}
		a.MoE.SharedFFN = a.MoE.ExpertFFN
	}
	if k, ok := fl.int("index_topk"); ok && k > 0 {
		a.SparseAttn = &model.SparseAttention{
			TopK:       k,
			IndexHeads: fl.intOr(indexHeadsDefault(c.ModelType), "class default", "index_n_heads"),
			IndexDim:   fl.intOr(128, "DeepSeek-V3.2 default", "index_head_dim"),
		}
	}
	mtp(fl, &a, "num_nextn_predict_layers")
	c.Arch = a
	return nil
}

// indexHeadsDefault is index_n_heads when absent: 32 in GlmMoeDsaConfig,
// 64 in DeepSeek-V3.2's config.
func indexHeadsDefault(modelType string) int {
	if modelType == "glm_moe_dsa" {
		return 32
	}
	return 64
}
