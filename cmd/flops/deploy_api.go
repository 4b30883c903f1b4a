package main

import (
	"fmt"
	"io"

	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// writeAPIComparison prints the model's published API list prices beside
// the best layout's cost (--compare-api): a table, then what the
// comparison leaves out. A model without API prices is said so.
func writeAPIComparison(w io.Writer, r *deploy.Result) error {
	a := r.APIComparison
	if a == nil {
		return nil
	}
	fmt.Fprintln(w)
	if len(a.Prices) == 0 {
		fmt.Fprintf(w, "API list prices: %s.\n", a.Note)
		return nil
	}
	if err := apiTable(a, r.Best).Write(w); err != nil {
		return err
	}
	if a.Note != "" {
		fmt.Fprintf(w, "No ratios: %s.\n", a.Note)
	}
	fmt.Fprintf(w, "Not compared: %s.\n", a.Excludes)
	fmt.Fprintln(w, "Where each figure was read (the page or its dated transcription): --json, api_comparison.prices[].via.")
	return nil
}

// apiTable lists the API prices, cheapest output first, each with its
// ratio to the best layout's cost per million output tokens.
func apiTable(a *deploy.APIComparison, best *deploy.Point) *report.Table {
	title := fmt.Sprintf("Published API list prices for %s, USD per million tokens (catalog compiled %s)", a.Model, a.Compiled)
	ratio := "API ÷ self-hosted output"
	if best != nil && a.SelfHostedOutput != nil {
		title += fmt.Sprintf(", against self-hosting on %s at %s per million output tokens", best.Accelerator, units.USD(*a.SelfHostedOutput))
	}
	t := &report.Table{Title: title, Headers: []string{"provider", "model as the provider names it", "$/M input", "$/M output", "seen", ratio, "source"}}
	for _, p := range a.Prices {
		x := "-"
		if p.OutputRatio != nil {
			x = fmt.Sprintf("%.2f×", *p.OutputRatio)
		}
		t.AddRow(p.Provider, p.Product, units.USD(p.Input).String(), units.USD(p.Output).String(), p.Seen, x, p.Source)
	}
	return t
}
