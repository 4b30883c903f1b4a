package server

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
)

// TestDeployCompareAPIAgainstSchema: POST /api/deploy with compare_api
// answers with api_comparison, the request and the response valid against
// the OpenAPI document; each output_ratio is the price over the self-hosted
// cost per million output tokens. GET with compare_api=true for a model
// without API prices answers an empty list and a note; without compare_api
// the field is absent.
func TestDeployCompareAPIAgainstSchema(t *testing.T) {
	_, v := spec(t)
	ts := realServer(t)
	post := jsonPost(t, ts.URL+"/api/deploy", []byte(`{"model":"llama-3.1-8b","gpu":"h100-sxm","gpus":"2","tpot":"30ms","mode":"agg","price":"2","compare_api":true}`))
	if ok, errs := v.ValidateHttpRequest(post); !ok {
		t.Fatalf("request does not match the document:%s", describe(errs))
	}
	status, body := exchange(t, v, post)
	if status != 200 {
		t.Fatalf("status %d: %.300s", status, body)
	}
	var r struct {
		API *struct {
			Self   *float64 `json:"self_hosted_cost_per_million_output_tokens_usd"`
			Prices []struct {
				Output float64  `json:"usd_per_million_output_tokens"`
				Ratio  *float64 `json:"output_ratio"`
			} `json:"prices"`
			Note string `json:"note"`
		} `json:"api_comparison"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if r.API == nil || r.API.Self == nil || len(r.API.Prices) == 0 {
		t.Fatalf("api_comparison %+v: want llama-3.1-8b's prices and the self-hosted cost", r.API)
	}
	for i, p := range r.API.Prices {
		if want := p.Output / *r.API.Self; p.Ratio == nil || math.Abs(*p.Ratio-want) > 1e-9*want {
			t.Errorf("price %d: ratio %v, want %v / %v = %v", i, p.Ratio, p.Output, *r.API.Self, want)
		}
	}

	get, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/deploy?model=qwen3-8b&gpu=h100-sxm&gpus=1&mode=agg&tp=1&concurrency=8&price=2&compare_api=true", nil)
	status, body = exchange(t, v, get)
	if status != 200 || !strings.Contains(string(body), `"prices":[]`) || !strings.Contains(string(body), "no published API prices for qwen3-8b") {
		t.Errorf("qwen3-8b: status %d, want an empty price list and a note: %.400s", status, body)
	}
	get, _ = http.NewRequest(http.MethodGet, ts.URL+"/api/deploy?model=qwen3-8b&gpu=h100-sxm&gpus=1&mode=agg&tp=1&concurrency=8&price=2", nil)
	if status, body = exchange(t, v, get); status != 200 || strings.Contains(string(body), "api_comparison") {
		t.Errorf("without compare_api: status %d, want no api_comparison: %.300s", status, body)
	}
}
