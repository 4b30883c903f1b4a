package deploy

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/pricing"
)

// APIComparison sets the best layout's self-hosted cost beside the
// published API list prices of the same open model (Config.CompareAPI):
// what buying the tokens from a provider would cost instead. Money is US
// dollars per million tokens.
type APIComparison struct {
	Model string `json:"model"` // the model catalog ID the prices are looked up by ("" for a model read from files)
	// SelfHostedOutput and SelfHostedInput are the best point's cost per
	// million output and input tokens; null when nothing meets the targets
	// or the best accelerator has no price.
	SelfHostedOutput *float64 `json:"self_hosted_cost_per_million_output_tokens_usd"`
	SelfHostedInput  *float64 `json:"self_hosted_cost_per_million_input_tokens_usd"`
	// Prices are the model's API list prices, cheapest output first;
	// empty when the catalog has none for the model.
	Prices   []APIPrice `json:"prices"`
	Compiled string     `json:"catalog_compiled"` // when the API price catalog was compiled, YYYY-MM-DD
	Basis    string     `json:"basis"`            // what an API price includes (pricing.APICatalog.Basis)
	Excludes string     `json:"excludes"`         // what the comparison leaves out
	// Note says why there are no prices or no ratios, when so.
	Note string `json:"note,omitempty"`
}

// APIPrice is one API list price and how it compares with self-hosting.
type APIPrice struct {
	pricing.APIPrice
	// OutputRatio is the API's price per million output tokens over the
	// self-hosted cost per million output tokens of the best layout
	// (above 1: the API costs more); null without a self-hosted cost.
	OutputRatio *float64 `json:"output_ratio"`
}

// APIExcludes is what the API comparison does not account for.
const APIExcludes = "the self-hosted cost assumes the GPUs are busy at the modelled load and counts only their rental " +
	"(no idle capacity, engineering, networking or storage); API prices are list prices before batch, cache or " +
	"volume discounts, and a provider may serve quantized weights; 'seen' is the date a source gives, or the day an " +
	"undated copy of it was read, which may be later than the price was set"

// compareAPI looks the model's API prices up in c and divides each
// output price by best's self-hosted cost per million output tokens.
func compareAPI(c *pricing.APICatalog, modelID string, best *Point) *APIComparison {
	a := &APIComparison{Model: modelID, Prices: []APIPrice{}, Compiled: c.Compiled, Basis: c.Basis, Excludes: APIExcludes}
	if best != nil {
		a.SelfHostedOutput, a.SelfHostedInput = best.CostPerMillionOutput, best.CostPerMillionInput
	}
	if modelID == "" {
		a.Note = "the model was read from files, not named from the model catalog: API prices are listed by catalog model"
		return a
	}
	for _, p := range c.For(modelID) {
		ap := APIPrice{APIPrice: p}
		if s := a.SelfHostedOutput; s != nil && *s > 0 {
			r := p.Output / *s
			ap.OutputRatio = &r
		}
		a.Prices = append(a.Prices, ap)
	}
	switch {
	case len(a.Prices) == 0:
		a.Note = fmt.Sprintf("no published API prices for %s in the catalog (compiled %s); priced models: %s",
			modelID, c.Compiled, strings.Join(c.Models(), ", "))
	case best == nil:
		a.Note = "nothing searched meets the targets: no self-hosted cost to compare"
	case a.SelfHostedOutput == nil:
		a.Note = fmt.Sprintf("%s has no price per GPU-hour: give --price for the ratios", best.Accelerator)
	}
	return a
}
