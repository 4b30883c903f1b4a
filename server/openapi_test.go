package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"
)

// The OpenAPI document is checked with a real validator
// (pb33f/libopenapi-validator): the document against the OpenAPI 3.1
// specification's schema, and requests and responses of the running
// server against the document.

var (
	specOnce sync.Once
	specDoc  []byte
	specV    validator.Validator
	specErr  error
)

// spec returns the served document and a validator built from it.
func spec(t testing.TB) ([]byte, validator.Validator) {
	t.Helper()
	specOnce.Do(func() {
		ts := httptest.NewServer(New(Options{}))
		defer ts.Close()
		resp, err := http.Get(ts.URL + "/api/openapi.json")
		if err != nil {
			specErr = err
			return
		}
		defer resp.Body.Close()
		specDoc, _ = io.ReadAll(resp.Body)
		doc, err := libopenapi.NewDocument(specDoc)
		if err != nil {
			specErr = err
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			specErr = fmt.Errorf("build validator: %v", errs)
			return
		}
		specV = v
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return specDoc, specV
}

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for i, e := range errs {
		if i == 5 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(errs)-5)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", e.Message, e.Reason)
		for j, f := range e.SchemaValidationErrors {
			if j == 3 {
				break
			}
			fmt.Fprintf(&b, "\n    %s at %s", f.Reason, f.FieldPath)
		}
	}
	return b.String()
}

// TestOpenAPIDocumentValidates checks the document against the OpenAPI
// 3.1 schema, and that it documents every route with no null parameter
// lists.
func TestOpenAPIDocumentValidates(t *testing.T) {
	doc, v := spec(t)
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("the OpenAPI document does not validate:%s", describe(errs))
	}
	var d struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	if d.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", d.OpenAPI)
	}
	if bytes.Contains(doc, []byte(`"parameters": null`)) {
		t.Error(`the document has "parameters": null`)
	}
	s := newServer(Options{})
	var routes []string
	for _, e := range s.endpoints() {
		routes = append(routes, e.path)
	}
	for _, c := range s.plots() {
		routes = append(routes, c.path)
	}
	for _, p := range append(routes, "/api/model/upload", "/api/openapi.json") {
		if _, ok := d.Paths[p]; !ok {
			t.Errorf("%s is served but not documented", p)
		}
	}
	upload := d.Paths["/api/model/upload"]["post"]
	if params, _ := upload["parameters"].([]any); len(params) < 5 {
		t.Errorf("upload documents %d query parameters, want its model fields and name", len(params))
	}
}

// exchange sends req to the server and validates the request and the
// response against the document, returning the status and body.
func exchange(t *testing.T, v validator.Validator, req *http.Request) (int, []byte) {
	t.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
		t.Errorf("%s %s: response %d does not match the document:%s\nbody: %.300s", req.Method, req.URL.RequestURI(), resp.StatusCode, describe(errs), body)
	}
	return resp.StatusCode, body
}

// TestEveryEndpointAgainstItsSchema sends each endpoint's example as GET
// and as POST, and bad input, and validates the requests and every
// response (200 and errors) against the document.
func TestEveryEndpointAgainstItsSchema(t *testing.T) {
	_, v := spec(t)
	ts := realServer(t)
	for _, e := range newServer(Options{}).endpoints() {
		q := examples[e.path]
		t.Run(e.path, func(t *testing.T) {
			get, _ := http.NewRequest(http.MethodGet, ts.URL+e.path+"?"+q, nil)
			if ok, errs := v.ValidateHttpRequest(get); !ok {
				t.Errorf("example GET does not match the document:%s", describe(errs))
			}
			if status, body := exchange(t, v, get); status != 200 {
				t.Errorf("GET: status %d: %.300s", status, body)
			}
			post := jsonPost(t, ts.URL+e.path, queryToJSON(t, q, map[string]bool{"ids": true}))
			if ok, errs := v.ValidateHttpRequest(post); !ok {
				t.Errorf("example POST does not match the document:%s", describe(errs))
			}
			if status, body := exchange(t, v, post); status != 200 {
				t.Errorf("POST: status %d: %.300s", status, body)
			}
			bad, _ := http.NewRequest(http.MethodGet, ts.URL+e.path+"?nosuch=1", nil)
			if status, _ := exchange(t, v, bad); status != 400 {
				t.Errorf("unknown field: status %d, want 400", status)
			}
			put, _ := http.NewRequest(http.MethodPut, ts.URL+e.path, nil)
			if resp, err := http.DefaultClient.Do(put); err != nil || resp.StatusCode != 405 {
				t.Errorf("PUT: %v %v, want 405", err, resp)
			}
			big := jsonPost(t, ts.URL+e.path, []byte(`{"model":"`+strings.Repeat("x", DefaultMaxBody)+`"}`))
			if status, _ := exchange(t, v, big); status != 413 {
				t.Errorf("large body: status %d, want 413", status)
			}
		})
	}
}

func jsonPost(t *testing.T, u string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

// TestChartsAndUploadAgainstTheirSchemas validates the SVG routes, the
// upload and the document's own route, successes and errors.
func TestChartsAndUploadAgainstTheirSchemas(t *testing.T) {
	_, v := spec(t)
	ts := realServer(t)
	for _, tt := range []struct {
		method, path, ctype, body string
		status                    int
	}{
		{"GET", "/api/plot/infer?model=llama-3-8b&batch=1,8,64", "", "", 200},
		{"GET", "/api/plot/isoflop?budgets=1e21,1e22", "", "", 200},
		{"GET", "/api/plot/hardware?ids=h100,a100", "", "", 200},
		{"GET", "/api/plot/hardware?ids=nosuch", "", "", 400},
		{"GET", "/api/plot/isoflop?budgets=1e21&points=1000&law=all", "", "", 200},
		{"GET", "/api/plot/isoflop?budgets=" + numberList(10, "%de20") + "&points=1000", "", "", 400},
		{"GET", "/api/plot/isoflop?budgets=" + numberList(8, "%de20") + "&points=800", "", "", 200},
		{"GET", "/api/openapi.json", "", "", 200},
		{"POST", "/api/model/upload?name=config.json&context=4096", "application/octet-stream", llama2Config, 200},
		{"POST", "/api/model/upload?model=llama-3-8b", "application/octet-stream", llama2Config, 400},
		{"POST", "/api/model/upload?nosuch=1", "application/octet-stream", llama2Config, 400},
		{"POST", "/api/model/upload", "application/octet-stream", strings.Repeat("{", DefaultMaxUpload+1), 413},
	} {
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
		if tt.ctype != "" {
			req.Header.Set("Content-Type", tt.ctype)
		}
		if status, body := exchange(t, v, req); status != tt.status {
			t.Errorf("%s %s: status %d, want %d: %.200s", tt.method, tt.path, status, tt.status, body)
		}
	}
}
