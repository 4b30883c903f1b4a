package hfconfig

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/model"
)

// TestRecentConfigsMatchCatalog reads the real config.json of each serving
// family (testdata/README.md names the copies) and checks that the reader
// and the catalog entry agree on every figure the serving estimator uses:
// total, active and MTP parameters (pinned exactly, with their published
// sources, in model.TestServingModelsExact), KV bytes per token, recurrent
// state, and attention FLOPs at a short and a long context.
func TestRecentConfigsMatchCatalog(t *testing.T) {
	tests := []struct{ file, id string }{
		{"qwen3.5-397b-a17b.json", "qwen3.5-397b-a17b"},
		{"qwen3-next-80b-a3b.json", "qwen3-next-80b-a3b"},
		{"gpt-oss-120b.json", "gpt-oss-120b"},
		{"gpt-oss-20b.json", "gpt-oss-20b"},
		{"kimi-k2-instruct.json", "kimi-k2"},
		{"kimi-k2.5.json", "kimi-k2.5"},
		{"glm-5.json", "glm-5"},
		{"glm-4.6.json", "glm-4.6"},
		{"minimax-m2.5.json", "minimax-m2.5"},
		{"deepseek-v3.json", "deepseek-v3"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c := readFile(t, tt.file)
			if err := c.Arch.Validate(); err != nil {
				t.Fatal(err)
			}
			e, err := model.Lookup(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			got, want := &c.Arch, &e.Arch
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"total", float64(got.Count().Total), float64(want.Count().Total)},
				{"active", float64(got.Count().Active), float64(want.Count().Active)},
				{"mtp", float64(got.Count().MTP), float64(want.Count().MTP)},
				{"KV bytes/token", float64(got.KVBytesPerToken(2)), float64(want.KVBytesPerToken(2))},
				{"recurrent state", float64(got.RecurrentStateBytes(2)), float64(want.RecurrentStateBytes(2))},
				{"attention at 1k", float64(got.AttentionFLOPs(1000)), float64(want.AttentionFLOPs(1000))},
				{"attention at 100k", float64(got.AttentionFLOPs(100000)), float64(want.AttentionFLOPs(100000))},
				{"KV cache at 100k", float64(got.KVCacheBytes(100000, 1)), float64(want.KVCacheBytes(100000, 1))},
			} {
				if math.Abs(f.got-f.want) > 1e-12*math.Abs(f.want) {
					t.Errorf("%s: config %.0f, catalog %.0f", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestRecentFields checks the features each new reader must see.
func TestRecentFields(t *testing.T) {
	oss := readFile(t, "gpt-oss-120b.json").Arch
	if !oss.AttentionSinks || !oss.MoE.RouterBias || !oss.MLPBias || len(oss.SlidingLayers) != 36 ||
		!oss.SlidingLayers[0] || oss.SlidingLayers[1] || oss.SlidingWindow != 128 {
		t.Errorf("gpt-oss: sinks %v router bias %v mlp bias %v sliding %v window %d",
			oss.AttentionSinks, oss.MoE.RouterBias, oss.MLPBias, oss.SlidingLayers, oss.SlidingWindow)
	}
	q := readFile(t, "qwen3.5-397b-a17b.json")
	if q.Arch.LinearLayers() != 45 || !q.Arch.AttnOutputGate || q.Arch.TiedEmbeddings || q.Arch.MTPLayers != 1 ||
		!hasWarning(q.Warnings, "vision") {
		t.Errorf("qwen3.5: linear %d gate %v tied %v mtp %d warnings %v",
			q.Arch.LinearLayers(), q.Arch.AttnOutputGate, q.Arch.TiedEmbeddings, q.Arch.MTPLayers, q.Warnings)
	}
	if hasWarning(q.Warnings, "tie_word_embeddings") {
		t.Errorf("qwen3.5: tie_word_embeddings is set at the top level, want it inherited: %v", q.Warnings)
	}
	k := readFile(t, "kimi-k2.5.json")
	if k.ModelType != "kimi_k2" || !hasWarning(k.Warnings, "vision") {
		t.Errorf("kimi-k2.5: model type %q warnings %v, want kimi_k2 and a note on the vision tower", k.ModelType, k.Warnings)
	}
	g := readFile(t, "glm-5.json").Arch
	if g.SparseAttn == nil || g.SparseAttn.TopK != 2048 || g.SparseAttn.IndexHeads != 32 || g.MLA == nil || g.MTPLayers != 1 {
		t.Errorf("glm-5: sparse %+v mla %v mtp %d", g.SparseAttn, g.MLA != nil, g.MTPLayers)
	}
	m := readFile(t, "minimax-m2.5.json")
	if m.Arch.QKNorm != model.QKNormFull || m.Arch.MTPLayers != 0 || !hasWarning(m.Warnings, "num_mtp_modules") {
		t.Errorf("minimax: qk norm %q mtp %d warnings %v", m.Arch.QKNorm, m.Arch.MTPLayers, m.Warnings)
	}
	glm := readFile(t, "glm-4.6.json").Arch
	if !glm.QKVBias || glm.OutBias || glm.QKNorm != model.QKNormPerHead || glm.MoE.FirstDense != 3 {
		t.Errorf("glm-4.6: qkv bias %v out bias %v qk norm %q first dense %d", glm.QKVBias, glm.OutBias, glm.QKNorm, glm.MoE.FirstDense)
	}
}

func TestRecentBadInput(t *testing.T) {
	for _, cfg := range []string{
		// layer_types of the wrong length
		`{"model_type":"gpt_oss","hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":64,"vocab_size":100,"num_local_experts":4,"num_experts_per_tok":2,"layer_types":["full_attention"]}`,
		// Qwen3-Next without its linear-attention widths
		`{"model_type":"qwen3_next","hidden_size":64,"num_hidden_layers":4,"num_attention_heads":4,"vocab_size":100,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":32}`,
	} {
		if _, err := Parse([]byte(cfg)); err == nil {
			t.Errorf("Parse(%s) gave no error", cfg)
		}
	}
}
