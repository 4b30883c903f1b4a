package hfconfig

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) *Config {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRealConfigs checks the parameter counts of real configs (testdata,
// copies of the public Hugging Face config.json files) against the exact
// totals of docs/formulas.md §1.7/§1.8, to 1e-9 relative.
func TestRealConfigs(t *testing.T) {
	tests := []struct {
		file          string
		total, active float64
	}{
		{"llama-3-8b.json", 8_030_261_248, 8_030_261_248},
		{"mixtral-8x7b.json", 46_702_792_704, 12_879_925_248},
		{"deepseek-v3.json", 671_026_419_200, 37_552_297_472},
		{"gemma-7b.json", 8_537_680_896, 8_537_680_896},
		{"gpt2.json", 124_439_808, 124_439_808},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := readFile(t, tt.file)
			if err := c.Arch.Validate(); err != nil {
				t.Fatal(err)
			}
			n := c.Arch.Count()
			if got := float64(n.Total); math.Abs(got-tt.total) > 1e-9*tt.total {
				t.Errorf("total: got %.0f, want %.0f", got, tt.total)
			}
			if got := float64(n.Active); math.Abs(got-tt.active) > 1e-9*tt.active {
				t.Errorf("active: got %.0f, want %.0f", got, tt.active)
			}
		})
	}
}

func TestFields(t *testing.T) {
	gemma := readFile(t, "gemma-7b.json")
	if !gemma.Arch.TiedEmbeddings || gemma.Arch.HeadDim != 256 {
		t.Errorf("gemma: tied %v head_dim %d, want true (class default) and 256", gemma.Arch.TiedEmbeddings, gemma.Arch.HeadDim)
	}
	if !hasWarning(gemma.Warnings, "tie_word_embeddings") {
		t.Errorf("gemma: want a warning for the tie_word_embeddings default, got %v", gemma.Warnings)
	}
	gpt := readFile(t, "gpt2.json")
	if gpt.Arch.FFN != 3072 || gpt.Arch.PositionTable != 1024 || !gpt.Arch.TiedEmbeddings {
		t.Errorf("gpt2: ffn %d positions %d tied %v, want 3072 (4·768), 1024, true", gpt.Arch.FFN, gpt.Arch.PositionTable, gpt.Arch.TiedEmbeddings)
	}
	ds := readFile(t, "deepseek-v3.json")
	if ds.Arch.MTPLayers != 1 || ds.Arch.MoE.FirstDense != 3 || !ds.Arch.MoE.RouterBias {
		t.Errorf("deepseek-v3: mtp %d first dense %d router bias %v, want 1, 3, true", ds.Arch.MTPLayers, ds.Arch.MoE.FirstDense, ds.Arch.MoE.RouterBias)
	}
}

