package form

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/flopsdev/flops/internal/clip"
)

// value is one key's value as received: its texts and whether it came as
// a list (a JSON array, or a query key given several times).
type value struct {
	texts  []string
	isList bool
}

// DecodeJSON reads one JSON object from r into the struct dst points to.
// Errors reading r (such as *http.MaxBytesError) are returned wrapped.
func DecodeJSON(r io.Reader, dst any) error {
	br := bufio.NewReader(r)
	if err := wantObject(br); err != nil {
		return err
	}
	d := newDecoder(dst)
	if d.err != nil {
		return d.err
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the '{' wantObject saw
		return bodyError(err)
	}
	if err := d.members(dec); err != nil {
		return err
	}
	if _, err := dec.Token(); err != nil { // '}'
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return &Error{Msg: "bad JSON body: more than one JSON value (data after the object)"}
		}
		return bodyError(err)
	}
	return nil
}

// members sets a field from each "key": value of the object.
func (d *decoder) members(dec *json.Decoder) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bodyError(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return bodyError(err)
		}
		key, _ := tok.(string)
		v, err := jsonValue(raw)
		if err != nil {
			return d.fieldError(key, err.Error())
		}
		if err := d.set(key, v); err != nil {
			return err
		}
	}
	return nil
}

// bodyError reports a JSON body that does not parse; read errors (a body
// over the cap, a client that stopped sending) keep their type.
func bodyError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Msg: "bad JSON body: it ends before the object does"}
	case errors.As(err, &se):
		return &Error{Msg: fmt.Sprintf("bad JSON body at byte %d: %v", se.Offset, err)}
	}
	return err
}

// wantObject skips leading white space and checks that the body is a JSON
// object: a top-level null would otherwise decode as an empty request.
func wantObject(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return &Error{Msg: `empty request body: send a JSON object of the command's fields, e.g. {"gpu":"h100"}`}
		}
		if err != nil {
			return err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
		case '{':
			return nil
		default:
			return &Error{Msg: fmt.Sprintf("bad JSON body: want a JSON object {...} of the command's fields, got text starting %q", b[0])}
		}
	}
}

// jsonValue converts one JSON value to texts: strings as they are, numbers
// as their literal text, booleans as true/false, arrays item by item.
func jsonValue(raw json.RawMessage) (value, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return value{}, err
		}
		v := value{isList: true, texts: []string{}}
		for _, it := range items {
			s, ok, err := scalar(it)
			if err != nil {
				return value{}, fmt.Errorf("list items must be strings or numbers: %v", err)
			}
			if ok {
				v.texts = append(v.texts, s)
			}
		}
		return v, nil
	}
	s, ok, err := scalar(raw)
	if err != nil || !ok {
		return value{}, err
	}
	return value{texts: []string{s}}, nil
}

// scalar is the text of a JSON string, number or boolean; ok is false for
// null.
func scalar(raw json.RawMessage) (s string, ok bool, err error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "", false, errors.New("empty value")
	case raw[0] == '"':
		err = json.Unmarshal(raw, &s)
		return s, err == nil, err
	case raw[0] == '{':
		return "", false, errors.New("got an object; want a string or a number")
	case raw[0] == '[':
		return "", false, errors.New("got a nested list")
	case string(raw) == "null":
		return "", false, nil
	}
	return string(raw), true, nil // a number (literal text) or true/false
}

// DecodeQuery sets the fields of the struct dst points to from query
// parameters, under the same rules as DecodeJSON; a key given several
// times is a list.
func DecodeQuery(q url.Values, dst any) error {
	d := newDecoder(dst)
	if d.err != nil {
		return d.err
	}
	keys := make([]string, 0, len(q))
	for key := range q {
		keys = append(keys, key)
	}
	sort.Strings(keys) // the same error for the same query
	for _, key := range keys {
		texts := q[key]
		if err := d.set(key, value{texts: texts, isList: len(texts) > 1}); err != nil {
			return err
		}
	}
	return nil
}

// decoder sets the fields of one request.
type decoder struct {
	dst  reflect.Value // the struct
	ix   index
	seen map[string]string // field name -> key as sent
	err  error
}

var indexes sync.Map // reflect.Type -> index

func newDecoder(dst any) *decoder {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return &decoder{err: fmt.Errorf("form: decode into %T, want a pointer to a struct", dst)}
	}
	t := v.Elem().Type()
	ix, ok := indexes.Load(t)
	if !ok {
		built, err := newIndex(t)
		if err != nil {
			return &decoder{err: err}
		}
		ix, _ = indexes.LoadOrStore(t, built)
	}
	return &decoder{dst: v.Elem(), ix: ix.(index), seen: map[string]string{}}
}

// set assigns one key's value to its field.
func (d *decoder) set(key string, v value) error {
	f, ok := d.ix[Key(key)]
	if !ok {
		return d.unknown(key)
	}
	if prev, dup := d.seen[f.Name]; dup {
		return &Error{Field: f.Name, Msg: fmt.Sprintf("given twice (as %q and %q)", clip.String(prev, 64), clip.String(key, 64))}
	}
	d.seen[f.Name] = key
	if err := assign(d.dst.FieldByIndex(f.index), f, v); err != nil {
		return &Error{Field: f.Name, Msg: err.Error()}
	}
	return nil
}

func (d *decoder) fieldError(key, msg string) error {
	if f, ok := d.ix[Key(key)]; ok {
		return &Error{Field: f.Name, Msg: msg}
	}
	return d.unknown(key)
}

// unknown reports a key that names no field, with the nearest name.
func (d *decoder) unknown(key string) error {
	names := d.ix.names()
	msg := fmt.Sprintf("unknown field %q", clip.String(key, 64))
	if near := nearest(Key(key), names); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	if len(names) == 0 {
		msg += "; this endpoint takes no fields"
	} else {
		msg += "; known: " + strings.Join(names, ", ")
	}
	return &Error{Field: clip.String(key, 64), Msg: msg}
}

// assign sets field fv of kind f.Kind from v.
func assign(fv reflect.Value, f Field, v value) error {
	if len(v.texts) == 0 {
		return nil // null or [] : not given
	}
	switch fv.Kind() {
	case reflect.String:
		if f.Kind == List {
			fv.SetString(strings.Join(v.texts, ","))
			return nil
		}
		if v.isList {
			return fmt.Errorf("takes one value, got %d", len(v.texts))
		}
		fv.SetString(v.texts[0])
	case reflect.Slice:
		if fv.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("form: unsupported list type %s", fv.Type())
		}
		var items []string
		for _, t := range v.texts {
			for _, s := range strings.Split(t, ",") {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
		}
		fv.Set(reflect.ValueOf(items))
	default:
		if v.isList {
			return fmt.Errorf("takes one value, got %d", len(v.texts))
		}
		return assignScalar(fv, v.texts[0])
	}
	return nil
}

// assignScalar parses s into a bool or numeric field; "" leaves the default.
func assignScalar(fv reflect.Value, s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	switch fv.Kind() {
	case reflect.Bool:
		b, err := parseBool(s)
		if err != nil {
			return err
		}
		fv.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || fv.OverflowInt(n) {
			return fmt.Errorf("want a whole number, got %q", clip.String(s, 64))
		}
		fv.SetInt(n)
	case reflect.Float32, reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", clip.String(s, 64))
		}
		fv.SetFloat(x)
	default:
		return fmt.Errorf("form: unsupported field type %s", fv.Type())
	}
	return nil
}

// parseBool reads true/false, on/off, yes/no, 1/0 in any case.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "on", "yes", "1":
		return true, nil
	case "false", "off", "no", "0":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %q", clip.String(s, 64))
}
