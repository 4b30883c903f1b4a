package safetensors

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchTensors is 2000 BF16 tensors of 12.5M elements: 2000·25e6 = 50e9
// bytes of data, the size of a ~25B-parameter BF16 checkpoint.
func benchTensors() []testTensor {
	ts := make([]testTensor, 2000)
	for i := range ts {
		ts[i] = testTensor{fmt.Sprintf("model.layers.%d.mlp.w%d.weight", i/8, i%8), "BF16", []uint64{12_500_000}}
	}
	return ts
}

// headerOf returns the 8+N header bytes of buildFile without the data.
func headerOf(ts []testTensor) ([]byte, uint64) {
	small := buildFileHeader(nil, ts...)
	return small.header, small.data
}

// BenchmarkSafetensorsHeaderSparse50GB reads the header of a 50 GB sparse
// file: the cost must match BenchmarkSafetensorsHeaderMemory (the same
// header from memory), since only 8 + N bytes are read.
func BenchmarkSafetensorsHeaderSparse50GB(b *testing.B) {
	header, data := headerOf(benchTensors())
	path := filepath.Join(b.TempDir(), "model.safetensors")
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

// BenchmarkSafetensorsHeaderMemory reads the same header from memory.
func BenchmarkSafetensorsHeaderMemory(b *testing.B) {
	header, _ := headerOf(benchTensors())
	r := bytes.NewReader(header)
	for b.Loop() {
		if _, err := Read(r, int64(len(header)), Options{HeaderOnly: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(header))/1e6, "MB-header")
}
