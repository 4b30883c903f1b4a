package server

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// requestQuery parses the request's query string. Unlike
// (*url.URL).Query it reports malformed text ("%zz", ";") and more
// parameters than net/url allows (10,000 since Go 1.25) instead of silently
// dropping them, which would run the request with defaults.
func requestQuery(r *http.Request) (url.Values, error) {
	if n := len(r.URL.RawQuery); n > maxQuery {
		return nil, fmt.Errorf("query string of %d bytes is longer than the %d-byte cap; send a JSON body with POST", n, maxQuery)
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("bad query string: %v", err)
	}
	return q, nil
}

// maxQuery caps a query string, bytes: every calculator's fields fit in a
// few hundred; anything longer is refused with a JSON error rather than
// parsed.
const maxQuery = 64 << 10

// decodeQuery sets the fields of the struct v from query parameters named
// by the fields' json tags (embedded structs are flattened, as in JSON).
// Unknown parameters are an error, so typos do not pass silently.
func decodeQuery(q url.Values, v reflect.Value) error {
	fields := map[string]reflect.Value{}
	collectFields(v, fields)
	var unknown []string
	for name, vals := range q {
		f, ok := fields[name]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if err := setField(f, vals); err != nil {
			return fmt.Errorf("parameter %q: %v", name, err)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		if len(unknown) > 5 {
			unknown = append(unknown[:5], fmt.Sprintf("and %d more", len(unknown)-5))
		}
		return fmt.Errorf("unknown parameter(s) %s; known: %s", strings.Join(unknown, ", "), strings.Join(knownNames(fields), ", "))
	}
	return nil
}

// jsonField is one field of a struct as encoding/json names it, with the
// index path that reaches it through embedded structs.
type jsonField struct {
	name  string
	index []int
	typ   reflect.Type
}

// jsonFields lists the fields of struct type t by JSON name, flattening
// untagged embedded structs (and pointers to them) as encoding/json does.
// Query decoding and the OpenAPI schemas both walk structs through it.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		sf := t.Field(i)
		name := jsonName(sf)
		if !sf.IsExported() || name == "-" {
			continue
		}
		ft := sf.Type
		if sf.Anonymous && sf.Tag.Get("json") == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for _, f := range jsonFields(ft) {
					out = append(out, jsonField{f.name, append([]int{i}, f.index...), f.typ})
				}
				continue
			}
		}
		out = append(out, jsonField{name, []int{i}, sf.Type})
	}
	return out
}

// collectFields maps json names to settable fields of struct v (request
// types embed structs by value, so every index path is reachable).
func collectFields(v reflect.Value, out map[string]reflect.Value) {
	for _, f := range jsonFields(v.Type()) {
		if fv, err := v.FieldByIndexErr(f.index); err == nil {
			out[f.name] = fv
		}
	}
}

// jsonName is the field's JSON name: the tag's first part, or the Go name.
func jsonName(sf reflect.StructField) string {
	tag := sf.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return sf.Name
	}
	return name
}

func knownNames(fields map[string]reflect.Value) []string {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// setField parses vals into f by its kind.
func setField(f reflect.Value, vals []string) error {
	last := vals[len(vals)-1]
	switch f.Kind() {
	case reflect.String:
		f.SetString(last)
	case reflect.Bool:
		b, err := strconv.ParseBool(last)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", last)
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil {
			return fmt.Errorf("want an integer, got %q", last)
		}
		f.SetInt(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(last, 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", last)
		}
		f.SetFloat(x)
	case reflect.Slice:
		if f.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("unsupported list type")
		}
		var items []string
		for _, v := range vals {
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
		}
		f.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("unsupported field type %s", f.Type())
	}
	return nil
}
