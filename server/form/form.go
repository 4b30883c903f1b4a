// Package form decodes web API requests, JSON bodies and query strings,
// into the api package's request structs under one set of rules for every
// endpoint, and describes the forms it accepts as JSON Schema for the
// OpenAPI document:
//
//   - a key names a field by its JSON name in any case, with '-' or '_'
//     between words: tokens_per_second_per_gpu, tokens-per-second-per-gpu
//     (the CLI's flag) and Tokens_Per_Second_Per_GPU are one field;
//   - a text field (the api requests hold flags as text, "7B", "40%")
//     takes a string, a number (its literal text: 7e9, 0.5) or a boolean;
//   - a list field takes an array or a comma-separated string;
//   - a bool field takes true or false, as JSON or as text (on/off, 1/0);
//   - null, or an empty query value, means "not given" (the default);
//   - an unknown key, a key given twice, a list for a single value and an
//     object anywhere are errors that name the field (*Error).
//
// A field's kind (text, number, switch, list) and its documentation come
// from the Go type (bool, []string) or, for the api's text fields, from
// the catalog in catalog.go, keyed by JSON name (perRequest there holds a
// request's own reading of a shared name: deploy's gpu is a list): a new
// request type gets the same rules by using the names there, and a test
// checks that every field of every served request is in the catalog.
package form

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Kind is the form a field's value takes on the wire.
type Kind int

// Kinds of request fields.
const (
	Text   Kind = iota // a name or a choice: "h100", "causal"
	Number             // a quantity, with or without a unit: "7B", "40%", 7e9, 0.5
	Switch             // on or off: "on", "off", true, false
	List               // several values: "1e19,1e20" or ["1e19", 1e20]
	Bool               // a Go bool: true, false
)

// Field is one request field as the API sees it.
type Field struct {
	Name    string // JSON name, snake_case: "tokens_per_second_per_gpu"
	Kind    Kind
	Doc     string // what it is, with its unit and default
	Example string // a valid value as typed, "" if none fits all requests
	index   []int  // path through embedded structs
	typ     reflect.Type
}

// Fields lists the fields of request struct type t by JSON name, flattening
// untagged embedded structs as encoding/json does, sorted by name.
func Fields(t reflect.Type) []Field {
	var out []Field
	Walk(t, func(sf reflect.StructField, name string, index []int, _ bool) {
		ft := sf.Type
		f := Field{Name: name, index: index, typ: ft, Kind: Text}
		if e, ok := catalog[name]; ok {
			f.Kind, f.Doc, f.Example = e.kind, e.doc, e.example
		}
		if e, ok := perRequest[t][name]; ok {
			f.Kind, f.Doc, f.Example = e.kind, e.doc, e.example
		}
		switch {
		case ft.Kind() == reflect.Bool:
			f.Kind = Bool
		case ft.Kind() == reflect.Slice:
			f.Kind = List
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Float64:
			f.Kind = Number
		}
		out = append(out, f)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Given returns the text of every non-empty field of the request struct
// req points to, by JSON name (lists joined by commas).
func Given(req any) map[string]string {
	v := reflect.ValueOf(req)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	out := map[string]string{}
	for _, f := range Fields(v.Elem().Type()) {
		switch fv := v.Elem().FieldByIndex(f.index); fv.Kind() {
		case reflect.String:
			if fv.String() != "" {
				out[f.Name] = fv.String()
			}
		case reflect.Slice:
			if s, ok := fv.Interface().([]string); ok && len(s) > 0 {
				out[f.Name] = strings.Join(s, ",")
			}
		}
	}
	return out
}

// Catalogued reports whether the catalog documents the field name.
func Catalogued(name string) bool {
	_, ok := catalog[name]
	return ok
}

// Walk calls fn for every exported JSON field of struct type t, in order,
// flattening untagged embedded structs (and pointers to them) as
// encoding/json does: index is the field's path from t, optional is true
// for fields reached through an embedded pointer (absent when it is nil).
// The OpenAPI result schemas walk structs through it too.
func Walk(t reflect.Type, fn func(sf reflect.StructField, name string, index []int, optional bool)) {
	walkFrom(t, nil, false, fn)
}

func walkFrom(t reflect.Type, prefix []int, optional bool, fn func(reflect.StructField, string, []int, bool)) {
	for i := range t.NumField() {
		sf := t.Field(i)
		name := JSONName(sf)
		if !sf.IsExported() && !sf.Anonymous || name == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		if ft := sf.Type; sf.Anonymous && sf.Tag.Get("json") == "" {
			ptr := ft.Kind() == reflect.Pointer
			if ptr {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walkFrom(ft, index, optional || ptr, fn)
				continue
			}
		}
		if sf.IsExported() {
			fn(sf, name, index, optional)
		}
	}
}

// JSONName is the field's JSON name: the tag's first part, or the Go name.
func JSONName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" {
		return sf.Name
	}
	return name
}

// Key is the spelling-free form of a key: lower case, '-' as '_'.
func Key(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "-", "_"))
}

// Error is a request that does not decode: Field is the JSON name of the
// field at fault ("" when the request as a whole is malformed).
type Error struct {
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// index maps spelling-free keys to the fields of one request type.
type index map[string]Field

func newIndex(t reflect.Type) (index, error) {
	ix := index{}
	for _, f := range Fields(t) {
		if g, dup := ix[Key(f.Name)]; dup {
			return nil, fmt.Errorf("form: %s: fields %q and %q have the same key", t, g.Name, f.Name)
		}
		ix[Key(f.Name)] = f
	}
	return ix, nil
}

// names lists the fields' JSON names, sorted.
func (ix index) names() []string {
	out := make([]string, 0, len(ix))
	for _, f := range ix {
		out = append(out, f.Name)
	}
	sort.Strings(out)
	return out
}
