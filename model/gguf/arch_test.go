package gguf

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestArchLlama(t *testing.T) {
	kvs, ts := toy()
	f, err := readBytes(build(kvs, ts))
	if err != nil {
		t.Fatal(err)
	}
	a, warns, err := f.Arch()
	if err != nil {
		t.Fatal(err)
	}
	// From toy(): V=512 (token_embd rows), d=256, L=1, H=4, K=2, h_d=256/4=64, f=512.
	got := []int{a.Vocab, a.Hidden, a.Layers, a.Heads, a.KVHeads, a.HeadDim, a.FFN, a.NormsPerLayer}
	want := []int{512, 256, 1, 4, 2, 64, 512, 2}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("field %d: got %d, want %d (V d L H K h_d f norms)", i, got[i], want[i])
		}
	}
	if a.TiedEmbeddings || !a.GatedMLP || a.Family != "llama" || len(warns) != 0 {
		t.Errorf("tied %v gated %v family %q warnings %v, want false, true, llama, none", a.TiedEmbeddings, a.GatedMLP, a.Family, warns)
	}
	// The formula's count must equal the tensors' exact count (852,736,
	// see TestReadCounts) for a file holding every tensor of the model.
	if got := uint64(a.Count().Total); got != f.Params {
		t.Errorf("Count().Total = %d, file params %d", got, f.Params)
	}
}

func TestArchDeepSeekMLA(t *testing.T) {
	kvs := []kv{
		{"general.architecture", "deepseek2"},
		{"deepseek2.embedding_length", uint32(64)},
		{"deepseek2.block_count", uint32(2)},
		{"deepseek2.feed_forward_length", uint32(128)},
		{"deepseek2.attention.head_count", uint32(4)},
		{"deepseek2.attention.head_count_kv", uint32(4)},
		{"deepseek2.attention.q_lora_rank", uint32(32)},
		{"deepseek2.attention.kv_lora_rank", uint32(16)},
		{"deepseek2.attention.key_length", uint32(24)},
		{"deepseek2.attention.value_length", uint32(16)},
		{"deepseek2.rope.dimension_count", uint32(8)},
		{"deepseek2.expert_count", uint32(8)},
		{"deepseek2.expert_used_count", uint32(2)},
		{"deepseek2.expert_shared_count", uint32(1)},
		{"deepseek2.expert_feed_forward_length", uint32(32)},
		{"deepseek2.leading_dense_block_count", uint32(1)},
		{"deepseek2.vocab_size", uint32(100)},
	}
	ts := []ti{{"blk.1.exp_probs_b.bias", []uint64{8}, 0, 0}, {"blk.1.ffn_gate_exps.weight", []uint64{64, 32, 8}, 0, 0}}
	f, err := readBytes(build(kvs, ts))
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := f.Arch()
	if err != nil {
		t.Fatal(err)
	}
	// key_length 24 = n_p + r with r = 8 → n_p = 16.
	if a.MLA == nil || a.MLA.QKNopeDim != 16 || a.MLA.QKRopeDim != 8 || a.MLA.VHeadDim != 16 || a.MLA.QLoRARank != 32 {
		t.Fatalf("MLA: got %+v, want q_r 32, n_p 16, r 8, v_h 16", a.MLA)
	}
	if a.MoE == nil || a.MoE.FirstDense != 1 || !a.MoE.RouterBias || a.Family != "deepseek_v3" || a.MoE.SharedFFN != 32 {
		t.Errorf("MoE: got %+v family %q, want first dense 1, router bias, deepseek_v3, shared ffn 32", a.MoE, a.Family)
	}
}

func TestArchErrors(t *testing.T) {
	tests := []struct {
		name string
		kvs  []kv
		kind error
	}{
		{"no architecture", nil, ErrFormat},
		{"unknown architecture", []kv{{"general.architecture", "rwkv7"}}, ErrUnsupported},
		{"missing width", []kv{{"general.architecture", "llama"}, {"llama.block_count", uint32(2)}}, ErrFormat},
		{"block_count too large", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(8)}, {"llama.block_count", uint32(1 << 20)}}, ErrFormat},
		{"short per-layer array", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(8)}, {"llama.block_count", uint32(3)}, {"llama.attention.head_count", []uint32{2, 2}}}, ErrFormat},
	}
	for _, tt := range tests {
		f, err := Read(bytes.NewReader(build(tt.kvs, nil)), int64(len(build(tt.kvs, nil))), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if _, _, err := f.Arch(); !errors.Is(err, tt.kind) {
			t.Errorf("%s: got %v, want kind %v", tt.name, err, tt.kind)
		}
	}
}

func TestArchPerLayer(t *testing.T) {
	kvs := []kv{
		{"general.architecture", "llama"},
		{"llama.embedding_length", uint32(64)},
		{"llama.block_count", uint32(3)},
		{"llama.attention.head_count", uint32(4)},
		{"llama.attention.head_count_kv", []uint32{4, 2, 1}},
		{"llama.feed_forward_length", []uint32{128, 256, 128}},
	}
	f, err := readBytes(build(kvs, nil))
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := f.Arch()
	if err != nil {
		t.Fatal(err)
	}
	if len(a.LayerKVHeads) != 3 || a.LayerKVHeads[2] != 1 || a.FFN != 256 || len(a.LayerFFN) != 3 {
		t.Errorf("got kv %v ffn %d %v, want [4 2 1], 256, [128 256 128]", a.LayerKVHeads, a.FFN, a.LayerFFN)
	}
}

// TestArchErrorMessages: a key that is present but wrong says what is
// wrong with it (QA: embedding_length 2^62 and a u32 general.architecture
// were both reported as "missing").
func TestArchErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		kvs  []kv
		want string
	}{
		{"architecture not a string", []kv{{"general.architecture", uint32(5)}}, "general.architecture has type u32, want string"},
		{"width too large", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint64(1 << 62)}, {"llama.block_count", uint32(2)}}, "llama.embedding_length = 4611686018427387904 exceeds 2^40"},
		{"zero layers", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(8)}, {"llama.block_count", uint32(0)}}, "llama.block_count is 0"},
		{"width a string", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", "8"}, {"llama.block_count", uint32(2)}}, "llama.embedding_length has type string"},
		{"missing layers", []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(8)}}, "missing llama.block_count"},
	}
	for _, tt := range tests {
		b := build(tt.kvs, nil)
		f, err := Read(bytes.NewReader(b), int64(len(b)), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		_, _, err = f.Arch()
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an ErrFormat containing %q", tt.name, err, tt.want)
		}
	}
}
