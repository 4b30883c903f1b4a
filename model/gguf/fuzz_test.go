package gguf

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite testdata/fuzz/FuzzGGUF seed files")

// seedFiles are the fuzz seeds, also committed under testdata/fuzz.
func seedFiles() map[string][]byte {
	kvs, ts := toy()
	seeds := map[string][]byte{
		"toy":       build(kvs, ts),
		"toy_be":    buildOrder(bigEndianOrder, 3, kvs, ts),
		"perlayer":  build([]kv{{"general.architecture", "llama"}, {"llama.embedding_length", uint32(8)}, {"llama.block_count", uint32(2)}, {"llama.attention.head_count", []uint32{2, 1}}}, nil),
		"newtypes":  build([]kv{{"general.architecture", "llama"}}, []ti{{"a", []uint64{128}, 40, 0}, {"b", []uint64{128}, 41, 0}}),
		"align":     build([]kv{{"general.alignment", uint32(64)}}, []ti{{"a", []uint64{3}, 0, 0}, {"b", []uint64{3}, 0, 0}}),
		"kv5e8":     preamble(3, 0, 500_000_000).b.Bytes(),
		"ndims5":    tensorFile(ti{"w", []uint64{1, 1, 1, 1, 1}, 0, 0}),
		"padwrap":   tensorFile(ti{"w", []uint64{1<<63 - 9}, 24, 0}),
		"duplicate": kvFile(kv{"a.b", uint32(1)}, kv{"a.b", uint32(2)}),
	}
	return seeds
}

func TestWriteSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-seeds to regenerate the fuzz seed files")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzGGUF")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	kvs, ts := toy()
	if err := os.WriteFile(filepath.Join("testdata", "toy.gguf"), build(kvs, ts), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, b := range seedFiles() {
		if len(b) > 4096 { // keep committed seeds small: the header is enough
			b = b[:4096]
		}
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzGGUF checks that any input gives a header or an error of one of the
// two kinds, never a panic; that accepted files are self-consistent
// (Σ type bytes = Bytes); and that mapping to an Arch never panics.
func FuzzGGUF(f *testing.F) {
	for _, b := range seedFiles() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, opt := range []Options{{}, {HeaderOnly: true}} {
			file, err := Read(bytes.NewReader(b), int64(len(b)), opt)
			if err != nil {
				if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrUnsupported) {
					t.Fatalf("error of no kind: %v", err)
				}
				continue
			}
			var sum uint64
			for _, v := range file.TypeBytes {
				sum += v
			}
			if sum != file.Bytes {
				t.Fatalf("type bytes sum %d, total %d", sum, file.Bytes)
			}
			if _, _, err := file.Arch(); err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("arch error of no kind: %v", err)
			}
		}
	})
}
