package pricing

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/flopsdev/flops/hardware"
)

// TestCatalog checks the embedded catalog as data: it parses and validates
// (Parse runs Validate), every accelerator ID is in the hardware catalog,
// and each accelerator issue 13 names has at least three providers.
func TestCatalog(t *testing.T) {
	c := Default()
	hw := hardware.Default()
	for _, id := range c.Accelerators() {
		a, err := hw.Lookup(id)
		if err != nil || a.ID != id {
			t.Errorf("accelerator %q: not a hardware catalog ID (%v)", id, err)
		}
	}
	for _, id := range []string{"h100-sxm", "h200-sxm", "b200", "a100-sxm4-80gb", "l40s", "mi300x"} {
		if n := len(c.OffersFor(id)); n < 3 {
			t.Errorf("%s: %d providers, want at least 3", id, n)
		}
	}
}

// TestQuote: medians by hand from catalog.json. h100-sxm, 8 offers sorted
// 3.20 3.90 3.99 3.99 4.50 6.155 6.88 12.29: median (3.99 + 4.50) / 2 =
// 4.245; mi300x, 5 offers 1.50 1.85 2.59 3.45 6.00: median 2.59; gb200,
// one offer: 10.50.
func TestQuote(t *testing.T) {
	cases := []struct {
		id                  string
		median, lo, hi      float64
		oldest, newest, has string
	}{
		{"h100-sxm", 4.245, 3.20, 12.29, "2026-08-26", "2026-11-09", "median of 8 providers' on-demand list prices ($3.20–$12.29/h)"},
		{"mi300x", 2.59, 1.50, 6.00, "2026-05-18", "2026-10-07", "median of 5 providers'"},
		{"gb200", 10.50, 10.50, 10.50, "2026-09-20", "2026-09-20", "one provider's on-demand list price (CoreWeave), seen 2026-09-20"},
	}
	for _, tc := range cases {
		q, err := Default().Quote(tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if math.Abs(float64(q.USDPerGPUHour)-tc.median) > 1e-9 || float64(q.Min) != tc.lo || float64(q.Max) != tc.hi {
			t.Errorf("%s: median %v, range %v–%v; want %v, %v–%v", tc.id, q.USDPerGPUHour, q.Min, q.Max, tc.median, tc.lo, tc.hi)
		}
		if q.Oldest != tc.oldest || q.Newest != tc.newest || !strings.Contains(q.Basis(), tc.has) {
			t.Errorf("%s: dates %s–%s, basis %q; want %s–%s and %q", tc.id, q.Oldest, q.Newest, q.Basis(), tc.oldest, tc.newest, tc.has)
		}
	}
	var npe *NoPriceError
	if _, err := Default().Quote("tpu-v3"); !errors.As(err, &npe) || !strings.Contains(err.Error(), "h100-sxm") {
		t.Errorf("tpu-v3: got %v, want a NoPriceError listing the priced IDs", err)
	}
}

// TestValidateRejects: each broken offer is refused with a reason.
func TestValidateRejects(t *testing.T) {
	good := `{"accelerator":"h100-sxm","provider":"P","product":"x","usd_per_gpu_hour":2,"seen":"2026-01-02","source":"https://p.example/pricing"}`
	cases := []struct{ name, offers, want string }{
		{"zero price", strings.Replace(good, `:2,`, `:0,`, 1), "price"},
		{"absurd price", strings.Replace(good, `:2,`, `:1000,`, 1), "price"},
		{"bad date", strings.Replace(good, "2026-01-02", "Jan 2", 1), "seen"},
		{"future date", strings.Replace(good, "2026-01-02", "2027-01-02", 1), "after"},
		{"http source", strings.Replace(good, "https://", "http://", 1), "source"},
		{"no provider", strings.Replace(good, `"P"`, `""`, 1), "required"},
		{"duplicate", good + "," + good, "second"},
		{"unknown field", strings.Replace(good, `"product"`, `"prodcut"`, 1), "unknown field"},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(`{"compiled":"2026-06-01","basis":"b","offers":[` + tc.offers + `]}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := Parse([]byte(`{"compiled":"2026-06-01","basis":"b","offers":[` + good + `]}`)); err != nil {
		t.Errorf("good offer: %v", err)
	}
}

// FuzzParse: no input panics; whatever parses also validates.
func FuzzParse(f *testing.F) {
	f.Add(catalogJSON)
	f.Add([]byte(`{"compiled":"2026-06-01","basis":"b","offers":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err == nil && c.Validate() != nil {
			t.Errorf("Parse accepted a catalog that does not validate")
		}
	})
}

// TestQuoteSource: the assumption text of a catalog price is its basis,
// where to see the offers and how to override it.
func TestQuoteSource(t *testing.T) {
	q, err := Default().Quote("h100-sxm")
	if err != nil {
		t.Fatal(err)
	}
	src := q.Source()
	for _, want := range []string{q.Basis(), "'flops hw prices h100-sxm'", "--price overrides"} {
		if !strings.Contains(src, want) {
			t.Errorf("source %q lacks %q", src, want)
		}
	}
}
