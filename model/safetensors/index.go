package safetensors

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultMaxIndexBytes caps the size of a model.safetensors.index.json
// (DeepSeek-V3's, with ~91k tensors, is about 9 MB).
const DefaultMaxIndexBytes = 64 << 20

// Index is a parsed model.safetensors.index.json:
// {"metadata": {"total_size": N}, "weight_map": {tensor: shard file}}.
type Index struct {
	TotalSize    uint64            `json:"total_size"`     // bytes of tensor data declared by the writer
	HasTotalSize bool              `json:"has_total_size"` // metadata.total_size was present
	WeightMap    map[string]string `json:"weight_map"`     // tensor name → shard file name
	Shards       []string          `json:"shards"`         // distinct shard file names, sorted
}

// ReadIndex parses a sharded-checkpoint index of at most
// DefaultMaxIndexBytes, rejecting duplicate keys and shard names that are
// not plain file names.
func ReadIndex(r io.Reader) (*Index, error) {
	buf, err := io.ReadAll(io.LimitReader(r, DefaultMaxIndexBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read safetensors index: %w", err)
	}
	if len(buf) > DefaultMaxIndexBytes {
		return nil, fmt.Errorf("read safetensors index: %w", unsupportedf("index is larger than %d bytes", DefaultMaxIndexBytes))
	}
	idx, err := parseIndex(buf)
	if err != nil {
		return nil, fmt.Errorf("read safetensors index: %w", err)
	}
	return idx, nil
}

func parseIndex(buf []byte) (*Index, error) {
	if !utf8.Valid(buf) {
		return nil, formatf("index is not valid UTF-8")
	}
	t, err := newTokens(buf)
	if err != nil {
		return nil, err
	}
	if err := t.delim('{', "index"); err != nil {
		return nil, err
	}
	idx := &Index{}
	seen := map[string]bool{}
	for t.more() {
		key, err := t.str("index key")
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, formatf("duplicate key %q in index", key)
		}
		seen[key] = true
		if err := parseIndexEntry(t, idx, key); err != nil {
			return nil, err
		}
	}
	if err := t.delim('}', "index"); err != nil {
		return nil, err
	}
	if idx.WeightMap == nil {
		return nil, formatf("index has no weight_map")
	}
	return idx, nil
}

func parseIndexEntry(t *tokens, idx *Index, key string) error {
	var err error
	switch key {
	case "metadata":
		err = parseIndexMetadata(t, idx)
	case "weight_map":
		idx.WeightMap, err = parseWeightMap(t)
	default:
		err = t.skip("index "+key, 0)
	}
	return err
}

func parseIndexMetadata(t *tokens, idx *Index) error {
	if err := t.delim('{', "index metadata"); err != nil {
		return err
	}
	for t.more() {
		k, err := t.str("index metadata key")
		if err != nil {
			return err
		}
		if k != "total_size" {
			if err := t.skip("index metadata "+k, 0); err != nil {
				return err
			}
			continue
		}
		if idx.HasTotalSize {
			return formatf("duplicate index metadata key %q", k)
		}
		if idx.TotalSize, err = t.uint("index metadata total_size"); err != nil {
			return err
		}
		idx.HasTotalSize = true
	}
	return t.delim('}', "index metadata")
}

func parseWeightMap(t *tokens) (map[string]string, error) {
	if err := t.delim('{', "weight_map"); err != nil {
		return nil, err
	}
	m := map[string]string{}
	for t.more() {
		name, err := t.str("weight_map key")
		if err != nil {
			return nil, err
		}
		if _, dup := m[name]; dup {
			return nil, formatf("duplicate weight_map entry %q", name)
		}
		shard, err := t.str(fmt.Sprintf("weight_map[%q]", name))
		if err != nil {
			return nil, err
		}
		if shard == "" || shard == "." || shard == ".." || strings.ContainsAny(shard, `/\`) {
			return nil, formatf("weight_map[%q]: shard %q is not a plain file name", name, shard)
		}
		m[name] = shard
	}
	return m, t.delim('}', "weight_map")
}

// shards returns the distinct shard names of the weight map, sorted.
func (idx *Index) shards() []string {
	var out []string
	for _, s := range idx.WeightMap {
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Opener opens one shard by its file name for ReadSharded, returning a
// reader, its size in bytes and a close function.
type Opener func(shard string) (r io.ReaderAt, size int64, close func() error, err error)

// Set is a sharded checkpoint: the union of the shard headers.
type Set struct {
	Summary
	Index    *Index   `json:"-"`
	Shards   []string `json:"shards"`
	Warnings []string `json:"warnings,omitempty"`
}

// ReadSharded reads the header of every shard named in idx and checks it
// against the weight map: each mapped tensor must be in its shard, and the
// declared total_size should equal the summed tensor bytes (a mismatch is a
// warning, since writers differ).
func ReadSharded(idx *Index, open Opener, opt Options) (*Set, error) {
	set := &Set{Summary: newSummary(), Index: idx}
	idx.Shards = idx.shards()
	found := map[string]bool{}
	for _, shard := range idx.Shards {
		f, err := readShard(shard, open, opt)
		if err != nil {
			return nil, err
		}
		if err := set.addShard(shard, f, found); err != nil {
			return nil, err
		}
	}
	for name, shard := range idx.WeightMap {
		if !found[name] {
			return nil, fmt.Errorf("read safetensors shards: %w", formatf("tensor %q is mapped to %s but is not in that shard", name, shard))
		}
	}
	if idx.HasTotalSize && idx.TotalSize != set.Bytes {
		set.Warnings = append(set.Warnings, fmt.Sprintf("index total_size %d differs from the %d tensor bytes in the shards", idx.TotalSize, set.Bytes))
	}
	slices.Sort(set.Warnings)
	return set, nil
}

func readShard(shard string, open Opener, opt Options) (*File, error) {
	r, size, closeFn, err := open(shard)
	if err != nil {
		return nil, fmt.Errorf("open shard %s: %w", shard, err)
	}
	f, err := Read(r, size, opt)
	if cerr := closeFn(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("shard %s: %w", shard, err)
	}
	return f, nil
}

func (set *Set) addShard(shard string, f *File, found map[string]bool) error {
	set.Shards = append(set.Shards, shard)
	for _, t := range f.TensorList {
		want, mapped := set.Index.WeightMap[t.Name]
		switch {
		case found[t.Name]:
			return fmt.Errorf("read safetensors shards: %w", formatf("tensor %q appears in more than one shard (%s)", t.Name, shard))
		case !mapped:
			set.Warnings = append(set.Warnings, fmt.Sprintf("shard %s: tensor %q is not in the weight map", shard, t.Name))
		case want != shard:
			return fmt.Errorf("read safetensors shards: %w", formatf("tensor %q is in %s but the weight map says %s", t.Name, shard, want))
		}
		found[t.Name] = true
	}
	set.Warnings = append(set.Warnings, f.Warnings...)
	return set.Summary.merge(f.Summary)
}
