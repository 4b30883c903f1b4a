// Package explain records the derivation of a result: each step's formula,
// the formula with numbers substituted, and the value with its unit, plus the
// assumptions (defaults and their sources) a result rests on. Results carry
// these as data so that the CLI's --explain, the JSON output and the web page
// all show the same math.
package explain

import "fmt"

// Step is one line of a derivation, e.g.
//
//	{Name: "training FLOPs", Formula: "C = 6·N·D",
//	 Substituted: "6 × 7e9 × 1e12", Value: 4.2e22, Unit: "FLOP", Display: "42.0 ZFLOP"}.
type Step struct {
	Name        string  `json:"name"`
	Formula     string  `json:"formula"`
	Substituted string  `json:"substituted"`
	Value       float64 `json:"value"`
	Unit        string  `json:"unit"`
	Display     string  `json:"display,omitempty"` // value formatted with its unit prefix
}

// Assumption is an input the result depends on that the user did not give,
// or gave: the name, the value as text, and where the default comes from.
type Assumption struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source,omitempty"`
}

// Trace collects steps and assumptions in order.
type Trace struct {
	Steps       []Step       `json:"steps"`
	Assumptions []Assumption `json:"assumptions"`
}

// Add appends a step and returns its value, so a computation can be written
// once: c := t.Add("training FLOPs", "C = 6·N·D", sub, 6*n*d, "FLOP", display).
func (t *Trace) Add(name, formula, substituted string, value float64, unit, display string) float64 {
	t.Steps = append(t.Steps, Step{Name: name, Formula: formula, Substituted: substituted,
		Value: value, Unit: unit, Display: display})
	return value
}

// Assume appends an assumption.
func (t *Trace) Assume(name, value, source string) {
	t.Assumptions = append(t.Assumptions, Assumption{Name: name, Value: value, Source: source})
}

// Assumef appends an assumption whose value is formatted with fmt.Sprintf.
func (t *Trace) Assumef(name, source, format string, args ...any) {
	t.Assume(name, fmt.Sprintf(format, args...), source)
}
