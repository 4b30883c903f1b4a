// Package model is the normalised architecture record of a transformer
// language model (Arch) and its exact parameter, FLOP and byte accounting.
// It does no I/O: importers (hfconfig, safetensors, gguf) and the embedded
// catalog produce an Arch; compute packages consume it.
//
// Conventions (docs/formulas.md §0–§3):
//   - 1 FLOP is one add or one multiply; an (m×k)·(k×n) matmul costs 2·m·k·n.
//   - Parameter counts are exact sums of the weight shapes (float64, so no
//     overflow for any realistic model).
//   - Attention-core FLOPs (QKᵀ and A·V) are charged either with the causal
//     halving (Causal, the default for decoder LMs, as in Megatron-LM's
//     current counter) or without it (Full, PaLM Appendix B / nanoGPT
//     estimate_mfu / Narayanan 2021), see Convention.
//   - Bytes are plain bytes (the CLI formats them with IEC or SI prefixes).
package model

// NormKind names the normalisation layer type.
type NormKind string

// Norm kinds, with the parameters of one norm over a vector of width n.
const (
	RMSNorm         NormKind = "rmsnorm"          // n parameters (gain)
	LayerNorm       NormKind = "layernorm"        // 2n parameters (gain and bias)
	LayerNormNoBias NormKind = "layernorm_nobias" // n parameters (gain only; PaLM, OLMo 2 style scale-only LN)
	NonParamNorm    NormKind = "nonparametric"    // 0 parameters (OLMo 1 non-parametric LayerNorm)
)

// QKNormKind names the optional normalisation of queries and keys.
type QKNormKind string

// QK-norm kinds.
const (
	QKNormNone    QKNormKind = ""         // no QK norm
	QKNormPerHead QKNormKind = "per_head" // one norm of width h_d for q and one for k, shared by heads (Qwen3, Gemma 3)
	QKNormFull    QKNormKind = "full"     // q norm over H·h_d and k norm over K·h_d (OLMo 2)
)

