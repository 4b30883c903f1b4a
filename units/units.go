// Package units defines the typed quantities of compute arithmetic (FLOPs,
// FLOP/s, bytes, bytes/s, parameters, tokens, seconds, dollars, joules,
// watts, kg CO2) as float64-based types, with parsers for what people type
// ("7B", "989 TFLOP/s", "80GiB", "$2/h", "90d", "40%") and formatters with
// SI prefixes (IEC for binary sizes).
//
// All values are held in SI base units: FLOPs, FLOP/s, bytes, bytes/s,
// seconds, US dollars, joules, watts, kilograms of CO2e. JSON encodes the
// raw base-unit number.
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
