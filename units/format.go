package units

import (
	"fmt"
	"math"
	"strconv"
)

// prefix is a unit prefix symbol and its multiplier.
type prefix struct {
	sym  string
	mult float64
}

// Prefix tables for formatting (read-only).
var (
	siPrefixes = []prefix{{"", 1}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12},
		{"P", 1e15}, {"E", 1e18}, {"Z", 1e21}, {"Y", 1e24}}
	iecPrefixes = []prefix{{"", 1}, {"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30},
		{"Ti", 1 << 40}, {"Pi", 1 << 50}, {"Ei", 1 << 60}}
	countPrefixes  = []prefix{{"", 1}, {"K", 1e3}, {"M", 1e6}, {"B", 1e9}, {"T", 1e12}}
	tonnePrefixes  = []prefix{{"", 1}, {"k", 1e3}, {"M", 1e6}}
	powerPrefixes  = []prefix{{"", 1}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}}
	energyPrefixes = []prefix{{"", 1}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}}
)

// round3 rounds v to 3 significant digits.
func round3(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// sig3 formats a non-negative x with 3 significant digits: "3.35", "42.0",
// "989" (up to four digits, "1000", for IEC prefixes and unprefixed
// units); below 1 as "0.400" or "0.0123"; from 10000 up in exponent form
// "1.23e+04".
func sig3(x float64) string {
	switch {
	case x == 0:
		return "0"
	case x < 1:
		return fmt.Sprintf("%#.3g", x)
	case x < 9.995:
		return strconv.FormatFloat(x, 'f', 2, 64)
	case x < 99.95:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case x < 9999.5:
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'e', 2, 64)
}

// formatPrefixed formats v with the largest prefix not above it, 3
// significant digits, then sep, the prefix symbol and unit: "989 TFLOP/s".
// Beyond the largest prefix the mantissa uses exponent form.
func formatPrefixed(v float64, prefixes []prefix, sep, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v) + sep + unit
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	i := 0
	for j, q := range prefixes {
		if v >= q.mult {
			i = j
		}
	}
	x := round3(v / prefixes[i].mult)
	if i+1 < len(prefixes) && x*prefixes[i].mult >= prefixes[i+1].mult {
		i++ // rounding carried into the next prefix: 999.7 T → 1.00 P
		x = round3(v / prefixes[i].mult)
	}
	if x < 999.5 || i < len(prefixes)-1 || len(prefixes) == 1 {
		return sign + sig3(x) + sep + prefixes[i].sym + unit
	}
	return sign + strconv.FormatFloat(v, 'e', 2, 64) + sep + unit
}

// withUnit formats v with 3 significant digits followed by " unit".
func withUnit(v float64, unit string) string {
	return formatPrefixed(v, []prefix{{"", 1}}, " ", unit)
}

// FormatCount formats a plain count with 3 significant digits and a K, M, B
// or T suffix: 23580 → "23.6K", 7e9 → "7.00B". ParseCount reads it back.
func FormatCount(v float64) string { return formatPrefixed(v, countPrefixes, "", "") }

// String formats with an SI prefix: "42.0 ZFLOP".
func (f FLOPs) String() string { return formatPrefixed(float64(f), siPrefixes, " ", "FLOP") }

// String formats with an SI prefix: "989 TFLOP/s".
func (r FLOPRate) String() string { return formatPrefixed(float64(r), siPrefixes, " ", "FLOP/s") }

// String formats with a decimal SI prefix (1 GB = 1e9 bytes): "80.0 GB".
// Use IEC for binary prefixes.
func (b Bytes) String() string { return formatPrefixed(float64(b), siPrefixes, " ", "B") }

// IEC formats with a binary prefix (1 GiB = 2^30 bytes): "74.5 GiB".
func (b Bytes) IEC() string { return formatPrefixed(float64(b), iecPrefixes, " ", "B") }

// String formats with a decimal SI prefix: "3.35 TB/s".
func (r ByteRate) String() string { return formatPrefixed(float64(r), siPrefixes, " ", "B/s") }

// IEC formats with a binary prefix: "3.05 TiB/s".
func (r ByteRate) IEC() string { return formatPrefixed(float64(r), iecPrefixes, " ", "B/s") }

// String formats as a count: "7.00B".
func (p Params) String() string { return FormatCount(float64(p)) }

// String formats as a count: "1.00T".
func (t Tokens) String() string { return FormatCount(float64(t)) }

// String formats as dollars with a K, M, B suffix: "$47.2K", "$2.00".
func (u USD) String() string {
	if u < 0 {
		return "-$" + FormatCount(-float64(u))
	}
	return "$" + FormatCount(float64(u))
}

// String formats as dollars per hour: "$2.00/h".
func (u USDPerHour) String() string { return USD(u).String() + "/h" }

// String formats in watt-hours with an SI prefix (1 Wh = 3600 J): "12.3 MWh".
func (j Joules) String() string { return formatPrefixed(float64(j)/3600, energyPrefixes, " ", "Wh") }

// String formats with an SI prefix: "700 W", "1.20 kW".
func (w Watts) String() string { return formatPrefixed(float64(w), powerPrefixes, " ", "W") }

// String formats in kg below a tonne, in t, kt, Mt above: "123 kg CO2e",
// "12.3 kt CO2e".
func (k KgCO2) String() string {
	if math.Abs(round3(float64(k))) < 1000 {
		return withUnit(float64(k), "kg CO2e")
	}
	return formatPrefixed(float64(k)/1000, tonnePrefixes, " ", "t CO2e")
}

// String formats as "0.420 kg/kWh" (kg CO2e per kWh).
func (k KgCO2PerKWh) String() string { return withUnit(float64(k), "kg/kWh") }

// String formats as a percentage: 0.4 → "40.0%".
func (f Fraction) String() string {
	return formatPrefixed(float64(f)*100, []prefix{{"", 1}}, "", "%")
}
