package gguf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// llama70B is the header of a Llama-3-70B Q4_K file (d=8192, L=80, H=64,
// K=8, f=28672, V=128256; formulas.md §1.7) with a 128,256-token
// vocabulary and 280,000 merges, the arrays a reader must skip.
func llama70B() ([]byte, uint64) {
	tokens := make([]string, 128256)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("tok%d", i)
	}
	merges := make([]string, 280000)
	for i := range merges {
		merges[i] = fmt.Sprintf("m%d n%d", i, i)
	}
	kvs := []kv{
		{"general.architecture", "llama"}, {"general.file_type", uint32(15)},
		{"llama.context_length", uint32(8192)}, {"llama.embedding_length", uint32(8192)},
		{"llama.block_count", uint32(80)}, {"llama.feed_forward_length", uint32(28672)},
		{"llama.attention.head_count", uint32(64)}, {"llama.attention.head_count_kv", uint32(8)},
		{"tokenizer.ggml.tokens", tokens}, {"tokenizer.ggml.merges", merges},
	}
	ts := []ti{{"token_embd.weight", []uint64{8192, 128256}, 12, 0}}
	for l := range 80 {
		p := fmt.Sprintf("blk.%d.", l)
		ts = append(ts,
			ti{p + "attn_norm.weight", []uint64{8192}, 0, 0}, ti{p + "attn_q.weight", []uint64{8192, 8192}, 12, 0},
			ti{p + "attn_k.weight", []uint64{8192, 1024}, 12, 0}, ti{p + "attn_v.weight", []uint64{8192, 1024}, 14, 0},
			ti{p + "attn_output.weight", []uint64{8192, 8192}, 12, 0}, ti{p + "ffn_norm.weight", []uint64{8192}, 0, 0},
			ti{p + "ffn_gate.weight", []uint64{8192, 28672}, 12, 0}, ti{p + "ffn_up.weight", []uint64{8192, 28672}, 12, 0},
			ti{p + "ffn_down.weight", []uint64{28672, 8192}, 14, 0})
	}
	ts = append(ts, ti{"output_norm.weight", []uint64{8192}, 0, 0}, ti{"output.weight", []uint64{8192, 128256}, 14, 0})
	return buildHeader(binary.LittleEndian, 3, kvs, ts)
}

// BenchmarkGGUFHeaderSparse reads the header of a ~40 GB sparse Llama-3-70B
// Q4_K file; the cost must match BenchmarkGGUFHeaderMemory (the header
// alone, from memory), since the tensor data is never read.
func BenchmarkGGUFHeaderSparse(b *testing.B) {
	header, data := llama70B()
	path := filepath.Join(b.TempDir(), "llama-3-70b-Q4_K.gguf")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(header); err != nil {
		b.Fatal(err)
	}
	size := int64(len(header)) + int64(data)
	if err := f.Truncate(size); err != nil {
		b.Skipf("sparse file not supported here: %v", err)
	}
	for b.Loop() {
		if _, err := Read(f, size, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/1e9, "GB-file")
}

// BenchmarkGGUFHeaderMemory reads the same header from memory.
func BenchmarkGGUFHeaderMemory(b *testing.B) {
	header, _ := llama70B()
	r := bytes.NewReader(header)
	for b.Loop() {
		if _, err := Read(r, int64(len(header)), Options{HeaderOnly: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(header))/1e6, "MB-header")
}
