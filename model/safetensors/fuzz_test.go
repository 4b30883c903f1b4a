package safetensors

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite testdata/fuzz/FuzzSafetensors seed files")

// seedFiles are the fuzz seeds, also committed under testdata/fuzz.
func seedFiles() map[string][]byte {
	return map[string][]byte{
		"valid":     buildFile(map[string]string{"format": "pt"}, testTensor{"a", "BF16", []uint64{2, 3}}, testTensor{"b", "F4", []uint64{4}}),
		"empty":     rawFile(`{}`, 0),
		"overlap":   rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}`, 4),
		"metabug":   rawFile(`{},"__metadata__":{"a":"b"}`, 0),
		"unknown":   rawFile(`{"x":{"dtype":"Q9","shape":[2,3],"data_offsets":[0,12]}}`, 12),
		"hugeshape": rawFile(`{"a":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}`, 0),
	}
}

func TestWriteSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-seeds to regenerate the fuzz seed files")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzSafetensors")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range seedFiles() {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzSafetensors checks that any input gives a header or an error of one
// of the two kinds, never a panic, and that accepted headers are
// self-consistent (Σ dtype bytes = total bytes).
func FuzzSafetensors(f *testing.F) {
	for _, b := range seedFiles() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, opt := range []Options{{}, {HeaderOnly: true, MaxHeaderBytes: 1 << 16}} {
			file, err := Read(bytes.NewReader(b), int64(len(b)), opt)
			if err != nil {
				if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrUnsupported) {
					t.Fatalf("error of no kind: %v", err)
				}
				continue
			}
			var sum uint64
			for _, v := range file.DtypeBytes {
				sum += v
			}
			if sum != file.Bytes {
				t.Fatalf("dtype bytes sum %d, total %d", sum, file.Bytes)
			}
			// Differential check of the lexer against encoding/json.
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b[8:8+file.HeaderBytes], &m); err != nil {
				t.Fatalf("accepted a header encoding/json rejects: %v", err)
			}
			if _, meta := m["__metadata__"]; len(m) != file.Tensors+map[bool]int{true: 1}[meta] {
				t.Fatalf("encoding/json sees %d keys, reader %d tensors", len(m), file.Tensors)
			}
		}
	})
}
