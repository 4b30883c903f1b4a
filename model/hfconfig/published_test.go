package hfconfig

import (
	"math"
	"testing"
)

// TestPublishedTotals maps minimal configs of more families (values copied
// from the public Hugging Face config.json files) and checks the total
// against the published count, within the rounding of its last digit.
func TestPublishedTotals(t *testing.T) {
	tests := []struct {
		name, cfg string
		want, tol float64 // parameters; relative tolerance
		source    string
	}{
		{"falcon-7b", `{"model_type":"falcon","hidden_size":4544,"n_head":71,"n_layer":32,"multi_query":true,"parallel_attn":true,"bias":false,"vocab_size":65024,"alibi":false,"new_decoder_architecture":false}`,
			6_921_720_704, 1e-9, "formulas.md §1.7, tied"},
		{"pythia-160m", `{"model_type":"gpt_neox","hidden_size":768,"num_attention_heads":12,"num_hidden_layers":12,"intermediate_size":3072,"vocab_size":50304,"tie_word_embeddings":false,"use_parallel_residual":true}`,
			85_056_000 + 2*50304*768, 1e-9, "Biderman et al. 2023 Table 1: non-embedding 85,056,000 + 2·V·d"},
		{"qwen2-7b", `{"model_type":"qwen2","hidden_size":3584,"num_attention_heads":28,"num_hidden_layers":28,"num_key_value_heads":4,"intermediate_size":18944,"vocab_size":152064,"tie_word_embeddings":false,"sliding_window":131072,"use_sliding_window":false}`,
			7_615_616_512, 1e-9, "formulas.md §1.7"},
		{"gemma-2-9b", `{"model_type":"gemma2","hidden_size":3584,"num_attention_heads":16,"num_hidden_layers":42,"num_key_value_heads":8,"head_dim":256,"intermediate_size":14336,"vocab_size":256000,"sliding_window":4096}`,
			9.24e9, 0.0006, "google/gemma-2-9b model card: 9.24B"},
		{"bloom-176b", `{"model_type":"bloom","hidden_size":14336,"n_head":112,"n_layer":70,"vocab_size":250880}`,
			176_247e6, 1e-5, "BLOOM paper (BigScience 2022) p21: 176,247M"},
		{"gpt-neox-20b", `{"model_type":"gpt_neox","hidden_size":6144,"num_attention_heads":64,"num_hidden_layers":44,"intermediate_size":24576,"vocab_size":50432,"tie_word_embeddings":false}`,
			20_554_567_680, 1e-9, "formulas.md §1.7"},
		{"deepseek-v2", `{"model_type":"deepseek_v2","hidden_size":5120,"num_attention_heads":128,"num_hidden_layers":60,"intermediate_size":12288,"moe_intermediate_size":1536,"n_routed_experts":160,"n_shared_experts":2,"num_experts_per_tok":6,"first_k_dense_replace":1,"moe_layer_freq":1,"q_lora_rank":1536,"kv_lora_rank":512,"qk_nope_head_dim":128,"qk_rope_head_dim":64,"v_head_dim":128,"vocab_size":102400,"tie_word_embeddings":false}`,
			236e9, 0.0025, "DeepSeek-V2 abstract: 236B total"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.cfg))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Arch.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := float64(c.Arch.Count().Total); math.Abs(got-tt.want) > tt.tol*tt.want {
				t.Errorf("total: got %.0f, want %.0f ± %g (%s)", got, tt.want, tt.tol, tt.source)
			}
		})
	}
}
