package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flopsdev/flops/api"
)

// echoRequest is a request type for testing the generic decoding: it
// mirrors the shape of the api requests (string fields, an embedded struct,
// a list and a bool).
type echoRequest struct {
	Params string `json:"params"`
	Inner
	IDs  []string `json:"ids"`
	Flag bool     `json:"flag"`
}

type Inner struct {
	GPU string `json:"gpu"`
}

type echoResult struct {
	Got   echoRequest `json:"got"`
	Value float64     `json:"value"`
}

func runEcho(r echoRequest, env api.Env) (*echoResult, error) {
	if r.Params == "bad" {
		return nil, errors.New(`--params "bad": not a number`)
	}
	if r.Params == "inf" { // a computed figure overflowed (e.g. params=1e308)
		return &echoResult{Got: r, Value: math.Inf(1)}, nil
	}
	if r.Params == "panic" {
		panic("boom")
	}
	return &echoResult{Got: r}, nil
}

func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := newServer(Options{MaxBody: 256})
	h := s.recoverer(securityHeaders(s.jsonHandler(newEndpoint("/api/echo", "echo", runEcho))))
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func TestJSONHandler(t *testing.T) {
	ts := testServer(t)
	tests := []struct {
		name, method, query, body string
		status                    int
		want                      string // substring of the response body
	}{
		{"get query", "GET", "params=7B&gpu=h100&ids=a,b&flag=true", "", 200, `"gpu":"h100"`},
		{"get list", "GET", "ids=a,b", "", 200, `"b"`},
		{"post json", "POST", "", `{"params":"7B","gpu":"a100"}`, 200, `"gpu":"a100"`},
		{"unknown query param", "GET", "parms=7B", "", 400, `unknown field \"parms\" (did you mean \"params\"?)`},
		{"bad bool", "GET", "flag=maybe", "", 400, `want true or false`},
		{"unknown json field", "POST", "", `{"parms":"7B"}`, 400, `unknown field`},
		{"number for text", "POST", "", `{"params":7}`, 200, `"params":"7"`},
		{"hyphenated and any case", "POST", "", `{"Params":"7B","GPU":"a100"}`, 200, `"gpu":"a100"`},
		{"wrong json type", "POST", "", `{"params":{"a":1}}`, 400, `"field":"params"`},
		{"not json", "POST", "", `params=7B`, 400, `bad JSON body`},
		{"two values", "POST", "", `{} {}`, 400, `more than one`},
		{"empty body", "POST", "", ``, 400, `empty request body`},
		{"too large", "POST", "", `{"params":"` + strings.Repeat("9", 400) + `"}`, 413, `larger than the cap of 256 bytes`},
		{"query on post", "POST", "params=7B", `{}`, 400, `not in the query string`},
		{"pretty on post", "POST", "pretty=1", `{"params":"7B"}`, 200, "{\n"},
		{"run error", "GET", "params=bad", "", 400, `not a number`},
		{"panic is 500", "GET", "params=panic", "", 500, `internal error`},
		{"method", "DELETE", "", "", 405, `not allowed`},
		{"run error names the field", "GET", "params=bad", "", 400, `"field":"params"`},
		// QA regressions: a top-level null decoded as {} and ran with every
		// default; url.URL.Query silently dropped a bad escape and, past
		// net/url's 10,000-parameter limit, the whole query (so
		// "params=bad&" + 10,000 junk pairs ran as an empty request).
		// QA: /api/infer?params=1e308 gave a 500 "encode result: json:
		// unsupported value: +Inf", and with ?pretty a 200 with an empty body.
		{"inf result", "GET", "params=inf", "", 400, `result out of range (a computed value is +Inf)`},
		{"inf result pretty", "GET", "params=inf&pretty=1", "", 400, `result out of range`},
		{"null body", "POST", "", `null`, 400, `want a JSON object`},
		{"bad escape", "GET", "params=%zz", "", 400, `bad query string`},
		{"too many params", "GET", "params=bad&" + strings.Repeat("a=1&", 10001), "", 400, `bad query string`},
		{"bad query on post", "POST", "params=%zz", `{}`, 400, `bad query string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+"/api/echo?"+tt.query, strings.NewReader(tt.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (body %s)", resp.StatusCode, tt.status, b)
			}
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("body = %s, want it to contain %q", b, tt.want)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if resp.StatusCode >= 400 {
				var e errorBody
				if err := json.Unmarshal(b, &e); err != nil || e.Error == "" {
					t.Errorf("error body %s is not {\"error\": ...}", b)
				}
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := testServer(t)
	resp, err := http.Get(ts.URL + "/api/echo")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q allows inline script or style", csp)
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}
}

// TestPrettyMatchesCLI checks that ?pretty=1 gives the CLI's indented
// layout of the same document.
func TestPrettyMatchesCLI(t *testing.T) {
	ts := testServer(t)
	resp, err := http.Get(ts.URL + "/api/echo?params=7B&pretty=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	want := "{\n  \"got\": {\n    \"params\": \"7B\","
	if !strings.HasPrefix(string(b), want) {
		t.Errorf("pretty body = %q, want prefix %q", b, want)
	}
}

// TestExpensiveEndpointsAreLimited fills the only slot and the only queue
// place of an expensive class and checks that the next request is turned
// away with a 503 JSON error and a Retry-After instead of piling up.
func TestExpensiveEndpointsAreLimited(t *testing.T) {
	s := newServer(Options{MaxBody: 256})
	s.pools[search] = newPool(1, 1, 20*time.Millisecond, 3)
	ts := httptest.NewServer(s.jsonHandler(costs(newEndpoint("/api/echo", "echo", runEcho), search)))
	defer ts.Close()
	s.pools[search].slots <- struct{}{} // a search is running
	resp, err := http.Get(ts.URL + "/api/echo?params=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "3" || !strings.Contains(string(b), "busy") {
		t.Errorf("no free slot: status %d, Retry-After %q, body %s; want 503, 3, busy", resp.StatusCode, resp.Header.Get("Retry-After"), b)
	}
	<-s.pools[search].slots // the search finished
	resp, err = http.Get(ts.URL + "/api/echo?params=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d with a free slot, want 200", resp.StatusCode)
	}
}

// TestLongQueryIsJSONError checks that a query beyond the cap (100,000
// parameters, ~700 kB) gets a 400 JSON error naming the cap, and that an
// error listing unknown parameters stays short.
func TestLongQueryIsJSONError(t *testing.T) {
	s := newServer(Options{MaxBody: 256})
	ts := httptest.NewServer(NewHTTPServer("", s.jsonHandler(newEndpoint("/api/echo", "echo", runEcho))).Handler)
	defer ts.Close()
	long := strings.Repeat("x=1&", 100000)
	resp, err := http.Get(ts.URL + "/api/echo?" + long)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "cap") {
		t.Errorf("long query: status %d body %.200s, want 400 naming the cap", resp.StatusCode, b)
	}
	var q strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&q, "u%d=1&", i)
	}
	resp, err = http.Get(ts.URL + "/api/echo?" + q.String())
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || len(b) > 600 || !strings.Contains(string(b), `unknown field \"u0\"`) {
		t.Errorf("1,000 unknown parameters: status %d, %d-byte body %.200s; want a short 400", resp.StatusCode, len(b), b)
	}
}