// Arch describes a decoder-only transformer. Symbols follow
// docs/formulas.md: V vocab, d hidden, L layers, H query
// heads, K key/value heads, h_d head dim, f MLP width.
//
// Per-layer values: LayerSpec(i) resolves the effective heads, kv heads, MLP
// kind and width and attention window of layer i from the scalar fields and
// the optional per-layer overrides.
type Arch struct {
	Name   string `json:"name"`
	Family string `json:"family"` // e.g. "llama", "gpt2", "gpt_neox", "falcon", "gemma2", "mixtral", "qwen2_moe", "deepseek_v3"

	Vocab    int  `json:"vocab_size"`        // V
	Hidden   int  `json:"hidden_size"`       // d
	Layers   int  `json:"num_layers"`        // L
	Heads    int  `json:"num_heads"`         // H, query heads
	KVHeads  int  `json:"num_kv_heads"`      // K: = H for MHA, 1 for MQA
	HeadDim  int  `json:"head_dim"`          // h_d, not always d/H (Gemma: 256)
	FFN      int  `json:"intermediate_size"` // f, dense MLP width
	GatedMLP bool `json:"gated_mlp"`         // 3 matrices (SwiGLU/GeGLU) instead of 2

	Norm           NormKind `json:"norm"`
	NormsPerLayer  int      `json:"norms_per_layer"`   // usually 2; 1 for Falcon-7B/PaLM (parallel block, shared input norm); 4 for Gemma 2 (pre+post)
	QKVBias        bool     `json:"qkv_bias"`          // biases on Q, K, V projections
	OutBias        bool     `json:"out_bias"`          // bias on the attention output projection
	MLPBias        bool     `json:"mlp_bias"`          // biases on MLP matrices
	TiedEmbeddings bool     `json:"tied_embeddings"`   // output head shares the input embedding
	PositionTable  int      `json:"learned_positions"` // rows of a learned position table (GPT-2/3: n_ctx; OPT: n_ctx+2), 0 for RoPE/ALiBi
	MaxContext     int      `json:"max_context"`       // maximum sequence length, tokens

	// ParallelAttention marks the parallel attention+MLP block (GPT-J,
	// GPT-NeoX use_parallel_residual, Falcon, PaLM). It changes no count
	// by itself; the number of norms is NormsPerLayer.
	ParallelAttention bool `json:"parallel_attention,omitempty"`
	// EmbeddingNorm is a norm applied to the token embeddings (BLOOM's
	// word_embeddings_layernorm): one more norm of width d.
	EmbeddingNorm bool `json:"embedding_norm,omitempty"`
	// QKNorm is the optional query/key normalisation (its parameters are
	// counted with the norms).
	QKNorm QKNormKind `json:"qk_norm,omitempty"`
	// RelPosProjection is the Transformer-XL relative-position key
	// projection W_R (d × H·h_d per layer) used by Gopher and Chinchilla
	// (Rae et al. 2021 §2; with it 13·L·d² reproduces their 280B/70B).
	RelPosProjection bool `json:"relative_position_projection,omitempty"`

	// SlidingWindow is the attention window of sliding-window layers in
	// tokens (0: none). Which layers use it, in order of precedence:
	// SlidingLayers[i] if SlidingLayers is non-nil; else, if SlidingPeriod
	// p > 0, layer i is global iff (i+1) mod p == 0 and sliding otherwise
	// (Gemma 2: p = 2, even layers slide; Gemma 3: p = 6); else every
	// layer (Mistral v0.1).
	SlidingWindow int    `json:"sliding_window,omitempty"`
	SlidingLayers []bool `json:"sliding_layers,omitempty"`
	SlidingPeriod int    `json:"sliding_period,omitempty"`

	MoE *MoE `json:"moe,omitempty"`
	MLA *MLA `json:"mla,omitempty"`

	// AttentionSinks marks one learned sink logit per query head in every
	// attention layer (gpt-oss): H parameters per layer, counted with the
	// attention. Its FLOPs (one more logit per head in the softmax) are
	// negligible and not counted.
	AttentionSinks bool `json:"attention_sinks,omitempty"`
	// AttnOutputGate marks a sigmoid gate on the attention output whose
	// H·h_d values the query projection also produces (Qwen3-Next, Qwen3.5
	// attn_output_gate): q_proj is d × 2·H·h_d in full-attention layers.
	AttnOutputGate bool `json:"attn_output_gate,omitempty"`
	// LinearAttn describes the linear-attention (Gated DeltaNet) layers of
	// a hybrid model; nil means every layer is softmax attention.
	LinearAttn *LinearAttention `json:"linear_attention,omitempty"`
	// SparseAttn describes top-k sparse attention with a lightning indexer
	// (DeepSeek Sparse Attention: DeepSeek-V3.2, GLM-5); nil means dense.
	SparseAttn *SparseAttention `json:"sparse_attention,omitempty"`

	// MTPLayers is the number of multi-token-prediction modules
	// (DeepSeek-V3 num_nextn_predict_layers). They are counted separately
	// (Counts.MTP) and never in Total, Active or the FLOPs per token.
	MTPLayers int `json:"mtp_layers,omitempty"`

	// Per-layer overrides where layers differ (GGUF per-layer arrays,
	// OpenELM-style models); nil means every layer uses the scalar field.
	LayerHeads   []int `json:"layer_heads,omitempty"`
	LayerKVHeads []int `json:"layer_kv_heads,omitempty"`
	LayerFFN     []int `json:"layer_ffn,omitempty"`
}

