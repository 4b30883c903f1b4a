package pricing_test

import (
	"fmt"

	"github.com/flopsdev/flops/pricing"
)

// The price flops assumes for an H100 SXM when no --price is given.
func ExampleCatalog_Quote() {
	q, err := pricing.Default().Quote("h100-sxm")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %s, %s\n", q.Accelerator, q.USDPerGPUHour, q.Basis())
	// Output:
	// h100-sxm: $4.25/h, median of 8 providers' on-demand list prices ($3.20–$12.29/h), seen 2026-08-26 to 2026-11-09
}
