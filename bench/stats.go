package bench

import (
	"math"
	"slices"
	"time"
)

// Stat summarises the repeated samples of one rate (FLOP/s or bytes/s, as
// the field holding it says).
type Stat struct {
	Best      float64 `json:"best"`       // highest rate seen; preemption and noise only lower a rate, so the best is the headline (STREAM reports its best time too)
	Median    float64 `json:"median"`     // median rate
	Min       float64 `json:"min"`        // lowest rate
	RelStddev float64 `json:"rel_stddev"` // sample standard deviation ÷ mean, over all samples
	Reps      int     `json:"reps"`       // samples taken (after one warm-up, not counted)
	Stable    bool    `json:"stable"`     // the last MinReps samples agreed within the tolerance before the time ran out
}

// Summarize computes a Stat from rates (stable is left false).
func Summarize(rates []float64) Stat {
	if len(rates) == 0 {
		return Stat{}
	}
	s := slices.Clone(rates)
	slices.Sort(s)
	mean, sd := meanStddev(s)
	st := Stat{Best: s[len(s)-1], Min: s[0], Median: median(s), Reps: len(s)}
	if mean > 0 {
		st.RelStddev = sd / mean
	}
	return st
}

// median of sorted s.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// meanStddev returns the mean and the sample standard deviation (n−1).
func meanStddev(s []float64) (mean, sd float64) {
	for _, x := range s {
		mean += x
	}
	mean /= float64(len(s))
	if len(s) < 2 {
		return mean, 0
	}
	for _, x := range s {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(s)-1))
}

// settled reports whether the last k rates have a relative standard
// deviation below tol.
func settled(rates []float64, k int, tol float64) bool {
	if len(rates) < k || k < 2 {
		return false
	}
	mean, sd := meanStddev(rates[len(rates)-k:])
	return mean > 0 && sd/mean < tol
}

// stopRule says when to stop repeating a measurement: after at least
// MinReps samples and MinTime once the last MinReps agree within Tol
// (relative standard deviation), or when Budget has been spent (but never
// before MinReps samples, nor after MaxReps).
type stopRule struct {
	MinReps, MaxReps int
	Tol              float64
	MinTime, Budget  time.Duration
}

// repeat runs one warm-up sample and then samples until rule says stop.
// sample returns the work done (FLOP or bytes) and the seconds it took.
func repeat(rule stopRule, sample func() (work, seconds float64)) Stat {
	sample() // warm-up: page faults, caches, clock ramp
	var rates []float64
	start := time.Now()
	for n := 1; ; n++ {
		w, sec := sample()
		if sec > 0 {
			rates = append(rates, w/sec)
		}
		elapsed := time.Since(start)
		ok := settled(rates, rule.MinReps, rule.Tol) && elapsed >= rule.MinTime
		spent := elapsed >= rule.Budget
		if (ok || spent) && len(rates) >= rule.MinReps || n >= rule.MaxReps {
			st := Summarize(rates)
			st.Stable = ok
			return st
		}
	}
}
