package pricing

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// APIPrice is one provider's published serverless list price for one
// open-weight model, per million tokens: what the same model costs bought
// by the token instead of served on rented GPUs.
type APIPrice struct {
	Model    string `json:"model"`    // model catalog ID it maps to, e.g. "llama-3.1-70b"
	Provider string `json:"provider"` // e.g. "DeepInfra", "Groq"
	Product  string `json:"product"`  // the model as the provider names it
	// Input and Output are US dollars per million prompt (cache-miss)
	// and generated tokens.
	Input  float64 `json:"usd_per_million_input_tokens"`
	Output float64 `json:"usd_per_million_output_tokens"`
	Seen   string  `json:"seen"`          // date of the price, YYYY-MM-DD (see APICatalog.Basis)
	Source string  `json:"source"`        // the provider's pricing page (URL)
	Via    string  `json:"via,omitempty"` // the transcription or stored copy the figure was read from
	Note   string  `json:"note,omitempty"`
}

// APICatalog is a set of API list prices with the date it was compiled
// and what a price includes.
type APICatalog struct {
	Compiled string     `json:"compiled"` // YYYY-MM-DD
	Basis    string     `json:"basis"`
	Prices   []APIPrice `json:"prices"`
}

//go:embed api_prices.json
var apiPricesJSON []byte

var defaultAPI = sync.OnceValues(func() (*APICatalog, error) { return ParseAPI(apiPricesJSON) })

// DefaultAPI returns the embedded API price catalog. It panics if the
// embedded data is malformed, which the package's tests rule out.
func DefaultAPI() *APICatalog {
	c, err := defaultAPI()
	if err != nil {
		panic("pricing: embedded API price catalog: " + err.Error())
	}
	return c
}

// ParseAPI decodes an API price catalog in the format of api_prices.json
// and checks it (see APICatalog.Validate).
func ParseAPI(data []byte) (*APICatalog, error) {
	var c APICatalog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("API price catalog: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// maxTokenPrice bounds a plausible open-model price per million tokens,
// USD: the dearest open-model listing found is a few dollars.
const maxTokenPrice = 100

// Validate checks every price: a model ID, provider and product, input
// and output prices finite in (0, maxTokenPrice], a date seen that parses
// and is not after the compilation date, an https source, and at most one
// price per (model, provider, product). That the model IDs name catalog
// models is checked by the package tests (package model is above this one).
func (c *APICatalog) Validate() error {
	compiled, err := time.Parse(time.DateOnly, c.Compiled)
	if err != nil {
		return fmt.Errorf("API price catalog: compiled %q: want YYYY-MM-DD", c.Compiled)
	}
	if c.Basis == "" || len(c.Prices) == 0 {
		return errors.New("API price catalog: basis and prices are required")
	}
	seen := map[[3]string]bool{}
	for i, p := range c.Prices {
		if err := p.validate(compiled); err != nil {
			return fmt.Errorf("API price catalog: price %d (%s, %s): %w", i, p.Model, p.Provider, err)
		}
		key := [3]string{p.Model, p.Provider, p.Product}
		if seen[key] {
			return fmt.Errorf("API price catalog: price %d: a second %s price for %s %s", i, p.Provider, p.Model, p.Product)
		}
		seen[key] = true
	}
	return nil
}

func (p APIPrice) validate(compiled time.Time) error {
	if p.Model == "" || p.Provider == "" || p.Product == "" {
		return errors.New("model, provider and product are required")
	}
	for _, v := range []struct {
		name string
		usd  float64
	}{{"input", p.Input}, {"output", p.Output}} {
		if !(v.usd > 0) || v.usd > maxTokenPrice || math.IsInf(v.usd, 0) {
			return fmt.Errorf("%s price %v: want a number above 0 and at most %d USD per million tokens", v.name, v.usd, maxTokenPrice)
		}
	}
	d, err := time.Parse(time.DateOnly, p.Seen)
	if err != nil {
		return fmt.Errorf("seen %q: want YYYY-MM-DD", p.Seen)
	}
	if d.After(compiled) {
		return fmt.Errorf("seen %s is after the catalog's compilation date", p.Seen)
	}
	if u, err := url.Parse(p.Source); err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("source %q: want the https URL of the provider's pricing page", p.Source)
	}
	return nil
}

// For returns the prices of a model catalog ID (exact), cheapest output
// first (then cheapest input, then by provider and product); nil when the
// catalog has none.
func (c *APICatalog) For(model string) []APIPrice {
	var out []APIPrice
	for _, p := range c.Prices {
		if p.Model == model {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b APIPrice) int {
		if d := cmp.Compare(a.Output, b.Output); d != 0 {
			return d
		}
		if d := cmp.Compare(a.Input, b.Input); d != 0 {
			return d
		}
		return strings.Compare(a.Provider+"\x00"+a.Product, b.Provider+"\x00"+b.Product)
	})
	return out
}

// Models lists the model IDs with at least one price, sorted.
func (c *APICatalog) Models() []string {
	var ids []string
	for _, p := range c.Prices {
		if !slices.Contains(ids, p.Model) {
			ids = append(ids, p.Model)
		}
	}
	slices.Sort(ids)
	return ids
}
