package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/report"
)

// writeWeightsOnly prints the summary of weight files read without an
// architecture: the exact count and bytes per dtype, nothing derived.
func writeWeightsOnly(w io.Writer, s *model.Summary, showSteps bool) error {
	src := s.Source
	fmt.Fprintf(w, "%s (%s, weights only: no config.json)\n\n", s.Model, src.Kind)
	rows := [][2]string{
		{"  parameters (total)", paramsText(float64(s.ParamsTotal))},
		{"  tensor bytes", s.WeightBytes.String() + " (" + s.WeightBytes.IEC() + ")"},
		{"  bits per parameter", bitsText(s.WeightBits) + "  (8 × bytes / parameters)"},
	}
	fmt.Fprintln(w, "Weights (exact, from the file headers):")
	if err := report.KV(w, rows); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := modelDtypeTable(src).Write(w); err != nil {
		return err
	}
	for _, warn := range src.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	fmt.Fprintln(w, "\nFLOPs, active parameters and the KV cache need the architecture: put the model's config.json beside the weights.")
	if showSteps {
		return report.Steps(w, s.Steps)
	}
	return nil
}

// modelDtypeTable lists the files' parameters and bytes per stored dtype.
func modelDtypeTable(src *model.SourceInfo) *report.Table {
	t := &report.Table{Headers: []string{"  DTYPE", "PARAMS", "BYTES", "BITS/PARAM"}}
	names := make([]string, 0, len(src.FileDtypeParams))
	for k := range src.FileDtypeParams {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p, b := float64(src.FileDtypeParams[k]), float64(src.FileDtypeBytes[k])
		bits := "-"
		if p > 0 {
			bits = bitsText(8 * b / p)
		}
		t.AddRow("  "+k, grouped(p), grouped(b), bits)
	}
	return t
}

// bitsText prints bits per parameter with up to 4 significant digits:
// 16, 4.5, 6.979.
func bitsText(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
}
