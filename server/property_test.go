package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestOpenAPIProperty sends requests generated from the served OpenAPI
// document (every operation; random subsets of its documented fields with
// values of the documented types: examples, edge numbers, junk text,
// lists) and requires that none gets a 5xx and that every response
// matches the document. FLOPS_PROPERTY_N sets the number of requests
// (default 400; the seed is fixed, so a failure reproduces).
func TestOpenAPIProperty(t *testing.T) {
	doc, v := spec(t)
	ops := operations(t, doc)
	ts := realServer(t)
	n, err := propertyN(os.Getenv("FLOPS_PROPERTY_N"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(15, 2026))
	statuses := map[int]int{}
	defer func() { t.Logf("%d requests: statuses %v", n, statuses) }()
	for i := range n {
		o := ops[i%len(ops)]
		req := o.generate(rng, ts.URL)
		if ok, errs := v.ValidateHttpRequest(req); !ok {
			t.Fatalf("generated request %s %s does not match the document (generator bug):%s", req.Method, req.URL.RequestURI(), describe(errs))
		}
		status, body := exchange(t, v, req)
		statuses[status]++
		if status >= 500 {
			t.Errorf("%s %s: status %d: %.300s", req.Method, req.URL.RequestURI(), status, body)
		}
	}
}

// propertyN reads FLOPS_PROPERTY_N: 400 when unset; a value that is not a
// whole number of at least 1 is an error (it would run no request and pass).
func propertyN(s string) (int, error) {
	if s == "" {
		return 400, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("FLOPS_PROPERTY_N=%q: want a whole number of requests, at least 1", s)
	}
	return n, nil
}

// operation is one documented method and path with its fields.
type operation struct {
	method, path string
	query        []param
	body         map[string]any // JSON body property schemas, nil for none
	octets       bool           // the body is a file
}

type param struct {
	name   string
	schema map[string]any
}

// operations reads every operation from the document.
func operations(t *testing.T, doc []byte) []operation {
	var d struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]any `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range d.Paths {
		for method, op := range item {
			o := operation{method: strings.ToUpper(method), path: path}
			for _, p := range op.Parameters {
				o.query = append(o.query, param{p.Name, p.Schema})
			}
			if c, ok := op.RequestBody.Content["application/json"]; ok {
				o.body = c.Schema.Properties
			}
			_, o.octets = op.RequestBody.Content["application/octet-stream"]
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return ops
}

// generate makes a random request of the operation.
func (o operation) generate(rng *rand.Rand, base string) *http.Request {
	q := url.Values{}
	for _, p := range o.query {
		if rng.IntN(4) == 0 && p.name != "pretty" {
			q.Set(p.name, text(rng, p.schema))
		}
	}
	u := base + o.path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body []byte
	switch {
	case o.body != nil:
		obj := map[string]any{}
		for name, s := range o.body {
			if rng.IntN(4) == 0 {
				obj[name] = jsonValue(rng, s.(map[string]any))
			}
		}
		body, _ = json.Marshal(obj)
	case o.octets:
		body = []byte(llama2Config)
		if rng.IntN(2) == 0 {
			body = body[:rng.IntN(len(body))]
		}
	}
	req, _ := http.NewRequest(o.method, u, bytes.NewReader(body))
	if o.body != nil {
		req.Header.Set("Content-Type", "application/json")
	} else if o.octets {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	return req
}

// junk is text that must be refused cleanly wherever it goes.
var junk = []string{"", "0", "-1", "1e308", "-1e308", "1e-320", "NaN", "Inf", "+Inf", "0x10", "1_000", "7X", "%",
	"$", "…", "\u00a0", "h100", "llama-3-8b", "all", "on", "off", "true", "1-512", "1,2,4", "fp8", "q4_k_m", "8k",
	strings.Repeat("9", 400), strings.Repeat("a,", 300), "../../etc/passwd", "<script>", "1e21,1e22", "12345678901234567890"}

// edge numbers, including ones that overflow computed figures.
var edge = []float64{0, -1, 1, 0.5, 3, 7e9, 1e12, 1e21, 1e308, -1e308, 1e-300, 4096, 1 << 40, 0.999999}

// text is a query-string value for a field with schema s.
func text(rng *rand.Rand, s map[string]any) string {
	if ex, ok := s["examples"].([]any); ok && len(ex) > 0 && rng.IntN(2) == 0 {
		return fmt.Sprint(ex[0])
	}
	if rng.IntN(2) == 0 {
		return strconv.FormatFloat(edge[rng.IntN(len(edge))], 'g', -1, 64)
	}
	return junk[rng.IntN(len(junk))]
}

// jsonValue is a JSON value of one of the types schema s allows.
func jsonValue(rng *rand.Rand, s map[string]any) any {
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			types = append(types, x.(string))
		}
	}
	switch types[rng.IntN(len(types))] {
	case "number":
		return edge[rng.IntN(len(edge))]
	case "boolean":
		return rng.IntN(2) == 0
	case "array":
		items, _ := s["items"].(map[string]any)
		out := make([]any, rng.IntN(5))
		for i := range out {
			out[i] = jsonValue(rng, items)
		}
		return out
	}
	return text(rng, s)
}

func TestPropertyN(t *testing.T) {
	for s, want := range map[string]int{"": 400, "1": 1, "5000": 5000, " 20 ": 20} {
		if n, err := propertyN(s); err != nil || n != want {
			t.Errorf("propertyN(%q) = %d, %v; want %d", s, n, err, want)
		}
	}
	for _, s := range []string{"0", "-3", "1e3", "many", "4k"} {
		if n, err := propertyN(s); err == nil {
			t.Errorf("propertyN(%q) = %d, want an error", s, n)
		}
	}
}
