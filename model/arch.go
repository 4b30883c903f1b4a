// Package model is the normalised architecture record of a transformer
// language model (Arch) and its exact parameter, FLOP and byte accounting.
// It does no I/O: importers (hfconfig, safetensors, gguf) and the embedded
// catalog produce an Arch; compute packages consume it.
package model

// NormKind names the normalisation layer type.
type NormKind string

// Norm kinds.
const (
	RMSNorm   NormKind = "rmsnorm"   // d parameters (gain)
	LayerNorm NormKind = "layernorm" // 2d parameters (gain and bias)
)

// Arch describes a decoder-only transformer. Symbols follow
// ../shared/reference/formulas.md: V vocab, d hidden, L layers, H query
// heads, K key/value heads, h_d head dim, f MLP width.
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
	NormsPerLayer  int      `json:"norms_per_layer"`   // usually 2; 1 for Falcon-7B's shared input norm
	QKVBias        bool     `json:"qkv_bias"`          // biases on Q, K, V projections
	OutBias        bool     `json:"out_bias"`          // bias on the attention output projection
	MLPBias        bool     `json:"mlp_bias"`          // biases on MLP matrices
	TiedEmbeddings bool     `json:"tied_embeddings"`   // output head shares the input embedding
	PositionTable  int      `json:"learned_positions"` // rows of a learned position table (GPT-2/3: n_ctx), 0 for RoPE/ALiBi
	MaxContext     int      `json:"max_context"`       // maximum sequence length, tokens

	// SlidingWindow is the attention window of sliding-window layers in
	// tokens (0: none). SlidingLayers marks which layers use it; nil with
	// SlidingWindow > 0 means every layer (Mistral v0.1).
	SlidingWindow int    `json:"sliding_window,omitempty"`
	SlidingLayers []bool `json:"sliding_layers,omitempty"`

	MoE *MoE `json:"moe,omitempty"`
	MLA *MLA `json:"mla,omitempty"`

	// Per-layer overrides where layers differ (GGUF per-layer arrays,
	// OpenELM-style models); nil means every layer uses the scalar field.
	LayerHeads   []int `json:"layer_heads,omitempty"`
	LayerKVHeads []int `json:"layer_kv_heads,omitempty"`
	LayerFFN     []int `json:"layer_ffn,omitempty"`
}

// MoE describes mixture-of-experts MLP layers.
type MoE struct {
	Experts       int  `json:"experts"`            // E, routed experts per MoE layer
	TopK          int  `json:"top_k"`              // k, routed experts used per token
	ExpertFFN     int  `json:"expert_ffn"`         // f_e, width of one routed expert
	SharedExperts int  `json:"shared_experts"`     // E_s, always-active shared experts
	SharedFFN     int  `json:"shared_ffn"`         // width of one shared expert
	FirstDense    int  `json:"first_dense_layers"` // the first layers use a dense MLP of width FFN (DeepSeek first_k_dense_replace)
	LayerFreq     int  `json:"layer_freq"`         // after FirstDense, every LayerFreq-th layer is MoE (1 = all; 0 treated as 1)
	RouterBias    bool `json:"router_bias"`        // E extra router parameters (DeepSeek-V3 e_score_correction_bias)
	SharedGate    bool `json:"shared_expert_gate"` // d→1 shared-expert gate (Qwen2-MoE)
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
