// Package units defines the typed quantities of compute arithmetic (FLOPs,
// FLOP/s, bytes, bytes/s, parameters, tokens, seconds, dollars, joules,
// watts, kg CO2) as float64-based types, with parsers for what people type
// ("7B", "989 TFLOP/s", "80GiB", "$2/h", "90d", "40%") and formatters with
// SI prefixes (IEC for binary sizes).
//
// All values are held in SI base units: FLOPs, FLOP/s, bytes, bytes/s,
// seconds, US dollars, joules, watts, kilograms of CO2e. JSON encodes the
// raw base-unit number.
//
// Parsing: a non-negative decimal number (exponent allowed: "4.2e22")
// followed by an optional suffix, spaces allowed, units case-insensitive.
// Counts (params, tokens) take K, M, B, T; FLOPs and rates take SI prefixes
// k, M, G, T, P, E, Z, Y; sizes distinguish decimal GB (1e9) from binary GiB
// (2^30) and reject a bare "G". Errors are *ParseError values naming the
// accepted forms. NaN, Inf, negative values and overflow are rejected.
//
// Formatting: String rounds to 3 significant digits with the largest prefix
// not above the value: FLOPs "42.0 ZFLOP", FLOPRate "989 TFLOP/s", Bytes
// "80.0 GB" (decimal; IEC gives "74.5 GiB"), ByteRate "3.35 TB/s", Params
// "7.00B", Tokens "1.00T", Seconds "36.0 h" / "90.0 d", USD "$47.2K",
// USDPerHour "$2.00/h", Joules "12.3 MWh", Watts "700 W", KgCO2
// "12.3 t CO2e", KgCO2PerKWh "0.420 kg/kWh", Fraction "40.0%". Every
// formatted value parses back to within 0.5 %.
package units

// FLOPs is a count of floating-point operations (one add or one multiply;
// a fused multiply-add is 2 FLOPs).
type FLOPs float64

// FLOPRate is a throughput in FLOP/s.
type FLOPRate float64

// Bytes is a size in bytes.
type Bytes float64

// ByteRate is a bandwidth in bytes/s.
type ByteRate float64

// Params is a count of model parameters.
type Params float64

// Tokens is a count of tokens.
type Tokens float64

// Seconds is a duration in seconds. Long durations (GPU-hours, days) stay
// in float64 seconds; time.Duration overflows at 292 years.
type Seconds float64

// USD is an amount of money in US dollars.
type USD float64

// USDPerHour is a price in US dollars per (accelerator-)hour.
type USDPerHour float64

// Joules is an energy in joules (1 kWh = 3.6e6 J).
type Joules float64

// Watts is a power in watts.
type Watts float64

// KgCO2 is a mass of CO2-equivalent in kilograms.
type KgCO2 float64

// KgCO2PerKWh is a grid carbon intensity in kg CO2e per kWh.
type KgCO2PerKWh float64

// Fraction is a dimensionless ratio, usually in [0, 1] (utilization, MFU).
type Fraction float64
