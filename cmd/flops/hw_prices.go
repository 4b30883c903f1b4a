package main

import (
	"fmt"
	"io"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/pricing"
	"github.com/flopsdev/flops/report"
)

const hwPricesHelp = `
The price catalog: on-demand list prices per accelerator-hour in US dollars
from public clouds and GPU clouds, each with the provider, its product, the
date the price was seen and the provider's pricing page. A --budget given
without --price uses the median of an accelerator's prices, stated as an
assumption with its dates; --price always overrides. Prices move: check the
dates, and the provider's page, before relying on one.

Output fields (--json): compiled (date), basis, quotes[]: accelerator,
usd_per_gpu_hour (median), min_usd_per_gpu_hour, max_usd_per_gpu_hour,
oldest_seen, newest_seen, offers[]: accelerator, provider, product,
usd_per_gpu_hour, seen, source, via (the dated transcription the figure was
read from, when not the page itself), note.

Examples:
  flops hw prices
  flops hw prices h100 mi300x
  flops hw prices b200 --json
`

// pricesOutput is the JSON of "flops hw prices".
type pricesOutput struct {
	Compiled string          `json:"compiled"`
	Basis    string          `json:"basis"`
	Quotes   []pricing.Quote `json:"quotes"`
}

// runHWPrices is "flops hw prices [ID...]": every priced accelerator, or
// the ones named (any alias the hardware catalog accepts).
func runHWPrices(env *cliEnv, args []string) error {
	fs := newFlagSet(env, "hw prices", "hw prices [ID...] [--json]", hwPricesHelp)
	asJSON := fs.Bool("json", false, "print JSON (fields below)")
	hwFile := bindHWFile(fs)
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	aenv, err := apiEnv(env, *hwFile)
	if err != nil {
		return err
	}
	hw := aenv.Hardware
	if hw == nil {
		hw = hardware.Default()
	}
	cat := pricing.Default()
	if len(ids) == 0 {
		ids = cat.Accelerators()
	}
	out := pricesOutput{Compiled: cat.Compiled, Basis: cat.Basis}
	for _, name := range ids {
		acc, err := hw.Lookup(name)
		if err != nil {
			return err
		}
		q, err := cat.Quote(acc.ID)
		if err != nil {
			return err
		}
		out.Quotes = append(out.Quotes, q)
	}
	if *asJSON {
		return writeJSON(env.stdout, out)
	}
	return writePrices(env.stdout, out)
}

// writePrices prints one table per accelerator, cheapest first.
func writePrices(w io.Writer, out pricesOutput) error {
	for i, q := range out.Quotes {
		if i > 0 {
			fmt.Fprintln(w)
		}
		t := &report.Table{Title: fmt.Sprintf("%s: %s, %s", q.Accelerator, q.USDPerGPUHour, q.Basis()),
			Headers: []string{"provider", "$/GPU-hour", "seen", "product", "source"}}
		for _, o := range q.Offers {
			t.AddRow(o.Provider, fmt.Sprintf("%.2f", o.USDPerGPUHour), o.Seen, o.Product, o.Source)
		}
		if err := t.Write(w); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\nPrice catalog compiled %s. %s\n", out.Compiled, out.Basis)
	return err
}

// priceHint is the hint printed when a result has no cost because no
// --price was given: it names the catalog's median for the accelerator, if
// the catalog prices it, so the user sees what a price would be and where
// it comes from.
func priceHint(accelerator, what string) string {
	q, err := pricing.Default().Quote(accelerator)
	if err != nil {
		return fmt.Sprintf("add --price USD/GPU-hour (e.g. --price 2) %s", what)
	}
	return fmt.Sprintf("add --price USD/GPU-hour %s; on-demand list prices for %s: median %s, %s ('flops hw prices %s')",
		what, q.Accelerator, q.USDPerGPUHour, q.Dates(), q.Accelerator)
}