func TestLenientDefaults(t *testing.T) {
	// No num_key_value_heads: MHA, with a warning.
	c, err := Parse([]byte(`{"model_type":"llama","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Arch.KVHeads != 4 || c.Arch.HeadDim != 16 || !hasWarning(c.Warnings, "num_key_value_heads") {
		t.Errorf("got kv %d head_dim %d warnings %v, want 4, 16 (64/4) and a num_key_value_heads warning", c.Arch.KVHeads, c.Arch.HeadDim, c.Warnings)
	}
	// Qwen2: QKV bias is always on.
	c, err = Parse([]byte(`{"model_type":"qwen2","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":128,"vocab_size":100}`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Arch.QKVBias || c.Arch.OutBias {
		t.Errorf("qwen2: qkv bias %v out bias %v, want true, false", c.Arch.QKVBias, c.Arch.OutBias)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, in string
		kind     error
		msg      string
	}{
		{"broken JSON", `{"model_type": "llama",`, ErrFormat, "JSON syntax error"},
		{"not an object", `[1,2]`, ErrFormat, "not a JSON object"},
		{"trailing", `{"model_type":"llama"} x`, ErrFormat, "trailing"},
		{"duplicate key", `{"model_type":"llama","hidden_size":1,"hidden_size":2}`, ErrFormat, "duplicate key"},
		{"wrong type", `{"model_type":"llama","hidden_size":"big","num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`, ErrFormat, "hidden_size"},
		{"negative", `{"model_type":"llama","hidden_size":-64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`, ErrFormat, "non-negative"},
		{"missing width", `{"model_type":"llama","num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`, ErrFormat, "hidden_size"},
		{"unknown model_type", `{"model_type":"mamba"}`, ErrUnsupported, "mamba"},
		{"no model_type", `{"hidden_size":64}`, ErrUnsupported, "model_type"},
		{"too large", `{"x":"` + strings.Repeat("a", MaxBytes) + `"}`, ErrUnsupported, "larger"},
		{"not UTF-8", "{\"\xff\":1}", ErrFormat, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want kind %v containing %q", err, tt.kind, tt.msg)
			}
		})
	}
}

func hasWarning(ws []string, sub string) bool {
	for _, w := range ws {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestNestedTextConfig(t *testing.T) {
	// A multimodal Gemma 3 config: the text model is in text_config.
	c, err := Parse([]byte(`{"model_type":"gemma3","text_config":{"model_type":"gemma3_text","hidden_size":64,
		"num_hidden_layers":12,"num_attention_heads":4,"num_key_value_heads":1,"head_dim":32,"intermediate_size":128,
		"vocab_size":100,"sliding_window":512}}`))
	if err != nil {
		t.Fatal(err)
	}
	a := c.Arch
	if c.ModelType != "gemma3_text" || a.SlidingPeriod != 6 || a.QKNorm != "per_head" || !a.TiedEmbeddings || a.NormsPerLayer != 4 {
		t.Errorf("got %s period %d qk %q tied %v norms %d, want gemma3_text, 6 (default), per_head, true, 4",
			c.ModelType, a.SlidingPeriod, a.QKNorm, a.TiedEmbeddings, a.NormsPerLayer)
	}
	if !hasWarning(c.Warnings, "text_config") {
		t.Errorf("want a warning naming text_config, got %v", c.Warnings)
	}
}

func TestFamilies(t *testing.T) {
	// Structural flags per family (formulas.md §1.9 and the transformers class defaults).
	tests := []struct {
		cfg                  string
		norm                 string
		kv, norms, positions int
		qkvBias, gated, tied bool
	}{
		{`{"model_type":"falcon","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":100,"multi_query":true,"parallel_attn":true}`, "layernorm", 1, 1, 0, false, false, true},
		{`{"model_type":"falcon","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":100,"new_decoder_architecture":true,"num_kv_heads":2}`, "layernorm", 2, 2, 0, false, false, true},
		{`{"model_type":"gpt_neox","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":256,"vocab_size":100}`, "layernorm", 4, 2, 0, true, false, false},
		{`{"model_type":"opt","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"ffn_dim":256,"vocab_size":100,"max_position_embeddings":128}`, "layernorm", 4, 2, 130, true, false, true},
		{`{"model_type":"bloom","hidden_size":64,"n_layer":2,"n_head":4,"vocab_size":100}`, "layernorm", 4, 2, 0, true, false, true},
		{`{"model_type":"olmo","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}`, "nonparametric", 4, 2, 0, false, true, false},
	}
	for _, tt := range tests {
		c, err := Parse([]byte(tt.cfg))
		if err != nil {
			t.Fatalf("%s: %v", tt.cfg, err)
		}
		a := c.Arch
		if string(a.Norm) != tt.norm || a.KVHeads != tt.kv || a.NormsPerLayer != tt.norms || a.PositionTable != tt.positions ||
			a.QKVBias != tt.qkvBias || a.GatedMLP != tt.gated || a.TiedEmbeddings != tt.tied {
			t.Errorf("%s: got norm %s kv %d norms %d positions %d qkv bias %v gated %v tied %v, want %s %d %d %d %v %v %v",
				c.ModelType, a.Norm, a.KVHeads, a.NormsPerLayer, a.PositionTable, a.QKVBias, a.GatedMLP, a.TiedEmbeddings,
				tt.norm, tt.kv, tt.norms, tt.positions, tt.qkvBias, tt.gated, tt.tied)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", c.ModelType, err)
		}
	}
}

// TestByteOrderMark: a config.json saved with a UTF-8 BOM reads like the
// same file without it (QA: "not a JSON object"). Hand count for d = 64,
// L = 2, H = K = 4, f = 128, V = 100, untied, RMSNorm: per layer
// 4·64² + 3·64·128 + 2·64 = 16384 + 24576 + 128 = 41,088; ×2 = 82,176;
// plus embeddings 2·100·64 = 12,800 and final norm 64 → 95,040.
func TestByteOrderMark(t *testing.T) {
	cfg := `{"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
		"num_key_value_heads": 4, "num_hidden_layers": 2, "vocab_size": 100}`
	c, err := Parse([]byte("\xef\xbb\xbf" + cfg))
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(c.Arch.Count().Total); got != 95040 {
		t.Errorf("params = %.0f, want 95,040", got)
	}
}