// MoE describes mixture-of-experts MLP layers.
//
// Layer i is an MoE layer iff i ≥ FirstDense, i is not in DenseLayers, and
// i mod LayerFreq == LayerOffset mod LayerFreq (LayerFreq 0 is treated as 1).
// DeepSeek (moe_layer_freq, first_k_dense_replace): offset 0. Qwen2-MoE
// (decoder_sparse_step s, mlp_only_layers) and Llama 4
// (interleave_moe_layer_step s): (i+1) mod s == 0, i.e. offset s−1.
// Other layers use a dense MLP of width Arch.FFN.
type MoE struct {
	Experts       int   `json:"experts"`                // E, routed experts per MoE layer
	TopK          int   `json:"top_k"`                  // k, routed experts used per token
	ExpertFFN     int   `json:"expert_ffn"`             // f_e, width of one routed expert
	SharedExperts int   `json:"shared_experts"`         // E_s, always-active shared experts
	SharedFFN     int   `json:"shared_ffn"`             // width of one shared expert (0: = ExpertFFN)
	FirstDense    int   `json:"first_dense_layers"`     // the first layers use a dense MLP of width FFN (DeepSeek first_k_dense_replace)
	LayerFreq     int   `json:"layer_freq"`             // every LayerFreq-th layer is MoE (1 = all; 0 treated as 1)
	LayerOffset   int   `json:"layer_offset,omitempty"` // phase of LayerFreq, see the type comment
	DenseLayers   []int `json:"dense_layers,omitempty"` // explicit dense-MLP layer indices (Qwen2-MoE mlp_only_layers)
	RouterBias    bool  `json:"router_bias"`            // E extra router parameters (DeepSeek-V3 e_score_correction_bias)
	SharedGate    bool  `json:"shared_expert_gate"`     // d→1 shared-expert gate (Qwen2-MoE)
}

// MLA describes DeepSeek-V2/V3 multi-head latent attention. When set, the
// attention block and KV cache follow MLA and KVHeads/HeadDim are ignored.
type MLA struct {
	QLoRARank  int `json:"q_lora_rank"`      // q_r; 0 means a single d×H·(n_p+r) query projection
	KVLoRARank int `json:"kv_lora_rank"`     // c, the compressed KV latent cached per token
	QKNopeDim  int `json:"qk_nope_head_dim"` // n_p
	QKRopeDim  int `json:"qk_rope_head_dim"` // r, decoupled RoPE key, cached per token
	VHeadDim   int `json:"v_head_dim"`       // v_h
}

// LinearAttention describes Gated DeltaNet linear-attention layers (Yang,
// Kautz, Hatamizadeh 2024, "Gated Delta Networks"; Qwen3-Next, Qwen3.5).
// Each layer keeps a fixed-size recurrent state per sequence instead of a
// KV cache, so its memory and FLOPs do not grow with the context.
//
// Which layers are linear, in order of precedence: Layers[i] if Layers is
// non-nil (config.json layer_types); else, with FullPeriod p > 0, layer i is
// full attention iff (i+1) mod p == 0 (full_attention_interval, Qwen3-Next:
// p = 4, three linear layers then one full); else every layer is linear.
type LinearAttention struct {
	KeyHeads     int    `json:"key_heads"`        // H_k, linear_num_key_heads (query and key heads)
	ValueHeads   int    `json:"value_heads"`      // H_v, linear_num_value_heads
	KeyHeadDim   int    `json:"key_head_dim"`     // d_k, linear_key_head_dim
	ValueHeadDim int    `json:"value_head_dim"`   // d_v, linear_value_head_dim
	ConvKernel   int    `json:"conv_kernel"`      // K, linear_conv_kernel_dim: causal depthwise conv taps
	FullPeriod   int    `json:"full_period"`      // full_attention_interval
	Layers       []bool `json:"layers,omitempty"` // true = linear attention, one per layer
}

// SparseAttention describes DeepSeek Sparse Attention (DeepSeek-V3.2
// report §2.1; GLM-5 uses it): a lightning indexer with its own small key
// cache scores every earlier token, and the main attention of each query
// reads only the TopK best-scoring keys. The KV cache still holds every
// token; the main attention FLOPs stop growing past TopK keys while the
// indexer's grow with the context.
type SparseAttention struct {
	TopK       int `json:"top_k"`       // index_topk, keys each query attends to
	IndexHeads int `json:"index_heads"` // index_n_heads
	IndexDim   int `json:"index_dim"`   // index_head_dim, also the indexer key cached per token and layer
}
