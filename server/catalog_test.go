package server

import (
	"reflect"
	"testing"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/server/form"
)

// TestCatalogCoversEndpoints: every field of every served request has a
// kind and a description in server/form/catalog.go, so that its decoding
// and its OpenAPI schema are right (a new endpoint's new field names show
// up here).
func TestCatalogCoversEndpoints(t *testing.T) {
	s := newServer(Options{})
	types := map[string]reflect.Type{"/api/model/upload": reflect.TypeFor[api.ModelRequest]()}
	for _, e := range s.endpoints() {
		types[e.path] = e.reqType
	}
	for _, c := range s.plots() {
		types[c.path] = c.reqType
	}
	for path, rt := range types {
		for _, f := range form.Fields(rt) {
			if !form.Catalogued(f.Name) {
				t.Errorf("%s: field %q is not in server/form/catalog.go: add its kind and a description", path, f.Name)
			}
		}
	}
}
