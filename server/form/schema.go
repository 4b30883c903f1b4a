package form

import "reflect"

// Schema is the JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1)
// of the values a JSON body may give field f.
func (f Field) Schema() map[string]any {
	var s map[string]any
	switch f.Kind {
	case Number:
		s = map[string]any{"type": []string{"string", "number"}}
	case Switch:
		s = map[string]any{"type": []string{"string", "boolean"}}
	case Bool:
		s = map[string]any{"type": []string{"boolean", "string"}}
	case List:
		s = map[string]any{"type": []string{"string", "number", "array"},
			"items": map[string]any{"type": []string{"string", "number"}}}
	default:
		s = map[string]any{"type": "string"}
	}
	f.describe(s)
	return s
}

// QuerySchema is the schema of field f as a query parameter: text, for
// every kind (a list is comma-separated, or the key repeated).
func (f Field) QuerySchema() map[string]any {
	s := map[string]any{"type": "string"}
	f.describe(s)
	return s
}

func (f Field) describe(s map[string]any) {
	if f.Doc != "" {
		s["description"] = f.Doc
	}
	if f.Example != "" {
		s["examples"] = []string{f.Example}
	}
}

// BodySchema is the schema of a JSON body for request type t: an object
// of its fields by JSON name, none required (the endpoint says what is
// missing), no others. Other spellings of the names (hyphens, any case)
// are accepted too but not listed.
func BodySchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	for _, f := range Fields(t) {
		props[f.Name] = f.Schema()
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}
