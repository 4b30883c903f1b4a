package load

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinyTotal is the hand count of tinyTensors (see its comment).
const tinyTotal = 5712

func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func checkModel(t *testing.T, m *Model, wantParams float64, wantMismatch bool) {
	t.Helper()
	if got := float64(m.FileParams); got != wantParams {
		t.Errorf("file params: got %.0f, want %.0f", got, wantParams)
	}
	if m.HasArch {
		if got := float64(m.Arch.Count().Total); got != tinyTotal {
			t.Errorf("formula total: got %.0f, want %d", got, tinyTotal)
		}
	}
	if (m.Mismatch != "") != wantMismatch {
		t.Errorf("mismatch: got %q, want present=%v", m.Mismatch, wantMismatch)
	}
}

func TestDirectory(t *testing.T) {
	ts := tinyTensors()
	dir := writeFiles(t, map[string][]byte{"config.json": []byte(tinyConfig), "model.safetensors": stFile(ts)})
	m, err := Resolve(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m, tinyTotal, false)
	// BF16: 16 bits per weight exactly.
	if m.BitsPerWeight != 16 || m.DtypeParams["BF16"] != tinyTotal {
		t.Errorf("bpw %v BF16 params %v, want 16 and %d", m.BitsPerWeight, m.DtypeParams["BF16"], tinyTotal)
	}
}

func TestShardedDirectory(t *testing.T) {
	ts := tinyTensors()
	a, b := ts[:10], ts[10:]
	var entries []string
	for i, part := range [][]tensor{a, b} {
		for _, x := range part {
			entries = append(entries, fmt.Sprintf("%q:\"model-0000%d-of-00002.safetensors\"", x.name, i+1))
		}
	}
	// total_size: 5712 BF16 params → 11,424 bytes.
	index := `{"metadata":{"total_size":11424},"weight_map":{` + strings.Join(entries, ",") + `}}`
	dir := writeFiles(t, map[string][]byte{
		"config.json":                      []byte(tinyConfig),
		"model.safetensors.index.json":     []byte(index),
		"model-00001-of-00002.safetensors": stFile(a),
		"model-00002-of-00002.safetensors": stFile(b),
	})
	for _, p := range []string{dir, filepath.Join(dir, "model.safetensors.index.json")} {
		m, err := Resolve(p, true)
		if err != nil {
			t.Fatal(err)
		}
		checkModel(t, m, tinyTotal, false)
		if len(m.Warnings) != 0 {
			t.Errorf("%s: unexpected warnings %v", p, m.Warnings)
		}
	}
}

func TestMismatchTiedHead(t *testing.T) {
	// The config says tied, but the file stores lm_head: the formula counts
	// 5712 − 512 = 5200, the file 5712, +9.85%.
	cfg := strings.Replace(tinyConfig, `"tie_word_embeddings":false`, `"tie_word_embeddings":true`, 1)
	dir := writeFiles(t, map[string][]byte{"config.json": []byte(cfg), "model.safetensors": stFile(tinyTensors())})
	m, err := Resolve(filepath.Join(dir, "model.safetensors"), true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Mismatch, "tied output head") {
		t.Errorf("mismatch: got %q, want a note on the tied head", m.Mismatch)
	}
}

func TestGGUF(t *testing.T) {
	b, _, _ := tinyGGUF()
	dir := writeFiles(t, map[string][]byte{"tiny-F16.gguf": b})
	for _, p := range []string{dir, filepath.Join(dir, "tiny-F16.gguf")} {
		m, err := Resolve(p, true)
		if err != nil {
			t.Fatal(err)
		}
		checkModel(t, m, tinyTotal, false)
		if m.FileType != "F16" || m.Kind != "gguf" || m.BitsPerWeight != 16 {
			t.Errorf("file type %q kind %q bpw %v, want F16, gguf, 16", m.FileType, m.Kind, m.BitsPerWeight)
		}
	}
}

