package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
)

// attack is one crafted file and the error it must give.
type attack struct {
	name string
	file []byte
	kind error
	msg  string
}

func kvFile(pairs ...kv) []byte { return build(pairs, nil) }

// tensorFile emits the header of a file with the given tensors (no data).
func tensorFile(ts ...ti) []byte {
	b, _ := buildHeader(binary.LittleEndian, 3, []kv{{"general.architecture", "llama"}}, ts)
	return b
}

// rawKV emits a file with one pair whose value bytes are given raw.
func rawKV(key string, raw []byte) []byte {
	w := preamble(3, 0, 1)
	w.str(key)
	w.b.Write(raw)
	return w.b.Bytes()
}

func slicesConcat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func le(vals ...any) []byte {
	var b bytes.Buffer
	for _, v := range vals {
		binary.Write(&b, binary.LittleEndian, v)
	}
	return b.Bytes()
}

// attacks are the GGUF pitfalls of docs/file-formats.md §4.2.
func attacks() []attack {
	w24 := preamble(3, 0, 500_000_000) // ferrox PR #24: kv_count 5e8 in a 24-byte file
	return []attack{
		{"bad magic", []byte("GGML\x03\x00\x00\x00"), ErrFormat, "not a GGUF"},
		{"empty", nil, ErrFormat, "not a GGUF"},
		{"version 0", preamble(0, 0, 0).b.Bytes(), ErrFormat, "version 0"},
		{"version 1", preamble(1, 0, 0).b.Bytes(), ErrUnsupported, "v1"},
		{"version 4", preamble(4, 0, 0).b.Bytes(), ErrUnsupported, "version 4"},
		{"kv_count 5e8 in 24 bytes", w24.b.Bytes(), ErrFormat, "metadata_kv_count"},
		{"tensor_count 2^64-1", preamble(3, math.MaxUint64, 0).b.Bytes(), ErrFormat, "tensor_count"},
		{"ollama 49-byte blob", append(preamble(3, 0, 1).b.Bytes(), le(uint64(math.MaxUint64), uint64(0), uint64(0), uint8(0))...), ErrFormat, "string length"},
		{"huge string length", rawKV("k", le(uint32(TypeString), uint64(1<<40))), ErrFormat, "string length"},
		{"string length over cap", rawKV("k", le(uint32(TypeString), uint64(1<<31))), ErrFormat, "limit"},
		{"huge array count", rawKV("k", le(uint32(TypeArray), uint32(TypeUint32), uint64(0x40000000))), ErrFormat, "remain"},
		{"array count 2^64-1", rawKV("k", le(uint32(TypeArray), uint32(TypeUint64), uint64(math.MaxUint64))), ErrFormat, "exceeds"},
		{"string array count", rawKV("k", le(uint32(TypeArray), uint32(TypeString), uint64(1<<30))), ErrFormat, "exceeds"},
		{"nested arrays too deep", rawKV("k", slicesConcat(le(uint32(TypeArray)), bytes.Repeat(le(uint32(TypeArray), uint64(1)), 5), le(uint32(TypeUint8), uint64(0)))), ErrFormat, "nested"},
		{"invalid value type", rawKV("k", le(uint32(13), uint32(0))), ErrFormat, "invalid value type"},
		{"invalid array element type", rawKV("k", le(uint32(TypeArray), uint32(99), uint64(0))), ErrFormat, "element type"},
		{"empty key", rawKV("", le(uint32(TypeUint8), uint8(1))), ErrFormat, "empty key"},
		{"duplicate key", kvFile(kv{"a.b", uint32(1)}, kv{"a.b", uint32(2)}), ErrFormat, "duplicate key"},
		{"alignment 0", kvFile(kv{"general.alignment", uint32(0)}), ErrFormat, "power of two"},
		{"alignment 48", kvFile(kv{"general.alignment", uint32(48)}), ErrFormat, "power of two"},
		{"alignment 2^31", kvFile(kv{"general.alignment", uint32(1 << 31)}), ErrFormat, "power of two"},
		{"alignment int32", kvFile(kv{"general.alignment", int32(32)}), ErrFormat, "want u32"},
		{"duplicate tensor", tensorFile(ti{"w", []uint64{32}, 0, 0}, ti{"w", []uint64{32}, 0, 0}), ErrFormat, "duplicate tensor"},
		{"n_dims 5", tensorFile(ti{"w", []uint64{1, 1, 1, 1, 1}, 0, 0}), ErrFormat, "n_dims 5"},
		{"negative dim", tensorFile(ti{"w", []uint64{1 << 63}, 0, 0}), ErrFormat, "negative"},
		{"dims overflow", tensorFile(ti{"w", []uint64{1 << 42, 1 << 42}, 0, 0}), ErrFormat, "overflow"},
		{"dim 2^42+1 stride (PR #18674)", tensorFile(ti{"w", []uint64{1<<42 + 1, 1 << 21}, 1, 0}), ErrFormat, "overflow"},
		{"bytes overflow", tensorFile(ti{"w", []uint64{1 << 62}, 0, 0}), ErrFormat, "byte size overflows"},
		{"nbytes padding wrap (issue #26978)", tensorFile(ti{"w", []uint64{math.MaxInt64 - 8}, 24, 0}), ErrFormat, "overflows"},
		{"type removed Q4_2", tensorFile(ti{"w", []uint64{32}, 4, 0}), ErrUnsupported, "removed"},
		{"type removed Q4_0_4_4", tensorFile(ti{"w", []uint64{32}, 31, 0}), ErrUnsupported, "removed"},
		{"type removed IQ4_NL_4_4", tensorFile(ti{"w", []uint64{32}, 36, 0}), ErrUnsupported, "removed"},
		{"type 43", tensorFile(ti{"w", []uint64{32}, 43, 0}), ErrUnsupported, "newer"},
		{"type 2^32-1", tensorFile(ti{"w", []uint64{32}, math.MaxUint32, 0}), ErrFormat, "not a ggml type"},
		{"ne0 not a block multiple", tensorFile(ti{"w", []uint64{33}, 2, 0}), ErrFormat, "block size"},
		{"long tensor name", tensorFile(ti{strings.Repeat("n", 64), []uint64{1}, 0, 0}), ErrFormat, "limit"},
		{"offset gap", build(nil, []ti{{"w", []uint64{8}, 0, 32}}), ErrFormat, "expected 0"},
		{"overlapping offsets", build(nil, []ti{{"a", []uint64{8}, 0, 0}, {"b", []uint64{8}, 0, 16}}), ErrFormat, "expected 32"},
		{"truncated data", tensorFile(ti{"w", []uint64{8}, 0, 0}), ErrFormat, "truncated"},
	}
}

func TestAttacks(t *testing.T) {
	for _, a := range attacks() {
		t.Run(a.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := readBytes(a.file)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, a.kind) {
				t.Fatalf("got %v, want kind %v", err, a.kind)
			}
			if !strings.Contains(err.Error(), a.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %q, want one line containing %q", err, a.msg)
			}
			// Bounded: no allocation sized by a count from the file (1 MiB
			// covers the 64 KiB read buffer) and no time spent iterating it.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
				t.Errorf("allocated %d bytes, want < 1 MiB", alloc)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v, want < 1s", d)
			}
		})
	}
}

func TestBoolWarning(t *testing.T) {
	f, err := readBytes(rawKV("flag", le(uint32(TypeBool), uint8(2))))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := f.Metadata["flag"].Bool(); !b || len(f.Warnings) != 1 {
		t.Errorf("got %v with warnings %v, want true with one warning", b, f.Warnings)
	}
}
