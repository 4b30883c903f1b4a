package units

import (
	"errors"
	"time"
)

// ParseCount parses a plain count: a non-negative number with an optional
// K (1e3), M (1e6), B (1e9) or T (1e12) suffix, or an exponent: "7B", "7e9",
// "1.5T", "32K".
func ParseCount(s string) (float64, error) { return countGrammar.parse(s) }

// ParseParams parses a parameter count like ParseCount, also accepting a
// trailing "params": "7B", "70e9", "1.5T params".
func ParseParams(s string) (Params, error) {
	v, err := paramsGrammar.parse(s)
	return Params(v), err
}

// ParseTokens parses a token count like ParseCount, also accepting a
// trailing "tokens": "1T", "15.6T", "2e12 tokens".
func ParseTokens(s string) (Tokens, error) {
	v, err := tokensGrammar.parse(s)
	return Tokens(v), err
}

// ParseFLOPs parses an amount of computation in FLOPs with an optional SI
// prefix (k, M, G or B, T, P, E, Z, Y; case-insensitive) and optional unit
// "FLOP"/"FLOPs": "4.2e22", "42 ZFLOP", "6e23FLOPs".
func ParseFLOPs(s string) (FLOPs, error) {
	v, err := flopsGrammar.parse(s)
	return FLOPs(v), err
}

// ParseFLOPRate parses a throughput in FLOP/s with an optional SI prefix and
// unit "FLOP/s" or "FLOPS" (case-insensitive): "989 TFLOP/s", "989TFLOPS",
// "1.98 PFLOPS", "9.89e14".
func ParseFLOPRate(s string) (FLOPRate, error) {
	v, err := flopRateGrammar.parse(s)
	return FLOPRate(v), err
}

// ParseBytes parses a size. Decimal units (kB = 1e3, MB, GB, TB, PB) and
// binary units (KiB = 1024, MiB, GiB, TiB, PiB) are distinct; a bare prefix
// such as "80G" is rejected as ambiguous. A plain number is bytes.
// Units are case-insensitive and "b" means byte: "80GB", "80 GiB", "1.5e9".
func ParseBytes(s string) (Bytes, error) {
	v, err := bytesGrammar.parse(s)
	return Bytes(v), err
}

// ParseByteRate parses a bandwidth in bytes/s with the units of ParseBytes
// followed by "/s": "3.35 TB/s", "2039 GB/s", "900 GiB/s", "3.35e12".
func ParseByteRate(s string) (ByteRate, error) {
	v, err := byteRateGrammar.parse(s)
	return ByteRate(v), err
}

// ParseSeconds parses a duration: a number with unit ns, us, ms, s, min (or
// m), h, d, w or y (Julian year, 365.25 d), or a compound Go duration such as
// "1h30m". A plain number is seconds: "90d", "36h", "2w", "1.5s".
func ParseSeconds(s string) (Seconds, error) {
	v, err := secondsGrammar.parse(s)
	if err == nil {
		return Seconds(v), nil
	}
	var pe *ParseError
	if errors.As(err, &pe) && len(s) <= maxInput && s != "" && s[0] != '-' && s[0] != '+' {
		if d, derr := time.ParseDuration(s); derr == nil {
			return Seconds(d.Seconds()), nil
		}
	}
	return 0, err
}

// ParseUSD parses an amount of money in US dollars with an optional leading
// "$" and K, M, B suffix: "$47k", "47000", "$1.2M".
func ParseUSD(s string) (USD, error) {
	v, err := usdGrammar.parse(s)
	return USD(v), err
}

// ParseUSDPerHour parses a price per accelerator-hour in US dollars: "$2/h",
// "2/h", "$2.50/hr", "2 USD/hour", "2".
func ParseUSDPerHour(s string) (USDPerHour, error) {
	v, err := usdPerHourGrammar.parse(s)
	return USDPerHour(v), err
}

// ParseWatts parses a power: "700W", "0.7kW", "12 MW", "700" (watts).
// Prefixes are case-insensitive, so "mW" means megawatt, not milliwatt.
func ParseWatts(s string) (Watts, error) {
	v, err := wattsGrammar.parse(s)
	return Watts(v), err
}

// ParseFraction parses a ratio in [0, 1] written as a number or a
// percentage: "0.4", "40%", "100%". Values above 1 (or 100%) are errors.
func ParseFraction(s string) (Fraction, error) {
	v, err := fractionGrammar.parse(s)
	if err != nil {
		return 0, err
	}
	if v > 1 {
		return 0, fractionGrammar.fail(s, "%g is more than 1 (100%%)", v)
	}
	return Fraction(v), nil
}

// ParseKgCO2PerKWh parses a grid carbon intensity in kg CO2e per kWh:
// "0.42 kg/kWh", "420 g/kWh", "420 gCO2e/kWh", "0.42".
func ParseKgCO2PerKWh(s string) (KgCO2PerKWh, error) {
	v, err := carbonIntensityGrammar.parse(s)
	return KgCO2PerKWh(v), err
}

// ParseJoules parses an energy in joules or watt-hours (1 Wh = 3600 J) with
// an optional k, M, G, T prefix: "3.6e6 J", "1 kWh", "2.5 MWh", "5e9" (J).
func ParseJoules(s string) (Joules, error) {
	v, err := joulesGrammar.parse(s)
	return Joules(v), err
}

// ParseKgCO2 parses a mass of CO2e: "500 kg", "12 t", "1.5 ktCO2e", "500"
// (kg). A tonne is 1000 kg.
func ParseKgCO2(s string) (KgCO2, error) {
	v, err := kgCO2Grammar.parse(s)
	return KgCO2(v), err
}
