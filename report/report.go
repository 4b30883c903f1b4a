// Package report renders Results as aligned text tables, JSON and the
// derivation ("show the math"). It computes nothing.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/flopsdev/flops/explain"
)

// Table is a titled grid of text cells.
type Table struct {
	Title   string
	Headers []string
	Rows    [][]string
}

// AddRow appends a row.
func (t *Table) AddRow(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write prints the table with columns aligned by text/tabwriter.
func (t *Table) Write(w io.Writer) error {
	if t.Title != "" {
		if _, err := fmt.Fprintln(w, t.Title); err != nil {
			return err
		}
	}
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	if len(t.Headers) > 0 {
		fmt.Fprintln(tw, strings.Join(t.Headers, "\t"))
	}
	for _, r := range t.Rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, trimLineEnds(buf.String()))
	return err
}

// trimLineEnds removes the trailing spaces tabwriter leaves when a row's
// last cells are empty, so output and golden files have no trailing blanks.
func trimLineEnds(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		lines[i] = strings.TrimRight(body, " ") + l[len(body):]
	}
	return strings.Join(lines, "")
}

// KV prints "name  value" pairs aligned, one per line.
func KV(w io.Writer, pairs [][2]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range pairs {
		fmt.Fprintf(tw, "%s\t%s\n", p[0], p[1])
	}
	return tw.Flush()
}

// JSON prints v as indented JSON followed by a newline.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Assumptions prints a result's assumptions as an aligned list.
func Assumptions(w io.Writer, as []explain.Assumption) error {
	if len(as) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nAssumptions:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range as {
		src := ""
		if a.Source != "" {
			src = "(" + a.Source + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Name, a.Value, src)
	}
	return tw.Flush()
}

// Steps prints the derivation: each step's formula, the numbers substituted
// and the result with its unit.
func Steps(w io.Writer, steps []explain.Step) error {
	if len(steps) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nThe math:")
	for i, s := range steps {
		val := s.Display
		if val == "" {
			val = fmt.Sprintf("%.4g %s", s.Value, s.Unit)
		}
		fmt.Fprintf(w, "  %2d. %s\n      %s\n      = %s\n      = %s\n", i+1, s.Name, s.Formula, s.Substituted, val)
	}
	return nil
}

// Derivation prints a result's assumptions and, when showSteps is set (the
// CLI's --explain), the steps of its math after them.
func Derivation(w io.Writer, as []explain.Assumption, steps []explain.Step, showSteps bool) error {
	if err := Assumptions(w, as); err != nil {
		return err
	}
	if showSteps {
		return Steps(w, steps)
	}
	return nil
}
