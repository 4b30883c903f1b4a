// Package pricing is a dated, sourced catalog of on-demand GPU-hour list
// prices from public clouds and GPU clouds, keyed by the accelerator IDs of
// package hardware, and the quote the other commands use when the user
// gives no --price: the median of the providers' prices, with the list
// behind it.
//
// Prices are data (catalog.json, embedded): each offer names the provider,
// its product, the price per accelerator-hour in US dollars, the date the
// price was seen, the provider's pricing page and, where the figure was read
// from a dated transcription of that page, the transcription. Prices move:
// every quote carries the dates of its offers, so output can say how old it
// is. "flops hw prices" lists the catalog.
//
// A second catalog (api_prices.json, see DefaultAPI) holds published
// per-token API list prices of open-weight models, each with its provider,
// date and page, which flops deploy --compare-api sets beside the
// self-hosted cost.
package pricing

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Offer is one provider's on-demand list price for one accelerator.
type Offer struct {
	Accelerator   string  `json:"accelerator"`      // hardware catalog ID, e.g. "h100-sxm"
	Provider      string  `json:"provider"`         // e.g. "Lambda", "AWS"
	Product       string  `json:"product"`          // the listing as the provider names it
	USDPerGPUHour float64 `json:"usd_per_gpu_hour"` // one accelerator for one hour, USD (instance price ÷ GPUs)
	Seen          string  `json:"seen"`             // date the price was read, YYYY-MM-DD
	Source        string  `json:"source"`           // the provider's pricing page (URL)
	Via           string  `json:"via,omitempty"`    // the dated transcription of the page the figure was read from
	Note          string  `json:"note,omitempty"`
}

// Catalog is a set of offers with the date it was compiled and the basis
// of its prices.
type Catalog struct {
	Compiled string  `json:"compiled"` // YYYY-MM-DD
	Basis    string  `json:"basis"`    // what a price includes and excludes
	Offers   []Offer `json:"offers"`
}

//go:embed catalog.json
var catalogJSON []byte

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the embedded catalog. It panics if the embedded data is
// malformed, which the package's tests rule out.
func Default() *Catalog {
	defaultOnce.Do(func() { defaultCat, defaultErr = Parse(catalogJSON) })
	if defaultErr != nil {
		panic("pricing: embedded catalog: " + defaultErr.Error())
	}
	return defaultCat
}

// Parse decodes a catalog in the format of catalog.json and checks it
// (see Validate).
func Parse(data []byte) (*Catalog, error) {
	var c Catalog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt field is an error, not a silent zero
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("price catalog: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// OffersFor returns the offers for an accelerator ID (exact catalog ID),
// cheapest first.
func (c *Catalog) OffersFor(accelerator string) []Offer {
	var out []Offer
	for _, o := range c.Offers {
		if o.Accelerator == accelerator {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b Offer) int {
		switch {
		case a.USDPerGPUHour < b.USDPerGPUHour:
			return -1
		case a.USDPerGPUHour > b.USDPerGPUHour:
			return 1
		}
		return strings.Compare(a.Provider, b.Provider)
	})
	return out
}

// Accelerators lists the accelerator IDs with at least one offer, sorted.
func (c *Catalog) Accelerators() []string {
	var ids []string
	for _, o := range c.Offers {
		if !slices.Contains(ids, o.Accelerator) {
			ids = append(ids, o.Accelerator)
		}
	}
	slices.Sort(ids)
	return ids
}

// NoPriceError is an accelerator the catalog has no price for.
type NoPriceError struct {
	Accelerator string
	Priced      []string // the IDs that have prices
}

func (e *NoPriceError) Error() string {
	return fmt.Sprintf("the price catalog has no list price for %q (priced: %s)", e.Accelerator, strings.Join(e.Priced, ", "))
}
