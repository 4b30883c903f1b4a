package units

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// parseFunc adapts every parser to one signature for table tests.
type parseFunc func(string) (float64, error)

func adapt[T ~float64](f func(string) (T, error)) parseFunc {
	return func(s string) (float64, error) {
		v, err := f(s)
		return float64(v), err
	}
}

// parsers lists every parser by family name (also used by the fuzz and
// round-trip tests).
var parsers = map[string]parseFunc{
	"count":    ParseCount,
	"params":   adapt(ParseParams),
	"tokens":   adapt(ParseTokens),
	"flops":    adapt(ParseFLOPs),
	"floprate": adapt(ParseFLOPRate),
	"bytes":    adapt(ParseBytes),
	"byterate": adapt(ParseByteRate),
	"seconds":  adapt(ParseSeconds),
	"usd":      adapt(ParseUSD),
	"usdperh":  adapt(ParseUSDPerHour),
	"watts":    adapt(ParseWatts),
	"fraction": adapt(ParseFraction),
	"carbon":   adapt(ParseKgCO2PerKWh),
	"joules":   adapt(ParseJoules),
	"kgco2":    adapt(ParseKgCO2),
}

// parseCases: every expected value is the hand conversion of the text to
// the base unit shown in the comment or implied by the SI/IEC prefix.
var parseCases = []struct {
	family, in string
	want       float64
}{
	{"params", "7B", 7e9},
	{"params", "7e9", 7e9},
	{"params", "1.5T", 1.5e12},
	{"params", "7 b", 7e9},
	{"params", "70B params", 70e9},
	{"params", "125M", 125e6},
	{"params", ".5K", 500},
	{"count", "32K", 32e3},
	{"count", "1E3", 1e3},
	{"tokens", "15.6T", 15.6e12},
	{"tokens", "2e12 tokens", 2e12},
	{"tokens", "1T", 1e12},
	{"flops", "4.2e22", 4.2e22},
	{"flops", "4.2E", 4.2e18}, // upper-case E alone is the exa prefix: 4.2 × 1e18
	{"flops", "42 ZFLOP", 42e21},
	{"flops", "6e23FLOPs", 6e23},
	{"flops", "3.8e25", 3.8e25},
	{"flops", "1.5B", 1.5e9},
	{"flops", "10 YFLOP", 1e25},
	{"floprate", "989 TFLOP/s", 989e12},
	{"floprate", "989TFLOPS", 989e12},
	{"floprate", "1.98 PFLOPS", 1.98e15},
	{"floprate", "989 tflops", 989e12},
	{"floprate", "9.89e14", 9.89e14},
	{"floprate", "1EFLOP/s", 1e18},
	{"floprate", "312 T", 312e12},
	{"bytes", "80GB", 80e9},
	{"bytes", "80GiB", 80 * 1024 * 1024 * 1024},
	{"bytes", "80 gib", 80 * 1024 * 1024 * 1024},
	{"bytes", "1.5e9", 1.5e9},
	{"bytes", "512 bytes", 512},
	{"bytes", "16 KiB", 16384},
	{"bytes", "2TB", 2e12},
	{"byterate", "3.35 TB/s", 3.35e12},
	{"byterate", "2039 GB/s", 2039e9},
	{"byterate", "900 GiB/s", 900 * 1024 * 1024 * 1024},
	{"byterate", "3.35e12", 3.35e12},
	{"byterate", "50 GB / s", 50e9},
	{"seconds", "90d", 90 * 86400},
	{"seconds", "36h", 36 * 3600},
	{"seconds", "2w", 14 * 86400},
	{"seconds", "1.5s", 1.5},
	{"seconds", "42 ms", 0.042},
	{"seconds", "12.5 min", 750},
	{"seconds", "1y", 365.25 * 86400},
	{"seconds", "1h30m", 5400},
	{"seconds", "3600", 3600},
	{"usd", "$47k", 47000},
	{"usd", "47000", 47000},
	{"usd", "$1.2M", 1.2e6},
	{"usd", "$ 2.5K", 2500},
	{"usd", "100 USD", 100},
	{"usdperh", "$2/h", 2},
	{"usdperh", "2/h", 2},
	{"usdperh", "2", 2},
	{"usdperh", "$2.50/hr", 2.5},
	{"usdperh", "2 USD/hour", 2},
	{"usdperh", "$3/GPU-hour", 3},
	{"watts", "700W", 700},
	{"watts", "0.7kW", 700},
	{"watts", "700", 700},
	{"watts", "1.2 MW", 1.2e6},
	{"fraction", "0.4", 0.4},
	{"fraction", "40%", 0.4},
	{"fraction", "100%", 1},
	{"fraction", "0", 0},
	{"carbon", "0.42 kg/kWh", 0.42},
	{"carbon", "0.42", 0.42},
	{"carbon", "420 g/kWh", 0.42},
	{"carbon", "420 gCO2e/kWh", 0.42},
	{"carbon", "420 kg/MWh", 0.42},
	{"joules", "1 kWh", 3.6e6},
	{"joules", "3.6e6 J", 3.6e6},
	{"joules", "2.5 MWh", 9e9},
	{"joules", "5e9", 5e9},
	{"kgco2", "500 kg", 500},
	{"kgco2", "12 t", 12000},
	{"kgco2", "1.5 kt CO2e", 1.5e6},
	{"kgco2", "500", 500},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.family+"/"+c.in, func(t *testing.T) {
			got, err := parsers[c.family](c.in)
			if err != nil {
				t.Fatalf("got error %v, want %g", err, c.want)
			}
			if !close(got, c.want, 1e-12) {
				t.Errorf("got %g, want %g", got, c.want)
			}
		})
	}
}

