package units

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Each want is the value rounded by hand to 3 significant digits with the
// prefix shown (e.g. 80e9 B / 2^30 = 74.506 GiB).
var formatCases = []struct {
	name string
	got  string
	want string
}{
	{"flops 6·7e9·1e12", FLOPs(4.2e22).String(), "42.0 ZFLOP"},
	{"flops 3.8e25", FLOPs(3.8e25).String(), "38.0 YFLOP"},
	{"flops beyond Y", FLOPs(1.234e28).String(), "1.23e+28 FLOP"},
	{"flops zero", FLOPs(0).String(), "0 FLOP"},
	{"flops small", FLOPs(512).String(), "512 FLOP"},
	{"flops rounds up a prefix", FLOPs(999.7e12).String(), "1.00 PFLOP"},
	{"floprate h100", FLOPRate(989.4e12).String(), "989 TFLOP/s"},
	{"floprate 1.98P", FLOPRate(1.979e15).String(), "1.98 PFLOP/s"},
	{"bytes 80GB", Bytes(80e9).String(), "80.0 GB"},
	{"bytes 80GB IEC", Bytes(80e9).IEC(), "74.5 GiB"},
	{"bytes 140GB", Bytes(140e9).String(), "140 GB"},
	{"bytes 16KiB", Bytes(16384).IEC(), "16.0 KiB"},
	{"bytes 1000 KiB", Bytes(1000 * 1024).IEC(), "1000 KiB"},
	{"byterate", ByteRate(3.35e12).String(), "3.35 TB/s"},
	{"byterate IEC", ByteRate(3.35e12).IEC(), "3.05 TiB/s"},
	{"params 7B", Params(7e9).String(), "7.00B"},
	{"params 125M", Params(124.4e6).String(), "124M"},
	{"tokens 1T", Tokens(1e12).String(), "1.00T"},
	{"tokens beyond T", Tokens(4.2e22).String(), "4.20e+22"},
	{"count gpu-hours", FormatCount(23580), "23.6K"},
	{"count small", FormatCount(8), "8.00"},
	{"seconds 36h", Seconds(36 * 3600).String(), "36.0 h"},
	{"seconds 90d", Seconds(90 * 86400).String(), "90.0 d"},
	{"seconds 42ms", Seconds(0.042).String(), "42.0 ms"},
	{"seconds 1.5s", Seconds(1.5).String(), "1.50 s"},
	{"seconds 12.5min", Seconds(750).String(), "12.5 min"},
	{"seconds 2y", Seconds(2 * 365.25 * 86400).String(), "2.00 y"},
	{"seconds 140us", Seconds(140e-6).String(), "140 µs"},
	{"seconds 59.999 rounds to min", Seconds(59.999).String(), "1.00 min"},
	{"usd 47170", USD(47170).String(), "$47.2K"},
	{"usd 2", USD(2).String(), "$2.00"},
	{"usd negative", USD(-5).String(), "-$5.00"},
	{"usd/h", USDPerHour(2).String(), "$2.00/h"},
	{"joules 1 GWh", Joules(3.6e12).String(), "1.00 GWh"},
	{"watts 700", Watts(700).String(), "700 W"},
	{"watts 1.2kW", Watts(1200).String(), "1.20 kW"},
	{"kgco2 123", KgCO2(123).String(), "123 kg CO2e"},
	{"kgco2 12.3t", KgCO2(12345).String(), "12.3 t CO2e"},
	{"kgco2 1.5kt", KgCO2(1.5e6).String(), "1.50 kt CO2e"},
	{"carbon", KgCO2PerKWh(0.42).String(), "0.420 kg/kWh"},
	{"fraction", Fraction(0.4).String(), "40.0%"},
	{"fraction 1", Fraction(1).String(), "100%"},
	{"fraction small", Fraction(0.001).String(), "0.100%"},
}

func TestFormat(t *testing.T) {
	for _, c := range formatCases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestConversions(t *testing.T) {
	// 23,580 GPU-hours = 8.4888e7 s / 3600 (issue 2 worked example).
	if got, want := Seconds(8.4888e7).Hours(), 23580.0; !close(got, want, 1e-12) {
		t.Errorf("Hours: got %g, want %g", got, want)
	}
	// 1 kWh = 3.6e6 J by definition.
	if got, want := Joules(7.2e6).KWh(), 2.0; !close(got, want, 1e-12) {
		t.Errorf("KWh: got %g, want %g", got, want)
	}
	if got, want := Seconds(90*86400).Days(), 90.0; !close(got, want, 1e-12) {
		t.Errorf("Days: got %g, want %g", got, want)
	}
}

// formatters maps each parser family to the String method of its type.
var formatters = map[string]func(float64) string{
	"count":    FormatCount,
	"params":   func(v float64) string { return Params(v).String() },
	"tokens":   func(v float64) string { return Tokens(v).String() },
	"flops":    func(v float64) string { return FLOPs(v).String() },
	"floprate": func(v float64) string { return FLOPRate(v).String() },
	"bytes":    func(v float64) string { return Bytes(v).String() },
	"bytesiec": func(v float64) string { return Bytes(v).IEC() },
	"byterate": func(v float64) string { return ByteRate(v).String() },
	"seconds":  func(v float64) string { return Seconds(v).String() },
	"usd":      func(v float64) string { return USD(v).String() },
	"usdperh":  func(v float64) string { return USDPerHour(v).String() },
	"watts":    func(v float64) string { return Watts(v).String() },
	"fraction": func(v float64) string { return Fraction(v).String() },
	"carbon":   func(v float64) string { return KgCO2PerKWh(v).String() },
	"joules":   func(v float64) string { return Joules(v).String() },
	"kgco2":    func(v float64) string { return KgCO2(v).String() },
}

// roundTripTol is the worst relative error of 3 significant digits: half a
// unit in the third digit of a mantissa of at least 1.00, 0.005/1.00.
const roundTripTol = 0.005

// TestRoundTrip checks format → parse returns the value within rounding for
// values spread log-uniformly over 1e-9 … 1e30 (fractions over [0, 1]).
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for family, format := range formatters {
		parse := parsers[family]
		if family == "bytesiec" {
			parse = parsers["bytes"]
		}
		for i := 0; i < 2000; i++ {
			v := math.Pow(10, -9+39*rng.Float64())
			if family == "fraction" {
				v = rng.Float64()
			}
			checkRoundTrip(t, family, v, format, parse)
		}
	}
}

func checkRoundTrip(t *testing.T, family string, v float64, format func(float64) string, parse parseFunc) {
	t.Helper()
	s := format(v)
	got, err := parse(s)
	if err != nil {
		t.Fatalf("%s: %g formats as %q, which does not parse: %v", family, v, s, err)
	}
	if !close(got, v, roundTripTol) {
		t.Fatalf("%s: %g → %q → %g, want within %g relative", family, v, s, got, roundTripTol)
	}
}
