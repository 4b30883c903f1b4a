package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxInput bounds the length of a quantity string; nobody types more.
const maxInput = 64

// ParseError reports text that is not a quantity of the expected kind. Its
// message names the input, the reason and the accepted forms, e.g.
//
//	parse params "7X": unknown suffix "X" (want a number with optional K, M, B, T suffix, e.g. 7B, 1.5T, 7e9)
type ParseError struct {
	Kind   string // what was being parsed, e.g. "params", "FLOP/s"
	Input  string // the text as given
	Reason string // what is wrong, e.g. `unknown suffix "X"`
	Want   string // the accepted forms
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("parse %s %q: %s (want %s)", e.Kind, e.Input, e.Reason, e.Want)
}

// grammar is one family of quantity syntax: a non-negative decimal number
// followed by one of a fixed set of suffixes, each with its multiplier to
// the base unit. Suffixes are matched lower-case with spaces removed.
type grammar struct {
	kind     string
	want     string
	suffixes map[string]float64
	dollar   bool // a leading "$" is allowed
}

func (g *grammar) fail(s, format string, args ...any) error {
	return &ParseError{Kind: g.kind, Input: s, Reason: fmt.Sprintf(format, args...), Want: g.want}
}

// parse returns the value of s in the grammar's base unit.
func (g *grammar) parse(s string) (float64, error) {
	if len(s) > maxInput {
		return 0, g.fail(s[:maxInput]+"...", "text longer than %d bytes", maxInput)
	}
	t := strings.TrimSpace(s)
	if g.dollar {
		t = strings.TrimSpace(strings.TrimPrefix(t, "$"))
	}
	if t == "" {
		return 0, g.fail(s, "empty value")
	}
	if t[0] == '-' {
		return 0, g.fail(s, "negative value")
	}
	num, rest := splitNumber(t)
	if num == "" {
		return 0, g.fail(s, "no number at the start")
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, g.fail(s, "number %s out of range", num)
	}
	if strings.HasPrefix(rest, ",") {
		// The tables print "$47,167" and "23,583"; say why a pasted figure fails.
		return 0, g.fail(s, "no thousands separators: write %s", strings.ReplaceAll(t, ",", ""))
	}
	if rest == "e" {
		// "4.2e" is a truncated exponent far more often than "4.2 exa";
		// the exa prefix stays available as "4.2E" or "4.2 EFLOP".
		return 0, g.fail(s, "incomplete exponent %q (write e.g. %se18, or %sE for exa)", t, num, num)
	}
	rest = strings.TrimSpace(rest)
	mult, ok := g.suffixes[strings.ToLower(strings.ReplaceAll(rest, " ", ""))]
	if !ok {
		return 0, g.fail(s, "unknown suffix %q", rest)
	}
	v = scaled(num, v, mult)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, g.fail(s, "value out of range")
	}
	return v, nil
}

// splitNumber splits s into a leading unsigned decimal number (digits, an
// optional fraction and an optional exponent "e±d") and the rest. An "e" not
// followed by a digit is not an exponent: "1E" is 1 exa (parse rejects a
// bare lower-case "1e" as a truncated exponent).
func splitNumber(s string) (num, rest string) {
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return "", s
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	return s[:i], s[i:]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scaled returns v·mult for the decimal text num = v. When mult is a power
// of ten the product is parsed as one decimal ("10" × 1e24 → "10e24"), so
// that it is the double nearest the exact value: 10 YFLOP is 1e25, not
// 9.999999999999999e24 (1e24 is not exact in binary).
func scaled(num string, v, mult float64) float64 {
	k := math.Round(math.Log10(mult))
	if mult == 1 || k < 1 || k > 30 || math.Pow10(int(k)) != mult {
		return v * mult
	}
	mant, exp := num, 0
	if i := strings.IndexAny(num, "eE"); i >= 0 {
		e, err := strconv.Atoi(num[i+1:])
		if err != nil {
			return v * mult
		}
		mant, exp = num[:i], e
	}
	r, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(exp+int(k)), 64)
	if err != nil {
		return v * mult
	}
	return r
}

// suffixTable builds the suffix map: every prefix combined with every unit
// spelling (all lower-case), multiplier = prefix multiplier × unit multiplier.
func suffixTable(prefixes map[string]float64, unitNames map[string]float64) map[string]float64 {
	m := make(map[string]float64, len(prefixes)*len(unitNames))
	for p, pm := range prefixes {
		for u, um := range unitNames {
			m[p+u] = pm * um
		}
	}
	return m
}

// siPrefixMap maps lower-case decimal prefixes to multipliers; "b" (billion)
// is accepted as a synonym of "g" where noted by the caller.
func siPrefixMap(withB bool) map[string]float64 {
	m := map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12,
		"p": 1e15, "e": 1e18, "z": 1e21, "y": 1e24}
	if withB {
		m["b"] = 1e9
	}
	return m
}

// countPrefixMap maps the count suffixes K, M, B, T to multipliers.
func countPrefixMap() map[string]float64 {
	return map[string]float64{"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
}
