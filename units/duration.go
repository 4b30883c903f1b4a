package units

import "math"

// Seconds per unit of time.
const (
	secondsPerHour = 3600.0
	secondsPerDay  = 86400.0
	secondsPerYear = 365.25 * secondsPerDay // Julian year
)

// Hours returns the duration in hours (s / 3600).
func (s Seconds) Hours() float64 { return float64(s) / secondsPerHour }

// Days returns the duration in days (s / 86400).
func (s Seconds) Days() float64 { return float64(s) / secondsPerDay }

// String formats with the largest natural unit: "850 ms", "1.50 s",
// "12.5 min", "36.0 h" (below 48 h), "90.0 d" (below one year), "2.70 y"
// (Julian years of 365.25 d). ParseSeconds reads every form back.
func (s Seconds) String() string {
	v := float64(s)
	a := math.Abs(round3(v))
	switch {
	case a == 0 || math.IsNaN(a) || math.IsInf(a, 0):
		return withUnit(v, "s")
	case a < 1e-6:
		return withUnit(v*1e9, "ns")
	case a < 1e-3:
		return withUnit(v*1e6, "µs")
	case a < 1:
		return withUnit(v*1e3, "ms")
	case a < 60:
		return withUnit(v, "s")
	case a < secondsPerHour:
		return withUnit(v/60, "min")
	case a < 48*secondsPerHour:
		return withUnit(v/secondsPerHour, "h")
	case a < secondsPerYear:
		return withUnit(v/secondsPerDay, "d")
	}
	return withUnit(v/secondsPerYear, "y")
}

// KWh returns the energy in kilowatt-hours (J / 3.6e6).
func (j Joules) KWh() float64 { return float64(j) / 3.6e6 }
