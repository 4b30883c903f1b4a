package safetensors

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

func readBytes(b []byte, opt Options) (*File, error) {
	return Read(bytes.NewReader(b), int64(len(b)), opt)
}

func TestReadCounts(t *testing.T) {
	// A toy model: embedding 10×4 BF16, one 4×4 F32 layer, a 3-element F4
	// vector padded to 4 elements (F4 needs an even count), a scalar I64.
	// Hand arithmetic: params 40+16+4+1 = 61; bytes 80+64+2+8 = 154.
	b := buildFile(map[string]string{"format": "pt"},
		testTensor{"embed", "BF16", []uint64{10, 4}},
		testTensor{"layer.w", "F32", []uint64{4, 4}},
		testTensor{"packed", "F4", []uint64{4}},
		testTensor{"step", "I64", nil},
	)
	f, err := readBytes(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"params", f.Params, 61},
		{"bytes", f.Bytes, 154},
		{"tensors", uint64(f.Tensors), 4},
		{"BF16 params", f.DtypeParams["BF16"], 40},
		{"F32 bytes", f.DtypeBytes["F32"], 64},
		{"F4 bytes", f.DtypeBytes["F4"], 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	if f.Metadata["format"] != "pt" {
		t.Errorf("metadata format: got %q, want %q", f.Metadata["format"], "pt")
	}
}

func TestUnknownDtypeCounted(t *testing.T) {
	// An unknown dtype is not a hard failure: 6 elements, size from offsets (12 bytes).
	b := rawFile(`{"x":{"dtype":"Q9_FUTURE","shape":[2,3],"data_offsets":[0,12]}}`, 12)
	f, err := readBytes(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Params != 6 || f.Bytes != 12 || len(f.UnknownDtypes) != 1 || len(f.Warnings) != 1 {
		t.Errorf("got params %d bytes %d unknown %v warnings %v, want 6, 12, [Q9_FUTURE], one warning",
			f.Params, f.Bytes, f.UnknownDtypes, f.Warnings)
	}
}

func TestEmptyHeaderValid(t *testing.T) {
	for _, h := range []string{`{}`, `{"__metadata__":{}}  `, `{"__metadata__":null}`} {
		f, err := readBytes(rawFile(h, 0), Options{})
		if err != nil {
			t.Errorf("%s: %v", h, err)
			continue
		}
		if f.Params != 0 {
			t.Errorf("%s: params got %d, want 0", h, f.Params)
		}
	}
}

func TestHeaderOnlyPrefix(t *testing.T) {
	full := buildFile(nil, testTensor{"w", "F16", []uint64{1000, 1000}})
	n := len(full) - 2_000_000 // header only: 2e6 data bytes cut off
	if _, err := readBytes(full[:n], Options{}); !errors.Is(err, ErrFormat) {
		t.Errorf("truncated without HeaderOnly: got %v, want ErrFormat", err)
	}
	f, err := readBytes(full[:n], Options{HeaderOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Params != 1_000_000 {
		t.Errorf("params: got %d, want 1000000", f.Params)
	}
}

// TestAttacks covers every safetensors attack in
// docs/file-formats.md §4.1: each must fail with the right
// kind of error, on one line.
func TestAttacks(t *testing.T) {
	tests := []struct {
		name string
		file []byte
		opt  Options
		kind error
		msg  string
	}{
		{"too small", []byte{1, 2, 3}, Options{}, ErrFormat, "too small"},
		{"header length > file", append([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, "{}"...), Options{}, ErrFormat, "exceeds"},
		{"header length 2^64-1", append(bytes.Repeat([]byte{0xff}, 8), "{}"...), Options{}, ErrFormat, "exceeds"},
		{"header over cap", rawFile(`{}`+strings.Repeat(" ", 100), 0), Options{MaxHeaderBytes: 16}, ErrUnsupported, "cap"},
		{"zero header length", make([]byte, 8), Options{}, ErrFormat, "length is 0"},
		{"not starting with brace", rawFile(` {}`, 0), Options{}, ErrFormat, "start with '{'"},
		{"not UTF-8", rawFile("{\"\xff\":1}", 0), Options{}, ErrFormat, "UTF-8"},
		{"broken JSON", rawFile(`{"a":`, 0), Options{}, ErrFormat, "header JSON"},
		{"duplicate tensor", rawFile(`{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, 1), Options{}, ErrFormat, "duplicate key"},
		{"duplicate field", rawFile(`{"a":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, 1), Options{}, ErrFormat, "duplicate field"},
		{"duplicate metadata", rawFile(`{"__metadata__":{"k":"a","k":"b"}}`, 0), Options{}, ErrFormat, "duplicate"},
		{"non-string metadata", rawFile(`{"__metadata__":{"unquoted_int":0}}`, 0), Options{}, ErrFormat, "must be strings"},
		{"metadata outside object (issue #466)", rawFile(`{},"__metadata__":{"a":"b"}`, 0), Options{}, ErrFormat, "after the closing"},
		{"overlapping offsets", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}`, 6), Options{}, ErrFormat, "overlap"},
		{"aliased offsets (memory DoS)", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}`, 4), Options{}, ErrFormat, "overlap"},
		{"gap", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}`, 6), Options{}, ErrFormat, "gap"},
		{"end before begin", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[0],"data_offsets":[4,2]}}`, 4), Options{}, ErrFormat, "before BEGIN"},
		{"out-of-file offsets", rawFile(`{"a":{"dtype":"U8","shape":[1000000],"data_offsets":[0,1000000]}}`, 4), Options{}, ErrFormat, "truncated"},
		{"negative offset", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[-4,0]}}`, 0), Options{}, ErrFormat, "non-negative"},
		{"offsets not matching shape", rawFile(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}`, 8), Options{}, ErrFormat, "needs 16"},
		{"shape overflow", rawFile(`{"a":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}`, 0), Options{}, ErrFormat, "overflows"},
		{"bit count overflow", rawFile(`{"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,0]}}`, 0), Options{}, ErrFormat, "overflow"},
		{"sub-byte misaligned", rawFile(`{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}`, 2), Options{}, ErrFormat, "whole bytes"},
		{"trailing data", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}`, 9), Options{}, ErrFormat, "trailing"},
		{"short data", append(rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}`, 0), 1), Options{}, ErrFormat, "truncated"},
		{"missing field", rawFile(`{"a":{"dtype":"U8","shape":[4]}}`, 0), Options{}, ErrFormat, "missing field"},
		{"three offsets", rawFile(`{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4,8]}}`, 4), Options{}, ErrFormat, "BEGIN, END"},
		{"deep nesting", rawFile(`{"a":{"x":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`,"dtype":"U8","shape":[0],"data_offsets":[0,0]}}`, 0), Options{}, ErrFormat, "nested"},
		{"top-level array", rawFile(`{"a":[1]}`, 0), Options{}, ErrFormat, "want '{'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := readBytes(tt.file, tt.opt)
			runtime.ReadMemStats(&after)
			// Bounded: no allocation sized by a number from the file (the
			// largest header here is under 1 KiB; 64 KiB is generous).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<10 {
				t.Errorf("allocated %d bytes, want < 64 KiB", alloc)
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("got %v, want kind %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %q, want one line containing %q", err, tt.msg)
			}
		})
	}
}

func TestSharded(t *testing.T) {
	// Two shards; hand arithmetic: 4·8 + 8 = 40 params; 40·2 = 80 bytes of BF16.
	shards := map[string][]byte{
		"model-00001-of-00002.safetensors": buildFile(nil, testTensor{"embed", "BF16", []uint64{4, 8}}),
		"model-00002-of-00002.safetensors": buildFile(nil, testTensor{"norm", "BF16", []uint64{8}}),
	}
	index := `{"metadata":{"total_size":80},"weight_map":{"embed":"model-00001-of-00002.safetensors","norm":"model-00002-of-00002.safetensors"}}`
	idx, err := ReadIndex(strings.NewReader(index))
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadSharded(idx, memOpener(shards), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Params != 40 || set.Bytes != 80 || len(set.Warnings) != 0 {
		t.Errorf("got params %d bytes %d warnings %v, want 40, 80, none", set.Params, set.Bytes, set.Warnings)
	}
	bad := strings.Replace(index, `"norm":"model-00002`, `"norm":"model-00001`, 1)
	idx, _ = ReadIndex(strings.NewReader(bad))
	if _, err := ReadSharded(idx, memOpener(shards), Options{}); !errors.Is(err, ErrFormat) {
		t.Errorf("wrong shard: got %v, want ErrFormat", err)
	}
}

func TestIndexAttacks(t *testing.T) {
	for name, idx := range map[string]string{
		"duplicate":     `{"weight_map":{"a":"x.safetensors","a":"y.safetensors"}}`,
		"path escape":   `{"weight_map":{"a":"../x.safetensors"}}`,
		"no weight map": `{"metadata":{}}`,
		"bad size":      `{"metadata":{"total_size":-1},"weight_map":{}}`,
	} {
		if _, err := ReadIndex(strings.NewReader(idx)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
}

func memOpener(files map[string][]byte) Opener {
	return func(name string) (io.ReaderAt, int64, func() error, error) {
		b, ok := files[name]
		if !ok {
			return nil, 0, nil, fmt.Errorf("no shard %s", name)
		}
		return bytes.NewReader(b), int64(len(b)), func() error { return nil }, nil
	}
}

// TestMetadataEntryCap: a __metadata__ map beyond MaxMetadataEntries is an
// unsupported-file error, not seconds of map building (QA: 3,000,000
// entries took 5 s and 355 MB); MaxMetadataEntries entries still read.
func TestMetadataEntryCap(t *testing.T) {
	meta := func(n int) []byte {
		kv := make([]string, n)
		for i := range kv {
			kv[i] = fmt.Sprintf(`"k%d":"v"`, i)
		}
		return rawFile(`{"__metadata__":{`+strings.Join(kv, ",")+`}}`, 0)
	}
	over := meta(MaxMetadataEntries + 1)
	if _, err := Read(bytes.NewReader(over), int64(len(over)), Options{}); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "more than 65536") {
		t.Errorf("%d entries: err = %v, want ErrUnsupported naming the cap", MaxMetadataEntries+1, err)
	}
	at := meta(MaxMetadataEntries)
	if f, err := Read(bytes.NewReader(at), int64(len(at)), Options{}); err != nil || len(f.Metadata) != MaxMetadataEntries {
		t.Errorf("%d entries: err = %v, want them read", MaxMetadataEntries, err)
	}
}

// TestUnsortedOffsetsCounted: tensors listed out of offset order (names
// sorted, data in another order, as writers do) are sorted before the
// contiguity check. Hand count: U8 [3] + U8 [5] = 8 params, 8 bytes.
func TestUnsortedOffsetsCounted(t *testing.T) {
	b := rawFile(`{"a":{"dtype":"U8","shape":[3],"data_offsets":[5,8]},"b":{"dtype":"U8","shape":[5],"data_offsets":[0,5]}}`, 8)
	f, err := Read(bytes.NewReader(b), int64(len(b)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Params != 8 || f.TensorList[0].Name != "b" {
		t.Errorf("params %v, first %q; want 8, \"b\"", f.Params, f.TensorList[0].Name)
	}
}
