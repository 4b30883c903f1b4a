package hfconfig

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzHFConfig checks that any input gives a Config or an error of one of
// the two kinds, never a panic, and that the mapped Arch can be counted.
// Seeds: the real configs in testdata plus small edge cases.
func FuzzHFConfig(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"model_type":"llama","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`,
		`{"model_type":"falcon","hidden_size":64,"n_layer":2,"n_head":4,"vocab_size":100,"new_decoder_architecture":true,"num_kv_heads":2}`,
		`{"model_type":"qwen2_moe","hidden_size":64,"num_hidden_layers":4,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":32,"shared_expert_intermediate_size":64,"decoder_sparse_step":2,"mlp_only_layers":[0]}`,
		`{"model_type":"llava","text_config":{"model_type":"llama","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}}`,
		`{"model_type":"qwen3_5_moe","tie_word_embeddings":false,"text_config":{"model_type":"qwen3_5_moe_text","hidden_size":64,"num_hidden_layers":4,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"vocab_size":100,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":32,"shared_expert_intermediate_size":32,"linear_num_key_heads":2,"linear_num_value_heads":4,"linear_key_head_dim":8,"linear_value_head_dim":8,"layer_types":["linear_attention","linear_attention","linear_attention","full_attention"]}}`,
		`{"model_type":"glm_moe_dsa","hidden_size":64,"num_hidden_layers":3,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100,"n_routed_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":32,"first_k_dense_replace":1,"q_lora_rank":32,"kv_lora_rank":16,"qk_nope_head_dim":8,"qk_rope_head_dim":4,"v_head_dim":8,"index_topk":8,"index_n_heads":2,"index_head_dim":8,"num_nextn_predict_layers":1}`,
		`{"model_type":"gpt_oss","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"intermediate_size":64,"vocab_size":100,"num_local_experts":4,"num_experts_per_tok":2,"sliding_window":8,"layer_types":["sliding_attention","full_attention"]}`,
		`{"model_type":"llama","hidden_size":1e300}`,
		`{"a":1,"a":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error of no kind: %v", err)
			}
			return
		}
		if c.Arch.Validate() == nil {
			_ = c.Arch.Count()
		}
	})
}
