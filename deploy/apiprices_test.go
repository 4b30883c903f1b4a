package deploy

import (
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/pricing"
)

// testAPICatalog is a two-price catalog: model m at $0.20 in / $0.60 out
// from P and $0.10 / $0.30 from Q.
func testAPICatalog(t *testing.T) *pricing.APICatalog {
	t.Helper()
	c, err := pricing.ParseAPI([]byte(`{"compiled":"2026-06-01","basis":"b","prices":[
		{"model":"m","provider":"P","product":"m-instruct","usd_per_million_input_tokens":0.2,"usd_per_million_output_tokens":0.6,"seen":"2026-05-01","source":"https://p.example/pricing"},
		{"model":"m","provider":"Q","product":"m-turbo","usd_per_million_input_tokens":0.1,"usd_per_million_output_tokens":0.3,"seen":"2026-05-02","source":"https://q.example/pricing"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCompareAPI: each ratio is the API's output price over the best
// point's cost per million output tokens, by hand: 0.30 / 0.50 = 0.6 and
// 0.60 / 0.50 = 1.2, cheapest output first; without a catalog model, a
// price, a best point or its cost the comparison says why.
func TestCompareAPI(t *testing.T) {
	c := testAPICatalog(t)
	out, in := 0.5, 0.1
	best := &Point{Accelerator: "h100-sxm", CostPerMillionOutput: &out, CostPerMillionInput: &in}
	a := compareAPI(c, "m", best)
	if len(a.Prices) != 2 || a.Note != "" || a.Excludes == "" || a.Compiled != "2026-06-01" {
		t.Fatalf("got %d prices, note %q, excludes %q, compiled %q; want 2, no note, the exclusions and the catalog date", len(a.Prices), a.Note, a.Excludes, a.Compiled)
	}
	for i, want := range []struct {
		provider string
		ratio    float64
	}{{"Q", 0.6}, {"P", 1.2}} {
		p := a.Prices[i]
		if p.Provider != want.provider || p.OutputRatio == nil || math.Abs(*p.OutputRatio-want.ratio) > 1e-12 {
			t.Errorf("price %d: %s ratio %v, want %s %v", i, p.Provider, p.OutputRatio, want.provider, want.ratio)
		}
	}
	if *a.SelfHostedOutput != out || *a.SelfHostedInput != in {
		t.Errorf("self-hosted %v/%v, want the best point's %v/%v", *a.SelfHostedOutput, *a.SelfHostedInput, out, in)
	}

	unpriced := &Point{Accelerator: "rtx-4090"}
	for _, tc := range []struct {
		name, id string
		best     *Point
		prices   int
		note     string
	}{
		{"files", "", best, 0, "read from files"},
		{"no prices", "other", best, 0, "no published API prices for other"},
		{"infeasible", "m", nil, 2, "nothing searched meets the targets"},
		{"unpriced", "m", unpriced, 2, "rtx-4090 has no price per GPU-hour"},
	} {
		a := compareAPI(c, tc.id, tc.best)
		if len(a.Prices) != tc.prices || !strings.Contains(a.Note, tc.note) || a.Prices == nil {
			t.Errorf("%s: %d prices, note %q; want %d and a note with %q", tc.name, len(a.Prices), a.Note, tc.prices, tc.note)
		}
		for _, p := range a.Prices {
			if p.OutputRatio != nil {
				t.Errorf("%s: ratio %v without a self-hosted cost", tc.name, *p.OutputRatio)
			}
		}
	}
}
