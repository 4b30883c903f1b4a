package pricing

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/units"
)

// Quote is the price the catalog gives an accelerator: the median of its
// providers' on-demand list prices (the mean of the middle two for an even
// count), with the range and the dates of the offers behind it. The median
// is the stated choice because the spread is wide and skewed: hyperscalers
// list the same H100 at 2–3 × a GPU cloud, and one such listing should not
// move the answer much.
type Quote struct {
	Accelerator   string           `json:"accelerator"`
	USDPerGPUHour units.USDPerHour `json:"usd_per_gpu_hour"` // median of the offers
	Min           units.USDPerHour `json:"min_usd_per_gpu_hour"`
	Max           units.USDPerHour `json:"max_usd_per_gpu_hour"`
	Oldest        string           `json:"oldest_seen"` // YYYY-MM-DD
	Newest        string           `json:"newest_seen"`
	Offers        []Offer          `json:"offers"` // cheapest first
}

// Quote returns the median on-demand price of an accelerator (its exact
// catalog ID), or a *NoPriceError.
func (c *Catalog) Quote(accelerator string) (Quote, error) {
	offers := c.OffersFor(accelerator)
	if len(offers) == 0 {
		return Quote{}, &NoPriceError{Accelerator: accelerator, Priced: c.Accelerators()}
	}
	q := Quote{Accelerator: accelerator, Offers: offers,
		Min: units.USDPerHour(offers[0].USDPerGPUHour), Max: units.USDPerHour(offers[len(offers)-1].USDPerGPUHour),
		Oldest: offers[0].Seen, Newest: offers[0].Seen}
	n := len(offers)
	q.USDPerGPUHour = units.USDPerHour((offers[(n-1)/2].USDPerGPUHour + offers[n/2].USDPerGPUHour) / 2)
	for _, o := range offers {
		q.Oldest, q.Newest = min(q.Oldest, o.Seen), max(q.Newest, o.Seen) // ISO dates sort as strings
	}
	return q, nil
}

// Providers lists the offers as "Lambda $3.99, RunPod $3.99, ...".
func (q Quote) Providers() string {
	parts := make([]string, len(q.Offers))
	for i, o := range q.Offers {
		parts[i] = fmt.Sprintf("%s $%.2f", o.Provider, o.USDPerGPUHour)
	}
	return strings.Join(parts, ", ")
}

// Dates is "seen 2026-09-20" or "seen 2026-08-26 to 2026-11-09".
func (q Quote) Dates() string {
	if q.Oldest == q.Newest {
		return "seen " + q.Oldest
	}
	return "seen " + q.Oldest + " to " + q.Newest
}

// Basis says how the price was chosen, for an assumption line: "median of
// 8 providers' on-demand list prices ($3.20–$12.29/h), seen 2026-08-26 to
// 2026-11-09", or "one provider's on-demand list price (CoreWeave), seen
// 2026-09-20".
func (q Quote) Basis() string {
	if len(q.Offers) == 1 {
		return fmt.Sprintf("one provider's on-demand list price (%s), %s", q.Offers[0].Provider, q.Dates())
	}
	return fmt.Sprintf("median of %d providers' on-demand list prices ($%.2f–$%.2f/h), %s",
		len(q.Offers), float64(q.Min), float64(q.Max), q.Dates())
}

// Source is where an assumed catalog price comes from, for an assumption
// line: the Basis, where to see the offers and how to override it.
func (q Quote) Source() string {
	return q.Basis() + "; 'flops hw prices " + q.Accelerator + "' lists the providers and their pages; --price overrides"
}
