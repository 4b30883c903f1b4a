package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

func readBytes(b []byte) (*File, error) {
	return Read(bytes.NewReader(b), int64(len(b)), Options{})
}

// toy is a tiny llama-shaped file: V=512, d=256, one layer, Q4_K matrices,
// F32 norms, a Q6_K output.
func toy() ([]kv, []ti) {
	kvs := []kv{
		{"general.architecture", "llama"},
		{"general.file_type", uint32(15)},
		{"llama.context_length", uint32(4096)},
		{"llama.embedding_length", uint32(256)},
		{"llama.block_count", uint32(1)},
		{"llama.feed_forward_length", uint32(512)},
		{"llama.attention.head_count", uint32(4)},
		{"llama.attention.head_count_kv", uint32(2)},
		{"tokenizer.ggml.tokens", make([]string, 512)},
	}
	ts := []ti{
		{"token_embd.weight", []uint64{256, 512}, 12, 0},
		{"blk.0.attn_norm.weight", []uint64{256}, 0, 0},
		{"blk.0.attn_q.weight", []uint64{256, 256}, 12, 0},
		{"blk.0.attn_k.weight", []uint64{256, 128}, 12, 0},
		{"blk.0.attn_v.weight", []uint64{256, 128}, 14, 0},
		{"blk.0.attn_output.weight", []uint64{256, 256}, 12, 0},
		{"blk.0.ffn_norm.weight", []uint64{256}, 0, 0},
		{"blk.0.ffn_gate.weight", []uint64{256, 512}, 12, 0},
		{"blk.0.ffn_up.weight", []uint64{256, 512}, 12, 0},
		{"blk.0.ffn_down.weight", []uint64{512, 256}, 14, 0},
		{"output_norm.weight", []uint64{256}, 0, 0},
		{"output.weight", []uint64{256, 512}, 14, 0},
	}
	return kvs, ts
}

func TestReadCounts(t *testing.T) {
	kvs, ts := toy()
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		f, err := readBytes(buildOrder(order, 3, kvs, ts))
		if err != nil {
			t.Fatalf("%v: %v", order, err)
		}
		// Hand arithmetic. Q4_K (144 B / 256): embd 131072, q 65536, k 32768,
		// o 65536, gate 131072, up 131072 → 557,056 elements → 2176 blocks
		// → 313,344 bytes.
		// Q6_K (210 B / 256): v 32768, down 131072, output 131072 → 294,912
		// elements → 241,920 bytes. F32: 3·256 = 768 → 3072 bytes.
		checks := []struct {
			name      string
			got, want uint64
		}{
			{"params", f.Params, 557_056 + 294_912 + 768},
			{"bytes", f.Bytes, 313_344 + 241_920 + 3072},
			{"Q4_K params", f.TypeParams["Q4_K"], 557_056},
			{"Q6_K bytes", f.TypeBytes["Q6_K"], 241_920},
			{"F32 bytes", f.TypeBytes["F32"], 3072},
			{"vocab array length", f.Metadata["tokenizer.ggml.tokens"].Len, 512},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%v %s: got %d, want %d", order, c.name, c.got, c.want)
			}
		}
		if f.BigEndian != (order == binary.BigEndian) {
			t.Errorf("%v: BigEndian got %v", order, f.BigEndian)
		}
		// 8·558,336 / 852,736 = 5.2381 bits per weight.
		if got, want := f.BitsPerWeight(), 8*558_336.0/852_736; math.Abs(got-want) > 1e-9 {
			t.Errorf("bpw: got %v, want %v", got, want)
		}
		if got := f.FileType(); got != "Q4_K_M" {
			t.Errorf("file type: got %q, want Q4_K_M", got)
		}
	}
}

func TestVersion2(t *testing.T) {
	// v2 has the same layout as v3 for little-endian files (u64 counts).
	kvs, ts := toy()
	f, err := readBytes(buildOrder(binary.LittleEndian, 2, kvs, ts))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != 2 || f.Params != 852_736 {
		t.Errorf("got version %d params %d, want 2 and 852736 (TestReadCounts)", f.Version, f.Params)
	}
}

func TestTypeBitsPerWeight(t *testing.T) {
	// formulas.md §3.5: Q8_0 8.5, Q6_K 6.5625, Q5_K 5.5, Q4_K 4.5, Q4_0 4.5, Q3_K 3.4375, Q2_K 2.625.
	want := map[Type]float64{8: 8.5, 14: 6.5625, 13: 5.5, 12: 4.5, 2: 4.5, 11: 3.4375, 10: 2.625, 1: 16, 30: 16}
	for typ, bpw := range want {
		info, err := typ.Info()
		if err != nil {
			t.Fatal(err)
		}
		if got := info.BitsPerWeight(); math.Abs(got-bpw) > 1e-12 {
			t.Errorf("%s: got %v bpw, want %v", info.Name, got, bpw)
		}
	}
}

func TestNewTypesAccepted(t *testing.T) {
	// Types 40–42 (NVFP4 64/36, Q1_0 128/18, Q2_0 64/18) from ggml.h.
	f, err := readBytes(build([]kv{{"general.architecture", "llama"}}, []ti{
		{"a", []uint64{128}, 40, 0}, {"b", []uint64{128}, 41, 0}, {"c", []uint64{128}, 42, 0},
	}))
	if err != nil {
		t.Fatal(err)
	}
	// bytes: 2·36 + 1·18 + 2·18 = 126.
	if f.Params != 384 || f.Bytes != 126 {
		t.Errorf("got %d params %d bytes, want 384, 126", f.Params, f.Bytes)
	}
}

func TestPaddingOnBoundary(t *testing.T) {
	// Tensor infos that end exactly on a 32-byte boundary need no padding.
	// Grow a string until the header length is a multiple of 32.
	for n := 0; n < 32; n++ {
		ts := []ti{{"w", []uint64{32}, 0, 0}}
		b := build([]kv{{"general.architecture", "llama"}, {"general.name", strings.Repeat("x", n)}}, ts)
		f, err := readBytes(b)
		if err != nil {
			t.Fatal(err)
		}
		if f.DataOffset%32 != 0 || uint64(len(b)) != f.DataOffset+128 {
			t.Errorf("name %d: data offset %d, file %d bytes, want aligned and offset+128 = size", n, f.DataOffset, len(b))
		}
	}
}

func TestHeaderOnly(t *testing.T) {
	kvs, ts := toy()
	b := build(kvs, ts)
	f, err := Read(bytes.NewReader(b), int64(len(b)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cut := b[:f.DataOffset]
	if _, err := readBytes(cut); !errors.Is(err, ErrFormat) {
		t.Errorf("truncated: got %v, want ErrFormat", err)
	}
	g, err := Read(bytes.NewReader(cut), int64(len(cut)), Options{HeaderOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.Params != f.Params {
		t.Errorf("header-only params: got %d, want %d", g.Params, f.Params)
	}
}
