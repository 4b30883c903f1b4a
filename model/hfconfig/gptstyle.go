package hfconfig

import (
	"fmt"

	"github.com/flopsdev/flops/model"
)

// gptBase is a LayerNorm, plain-MLP, biased, multi-head model.
func gptBase(d, l, h, v int) model.Arch {
	return model.Arch{Hidden: d, Layers: l, Heads: h, KVHeads: h, Vocab: v, Norm: model.LayerNorm,
		NormsPerLayer: 2, QKVBias: true, OutBias: true, MLPBias: true}
}

func headDim(a *model.Arch) {
	if a.Heads > 0 {
		a.HeadDim = a.Hidden / a.Heads
	}
}

// gpt2: attribute aliases n_embd/n_layer/n_head/n_inner/n_positions,
// learned positions, tied embeddings.
func gpt2(fl *fields, c *Config) error {
	a := gptBase(fl.need("n_embd", "hidden_size"), fl.need("n_layer", "num_hidden_layers"),
		fl.need("n_head", "num_attention_heads"), fl.need("vocab_size"))
	headDim(&a)
	a.FFN = fl.intOr(4*a.Hidden, "n_inner null means 4·n_embd", "n_inner")
	a.PositionTable = fl.intOr(1024, "GPT2Config default", "n_positions", "max_position_embeddings")
	a.MaxContext = a.PositionTable
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", true)
	c.Arch = a
	return nil
}

// gptNeoX: untied, biases (attention_bias default true), rotary.
func gptNeoX(fl *fields, c *Config) error {
	a := gptBase(fl.need("hidden_size"), fl.need("num_hidden_layers"), fl.need("num_attention_heads"), fl.need("vocab_size"))
	headDim(&a)
	a.FFN = fl.need("intermediate_size")
	a.MaxContext, _ = fl.int("max_position_embeddings")
	if _, _, ok := fl.lookup("attention_bias"); ok {
		a.QKVBias = fl.bool("attention_bias", true)
		a.OutBias = a.QKVBias
	}
	a.ParallelAttention = fl.bool("use_parallel_residual", true)
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", false)
	c.Arch = a
	return nil
}

// falcon: MQA (multi_query) or GQA (new_decoder_architecture, num_kv_heads),
// one shared input norm with parallel attention, ffn_hidden_size default 4d.
func falcon(fl *fields, c *Config) error {
	a := gptBase(fl.need("hidden_size", "n_embed"), fl.need("num_hidden_layers", "n_layer"),
		fl.need("num_attention_heads", "n_head"), fl.need("vocab_size"))
	headDim(&a)
	a.FFN = fl.intOr(4*a.Hidden, "FalconConfig: 4·hidden_size", "ffn_hidden_size")
	bias := fl.bool("bias", false)
	a.QKVBias, a.OutBias, a.MLPBias = bias, bias, bias
	switch {
	case rawTrue(fl, "new_decoder_architecture"):
		a.KVHeads = fl.need("num_kv_heads", "n_head_kv")
		a.NormsPerLayer = fl.intOr(2, "FalconConfig default", "num_ln_in_parallel_attn")
		a.ParallelAttention = true
	case fl.bool("multi_query", true):
		a.KVHeads = 1
	}
	if !rawTrue(fl, "new_decoder_architecture") && fl.bool("parallel_attn", true) {
		a.ParallelAttention, a.NormsPerLayer = true, 1 // one shared input norm
	}
	a.MaxContext, _ = fl.int("max_position_embeddings")
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", true)
	c.Arch = a
	return nil
}

// opt: learned positions with OPT's offset of 2 rows, ReLU MLP of ffn_dim.
func opt(fl *fields, c *Config) error {
	a := gptBase(fl.need("hidden_size"), fl.need("num_hidden_layers"), fl.need("num_attention_heads"), fl.need("vocab_size"))
	headDim(&a)
	a.FFN = fl.need("ffn_dim")
	a.MaxContext = fl.intOr(2048, "OPTConfig default", "max_position_embeddings")
	a.PositionTable = a.MaxContext + 2 // OPTLearnedPositionalEmbedding offset
	if p, ok := fl.int("word_embed_proj_dim"); ok && p != a.Hidden {
		fl.warn = append(fl.warn, fmt.Sprintf("word_embed_proj_dim %d ≠ hidden_size: projection matrices not counted", p))
	}
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", true)
	c.Arch = a
	return nil
}

// bloom: ALiBi, 4d MLP, tied; the embedding LayerNorm is not in the record.
func bloom(fl *fields, c *Config) error {
	a := gptBase(fl.need("hidden_size", "n_embed"), fl.need("n_layer", "num_hidden_layers"),
		fl.need("n_head", "num_attention_heads"), fl.need("vocab_size"))
	headDim(&a)
	a.FFN = 4 * a.Hidden
	a.TiedEmbeddings = fl.bool("tie_word_embeddings", true)
	a.EmbeddingNorm = true // word_embeddings_layernorm
	c.Arch = a
	return nil
}