func TestSplitGGUF(t *testing.T) {
	_, kvs, ts := tinyGGUF()
	kvs["split.count"] = uint32(2)
	dir := writeFiles(t, map[string][]byte{
		"tiny-00001-of-00002.gguf": ggufFile(kvs, ts[:5]),
		"tiny-00002-of-00002.gguf": ggufFile(map[string]any{"general.architecture": "llama"}, ts[5:]),
	})
	m, err := Resolve(filepath.Join(dir, "tiny-00002-of-00002.gguf"), true)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m, tinyTotal, false)
}

func TestFromBytes(t *testing.T) {
	g, _, _ := tinyGGUF()
	st := stFile(tinyTensors())
	gcut := g[:len(g)-tinyTotal*2] // header only: the F16 data (≥ 11,424 bytes) cut off
	stcut := st[:len(st)-tinyTotal*2]
	tests := []struct {
		name    string
		data    []byte
		kind    string
		hasArch bool
	}{
		{"gguf prefix", gcut, "gguf", true},
		{"safetensors prefix", stcut, "safetensors", false},
		{"config", []byte(tinyConfig), "config", true},
	}
	for _, tt := range tests {
		m, err := FromBytes(tt.name, tt.data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if m.Kind != tt.kind || m.HasArch != tt.hasArch {
			t.Errorf("%s: kind %q has arch %v, want %q, %v", tt.name, m.Kind, m.HasArch, tt.kind, tt.hasArch)
		}
		if tt.kind != "config" && float64(m.FileParams) != tinyTotal {
			t.Errorf("%s: file params got %v, want %d", tt.name, m.FileParams, tinyTotal)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		kind error
	}{
		{"garbage", []byte("hello world, not a model"), ErrUnsupported},
		{"gguf v1", []byte("GGUF\x01\x00\x00\x00"), ErrUnsupported},
		{"gguf truncated", []byte("GGUF\x03\x00\x00\x00\x01"), ErrFormat},
		{"broken json", []byte(`{"model_type":`), ErrFormat},
		{"unknown model type", []byte(`{"model_type":"rwkv"}`), ErrUnsupported},
		{"safetensors overlap", stOverlap(), ErrFormat},
		{"invalid architecture", []byte(strings.Replace(tinyConfig, `"num_key_value_heads":2`, `"num_key_value_heads":3`, 1)), ErrFormat},
	}
	for _, tt := range tests {
		_, err := FromBytes(tt.name, tt.data)
		if !errors.Is(err, tt.kind) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want one-line error of kind %v", tt.name, err, tt.kind)
		}
	}
}

func stOverlap() []byte {
	b := stFile([]tensor{{"a", []uint64{2}}, {"b", []uint64{2}}})
	return []byte(strings.Replace(string(b), `"data_offsets":[4,8]`, `"data_offsets":[0,4]`, 1))
}

func TestCatalog(t *testing.T) {
	m, err := Resolve("Llama-3-8B", false)
	if err != nil {
		t.Fatal(err)
	}
	// formulas.md §1.7: Llama-3-8B 8,030,261,248.
	if got := float64(m.Arch.Count().Total); math.Abs(got-8_030_261_248) > 1 {
		t.Errorf("total: got %.0f, want 8030261248", got)
	}
	if m.Kind != "catalog" || m.Entry == nil {
		t.Errorf("kind %q entry %v, want catalog with an entry", m.Kind, m.Entry)
	}
	if _, err := Resolve("./no/such/model.gguf", true); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path: got %v, want a no-such-file error", err)
	}
}

