package server

import (
	"reflect"
	"slices"
	"strings"

	"github.com/flopsdev/flops/server/form"
)

// schemas builds JSON Schemas (draft 2020-12, OpenAPI 3.1's dialect) of
// result types as encoding/json writes them, collecting each named struct
// once under components/schemas and referring to it by $ref.
type schemas struct {
	defs map[string]any
}

func newSchemas() *schemas { return &schemas{defs: map[string]any{}} }

// of is the schema of a value of type t.
func (sc *schemas) of(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(sc.of(t.Elem()))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": []string{"string", "null"}, "contentEncoding": "base64"}
		}
		return nullable(map[string]any{"type": "array", "items": sc.of(t.Elem())})
	case reflect.Array:
		return map[string]any{"type": "array", "items": sc.of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": sc.of(t.Elem())})
	case reflect.Struct:
		return sc.ref(t)
	}
	return map[string]any{} // an interface: any JSON value
}

// ref is a $ref to the named struct t, defining it on first use (so
// recursive types terminate). Anonymous structs are inlined.
func (sc *schemas) ref(t reflect.Type) map[string]any {
	if t.Name() == "" {
		return sc.object(t)
	}
	name := schemaName(t)
	if _, ok := sc.defs[name]; !ok {
		sc.defs[name] = map[string]any{} // placeholder while the fields are walked
		sc.defs[name] = sc.object(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object is a struct's schema: its JSON fields, those without omitempty
// (or omitzero) and not behind an embedded pointer required, no others.
func (sc *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	form.Walk(t, func(sf reflect.StructField, name string, _ []int, optional bool) {
		props[name] = sc.of(sf.Type)
		opts := sf.Tag.Get("json")
		if !optional && !strings.Contains(opts, ",omitempty") && !strings.Contains(opts, ",omitzero") {
			required = append(required, name)
		}
	})
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// nullable lets s also be null (a nil pointer, slice or map).
func nullable(s map[string]any) map[string]any {
	if _, isRef := s["$ref"]; isRef {
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	switch t := s["type"].(type) {
	case string:
		s["type"] = []string{t, "null"}
	case []string:
		if !slices.Contains(t, "null") {
			s["type"] = append(t, "null")
		}
	}
	return s
}

// schemaName is "package.Type" for a named type, with a generic type's
// brackets and paths reduced to characters OpenAPI allows in a key.
func schemaName(t reflect.Type) string {
	name := t.String() // e.g. "plan.Candidate"
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, name)
}
