package safetensors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxSkipDepth bounds the nesting of unknown JSON values that are skipped.
const maxSkipDepth = 64

// tokens wraps a json.Decoder token stream with positioned errors.
type tokens struct{ dec *json.Decoder }

func newTokens(buf []byte) *tokens {
	dec := json.NewDecoder(bytes.NewReader(buf))
	dec.UseNumber()
	return &tokens{dec: dec}
}

func (t *tokens) next() (json.Token, error) {
	tok, err := t.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, formatf("header JSON near byte %d: %v", t.dec.InputOffset(), err)
	}
	return tok, nil
}

func (t *tokens) delim(want json.Delim, what string) error {
	tok, err := t.next()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return formatf("%s: want '%c', found %s", what, want, describe(tok))
	}
	return nil
}

func (t *tokens) str(what string) (string, error) {
	tok, err := t.next()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", formatf("%s: want a string, found %s", what, describe(tok))
	}
	return s, nil
}

// uint reads a JSON number that must be a non-negative integer.
func (t *tokens) uint(what string) (uint64, error) {
	tok, err := t.next()
	if err != nil {
		return 0, err
	}
	num, ok := tok.(json.Number)
	if !ok {
		return 0, formatf("%s: want a non-negative integer, found %s", what, describe(tok))
	}
	v, err := strconv.ParseUint(string(num), 10, 64)
	if err != nil {
		return 0, formatf("%s: %s is not a non-negative integer below 2^64", what, num)
	}
	return v, nil
}

// uints reads an array of non-negative integers.
func (t *tokens) uints(what string) ([]uint64, error) {
	if err := t.delim('[', what); err != nil {
		return nil, err
	}
	out := []uint64{}
	for t.dec.More() {
		v, err := t.uint(fmt.Sprintf("%s[%d]", what, len(out)))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, t.delim(']', what)
}

// skip consumes one value of any shape, up to maxSkipDepth deep.
func (t *tokens) skip(what string, depth int) error {
	if depth > maxSkipDepth {
		return formatf("%s: JSON nested deeper than %d levels", what, maxSkipDepth)
	}
	tok, err := t.next()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	for t.dec.More() {
		if d == '{' {
			if _, err := t.next(); err != nil {
				return err
			}
		}
		if err := t.skip(what, depth+1); err != nil {
			return err
		}
	}
	_, err = t.next()
	return err
}

// describe names a token for error messages.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("'%c'", rune(v))
	case string:
		return fmt.Sprintf("string %q", v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return fmt.Sprintf("boolean %v", v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// parseHeader decodes the header object with a token stream so that
// duplicate keys are detected (encoding/json into a map is last-wins).
func parseHeader(buf []byte) (*File, error) {
	t := newTokens(buf)
	if err := t.delim('{', "header"); err != nil {
		return nil, err
	}
	f := &File{}
	seen := map[string]bool{}
	for t.dec.More() {
		key, err := t.str("header key")
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, formatf("duplicate key %q in header", key)
		}
		seen[key] = true
		if key == "__metadata__" {
			if f.Metadata, err = parseMetadata(t); err != nil {
				return nil, err
			}
			continue
		}
		tensor, warn, err := parseTensor(t, key)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			f.Warnings = append(f.Warnings, warn)
		}
		f.TensorList = append(f.TensorList, tensor)
	}
	if err := t.delim('}', "header"); err != nil {
		return nil, err
	}
	return f, trailing(buf, t.dec.InputOffset())
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
	for t.dec.More() {
		k, err := t.str("__metadata__ key")
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup {
			return nil, formatf("duplicate __metadata__ key %q", k)
		}
		if m[k], err = t.str(fmt.Sprintf("__metadata__ value for %q (metadata values must be strings)", k)); err != nil {
			return nil, err
		}
	}
	return m, t.delim('}', "__metadata__")
}

// parseTensor reads {"dtype": s, "shape": [..], "data_offsets": [b, e]}.
// Unknown fields are skipped with a warning.
func parseTensor(t *tokens, name string) (Tensor, string, error) {
	ctx := fmt.Sprintf("tensor %q", name)
	if err := t.delim('{', ctx); err != nil {
		return Tensor{}, "", err
	}
	tn := Tensor{Name: name}
	var warn string
	seen := map[string]bool{}
	for t.dec.More() {
		field, err := t.str(ctx + " field")
		if err != nil {
			return tn, "", err
		}
		if seen[field] {
			return tn, "", formatf("%s: duplicate field %q", ctx, field)
		}
		seen[field] = true
		if err := parseField(t, &tn, field, ctx); errors.Is(err, errUnknownField) {
			warn = fmt.Sprintf("%s: ignored unknown field %q", ctx, field)
		} else if err != nil {
			return tn, "", err
		}
	}
	for _, f := range []string{"dtype", "shape", "data_offsets"} {
		if !seen[f] {
			return tn, "", formatf("%s: missing field %q", ctx, f)
		}
	}
	return tn, warn, t.delim('}', ctx)
}

var errUnknownField = errors.New("unknown field")

func parseField(t *tokens, tn *Tensor, field, ctx string) error {
	var err error
	switch field {
	case "dtype":
		tn.Dtype, err = t.str(ctx + " dtype")
	case "shape":
		tn.Shape, err = t.uints(ctx + " shape")
	case "data_offsets":
		var off []uint64
		if off, err = t.uints(ctx + " data_offsets"); err == nil {
			if len(off) != 2 {
				return formatf("%s: data_offsets has %d entries, want [BEGIN, END]", ctx, len(off))
			}
			tn.Begin, tn.End = off[0], off[1]
		}
	default:
		if err := t.skip(ctx+" field "+field, 0); err != nil {
			return err
		}
		return errUnknownField
	}
	return err
}
