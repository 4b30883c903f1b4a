package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// examples holds one valid request per JSON endpoint, as query strings.
var examples = map[string]string{
	"/api/train":            "params=7B&tokens=1T&gpu=h100-sxm&mfu=0.5&price=2",
	"/api/infer":            "model=llama-3-8b&gpu=h100-sxm&batch=1&prompt=1024&output=128",
	"/api/model":            "model=llama-3-8b&context=8192",
	"/api/models":           "",
	"/api/hardware":         "vendor=nvidia",
	"/api/hardware/show":    "id=h100",
	"/api/hardware/compare": "ids=h100,mi300x",
	"/api/scale/optimal":    "compute=5.76e23",
	"/api/scale/loss":       "params=70B&tokens=1.4T",
	"/api/scale/inference":  "params=13B&tokens=260B&inference_tokens=2T",
	"/api/scale/isoflop":    "budgets=1e21",
	"/api/plan":             "model=llama-3-8b&gpus=16&gpu=h100-sxm&top=3",
	"/api/mfu":              "params=7B&tokens_per_second_per_gpu=3000&gpu=a100",
	"/api/validate":         "",
	"/api/goodput":          "model=llama-3.1-405b&gpus=16384&days=54",
	"/api/deploy":           "model=llama-3.1-8b&gpu=h100-sxm&prompt=1024&output=256&tpot=30ms&gpus=8&mode=agg",
}

func realServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(New(Options{}))
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// queryToJSON turns "a=1&b=x,y" into the JSON body the same request takes.
func queryToJSON(t *testing.T, q string, listFields map[string]bool) []byte {
	t.Helper()
	vals, _ := url.ParseQuery(q)
	m := map[string]any{}
	for k, v := range vals {
		if listFields[k] {
			m[k] = strings.Split(v[0], ",")
		} else {
			m[k] = v[0]
		}
	}
	b, _ := json.Marshal(m)
	return b
}

// TestEveryEndpointGETAndPOST checks that each endpoint answers its example
// with 200 and that GET (query) and POST (JSON body) give the same bytes:
// one schema, one conversion.
func TestEveryEndpointGETAndPOST(t *testing.T) {
	ts := realServer(t)
	s := &server{}
	for _, e := range s.endpoints() {
		q, ok := examples[e.path]
		if !ok {
			t.Errorf("no example request for %s", e.path)
			continue
		}
		t.Run(e.path, func(t *testing.T) {
			status, got := get(t, ts.URL+e.path+"?"+q)
			if status != 200 {
				t.Fatalf("GET %s?%s: status %d, body %s", e.path, q, status, got)
			}
			body := queryToJSON(t, q, map[string]bool{"ids": true})
			resp, err := http.Post(ts.URL+e.path, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			post, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !sameJSON(post, got) {
				t.Errorf("POST %s %s: status %d; body differs from GET:\nPOST %.300s\nGET  %.300s", e.path, body, resp.StatusCode, post, got)
			}
		})
	}
}

// TestEveryEndpointRejectsBadInput sends typos, bad values and bad bodies to
// every endpoint: each must be a 4xx JSON error, never a 500.
func TestEveryEndpointRejectsBadInput(t *testing.T) {
	ts := realServer(t)
	s := &server{}
	bad := []struct{ name, query, body string }{
		{"unknown field", "nosuchflag=1", ""},
		{"garbage value", "gpu=%00%ff&params=7X&model=../../etc/passwd&compute=NaN&budgets=-1&id=zz&ids=zz&tokens_per_second_per_gpu=-5", ""},
		{"huge numbers", "params=1e400&tokens=1e999&gpus=99999999999999999999&batch=1e30&compute=1e400", ""},
		{"not json", "", "{"},
		{"array body", "", "[]"},
		{"wrong types", "", `{"gpu": 7, "params": [1]}`},
	}
	for _, e := range s.endpoints() {
		for _, b := range bad {
			t.Run(e.path+"/"+b.name, func(t *testing.T) {
				var resp *http.Response
				var err error
				if b.body != "" {
					resp, err = http.Post(ts.URL+e.path, "application/json", strings.NewReader(b.body))
				} else {
					resp, err = http.Get(ts.URL + e.path + "?" + b.query)
				}
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("status %d, want 4xx; body %.300s", resp.StatusCode, body)
				}
				var eb errorBody
				if json.Unmarshal(body, &eb) != nil || eb.Error == "" {
					t.Errorf("body %.300s is not a JSON error", body)
				}
			})
		}
	}
}

