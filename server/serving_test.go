package server

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestServingUnderLoadAgainstItsSchema sends /api/infer requests under a
// load (closed loop, open loop, offline, disaggregated) and validates the
// requests and responses against the OpenAPI document; a bad load gets a
// 400 naming its field.
func TestServingUnderLoadAgainstItsSchema(t *testing.T) {
	_, v := spec(t)
	ts := realServer(t)
	for _, q := range []string{
		"model=llama-3.1-8b&gpu=h100-sxm&concurrency=8&prompt=512&output=64&framework=vllm",
		"model=llama-3.1-8b&gpu=h100-sxm&rate=2&requests=200&prompt=512&output=64",
		"model=llama-3.1-8b&gpu=h100-sxm&max_throughput=on&requests=64&prompt=512&output=64",
		"model=llama-3.1-70b&gpu=h200-sxm&concurrency=16&disagg=on&prefill_tp=4&prefill_workers=1&decode_tp=4&decode_workers=1&weights=fp8&output=64",
	} {
		get, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/infer?"+q, nil)
		if ok, errs := v.ValidateHttpRequest(get); !ok {
			t.Errorf("%s: request does not match the document:%s", q, describe(errs))
		}
		status, body := exchange(t, v, get)
		if status != 200 {
			t.Errorf("%s: status %d: %.300s", q, status, body)
			continue
		}
		var res struct {
			TTFT float64 `json:"ttft_seconds"`
			TPOT float64 `json:"tpot_seconds"`
			GPUs int     `json:"gpus"`
		}
		if err := json.Unmarshal(body, &res); err != nil || !(res.TTFT > 0 && res.TPOT > 0 && res.GPUs > 0) {
			t.Errorf("%s: %v %+v", q, err, res)
		}
	}
	for q, field := range map[string]string{
		"model=llama-3.1-8b&concurrency=0":              "concurrency",
		"model=llama-3.1-8b&rate=NaN":                   "rate",
		"model=llama-3.1-70b&concurrency=8&tp=3":        "tp",
		"model=llama-3.1-8b&concurrency=8&pp=2&batch=4": "batch",
		"model=llama-3.1-8b&concurrency=100000":         "concurrency",
	} {
		get, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/infer?"+q, nil)
		status, body := exchange(t, v, get)
		var e struct {
			Field string `json:"field"`
		}
		json.Unmarshal(body, &e)
		if status != 400 || e.Field != field {
			t.Errorf("%s: status %d field %q, want 400 naming %q: %.200s", q, status, e.Field, field, body)
		}
	}
}
