package safetensors

import (
	"encoding/json"
	"errors"
	"fmt"
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
	return json.Number(t.number()), nil
}

// peek returns the first byte of the next token (0 at the end).
func (t *tokens) peek() byte {
	t.ws(true)
	if t.i >= len(t.b) {
		return 0
	}
	return t.b[t.i]
}

// number consumes a number token and returns its text.
func (t *tokens) number() []byte {
	j := t.i
	for j < len(t.b) && strings.IndexByte("+-.eE0123456789", t.b[j]) >= 0 {
		j++
	}
	num := t.b[t.i:j]
	t.i = j
	return num
}

// string reads a string token, unescaping only when it has escapes.
func (t *tokens) string() (string, error) {
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
		return "", formatf("header JSON string: %v", err)
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
	if t.peek() == '"' { // fast path without boxing the token
		return t.string()
	}
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
	if c := t.peek(); c != '-' && (c < '0' || c > '9') {
		tok, err := t.next()
		if err != nil {
			return 0, err
		}
		return 0, formatf("%s: want a non-negative integer, found %s", what, describe(tok))
	}
	num := t.number()
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
