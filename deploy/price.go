package deploy

import (
	"github.com/flopsdev/flops/pricing"
	"github.com/flopsdev/flops/units"
)

// CatalogPrice is the on-demand price per GPU-hour assumed for an
// accelerator (its hardware catalog ID) when no --price is given, with a
// sentence saying where it comes from (pricing.Quote.Source): the price
// catalog's median of the providers' on-demand list prices
// (pricing.Catalog.Quote), with their range and the dates they were seen. An accelerator the catalog does not
// price is an error (*pricing.NoPriceError).
func CatalogPrice(id string) (units.USDPerHour, string, error) {
	q, err := pricing.Default().Quote(id)
	if err != nil {
		return 0, "", err
	}
	return q.USDPerGPUHour, q.Source(), nil
}
