// Package hfconfig reads a Hugging Face transformers config.json into a
// model.Arch, per family by model_type (field map:
// docs/formulas.md §1.9). It is lenient about missing
// fields: each default it takes is reported as a warning. Broken JSON wraps
// ErrFormat; a model_type it does not map wraps ErrUnsupported.
package hfconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/model/readerr"
)

// MaxBytes caps the size of a config.json (real ones are a few KB).
const MaxBytes = 4 << 20

// Error kinds; test with errors.Is.
var (
	// ErrFormat marks broken input: not JSON, wrong field types.
	ErrFormat = errors.New("invalid config.json")
	// ErrUnsupported marks a valid config of a model_type not mapped here.
	ErrUnsupported = errors.New("unsupported config.json")
)

// Error is a reader error of kind ErrFormat or ErrUnsupported.
type Error = readerr.Error

func formatf(format string, args ...any) error { return readerr.New(ErrFormat, format, args...) }

func unsupportedf(format string, args ...any) error {
	return readerr.New(ErrUnsupported, format, args...)
}

// Config is the result of Read.
type Config struct {
	ModelType string     `json:"model_type"`
	Arch      model.Arch `json:"arch"`
	Warnings  []string   `json:"warnings,omitempty"`
}

// Read parses a config.json of at most MaxBytes.
func Read(r io.Reader) (*Config, error) {
	buf, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read config.json: %w", err)
	}
	c, err := Parse(buf)
	if err != nil {
		return nil, fmt.Errorf("read config.json: %w", err)
	}
	return c, nil
}

// Parse maps config.json bytes to a Config.
func Parse(buf []byte) (*Config, error) {
	if len(buf) > MaxBytes {
		return nil, unsupportedf("larger than %d bytes", MaxBytes)
	}
	// Windows editors write a UTF-8 byte order mark; JSON forbids it but
	// the file is otherwise fine.
	buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
	fl, err := decode(buf)
	if err != nil {
		return nil, err
	}
	mt := fl.str("model_type")
	if mt == "" {
		return nil, unsupportedf("no model_type field (is this a transformers config.json?)")
	}
	if _, ok := families[mt]; !ok {
		if sub, ok := fl.sub("text_config"); ok && families[sub.str("model_type")] != nil {
			sub.warn = append(fl.warn, fmt.Sprintf("model_type %q: read its text_config (%s); other towers (vision, audio) are not counted", mt, sub.str("model_type")))
			inherit(sub, fl, "tie_word_embeddings", "_name_or_path")
			fl, mt = sub, sub.str("model_type")
		} else {
			return nil, unsupportedf("model_type %q is not mapped (supported: %s)", mt, strings.Join(supported(), ", "))
		}
	}
	c := &Config{ModelType: mt}
	if err := families[mt](fl, c); err != nil {
		return nil, err
	}
	if err := fl.err; err != nil {
		return nil, err
	}
	c.Arch.Family = mt
	c.Arch.Name, _ = fl.firstStr("_name_or_path")
	c.Warnings = fl.warn
	return c, nil
}

func supported() []string {
	var ks []string
	for k := range families {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// inherit copies keys a nested text_config lacks from the outer config
// (Qwen3.5 states tie_word_embeddings only at the top level).
func inherit(sub, outer *fields, keys ...string) {
	for _, k := range keys {
		if _, ok := sub.m[k]; !ok {
			if raw, ok := outer.m[k]; ok {
				sub.m[k] = raw
			}
		}
	}
}

// fields holds the top-level members of the config and collects warnings
// and the first type error.
type fields struct {
	m    map[string]json.RawMessage
	warn []string
	err  error
	// ffnOptional lets intermediate_size be absent (every layer MoE).
	ffnOptional bool
}

// decode reads a JSON object, rejecting duplicate top-level keys (which
// encoding/json would silently resolve last-wins) and trailing data.
func decode(buf []byte) (*fields, error) {
	if !utf8.Valid(buf) {
		return nil, formatf("not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(buf))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, formatf("not a JSON object")
	}
	fl := &fields{m: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxErr(dec, err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, formatf("JSON syntax error in the value of %q: %v", key, eofText(err))
		}
		if _, dup := fl.m[key]; dup {
			return nil, formatf("duplicate key %q", key)
		}
		fl.m[key] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxErr(dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, formatf("trailing data after the JSON object")
	}
	return fl, nil
}

func syntaxErr(dec *json.Decoder, err error) error {
	return formatf("JSON syntax error near byte %d: %v", dec.InputOffset(), eofText(err))
}

func eofText(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of input")
	}
	return err
}

// sub decodes a nested object member.
func (fl *fields) sub(key string) (*fields, bool) {
	raw, ok := fl.m[key]
	if !ok {
		return nil, false
	}
	s, err := decode(raw)
	return s, err == nil
}

// lookup returns the first present, non-null key.
func (fl *fields) lookup(keys ...string) (string, json.RawMessage, bool) {
	for _, k := range keys {
		if raw, ok := fl.m[k]; ok && string(raw) != "null" {
			return k, raw, true
		}
	}
	return "", nil, false
}

// int reads the first present key as a non-negative integer that fits an int.
func (fl *fields) int(keys ...string) (int, bool) {
	k, raw, ok := fl.lookup(keys...)
	if !ok {
		return 0, false
	}
	var x float64
	if err := json.Unmarshal(raw, &x); err != nil || x < 0 || x != math.Trunc(x) || x > 1<<40 {
		fl.fail(formatf("%s = %s, want a non-negative integer", k, raw))
		return 0, false
	}
	return int(x), true
}

// intOr reads an integer, or takes def with a warning naming why.
func (fl *fields) intOr(def int, why string, keys ...string) int {
	if v, ok := fl.int(keys...); ok {
		return v
	}
	fl.warn = append(fl.warn, fmt.Sprintf("%s absent: assumed %d (%s)", keys[0], def, why))
	return def
}

// need reads a required positive integer.
func (fl *fields) need(keys ...string) int {
	v, ok := fl.int(keys...)
	if !ok || v == 0 {
		fl.fail(formatf("missing or zero %s", strings.Join(keys, " / ")))
	}
	return v
}

// bool reads a boolean; an absent key gives def (the class default) with a warning.
func (fl *fields) bool(key string, def bool) bool {
	k, raw, ok := fl.lookup(key)
	if !ok {
		fl.warn = append(fl.warn, fmt.Sprintf("%s absent: assumed %v (class default)", key, def))
		return def
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		fl.fail(formatf("%s = %s, want true or false", k, raw))
	}
	return b
}

func (fl *fields) str(key string) string {
	s, _ := fl.firstStr(key)
	return s
}

func (fl *fields) firstStr(keys ...string) (string, bool) {
	_, raw, ok := fl.lookup(keys...)
	var s string
	if !ok || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func (fl *fields) fail(err error) {
	if fl.err == nil {
		fl.err = err
	}
}
