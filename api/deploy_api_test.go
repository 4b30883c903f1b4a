package api

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/pricing"
)

// TestDeployCompareAPI: compare_api adds the model's API prices, looked up
// by its catalog ID whatever name the request used (here the Hugging Face
// repo name of llama-3.1-8b), each with its output price over the best
// layout's cost per million output tokens; without it the field is absent.
func TestDeployCompareAPI(t *testing.T) {
	r := DeployRequest{Model: "meta-llama/Llama-3.1-8B-Instruct", GPU: "h100-sxm", GPUs: "2", TPOT: "30ms", Mode: "agg", Price: "2", CompareAPI: true}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.APIComparison
	if a == nil || a.Model != "llama-3.1-8b" || res.Best == nil || a.SelfHostedOutput == nil {
		t.Fatalf("comparison %+v, best %v: want llama-3.1-8b's prices against a priced best", a, res.Best)
	}
	want := pricing.DefaultAPI().For("llama-3.1-8b") // api_prices.json: Groq, Together AI, DeepInfra
	if len(a.Prices) != len(want) || len(want) < 3 {
		t.Fatalf("%d prices, want the catalog's %d (at least 3)", len(a.Prices), len(want))
	}
	self := *res.Best.CostPerMillionOutput
	for i, p := range a.Prices {
		if p.APIPrice != want[i] || p.OutputRatio == nil {
			t.Fatalf("price %d: %+v, want %+v with a ratio", i, p, want[i])
		}
		if r := p.Output / self; math.Abs(*p.OutputRatio-r) > 1e-12*r {
			t.Errorf("%s: ratio %v, want %v / %v = %v", p.Provider, *p.OutputRatio, p.Output, self, r)
		}
	}
	r.CompareAPI = false
	res, err = r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if res.APIComparison != nil {
		t.Errorf("without compare_api: comparison %+v, want none", res.APIComparison)
	}
}