func TestUnsupportedConfigBesideWeights(t *testing.T) {
	// A config of an unmapped model_type beside weights: the counts remain,
	// with a warning. Without weights it is an ErrUnsupported error.
	dir := writeFiles(t, map[string][]byte{"config.json": []byte(`{"model_type":"mamba"}`), "model.safetensors": stFile(tinyTensors())})
	m, err := Resolve(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if m.HasArch || float64(m.FileParams) != tinyTotal || len(m.Warnings) == 0 {
		t.Errorf("got has arch %v params %v warnings %v, want false, %d, a warning", m.HasArch, m.FileParams, m.Warnings, tinyTotal)
	}
	alone := writeFiles(t, map[string][]byte{"config.json": []byte(`{"model_type":"mamba"}`)})
	if _, err := Resolve(alone, true); !errors.Is(err, ErrUnsupported) {
		t.Errorf("config alone: got %v, want ErrUnsupported", err)
	}
}

func TestDirectoryDuplicates(t *testing.T) {
	// Two quantizations in one directory: the first by name is read, with a warning.
	g, _, _ := tinyGGUF()
	dir := writeFiles(t, map[string][]byte{"tiny-F16.gguf": g, "tiny-Q8.gguf": g})
	m, err := Resolve(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Source, "tiny-F16.gguf") || len(m.Warnings) != 1 {
		t.Errorf("got source %s warnings %v, want tiny-F16.gguf and one warning", m.Source, m.Warnings)
	}
	// Mistral repos: consolidated.safetensors beside the HF files is skipped.
	st := stFile(tinyTensors())
	dir = writeFiles(t, map[string][]byte{"config.json": []byte(tinyConfig), "consolidated.safetensors": st, "model.safetensors": st})
	if m, err = Resolve(dir, true); err != nil {
		t.Fatal(err)
	}
	checkModel(t, m, tinyTotal, false)
}

// TestInvalidConfigNamesFile: an architecture that fails validation names
// the file it came from (QA: config.json has no model name, so the message
// read `invalid architecture "": num_layers = 1000000000000 ...`).
func TestInvalidConfigNamesFile(t *testing.T) {
	cfg := `{"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
		"num_key_value_heads": 4, "num_hidden_layers": 1000000000000, "vocab_size": 100}`
	dir := writeFiles(t, map[string][]byte{"config.json": []byte(cfg)})
	path := filepath.Join(dir, "config.json")
	_, err := FromPath(path)
	if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), `invalid architecture "`+path+`"`) {
		t.Errorf("FromPath = %v, want an ErrFormat naming %s", err, path)
	}
}

// TestOneShardReadsAll: naming one shard of a sharded checkpoint whose
// index is beside it counts every shard, with a warning (QA: it counted
// shard 1 only and flagged a -35 % mismatch). tinyTotal = 5712 params.
func TestOneShardReadsAll(t *testing.T) {
	ts := tinyTensors()
	a, b := ts[:10], ts[10:]
	var entries []string
	for i, part := range [][]tensor{a, b} {
		for _, x := range part {
			entries = append(entries, fmt.Sprintf("%q:\"model-0000%d-of-00002.safetensors\"", x.name, i+1))
		}
	}
	dir := writeFiles(t, map[string][]byte{
		"config.json":                      []byte(tinyConfig),
		"model.safetensors.index.json":     []byte(`{"weight_map":{` + strings.Join(entries, ",") + `}}`),
		"model-00001-of-00002.safetensors": stFile(a),
		"model-00002-of-00002.safetensors": stFile(b),
	})
	m, err := Resolve(filepath.Join(dir, "model-00001-of-00002.safetensors"), true)
	if err != nil {
		t.Fatal(err)
	}
	checkModel(t, m, tinyTotal, false)
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "one shard") {
		t.Errorf("warnings %v, want one saying the file is one shard", m.Warnings)
	}
}

// TestEmptyIndexWarns: an index with an empty weight_map says so instead
// of silently giving no file count (QA).
func TestEmptyIndexWarns(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"config.json":                  []byte(tinyConfig),
		"model.safetensors.index.json": []byte(`{"weight_map":{}}`),
	})
	m, err := Resolve(filepath.Join(dir, "model.safetensors.index.json"), true)
	if err != nil {
		t.Fatal(err)
	}
	if m.FileParams != 0 || len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "lists no tensors") {
		t.Errorf("file params %v, warnings %v; want 0 and one 'lists no tensors' warning", m.FileParams, m.Warnings)
	}
}

// TestLongMissingPathShortError: a 100 kB path that does not exist gives a
// short message (QA: the whole argument was echoed).
func TestLongMissingPathShortError(t *testing.T) {
	_, err := Resolve("./"+strings.Repeat("a/", 50000)+"x.gguf", true)
	if err == nil || len(err.Error()) > 600 || !strings.Contains(err.Error(), "…") {
		t.Errorf("error of %d bytes, want ≤ 600 with the path cut (…)", len(err.Error()))
	}
}
