package gguf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flopsdev/flops/model"
)

// MaxLayers bounds block_count (llama.cpp's LLAMA_MAX_LAYERS is 512; a
// per-layer array indexed by an unchecked block_count was an out-of-bounds
// write, llama.cpp PR #25821).
const MaxLayers = 4096

// families maps general.architecture to model.Arch.Family for the
// architectures this reader maps.
var families = map[string]string{
	"llama": "llama", "mistral": "mistral", "qwen2": "qwen2", "qwen2moe": "qwen2_moe",
	"qwen3": "qwen3", "qwen3moe": "qwen3_moe", "gemma": "gemma", "gemma2": "gemma2", "gemma3": "gemma3",
	"deepseek2": "deepseek_v2", "falcon": "falcon", "gpt2": "gpt2", "phi3": "phi3",
	"gptneox": "gpt_neox", "olmo": "olmo", "olmo2": "olmo2",
}

// meta reads [arch].* keys.
type meta struct {
	f    *File
	arch string
	warn []string
}

func (m *meta) val(key string) (Value, bool) {
	v, ok := m.f.Metadata[m.arch+"."+key]
	return v, ok
}

func (m *meta) uint(key string) int {
	v, _ := m.val(key)
	n, ok := v.Uint()
	if !ok || n > 1<<40 {
		return 0
	}
	return int(n)
}

// sizeErr explains why a required size key reads as 0: absent, not an
// unsigned integer, zero, or above the 2^40 sanity bound.
func (m *meta) sizeErr(key string) error {
	v, ok := m.val(key)
	if !ok {
		return formatf("missing %s.%s", m.arch, key)
	}
	n, ok := v.Uint()
	switch {
	case !ok:
		return formatf("%s.%s has type %s, want an unsigned integer", m.arch, key, v.Type)
	case n == 0:
		return formatf("%s.%s is 0", m.arch, key)
	case n > 1<<40:
		return formatf("%s.%s = %d exceeds 2^40", m.arch, key, n)
	}
	return nil
}

// layered reads a key that may be a scalar or a per-layer array of
// length L; it returns the maximum and the array (nil for a scalar).
func (m *meta) layered(key string, layers int) (int, []int, error) {
	v, ok := m.val(key)
	if !ok || v.Type != TypeArray {
		return m.uint(key), nil, nil
	}
	vals, ok := v.Uints()
	if !ok || len(vals) != layers {
		return 0, nil, formatf("%s.%s: per-layer array of %d %s values, want %d integers (block_count)", m.arch, key, v.Len, v.ElemType, layers)
	}
	out := make([]int, layers)
	for i, x := range vals {
		out[i] = int(min(x, 1<<40))
	}
	hi := slices.Max(out)
	if slices.Min(out) == hi {
		return hi, nil, nil
	}
	return hi, out, nil
}

// Arch maps the metadata and tensor names to a model.Arch, with a warning
// for every value that is inferred rather than read. Architectures outside
// the families table give ErrUnsupported.
func (f *File) Arch() (model.Arch, []string, error) {
	v, present := f.Metadata["general.architecture"]
	name, _ := v.Str()
	if present && v.Type != TypeString {
		return model.Arch{}, nil, fmt.Errorf("gguf architecture: %w", formatf("general.architecture has type %s, want string", v.Type))
	}
	if name == "" {
		return model.Arch{}, nil, fmt.Errorf("gguf architecture: %w", formatf("missing general.architecture"))
	}
	fam, ok := families[name]
	if !ok {
		return model.Arch{}, nil, fmt.Errorf("gguf architecture: %w", unsupportedf("architecture %q is not mapped (supported: %s)", name, strings.Join(sortedKeys(families), ", ")))
	}
	m := &meta{f: f, arch: name}
	a, err := m.dims(fam)
	if err != nil {
		return model.Arch{}, nil, fmt.Errorf("gguf architecture: %w", err)
	}
	m.structure(&a)
	m.moe(&a)
	m.mla(&a)
	m.window(&a)
	return a, m.warn, nil
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// dims reads the sizes: d, L, H, K, h_d, f, V, context.
func (m *meta) dims(fam string) (model.Arch, error) {
	a := model.Arch{Family: fam, Hidden: m.uint("embedding_length"), Layers: m.uint("block_count"), MaxContext: m.uint("context_length")}
	a.Name, _ = m.f.Metadata["general.name"].Str()
	for _, k := range []string{"embedding_length", "block_count"} {
		if err := m.sizeErr(k); err != nil {
			return a, err
		}
	}
	if a.Layers > MaxLayers {
		return a, formatf("%s.block_count %d exceeds %d", m.arch, a.Layers, MaxLayers)
	}
	var err error
	if a.Heads, a.LayerHeads, err = m.layered("attention.head_count", a.Layers); err != nil {
		return a, err
	}
	if a.Heads == 0 {
		return a, formatf("missing or zero %s.attention.head_count", m.arch)
	}
	if a.KVHeads, a.LayerKVHeads, err = m.layered("attention.head_count_kv", a.Layers); err != nil {
		return a, err
	}
	if _, ok := m.val("attention.head_count_kv"); !ok {
		a.KVHeads = a.Heads
		m.warn = append(m.warn, fmt.Sprintf("%s.attention.head_count_kv absent: assumed equal to head_count (%d, multi-head attention)", m.arch, a.Heads))
	}
	if a.FFN, a.LayerFFN, err = m.layered("feed_forward_length", a.Layers); err != nil {
		return a, err
	}
	a.HeadDim = m.uint("attention.key_length")
	if a.HeadDim == 0 {
		a.HeadDim = a.Hidden / a.Heads
	}
	if v := m.uint("attention.value_length"); v != 0 && v != a.HeadDim && fam != "deepseek_v2" {
		m.warn = append(m.warn, fmt.Sprintf("value_length %d differs from key_length %d; the record uses the key length", v, a.HeadDim))
	}
	a.Vocab = m.vocab()
	return a, nil
}

// vocab prefers the token embedding's row count, then [arch].vocab_size,
// then the length of tokenizer.ggml.tokens.
func (m *meta) vocab() int {
	if t, ok := m.f.tensor("token_embd.weight"); ok && len(t.Dims) == 2 {
		return int(t.Dims[1])
	}
	if v := m.uint("vocab_size"); v > 0 {
		return v
	}
	if v, ok := m.f.Metadata["tokenizer.ggml.tokens"]; ok && v.Type == TypeArray && v.Len < 1<<40 {
		return int(v.Len)
	}
	m.warn = append(m.warn, "vocabulary size not found (no token_embd tensor, vocab_size or tokenizer tokens)")
	return 0
}

// tensor finds a tensor by name.
func (f *File) tensor(name string) (Tensor, bool) {
	for _, t := range f.Tensors {
		if t.Name == name {
			return t, true
		}
	}
	return Tensor{}, false
}

func (f *File) has(name string) bool {
	_, ok := f.tensor(name)
	return ok
}
