package server

import (
	"bytes"
	"net/http"
	"reflect"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/server/form"
)

// openAPI serves the OpenAPI 3.1 document, generated from the endpoint and
// chart tables and the Go request and result types, so it cannot drift
// from the handlers. It is built on the first request and kept (s.openAPIBytes).
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	if !allowGET(w, r) {
		return
	}
	b, err := s.openAPIBytes()
	if err != nil {
		s.opts.Log.Printf("openapi: %v", err)
		writeMsg(w, http.StatusInternalServerError, "internal error (logged); please report it")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// buildOpenAPI encodes the document, indented as the CLI's --json: about
// 400 kB from reflection over every request and result type, tens of
// milliseconds, which is why newServer keeps the bytes.
func (s *server) buildOpenAPI() ([]byte, error) {
	var buf bytes.Buffer
	err := report.JSON(&buf, s.openAPIDoc())
	return buf.Bytes(), err
}

// openAPIDoc builds the document.
func (s *server) openAPIDoc() map[string]any {
	sc := newSchemas()
	sc.defs["Error"] = sc.object(reflect.TypeFor[errorBody]())
	paths := map[string]any{}
	for _, e := range s.endpoints() {
		paths[e.path] = s.jsonPathItem(e, sc)
	}
	for _, c := range s.plots() {
		paths[c.path] = map[string]any{"get": op(c.summary, opID("get", c.path), queryParams(c.reqType, true),
			responses(svgContent(), c.cost, false))}
	}
	paths[uploadPath] = s.uploadPathItem(sc)
	paths[openAPIPath] = map[string]any{"get": op("this document", "getOpenAPI", []any{},
		map[string]any{"200": map[string]any{"description": "the OpenAPI 3.1 document",
			"content": jsonContent(map[string]any{"type": "object"})}, "405": errorResponse(statusText[405])})}
	return map[string]any{
		"openapi":    "3.1.0",
		"info":       map[string]any{"title": "flops API", "version": "1", "description": apiDescription},
		"paths":      paths,
		"components": map[string]any{"schemas": sc.defs},
	}
}

const apiDescription = "The arithmetic of AI compute. Each endpoint takes the CLI command's flags as fields, " +
	"as query parameters (GET) or a JSON object (POST), and returns the same Result JSON as the CLI's --json, in SI base units. " +
	"Field names match in any case, with '-' or '_' (tokens-per-second-per-gpu = tokens_per_second_per_gpu); " +
	"quantities are text with units (\"7B\", \"40%\", \"$2/h\") or JSON numbers; lists are arrays or comma-separated text; " +
	"null or an empty value means the default. Errors are {\"error\": message, \"field\": the field at fault}. " +
	"Expensive endpoints run a bounded number of requests at once and answer 503 with Retry-After when full. " +
	"Unknown paths under /api/ answer 404."

// jsonPathItem documents a JSON endpoint: GET with query parameters and
// POST with a JSON body, the same responses.
func (s *server) jsonPathItem(e endpoint, sc *schemas) map[string]any {
	ok := map[string]any{"description": "the Result, exactly as the CLI's --json prints it", "content": jsonContent(s.resultSchema(e, sc))}
	return map[string]any{
		"get": op(e.summary, opID("get", e.path), queryParams(e.reqType, false), responses(ok, e.cost, false)),
		"post": withBody(op(e.summary, opID("post", e.path), []any{prettyParam()}, responses(ok, e.cost, true)),
			"application/json", form.BodySchema(e.reqType)),
	}
}

// resultSchema is the 200 schema: the result type, or any of them when
// an endpoint returns several (infer: one result or a sweep).
func (s *server) resultSchema(e endpoint, sc *schemas) map[string]any {
	var each []any
	for _, t := range e.resTypes {
		for t.Kind() == reflect.Pointer { // a result is never null
			t = t.Elem()
		}
		each = append(each, sc.of(t))
	}
	if len(each) == 1 {
		return each[0].(map[string]any)
	}
	return map[string]any{"anyOf": each}
}

// uploadPathItem documents the upload: the file's bytes as the body, the
// other model fields and the file name in the query.
func (s *server) uploadPathItem(sc *schemas) map[string]any {
	var params []any
	for _, f := range form.Fields(reflect.TypeFor[api.ModelRequest]()) {
		if f.Name != "model" {
			params = append(params, queryParam(f))
		}
	}
	params = append(params, map[string]any{"name": "name", "in": "query", "required": false,
		"description": "the file's name (config.json, model.safetensors, model.gguf): labels the result; never read from disk",
		"schema":      map[string]any{"type": "string", "examples": []string{"config.json"}}}, prettyParam())
	ok := map[string]any{"description": "the model's accounting, as /api/model",
		"content": jsonContent(sc.of(reflect.TypeFor[model.Summary]()))}
	rs := responses(ok, cheap, true)
	rs["503"] = busyResponse("the upload memory budget is in use; retry after the seconds given")
	return map[string]any{"post": withBody(op("accounting of an uploaded config.json or the first bytes (the header) of a safetensors or GGUF file",
		"postModelUpload", params, rs), "application/octet-stream", map[string]any{"type": "string", "contentMediaType": "application/octet-stream"})}
}

func op(summary, id string, params []any, responses map[string]any) map[string]any {
	return map[string]any{"summary": summary, "operationId": id, "parameters": params, "responses": responses}
}

func withBody(op map[string]any, mediaType string, schema map[string]any) map[string]any {
	op["requestBody"] = map[string]any{"required": true, "content": map[string]any{mediaType: map[string]any{"schema": schema}}}
	return op
}

// statusText describes the error statuses the API returns.
var statusText = map[int]string{
	400: "bad input: the message says what is wrong and how to fix it; field names the field at fault",
	405: "method not allowed: the Allow header lists the methods this path takes",
	408: "the request body stopped arriving before it was complete",
	413: "request body larger than the cap",
}

// responses lists an operation's responses: ok, the errors every request
// can get, 413 and 408 for bodies, 503 for limited cost classes.
func responses(ok map[string]any, c cost, body bool) map[string]any {
	rs := map[string]any{"200": ok, "400": errorResponse(statusText[400]), "405": errorResponse(statusText[405]),
		"default": errorResponse("any other error (500: a bug, logged), in the same shape")}
	if body {
		rs["408"] = errorResponse(statusText[408])
		rs["413"] = errorResponse(statusText[413])
	}
	switch c {
	case compute:
		rs["503"] = busyResponse("too many expensive requests at once; retry after the seconds given")
	case search:
		rs["503"] = busyResponse("too many searches at once, or the search ran longer than " + searchTimeout.String() + "; retry after the seconds given")
	}
	return rs
}

func errorResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": jsonContent(map[string]any{"$ref": "#/components/schemas/Error"})}
}

