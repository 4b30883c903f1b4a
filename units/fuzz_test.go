package units

import (
	"math"
	"testing"
)

// fuzzFamily seeds f with the table inputs of a parser family and checks
// that the parser never panics, accepts only finite non-negative values,
// and that whatever it accepts survives format → parse within rounding.
func fuzzFamily(f *testing.F, family string) {
	for _, c := range parseCases {
		if c.family == family {
			f.Add(c.in)
		}
	}
	for _, c := range badCases {
		if c.family == family {
			f.Add(c.in)
		}
	}
	parse, format := parsers[family], formatters[family]
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parse(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("%q parsed to %g, want a finite non-negative value", s, v)
		}
		if v == 0 || v < 1e-300 || v > 1e300 {
			return // formatting rounds subnormal and extreme values by design
		}
		checkRoundTrip(t, family, v, format, parse)
	})
}

func FuzzParseCount(f *testing.F)       { fuzzFamily(f, "count") }
func FuzzParseParams(f *testing.F)      { fuzzFamily(f, "params") }
func FuzzParseTokens(f *testing.F)      { fuzzFamily(f, "tokens") }
func FuzzParseFLOPs(f *testing.F)       { fuzzFamily(f, "flops") }
func FuzzParseFLOPRate(f *testing.F)    { fuzzFamily(f, "floprate") }
func FuzzParseBytes(f *testing.F)       { fuzzFamily(f, "bytes") }
func FuzzParseByteRate(f *testing.F)    { fuzzFamily(f, "byterate") }
func FuzzParseSeconds(f *testing.F)     { fuzzFamily(f, "seconds") }
func FuzzParseUSD(f *testing.F)         { fuzzFamily(f, "usd") }
func FuzzParseUSDPerHour(f *testing.F)  { fuzzFamily(f, "usdperh") }
func FuzzParseWatts(f *testing.F)       { fuzzFamily(f, "watts") }
func FuzzParseFraction(f *testing.F)    { fuzzFamily(f, "fraction") }
func FuzzParseKgCO2PerKWh(f *testing.F) { fuzzFamily(f, "carbon") }
func FuzzParseJoules(f *testing.F)      { fuzzFamily(f, "joules") }
func FuzzParseKgCO2(f *testing.F)       { fuzzFamily(f, "kgco2") }
