package report

import (
	"math"
	"strconv"
	"strings"
)

// Grouped formats x for a table cell with thousands separators: whole
// numbers from 100 up ("23,583", "1,234,567"), three significant digits
// below ("42.5", "0.395"). Values of 1e15 and more use exponent form
// ("4.2e+22"), where grouping stops being readable.
func Grouped(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	a := math.Abs(x)
	switch {
	case a >= 1e15:
		return strconv.FormatFloat(x, 'g', 3, 64)
	case a >= 99.5:
		return groupDigits(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	case a == 0:
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// groupDigits inserts commas every three digits of an integer string.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// Sci formats x in compact scientific notation with up to 4 significant
// digits, as people write FLOP counts: 4.2e22, 8.49e7, 1.5e-7; plain for
// values from 0.001 to 1e6 (989.4, 0.5).
func Sci(x float64) string {
	a := math.Abs(x)
	if a == 0 || math.IsNaN(x) || math.IsInf(x, 0) || (a >= 1e-3 && a < 1e6) {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	s := strconv.FormatFloat(x, 'e', 3, 64) // "4.200e+22"
	mant, exp, _ := strings.Cut(s, "e")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
}
