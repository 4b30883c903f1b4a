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