func busyResponse(desc string) map[string]any {
	r := errorResponse(desc)
	r["headers"] = map[string]any{"Retry-After": map[string]any{"description": "seconds to wait before retrying",
		"required": true, "schema": map[string]any{"type": "integer", "minimum": 1}}}
	return r
}

func svgContent() map[string]any {
	return map[string]any{"description": "an SVG chart",
		"content": map[string]any{"image/svg+xml": map[string]any{"schema": map[string]any{"type": "string"}}}}
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

// queryParams lists a request type's fields as query parameters, with
// ?pretty unless the response is not JSON (svg).
func queryParams(t reflect.Type, svg bool) []any {
	out := []any{}
	for _, f := range form.Fields(t) {
		out = append(out, queryParam(f))
	}
	if !svg {
		out = append(out, prettyParam())
	}
	return out
}

func queryParam(f form.Field) map[string]any {
	p := map[string]any{"name": f.Name, "in": "query", "required": false, "schema": f.QuerySchema()}
	if f.Doc != "" {
		p["description"] = f.Doc
	}
	return p
}

func prettyParam() map[string]any {
	return map[string]any{"name": "pretty", "in": "query", "required": false,
		"description": "indent the JSON as the CLI does (any value but 0, false, off, no)", "schema": map[string]any{"type": "string"}}
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
