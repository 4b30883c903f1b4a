package safetensors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// MaxMetadataEntries caps the string→string __metadata__ map. Real files
// carry a few entries ("format": "pt"); a crafted header of millions made
// the reader take seconds and hundreds of MB (QA).
const MaxMetadataEntries = 65536

// parseHeader decodes the header object with a token stream so that
// duplicate keys are detected (encoding/json into a map is last-wins).
func parseHeader(buf []byte) (*File, error) {
	t, err := newTokens(buf)
	if err != nil {
		return nil, err
	}
	if err := t.delim('{', "header"); err != nil {
		return nil, err
	}
	// Size the list and the duplicate set once: with a million tensors,
	// growing them costs more than parsing (QA profile: growslice and map
	// growth were a third of the time for a 1.2M-tensor header).
	// A real tensor entry takes more than 64 header bytes, so the sizes are
	// bounded by the (capped) header length, as the parsed list would be.
	n := min(bytes.Count(buf, []byte(`"data_offsets"`))+1, len(buf)/64+1)
	f := &File{TensorList: make([]Tensor, 0, n)}
	seen := make(map[string]bool, n)
	for t.more() {
		key, err := t.str("header key")
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, formatf("duplicate key %q in header", key)
		}
		seen[key] = true
		if err := parseEntry(t, f, key); err != nil {
			return nil, err
		}
	}
	if err := t.delim('}', "header"); err != nil {
		return nil, err
	}
	return f, trailing(buf, int64(t.i))
}

// parseEntry reads the value of one header key: __metadata__ or a tensor.
func parseEntry(t *tokens, f *File, key string) error {
	var err error
	if key == "__metadata__" {
		f.Metadata, err = parseMetadata(t)
		return err
	}
	tensor, warn, err := parseTensor(t, key)
	if err != nil {
		return err
	}
	if warn != "" {
		f.Warnings = append(f.Warnings, warn)
	}
	f.TensorList = append(f.TensorList, tensor)
	return nil
}

// trailing checks that only JSON whitespace follows the header object.
func trailing(buf []byte, off int64) error {
	for i := off; i < int64(len(buf)); i++ {
		switch buf[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return formatf("unexpected %q at header byte %d after the closing '}' (a known writer bug put __metadata__ outside the object)", buf[i], i)
		}
	}
	return nil
}

// parseMetadata reads the optional string→string __metadata__ map.
func parseMetadata(t *tokens) (map[string]string, error) {
	tok, err := t.next()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, formatf("__metadata__ must be an object of strings, found %s", describe(tok))
	}
	m := map[string]string{}
	for t.more() {
		if len(m) >= MaxMetadataEntries {
			return nil, unsupportedf("__metadata__ has more than %d entries", MaxMetadataEntries)
		}
		k, err := t.str("__metadata__ key")
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup {
			return nil, formatf("duplicate __metadata__ key %q", k)
		}
		v, err := t.str("value")
		if err != nil {
			// The key is named only on error: building the message for
			// every entry cost 13 % of a 3M-entry header (QA profile).
			return nil, fmt.Errorf("__metadata__ value for %q (metadata values must be strings): %w", k, err)
		}
		m[k] = v
	}
	return m, t.delim('}', "__metadata__")
}

// parseTensor reads {"dtype": s, "shape": [..], "data_offsets": [b, e]}.
// Unknown fields are skipped with a warning. Messages are built only on
// error: this loop runs once per tensor (a million in the largest headers).
func parseTensor(t *tokens, name string) (Tensor, string, error) {
	tn, warn, err := parseTensorFields(t, name)
	if err != nil {
		return tn, "", fmt.Errorf("tensor %q: %w", name, err)
	}
	return tn, warn, nil
}

func parseTensorFields(t *tokens, name string) (Tensor, string, error) {
	if err := t.delim('{', "tensor info"); err != nil {
		return Tensor{}, "", err
	}
	tn := Tensor{Name: name}
	var warn string
	var seen [3]bool
	for t.more() {
		field, err := t.str("field name")
		if err != nil {
			return tn, "", err
		}
		i := slices.Index(tensorFields[:], field)
		if i >= 0 && seen[i] {
			return tn, "", formatf("duplicate field %q", field)
		}
		if i >= 0 {
			seen[i] = true
		}
		if err := parseField(t, &tn, field); errors.Is(err, errUnknownField) {
			warn = fmt.Sprintf("tensor %q: ignored unknown field %q", name, field)
		} else if err != nil {
			return tn, "", err
		}
	}
	for i, ok := range seen {
		if !ok {
			return tn, "", formatf("missing field %q", tensorFields[i])
		}
	}
	return tn, warn, t.delim('}', "tensor info")
}

// tensorFields are the required fields of a tensor info.
var tensorFields = [3]string{"dtype", "shape", "data_offsets"}

var errUnknownField = errors.New("unknown field")

func parseField(t *tokens, tn *Tensor, field string) error {
	var err error
	switch field {
	case "dtype":
		tn.Dtype, err = t.str("dtype")
	case "shape":
		tn.Shape, err = t.uints("shape")
	case "data_offsets":
		var off []uint64
		if off, err = t.uints("data_offsets"); err == nil {
			if len(off) != 2 {
				return formatf("data_offsets has %d entries, want [BEGIN, END]", len(off))
			}
			tn.Begin, tn.End = off[0], off[1]
		}
	default:
		if err := t.skip("field "+field, 0); err != nil {
			return err
		}
		return errUnknownField
	}
	return err
}
