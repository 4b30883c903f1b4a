package gguf

import "fmt"

// Merge combines the parts of a split GGUF set (…-00001-of-00003.gguf, in
// order): the metadata of the first part, the tensors and totals of all.
// Tensor names must be unique across parts, and split.count, when present,
// must equal the number of parts.
func Merge(parts []*File) (*File, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge gguf splits: %w", formatf("no parts"))
	}
	if n, ok := parts[0].Metadata["split.count"].Uint(); ok && n != uint64(len(parts)) {
		return nil, fmt.Errorf("merge gguf splits: %w", formatf("split.count is %d but %d parts were given", n, len(parts)))
	}
	out := *parts[0]
	out.Tensors = nil
	out.TypeParams, out.TypeBytes = map[string]uint64{}, map[string]uint64{}
	out.Params, out.Bytes, out.Warnings = 0, 0, nil
	seen := map[string]bool{}
	for i, p := range parts {
		for _, t := range p.Tensors {
			if seen[t.Name] {
				return nil, fmt.Errorf("merge gguf splits: %w", formatf("part %d: tensor %q also in an earlier part", i+1, t.Name))
			}
			seen[t.Name] = true
			out.Tensors = append(out.Tensors, t)
			if err := out.count(t); err != nil {
				return nil, fmt.Errorf("merge gguf splits: %w", err)
			}
		}
		out.Warnings = append(out.Warnings, p.Warnings...)
	}
	return &out, nil
}
