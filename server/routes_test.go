package server

import (
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