func TestPlotsAreSVG(t *testing.T) {
	ts := realServer(t)
	for _, u := range []string{
		"/api/plot/infer?model=llama-3-8b&batch=1,8,64",
		"/api/plot/isoflop?budgets=1e21,1e22",
		"/api/plot/hardware?ids=h100,a100,mi300x",
	} {
		resp, err := http.Get(ts.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s: status %d, type %q, body %.200s", u, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	if status, _ := get(t, ts.URL+"/api/plot/hardware?ids=nosuch"); status != 400 {
		t.Errorf("plot of an unknown accelerator: status %d, want 400", status)
	}
}

func TestPageAndUnknownAPI(t *testing.T) {
	ts := realServer(t)
	for _, p := range []string{"/", "/app.js", "/tabs.js", "/style.css"} {
		if status, _ := get(t, ts.URL+p); status != 200 {
			t.Errorf("GET %s: status %d", p, status)
		}
	}
	status, b := get(t, ts.URL+"/api/nosuch")
	if status != 404 || !strings.Contains(string(b), "openapi") {
		t.Errorf("unknown API path: status %d body %s", status, b)
	}
}

// sameJSON compares two result documents, ignoring the one field that
// measures the server rather than the answer (elapsed_seconds).
func sameJSON(a, b []byte) bool {
	var x, y map[string]any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	delete(x, "elapsed_seconds")
	delete(y, "elapsed_seconds")
	return reflect.DeepEqual(x, y)
}

// TestRealEndpointsTakeEveryForm: issue 15's examples against the real
// endpoints: numbers, booleans, arrays, hyphenated and upper-case names give
// the same answer as the query string with text values.
func TestRealEndpointsTakeEveryForm(t *testing.T) {
	ts := realServer(t)
	for _, tt := range []struct{ path, query, body string }{
		{"/api/train", "params=7B&tokens=1T&mfu=0.5", `{"params":"7B","tokens":"1T","mfu":0.5}`},
		{"/api/train", "params=7e9&tokens=1e12&gpus=8", `{"PARAMS":7e9,"Tokens":1e12,"gpus":8}`},
		{"/api/mfu", "params=7B&tokens_per_second_per_gpu=3000&gpu=a100", `{"params":"7B","tokens-per-second-per-gpu":3000,"gpu":"a100"}`},
		{"/api/model", "model=llama-3-8b&layers=true", `{"model":"llama-3-8b","layers":true}`},
		{"/api/hardware/compare", "ids=h100,mi300x", `{"ids":"h100,mi300x"}`},
		{"/api/scale/isoflop", "budgets=1e20,1e21&points=11", `{"budgets":[1e20,"1e21"],"points":11}`},
		{"/api/plan", "model=llama-3-8b&gpus=16&flash_attention=on&top=3", `{"model":"llama-3-8b","gpus":16,"flash-attention":true,"top":3}`},
	} {
		status, want := get(t, ts.URL+tt.path+"?"+tt.query)
		resp, err := http.Post(ts.URL+tt.path, "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if status != 200 || resp.StatusCode != 200 || !sameJSON(got, want) {
			t.Errorf("POST %s %s: status %d (GET %d), body differs from GET ?%s:\nPOST %.200s\nGET  %.200s", tt.path, tt.body, resp.StatusCode, status, tt.query, got, want)
		}
	}
}

// TestDeployListsAsArrays: deploy's list fields (gpu, price and the
// searched degrees) take a JSON array as the same list as its
// comma-separated text, as the OpenAPI document says.
func TestDeployListsAsArrays(t *testing.T) {
	ts := realServer(t)
	q := "model=llama-3.1-8b&gpu=h100-sxm,h200-sxm&price=2,3.5&tp=1,2&pp=1&concurrency=16,64&gpus=4&mode=agg&tpot=30ms"
	status, got := get(t, ts.URL+"/api/deploy?"+q)
	if status != 200 {
		t.Fatalf("GET: status %d %.300s", status, got)
	}
	body := `{"model":"llama-3.1-8b","gpu":["h100-sxm","h200-sxm"],"price":[2,"3.5"],"tp":[1,2],"pp":[1],"concurrency":[16,64],"gpus":4,"mode":"agg","tpot":"30ms"}`
	resp, err := http.Post(ts.URL+"/api/deploy", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	post, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !sameJSON(post, got) {
		t.Errorf("POST %s: status %d; differs from GET ?%s:\nPOST %.300s\nGET  %.300s", body, resp.StatusCode, q, post, got)
	}
}
