package safetensors

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// maxSkipDepth bounds the nesting of unknown JSON values that are skipped.
const maxSkipDepth = 64

// tokens is a token stream over a buffer that json.Valid has accepted.
// It is a lexer only: syntax is already checked, so commas and colons are
// skipped and only the structure the caller expects is verified. It is
// about ten times faster than json.Decoder.Token, and it sees duplicate
// keys, which decoding into a map would hide.
type tokens struct {
	b []byte
	i int
}

// newTokens checks the syntax of buf and returns its token stream.
func newTokens(buf []byte) (*tokens, error) {
	if !json.Valid(buf) {
		var raw json.RawMessage
		err := json.Unmarshal(buf, &raw)
		var se *json.SyntaxError
		if errors.As(err, &se) && strings.Contains(se.Error(), "after top-level value") {
			return nil, formatf("unexpected data at header byte %d after the closing '}' (a known writer bug put __metadata__ outside the object)", se.Offset-1)
		}
		return nil, formatf("header JSON: %v", err)
	}
	return &tokens{b: buf}, nil
}

// ws skips whitespace and, when sep, the separators ',' and ':'.
func (t *tokens) ws(sep bool) {
	for t.i < len(t.b) {
		switch t.b[t.i] {
		case ' ', '\t', '\n', '\r':
		case ',', ':':
			if !sep {
				return
			}
		default:
			return
		}
		t.i++
	}
}

// more reports whether the current object or array has another element.
func (t *tokens) more() bool {
	t.ws(true)
	return t.i < len(t.b) && t.b[t.i] != '}' && t.b[t.i] != ']'
}

// next returns the next token: json.Delim, string, json.Number, bool or nil.
func (t *tokens) next() (json.Token, error) {
	t.ws(true)
	if t.i >= len(t.b) {
		return nil, formatf("header JSON: unexpected end")
	}
	c := t.b[t.i]
	switch c {
	case '{', '}', '[', ']':
		t.i++
		return json.Delim(c), nil
	case '"':
		return t.string()
	case 't', 'f', 'n':
		lit := map[byte]json.Token{'t': true, 'f': false, 'n': nil}[c]
		t.i += map[byte]int{'t': 4, 'f': 5, 'n': 4}[c]
		return lit, nil
	}
	j := t.i
	for j < len(t.b) && strings.IndexByte("+-.eE0123456789", t.b[j]) >= 0 {
		j++
	}
	num := json.Number(t.b[t.i:j])
	t.i = j
	return num, nil
}

// string reads a string token, unescaping only when it has escapes.
func (t *tokens) string() (json.Token, error) {
	j, esc := t.i+1, false
	for t.b[j] != '"' {
		if t.b[j] == '\\' {
			j, esc = j+1, true
		}
		j++
	}
	raw := t.b[t.i : j+1]
	t.i = j + 1
	if !esc {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, formatf("header JSON string: %v", err)
	}
	return s, nil
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
	for t.more() {
		v, err := t.uint(what)
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
	for t.more() {
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
	t, err := newTokens(buf)
	if err != nil {
		return nil, err
	}
	if err := t.delim('{', "header"); err != nil {
		return nil, err
	}
	f := &File{}
	seen := map[string]bool{}
	for t.more() {
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
	return f, trailing(buf, int64(t.i))
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
