package server

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/flopsdev/flops/report"
)

// openAPI serves an OpenAPI 3.0 document generated from the endpoint table
// and the request/result Go types, so it cannot drift from the handlers.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	report.JSON(w, s.openAPIDoc())
}

func (s *server) openAPIDoc() map[string]any {
	paths := map[string]any{}
	errResp := map[string]any{
		"description": "bad input: the message says what is wrong and how to fix it",
		"content":     jsonContent(schemaOf(reflect.TypeFor[errorBody]())),
	}
	for _, e := range s.endpoints() {
		path := e.path
		ok := map[string]any{"description": "the Result, exactly as the CLI's --json prints it",
			"content": jsonContent(schemaOf(e.resType))}
		responses := map[string]any{"200": ok, "400": errResp}
		paths[path] = map[string]any{
			"get": map[string]any{"summary": e.summary, "operationId": opID("get", path),
				"parameters": queryParams(e.reqType), "responses": responses},
			"post": map[string]any{"summary": e.summary, "operationId": opID("post", path),
				"requestBody": map[string]any{"required": true, "content": jsonContent(schemaOf(e.reqType))},
				"responses":   responses},
		}
	}
	for p, item := range s.extraPaths() {
		paths[p] = item
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "flops API", "version": "1",
			"description": "The arithmetic of AI compute. Each endpoint takes the CLI command's flags as fields " +
				"(query parameters or a JSON body) and returns the same Result JSON as the CLI's --json, in SI base units."},
		"paths": paths,
	}
}

// opID makes an operationId such as "getScaleOptimal" from "/api/scale/optimal".
func opID(method, path string) string {
	var b strings.Builder
	b.WriteString(method)
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(path, "/api/"), func(r rune) bool {
		return r == '/' || r == '-' || r == '_' || r == '{' || r == '}'
	}) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

// queryParams lists a request struct's fields as OpenAPI query parameters.
func queryParams(t reflect.Type) []any {
	fields := map[string]reflect.Value{}
	collectFields(reflect.New(t).Elem(), fields)
	var out []any
	for _, name := range knownNames(fields) {
		out = append(out, map[string]any{"name": name, "in": "query", "required": false,
			"schema": schemaOf(fields[name].Type())})
	}
	return out
}

// schemaOf maps a Go type to an OpenAPI schema (inline; depth-limited).
func schemaOf(t reflect.Type) map[string]any { return schemaDepth(t, 0) }

func schemaDepth(t reflect.Type, depth int) map[string]any {
	if depth > 8 {
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := schemaDepth(t.Elem(), depth)
		s["nullable"] = true
		return s
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaDepth(t.Elem(), depth+1)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaDepth(t.Elem(), depth+1)}
	case reflect.Struct:
		return structSchema(t, depth)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, depth int) map[string]any {
	props := map[string]any{}
	for _, f := range jsonFields(t) {
		props[f.name] = schemaDepth(f.typ, depth+1)
	}
	return map[string]any{"type": "object", "properties": props}
}
