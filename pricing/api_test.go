package pricing

import (
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/model"
)

// TestAPICatalog checks the embedded API price catalog as data: it parses
// and validates (ParseAPI runs Validate: provider, product, positive
// prices, a date, an https source, no duplicates), every model is an exact
// model catalog ID, every entry says where the figure was read, and the
// models the deploy issue names have prices from at least two providers,
// three providers in all.
func TestAPICatalog(t *testing.T) {
	c := DefaultAPI()
	ids := map[string]bool{}
	for _, e := range model.All() {
		ids[e.ID] = true
	}
	providers := map[string]bool{}
	for i, p := range c.Prices {
		if !ids[p.Model] {
			t.Errorf("price %d: model %q is not a model catalog ID", i, p.Model)
		}
		if p.Via == "" {
			t.Errorf("price %d (%s, %s): no via: say which copy or transcription of the page the figure was read from", i, p.Model, p.Provider)
		}
		providers[p.Provider] = true
	}
	if len(providers) < 3 {
		t.Errorf("%d providers, want at least 3", len(providers))
	}
	for _, id := range []string{"llama-3.1-70b", "llama-3.1-8b", "deepseek-v3", "deepseek-r1"} {
		seen := map[string]bool{}
		for _, p := range c.For(id) {
			seen[p.Provider] = true
		}
		if len(seen) < 2 {
			t.Errorf("%s: %d providers, want at least 2", id, len(seen))
		}
	}
}

// TestAPIFor: a model's prices come cheapest output first. Values from
// api_prices.json, which cites each: llama-3.1-70b is listed by DeepInfra
// Turbo ($0.10 in, $0.28 out), DeepInfra ($0.23, $0.40) and Together AI
// ($0.88, $0.88).
func TestAPIFor(t *testing.T) {
	got := DefaultAPI().For("llama-3.1-70b")
	want := []struct {
		provider      string
		input, output float64
	}{{"DeepInfra", 0.10, 0.28}, {"DeepInfra", 0.23, 0.40}, {"Together AI", 0.88, 0.88}}
	if len(got) != len(want) {
		t.Fatalf("llama-3.1-70b: %d prices, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Provider != w.provider || math.Abs(g.Input-w.input) > 1e-9 || math.Abs(g.Output-w.output) > 1e-9 {
			t.Errorf("price %d: got %s $%v/$%v, want %s $%v/$%v", i, g.Provider, g.Input, g.Output, w.provider, w.input, w.output)
		}
	}
	if p := DefaultAPI().For("gpt2"); p != nil {
		t.Errorf("gpt2: got %d prices, want none", len(p))
	}
	if m := DefaultAPI().Models(); len(m) == 0 || !strings.Contains(strings.Join(m, ","), "llama-3.1-8b") {
		t.Errorf("Models() = %v, want a sorted list with llama-3.1-8b", m)
	}
}

// TestAPIValidateRejects: each broken price is refused with a reason.
func TestAPIValidateRejects(t *testing.T) {
	good := `{"model":"llama-3.1-8b","provider":"P","product":"x","usd_per_million_input_tokens":0.1,"usd_per_million_output_tokens":0.2,"seen":"2026-01-02","source":"https://p.example/pricing"}`
	cases := []struct{ name, prices, want string }{
		{"zero input", strings.Replace(good, `:0.1,`, `:0,`, 1), "input price"},
		{"negative output", strings.Replace(good, `:0.2,`, `:-1,`, 1), "output price"},
		{"absurd output", strings.Replace(good, `:0.2,`, `:1000,`, 1), "output price"},
		{"bad date", strings.Replace(good, "2026-01-02", "Jan 2", 1), "seen"},
		{"future date", strings.Replace(good, "2026-01-02", "2027-01-02", 1), "after"},
		{"http source", strings.Replace(good, "https://", "http://", 1), "source"},
		{"no provider", strings.Replace(good, `"P"`, `""`, 1), "required"},
		{"no model", strings.Replace(good, `"llama-3.1-8b"`, `""`, 1), "required"},
		{"duplicate", good + "," + good, "second"},
		{"unknown field", strings.Replace(good, `"product"`, `"prodcut"`, 1), "unknown field"},
	}
	for _, tc := range cases {
		_, err := ParseAPI([]byte(`{"compiled":"2026-06-01","basis":"b","prices":[` + tc.prices + `]}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := ParseAPI([]byte(`{"compiled":"2026-06-01","basis":"b","prices":[` + good + `]}`)); err != nil {
		t.Errorf("good price: %v", err)
	}
}

// FuzzParseAPI: no input panics; whatever parses also validates.
func FuzzParseAPI(f *testing.F) {
	f.Add(apiPricesJSON)
	f.Add([]byte(`{"compiled":"2026-06-01","basis":"b","prices":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseAPI(data)
		if err == nil && c.Validate() != nil {
			t.Errorf("ParseAPI accepted a catalog that does not validate")
		}
	})
}
