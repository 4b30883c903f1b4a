package gguf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

// llamaFile is the header of a llama.cpp-style GGUF of a Llama/Mixtral
// shape: V, d, L, H, K, f and E experts (0: dense). Merged expert tensors
// (ffn_*_exps) carry the expert count as their last dim.
func llamaFile(v, d, l, h, k, f, e uint64) []byte {
	kvs := []kv{
		{"general.architecture", "llama"},
		{"llama.embedding_length", uint32(d)}, {"llama.block_count", uint32(l)},
		{"llama.feed_forward_length", uint32(f)}, {"llama.attention.head_count", uint32(h)},
		{"llama.attention.head_count_kv", uint32(k)},
	}
	if e > 0 {
		kvs = append(kvs, kv{"llama.expert_count", uint32(e)}, kv{"llama.expert_used_count", uint32(2)})
	}
	hd := d / h
	ts := []ti{{"token_embd.weight", []uint64{d, v}, 30, 0}}
	for i := range l {
		p := fmt.Sprintf("blk.%d.", i)
		ts = append(ts, ti{p + "attn_norm.weight", []uint64{d}, 0, 0}, ti{p + "attn_q.weight", []uint64{d, h * hd}, 30, 0},
			ti{p + "attn_k.weight", []uint64{d, k * hd}, 30, 0}, ti{p + "attn_v.weight", []uint64{d, k * hd}, 30, 0},
			ti{p + "attn_output.weight", []uint64{h * hd, d}, 30, 0}, ti{p + "ffn_norm.weight", []uint64{d}, 0, 0})
		if e == 0 {
			ts = append(ts, ti{p + "ffn_gate.weight", []uint64{d, f}, 30, 0}, ti{p + "ffn_up.weight", []uint64{d, f}, 30, 0},
				ti{p + "ffn_down.weight", []uint64{f, d}, 30, 0})
			continue
		}
		ts = append(ts, ti{p + "ffn_gate_inp.weight", []uint64{d, e}, 0, 0}, ti{p + "ffn_gate_exps.weight", []uint64{d, f, e}, 30, 0},
			ti{p + "ffn_up_exps.weight", []uint64{d, f, e}, 30, 0}, ti{p + "ffn_down_exps.weight", []uint64{f, d, e}, 30, 0})
	}
	ts = append(ts, ti{"output_norm.weight", []uint64{d}, 0, 0}, ti{"output.weight", []uint64{d, v}, 30, 0})
	b, _ := buildHeader(binary.LittleEndian, 3, kvs, ts)
	return b
}

// TestRealShapes reads header-only GGUFs with the tensor shapes of real
// models: the tensors' exact count and the architecture's formula must both
// equal the published totals of formulas.md §1.7 (exact, tolerance 0).
func TestRealShapes(t *testing.T) {
	tests := []struct {
		name          string
		file          []byte
		total, active uint64
	}{
		{"Llama-3-8B", llamaFile(128256, 4096, 32, 32, 8, 14336, 0), 8_030_261_248, 8_030_261_248},
		{"Mixtral-8x7B", llamaFile(32000, 4096, 32, 32, 8, 14336, 8), 46_702_792_704, 12_879_925_248},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(bytes.NewReader(tt.file), int64(len(tt.file)), Options{HeaderOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if f.Params != tt.total {
				t.Errorf("file params: got %d, want %d", f.Params, tt.total)
			}
			a, _, err := f.Arch()
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
			c := a.Count()
			if uint64(c.Total) != tt.total || uint64(c.Active) != tt.active {
				t.Errorf("formula: got total %.0f active %.0f, want %d, %d", float64(c.Total), float64(c.Active), tt.total, tt.active)
			}
		})
	}
}

func TestArchOldMixtralNames(t *testing.T) {
	// Early Mixtral GGUFs stored one tensor per expert: blk.N.ffn_gate.E.weight.
	kvs := []kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(64)}, {"llama.block_count", uint32(1)},
		{"llama.feed_forward_length", uint32(128)}, {"llama.attention.head_count", uint32(4)}, {"llama.attention.head_count_kv", uint32(4)},
		{"llama.expert_count", uint32(8)}, {"llama.expert_used_count", uint32(2)}}
	f, err := readBytes(build(kvs, []ti{{"blk.0.ffn_gate.0.weight", []uint64{64, 128}, 0, 0}}))
	if err != nil {
		t.Fatal(err)
	}
	a, warns, err := f.Arch()
	if err != nil {
		t.Fatal(err)
	}
	if !a.GatedMLP || a.Family != "mixtral" || a.MoE.ExpertFFN != 128 || len(warns) == 0 {
		t.Errorf("got gated %v family %q expert ffn %d warnings %v, want true, mixtral, 128 (feed_forward_length), a warning",
			a.GatedMLP, a.Family, a.MoE.ExpertFFN, warns)
	}
}
