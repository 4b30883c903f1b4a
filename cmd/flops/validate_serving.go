package main

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/validate/serving"
)

// runValidateServing is "flops validate --table serving".
func runValidateServing(env *cliEnv, asJSON bool) error {
	rep, err := serving.Build()
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, rep)
	}
	return writeServingReport(env.stdout, rep)
}

// writeServingReport prints the headline errors, then the breakdowns.
func writeServingReport(w io.Writer, r *serving.Report) error {
	fmt.Fprintf(w, "Serving under load: predicted vs measured TTFT and TPOT on %s\n", r.Source)
	fmt.Fprintf(w, "%d rows: %d expressed, %d not expressed", r.Rows, r.Expressed, r.Rows-r.Expressed)
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "; %d %s", s.Rows, s.Reason)
	}
	fmt.Fprintf(w, "; %d expressed but not estimated (the layout does not fit)\n\n", r.Failed)
	head := append([]serving.Group{r.Overall}, r.Modes...)
	head = append(head, r.Framework...)
	head = append(head, r.Generic)
	if err := scoreTable("Error by set (in sample | leave-one-model-out: each model's rows predicted by constants refitted without them)", head).Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := familyTable("Leave-one-family-out: each family's rows (Llama 3.1 8B and 70B; DeepSeek; Qwen3 and Qwen3.5; each other model alone) predicted by constants refitted without the family", head).Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := scoreTable("By model · GPU · framework · mode", r.Groups).Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return profileTable(r.Profiles).Write(w)
}

// scoreTable sets in-sample beside held-out error per group.
func scoreTable(title string, gs []serving.Group) *report.Table {
	t := &report.Table{Title: title, Headers: []string{"set", "rows", "TPOT MAPE", "TPOT ratio", "TPOT ±25%", "TTFT MAPE", "TTFT ratio",
		"held-out TPOT MAPE", "ratio", "±25%", "held-out TTFT MAPE", "ratio"}}
	for _, g := range gs {
		in, lo := g.InSample, g.LeaveOneModelOut
		t.AddRow(g.Key, fmt.Sprint(in.Rows), pctOrDash(in.TPOTMAPE), ratio(in.TPOTGeoMean), pctOrDash(in.TPOTWithin25), pctOrDash(in.TTFTMAPE), ratio(in.TTFTGeoMean),
			pctOrDash(lo.TPOTMAPE), ratio(lo.TPOTGeoMean), pctOrDash(lo.TPOTWithin25), pctOrDash(lo.TTFTMAPE), ratio(lo.TTFTGeoMean))
	}
	return t
}

// familyTable is the leave-one-family-out error per group.
func familyTable(title string, gs []serving.Group) *report.Table {
	t := &report.Table{Title: title, Headers: []string{"set", "rows", "TPOT MAPE", "TPOT ratio", "TPOT ±25%", "TTFT MAPE", "TTFT ratio"}}
	for _, g := range gs {
		f := g.LeaveOneFamilyOut
		t.AddRow(g.Key, fmt.Sprint(f.Rows), pctOrDash(f.TPOTMAPE), ratio(f.TPOTGeoMean), pctOrDash(f.TPOTWithin25), pctOrDash(f.TTFTMAPE), ratio(f.TTFTGeoMean))
	}
	return t
}

// profileTable lists each profile's fitted constants.
func profileTable(ps []serving.ProfileFit) *report.Table {
	t := &report.Table{Title: "Fitted constants (engine/profiles.json)", Headers: []string{"constant"}}
	names := []string{}
	for n := range ps[0].Constants {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, p := range ps {
		t.Headers = append(t.Headers, p.Name)
	}
	for _, n := range names {
		row := []string{n}
		for _, p := range ps {
			row = append(row, fmt.Sprintf("%.3g", p.Constants[n]))
		}
		t.AddRow(row...)
	}
	row := []string{"fitted on"}
	for _, p := range ps {
		row = append(row, fitRows(p.Fit))
	}
	t.AddRow(row...)
	return t
}

func fitRows(f *engine.Fit) string {
	if f == nil {
		return "not fitted"
	}
	return fmt.Sprintf("%d rows, %d models", f.Rows, len(f.Models))
}

// pctOrDash is pct, or "–" for NaN (no rows).
func pctOrDash(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return pct(v)
}

func ratio(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f", v)
}
