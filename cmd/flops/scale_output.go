package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/scaling"
)

// writeScaleResult prints v as JSON, or calls table and then prints the
// assumptions and (with explain) the steps.
func writeScaleResult(w io.Writer, v any, tr explain.Trace, asJSON, explainSteps bool, table func() error) error {
	if asJSON {
		return writeJSON(w, v)
	}
	if err := table(); err != nil {
		return err
	}
	return report.Derivation(w, tr.Assumptions, tr.Steps, explainSteps)
}

// lossCell formats a predicted loss, "-" when the law defines none.
func lossCell(l *float64) string {
	if l == nil {
		return "-"
	}
	return fmt.Sprintf("%.4f", *l)
}

// writeScaleOptimal prints the side-by-side table of allocations.
func writeScaleOptimal(w io.Writer, r *scaling.OptimalResult, asJSON, explainSteps bool) error {
	return writeScaleResult(w, r, r.Trace, asJSON, explainSteps, func() error {
		t := &report.Table{Title: optimalTitle(r),
			Headers: []string{"law", "N_opt", "D_opt", "D/N", "loss", "6ND/C"}}
		if r.Hardware != nil {
			t.Headers = append(t.Headers, "GPU-hours", "wall-clock", "cost")
		}
		for _, a := range r.Laws {
			row := []string{a.Law, a.ParamsOptimal.String(), a.TokensOptimal.String(), ratioText(a.TokensPerParam),
				lossCell(a.PredictedLoss), fmt.Sprintf("%.2f", float64(a.TrainingFLOPs)/float64(a.ComputeFLOPs))}
			if a.Cost != nil {
				row = append(row, costCells(*a.Cost)...)
			}
			t.AddRow(row...)
		}
		if err := t.Write(w); err != nil {
			return err
		}
		if d := r.Disagreement; d != nil {
			fmt.Fprintf(w, "\nDisagreement: %s.\n", d.Statement)
		}
		if lossCount(r.Laws) > 1 { // the caveat compares losses: one loss needs none
			fmt.Fprintln(w, "Losses are nats/token on each law's own data (Chinchilla family: MassiveText; Kaplan: WebText2) and are not comparable across families.")
		}
		return writeLawNotes(w, r.Laws)
	})
}

// lossCount is the number of allocations with a predicted loss.
func lossCount(as []scaling.Allocation) int {
	n := 0
	for _, a := range as {
		if a.PredictedLoss != nil {
			n++
		}
	}
	return n
}

// optimalTitle is "Compute-optimal models for C = 5.76e23 FLOP (576 ZFLOP) ...".
func optimalTitle(r *scaling.OptimalResult) string {
	s := fmt.Sprintf("Compute-optimal models for C = %s FLOP (%s)", report.Sci(float64(r.ComputeFLOPs)), r.ComputeFLOPs)
	if h := r.Hardware; h != nil {
		s += fmt.Sprintf("\non %s at %s × MFU %g", h.Name, h.Peak, float64(h.MFU))
		if r.Cost != nil {
			s += fmt.Sprintf(" = %s GPU-hours", report.Grouped(r.Cost.GPUHours))
			if h.GPUs > 0 {
				s += fmt.Sprintf(", %s on %d GPUs", r.Cost.Seconds, h.GPUs)
			}
			if h.Price > 0 {
				s += fmt.Sprintf(", $%s at %s", report.Grouped(float64(r.Cost.USD)), h.Price)
			}
		}
	}
	return s + "\n"
}

// costCells are the GPU-hours, wall-clock and cost cells of one law.
func costCells(c scaling.Cost) []string {
	wall, cost := "-", "-"
	if c.Seconds > 0 {
		wall = c.Seconds.String()
	}
	if c.USD > 0 {
		cost = "$" + report.Grouped(float64(c.USD))
	}
	return []string{report.Grouped(c.GPUHours), wall, cost}
}

// writeLawNotes lists the laws' caveats, each text once with the laws it
// belongs to.
func writeLawNotes(w io.Writer, as []scaling.Allocation) error {
	var order []string
	owners := map[string][]string{}
	for _, a := range as {
		for _, n := range a.Notes {
			if _, seen := owners[n]; !seen {
				order = append(order, n)
			}
			owners[n] = append(owners[n], a.Law)
		}
	}
	if len(order) > 0 {
		fmt.Fprintln(w, "\nNotes:")
	}
	for _, n := range order {
		if _, err := fmt.Fprintf(w, "  %s: %s\n", strings.Join(owners[n], ", "), n); err != nil {
			return err
		}
	}
	return nil
}

