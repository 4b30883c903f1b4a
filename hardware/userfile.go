package hardware

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Limits on user catalog files.
const (
	MaxFileBytes   = 1 << 20 // 1 MiB
	maxFileEntries = 1000
)

// ReadJSON reads user accelerator entries: a JSON array of entries in the
// catalog's own format (see catalog.json), or an object
// {"accelerators": [...]}. Files over 1 MiB, unknown fields and invalid
// entries are errors; an entry without a source gets "user file". Merge
// the result into a catalog with (*Catalog).With.
func ReadJSON(r io.Reader) ([]Accelerator, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read hardware file: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("read hardware file: larger than %d bytes", MaxFileBytes)
	}
	entries, err := decodeEntries(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read hardware file: %w", err)
	}
	for i := range entries {
		if entries[i].Source == "" {
			entries[i].Source = "user file"
		}
		if err := entries[i].Validate(); err != nil {
			return nil, fmt.Errorf("read hardware file: entry %d: %w", i, err)
		}
	}
	return entries, nil
}

// decodeEntries decodes an array of entries or {"accelerators": [...]},
// rejecting unknown fields and trailing data.
func decodeEntries(r io.Reader) ([]Accelerator, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	var entries []Accelerator
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var wrapper struct {
			Accelerators []Accelerator `json:"accelerators"`
		}
		err = strictDecode(data, &wrapper)
		entries = wrapper.Accelerators
	} else {
		err = strictDecode(data, &entries)
	}
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, errors.New(`no entries (want a JSON array of accelerators or {"accelerators": [...]})`)
	}
	if len(entries) > maxFileEntries {
		return nil, fmt.Errorf("%d entries, more than the limit of %d", len(entries), maxFileEntries)
	}
	return entries, nil
}

// strictDecode decodes exactly one JSON value with unknown fields rejected.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode JSON: %w", plainJSONError(err))
	}
	if dec.More() {
		return errors.New("decode JSON: unexpected data after the first value")
	}
	return nil
}

// plainJSONError rewords encoding/json errors that name Go types
// ("cannot unmarshal string into Go struct field Accelerator.dense_flops of
// type units.FLOPRate") in the file's terms: the field, what it holds and
// what it should hold, with the byte offset.
func plainJSONError(err error) error {
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New(`the file is empty (want a JSON array of accelerators or {"accelerators": [...]})`)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the JSON ends early (truncated file?)")
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the top level"
		}
		return fmt.Errorf("at byte %d: %s holds a JSON %s, want %s", te.Offset, field, te.Value, jsonKind(te.Type.Kind().String()))
	}
	return err
}

// jsonKind names a Go kind as the JSON value that decodes into it.
func jsonKind(k string) string {
	switch k {
	case "float64", "float32", "int", "int64", "int32", "uint", "uint64", "uint32":
		return "a number"
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "another type"
}
