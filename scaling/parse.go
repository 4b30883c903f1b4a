package scaling

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseParametric reads a user law "E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28"
// (names case-insensitive, α/β accepted) or five plain numbers in the
// order E, A, B, alpha, beta, and validates it.
func ParseParametric(s string) (Parametric, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(fields) != 5 {
		return Parametric{}, fmt.Errorf("custom law %q: want five values E, A, B, alpha, beta, e.g. E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28", s)
	}
	var p Parametric
	slots := []*float64{&p.E, &p.A, &p.B, &p.Alpha, &p.Beta}
	named := map[string]*float64{"e": &p.E, "a": &p.A, "b": &p.B, "alpha": &p.Alpha, "α": &p.Alpha, "beta": &p.Beta, "β": &p.Beta}
	seen := map[*float64]bool{}
	for i, f := range fields {
		dst, text := slots[i], f
		if k, v, ok := strings.Cut(f, "="); ok {
			d, known := named[strings.ToLower(strings.TrimSpace(k))]
			if !known {
				return Parametric{}, fmt.Errorf("custom law: unknown constant %q (want E, A, B, alpha, beta)", k)
			}
			dst, text = d, v
		}
		if seen[dst] {
			return Parametric{}, fmt.Errorf("custom law: constant %q given twice", f)
		}
		seen[dst] = true
		v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return Parametric{}, fmt.Errorf("custom law: %q is not a number", f)
		}
		*dst = v
	}
	return p, p.Validate()
}
