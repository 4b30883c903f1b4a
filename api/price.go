package api

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/pricing"
)

// catalogPrice is the price per accelerator-hour assumed when a dollar
// budget comes without --price: the price catalog's median on-demand list
// price for the accelerator (pricing.Catalog.Quote), never a silent
// constant. An accelerator the catalog does not price (an ad-hoc --peak
// chip, a TPU) is an input error that asks for --price.
func catalogPrice(acc hardware.Accelerator) (*pricing.Quote, error) {
	q, err := pricing.Default().Quote(acc.ID)
	if err != nil {
		return nil, &InputError{Flag: "price", Err: fmt.Errorf("missing: --budget needs a price per GPU-hour, and %w; give --price USD/GPU-hour", err)}
	}
	return &q, nil
}

// priceAssumption states a catalog price as an assumption: its value, how
// it was chosen, the dates of the prices behind it and where to see them.
func priceAssumption(q *pricing.Quote) (name, value, source string) {
	return "price per GPU-hour", fmt.Sprintf("%s (%s, price catalog)", q.USDPerGPUHour, q.Accelerator), q.Source()
}