// writeScaleLoss prints each law's loss and distance from optimal.
func writeScaleLoss(w io.Writer, r *scaling.LossResult, asJSON, explainSteps bool) error {
	return writeScaleResult(w, r, r.Trace, asJSON, explainSteps, func() error {
		title := fmt.Sprintf("N = %s params × D = %s tokens (%s tokens/param), C = 6·N·D = %s FLOP\n",
			r.Params, r.Tokens, ratioText(r.TokensPerParam), report.Sci(float64(r.ComputeFLOPs)))
		t := &report.Table{Title: title, Headers: []string{"law", "loss", "N_opt at C", "D_opt at C", "N/N_opt",
			"loss at optimum", "C for same loss", "saved"}}
		for _, row := range r.Laws {
			same, saved := "-", "-"
			if row.ComputeForSameLoss != nil {
				same = report.Sci(float64(*row.ComputeForSameLoss))
				saved = fmt.Sprintf("%.1f%%", 100**row.SavedFraction)
			}
			t.AddRow(row.Law, lossCell(row.PredictedLoss), row.ParamsOptimal.String(), row.TokensOptimal.String(),
				fmt.Sprintf("%.2f", row.ParamsRatio), lossCell(row.LossAtOptimal), same, saved)
		}
		if err := t.Write(w); err != nil {
			return err
		}
		fmt.Fprintln(w, "\nN/N_opt > 1: larger and trained on fewer tokens than the law's optimum for this compute.")
		fmt.Fprintln(w, "\"C for same loss\": the least compute reaching the same predicted loss on the law's frontier.")
		return nil
	})
}

// writeScaleInference prints the plans side by side.
func writeScaleInference(w io.Writer, r *scaling.InferenceResult, asJSON, explainSteps bool) error {
	return writeScaleResult(w, r, r.Trace, asJSON, explainSteps, func() error {
		title := fmt.Sprintf("Target loss %.4f nats/token (%s), lifetime inference %s tokens\n",
			r.TargetLoss, r.Law, r.InferenceTokens)
		t := &report.Table{Title: title, Headers: []string{"plan", "N", "D_tr", "D/N", "training", "inference", "total"}}
		priced := r.CostOptimal != nil
		if priced {
			t.Headers = append(t.Headers, "cost")
		}
		add := func(name string, p *scaling.Plan) {
			if p == nil {
				return
			}
			row := []string{name, p.Params.String(), p.Tokens.String(), ratioText(p.TokensPerParam),
				report.Sci(float64(p.TrainingFLOPs)), report.Sci(float64(p.InferenceFLOPs)), report.Sci(float64(p.TotalFLOPs))}
			if priced {
				row = append(row, "$"+report.Grouped(float64(p.CostUSD)))
			}
			t.AddRow(row...)
		}
		add("reference", r.Reference)
		add("compute-optimal", &r.ComputeOptimal)
		add("inference-aware", &r.InferenceAware)
		add("cost-optimal", r.CostOptimal)
		if err := t.Write(w); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nThe inference-aware model saves %s FLOP (%.1f%%) of lifetime compute against the compute-optimal one",
			report.Sci(float64(r.SavedFLOPs)), 100*r.SavedFraction)
		if priced {
			fmt.Fprintf(w, "; the cost-optimal one saves $%s", report.Grouped(float64(r.SavedUSD)))
		}
		fmt.Fprintln(w, ".")
		return nil
	})
}

// writeScaleIsoFLOP prints each curve's minimum and the penalty of
// missing it by 2× and 4×.
func writeScaleIsoFLOP(w io.Writer, r *scaling.IsoFLOPResult, asJSON, explainSteps bool) error {
	return writeScaleResult(w, r, r.Trace, asJSON, explainSteps, func() error {
		t := &report.Table{Title: "Iso-FLOP minima (loss in nats/token; columns: loss at N_opt × factor)\n",
			Headers: []string{"law", "C (FLOP)", "N_opt", "D_opt", "loss", "×1/4", "×1/2", "×2", "×4"}}
		for _, c := range r.Curves {
			row := []string{c.Law, report.Sci(float64(c.ComputeFLOPs)), c.Optimal.Params.String(), c.Optimal.Tokens.String(),
				fmt.Sprintf("%.4f", c.Optimal.Loss)}
			for _, o := range c.OffOptimum {
				row = append(row, fmt.Sprintf("%+.4f", o.Loss-c.Optimal.Loss))
			}
			t.AddRow(row...)
		}
		return t.Write(w)
	})
}

// writeScaleLaws lists the laws.
func writeScaleLaws(w io.Writer, laws []scaling.Law) error {
	t := &report.Table{Headers: []string{"law", "N_opt ∝ C^a", "D_opt ∝ C^b", "loss", "N counts"}}
	for _, l := range laws {
		a, b := l.Exponents()
		loss := "-"
		if l.HasLoss() {
			loss = "L(N,D)"
		}
		t.AddRow(l.ID, fmt.Sprintf("%.3f", a), fmt.Sprintf("%.3f", b), loss, l.ParamsMeaning)
	}
	if err := t.Write(w); err != nil {
		return err
	}
	for _, l := range laws {
		fmt.Fprintf(w, "\n%s — %s\n  source:   %s\n  validity: %s\n", l.ID, l.Name, l.Source, l.Validity)
		for _, n := range l.Notes {
			fmt.Fprintf(w, "  note:     %s\n", n)
		}
	}
	return nil
}

// ratioText prints a tokens-per-parameter ratio with 3 significant digits
// below 1000 and as a whole number above ("1,263", not "1.26e+03").
func ratioText(v float64) string {
	if v >= 1000 && v < 1e15 {
		return grouped(math.Round(v))
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
