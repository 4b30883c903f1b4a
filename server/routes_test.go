package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestPathsAreTheRoutes: every path Paths lists (and flops serve --help
// prints) has its own route in the mux, and the OpenAPI document
// describes exactly those paths.
func TestPathsAreTheRoutes(t *testing.T) {
	paths := Paths()
	mux := newServer(Options{}).routes()
	for _, p := range paths {
		if _, pattern := mux.Handler(httptest.NewRequest("GET", p, nil)); pattern != p {
			t.Errorf("%s is routed to %q, not to its own handler", p, pattern)
		}
	}
	if _, pattern := mux.Handler(httptest.NewRequest("GET", "/api/no-such-thing", nil)); slices.Contains(paths, pattern) {
		t.Errorf("an unknown path is routed to %q", pattern)
	}
	doc, _ := spec(t)
	var d struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	for p := range d.Paths {
		if !slices.Contains(paths, p) {
			t.Errorf("the OpenAPI document has %s, Paths does not", p)
		}
	}
	for _, p := range paths {
		if _, ok := d.Paths[p]; !ok {
			t.Errorf("Paths has %s, the OpenAPI document does not", p)
		}
	}
	if len(paths) != len(d.Paths) {
		t.Errorf("Paths lists %d routes (a duplicate?), the document %d", len(paths), len(d.Paths))
	}
}

// TestOpenAPIBuiltOnce: the document is encoded once per server and the
// same bytes are served to every request.
func TestOpenAPIBuiltOnce(t *testing.T) {
	s := newServer(Options{})
	a, err := s.openAPIBytes()
	if err != nil || len(a) == 0 {
		t.Fatalf("openAPIBytes: %d bytes, %v", len(a), err)
	}
	b, _ := s.openAPIBytes()
	if &a[0] != &b[0] {
		t.Error("the OpenAPI document was built again for a second request")
	}
	ts := httptest.NewServer(s.handler())
	defer ts.Close()
	status, body := get(t, ts.URL+"/api/openapi.json")
	if status != 200 || !bytes.Equal(body, a) {
		t.Errorf("GET /api/openapi.json: status %d, %d bytes; want the %d built", status, len(body), len(a))
	}
	t.Logf("%d bytes", len(a))
}