// close reports whether got is within relative tolerance tol of want.
func close(got, want, tol float64) bool {
	if want == 0 {
		return math.Abs(got) <= tol
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

var badCases = []struct {
	family, in, reason string // reason: a substring the error must contain
}{
	{"params", "7X", `unknown suffix "X"`},
	{"params", "-3B", "negative"},
	{"params", "NaN", "no number"},
	{"params", "Inf", "no number"},
	{"params", "+Inf", "no number"},
	{"params", "1e400", "out of range"},
	{"params", "", "empty"},
	{"params", "   ", "empty"},
	{"params", "0x10", `unknown suffix "x10"`},
	{"params", "1_000", `unknown suffix "_000"`},
	{"params", "7BB", "unknown suffix"},
	// QA: "4.2e" (a truncated 4.2e22) parsed silently as 4.2 exa = 4.2e18.
	{"flops", "4.2e", "incomplete exponent"},
	{"floprate", "1e", "incomplete exponent"},
	// QA: "$47,167" pasted from a table read as an unknown suffix ",167".
	{"usd", "$47,167", "no thousands separators: write 47167"},
	{"count", "1,024", "no thousands separators: write 1024"},
	{"params", strings.Repeat("9", 100), "longer than"},
	{"fraction", "40%%", `unknown suffix "%%"`},
	{"fraction", "1.5", "more than 1"},
	{"fraction", "150%", "more than 1"},
	{"flops", "1e300 YFLOP", "out of range"},
	{"floprate", "989 TFLOP", "unknown suffix"},
	{"bytes", "80G", `unknown suffix "G"`},
	{"byterate", "80 Gbps", "unknown suffix"},
	{"seconds", "3 fortnights", "unknown suffix"},
	{"seconds", "-1h", "negative"},
	{"usd", "$", "empty"},
	{"usd", "$-5", "negative"},
	{"usdperh", "2/day", "unknown suffix"},
	{"watts", "700 J", "unknown suffix"},
	{"carbon", "0.42 kg", "unknown suffix"},
	{"kgco2", "5 lb", "unknown suffix"},
}

func TestParseErrors(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.family+"/"+c.in, func(t *testing.T) {
			got, err := parsers[c.family](c.in)
			if err == nil {
				t.Fatalf("got %g, want an error containing %q", got, c.reason)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error type %T, want *ParseError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.reason) || !strings.Contains(msg, "(want ") || !strings.HasPrefix(msg, "parse ") {
				t.Errorf("got %q, want a 'parse ...: %s (want ...)' message", msg, c.reason)
			}
		})
	}
}

// TestParseErrorMessage pins the full message format of the brief.
func TestParseErrorMessage(t *testing.T) {
	_, err := ParseParams("7X")
	want := `parse params "7X": unknown suffix "X" (want a number with optional K, M, B, T suffix, e.g. 7B, 1.5T, 7e9)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestPowerOfTenSuffixExact: a decimal prefix gives the double nearest the
// exact decimal value (QA: "10 YFLOP" parsed as 9.999999999999999e24
// because 10 × 1e24 rounds twice).
func TestPowerOfTenSuffixExact(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"10 YFLOP", 1e25}, {"5.76e-1 YFLOP", 5.76e23}, {"3 ZFLOP", 3e21}, {"1.1e+2 EFLOP", 1.1e20},
	}
	for _, tt := range tests {
		got, err := ParseFLOPs(tt.in)
		if err != nil || float64(got) != tt.want {
			t.Errorf("ParseFLOPs(%q) = %v, %v; want exactly %v", tt.in, float64(got), err, tt.want)
		}
	}
	if got, err := ParseBytes("80 GiB"); err != nil || float64(got) != 80*(1<<30) {
		t.Errorf("ParseBytes(80 GiB) = %v, %v; want %v (binary prefixes multiply)", float64(got), err, 80*(1<<30))
	}
}
