package bench

import (
	"math"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	// Hand arithmetic: rates 1, 2, 3, 4: mean 2.5, sample variance
	// (2.25+0.25+0.25+2.25)/3 = 5/3, sd = 1.2910, rel = 0.5164; median 2.5.
	st := Summarize([]float64{3, 1, 4, 2})
	if st.Best != 4 || st.Min != 1 || st.Median != 2.5 || st.Reps != 4 {
		t.Errorf("Summarize: got best %v min %v median %v reps %d, want 4 1 2.5 4", st.Best, st.Min, st.Median, st.Reps)
	}
	if want := math.Sqrt(5.0/3) / 2.5; math.Abs(st.RelStddev-want) > 1e-12 {
		t.Errorf("RelStddev: got %v, want %v", st.RelStddev, want)
	}
	if got := Summarize(nil); got.Reps != 0 || got.Best != 0 {
		t.Errorf("Summarize(nil) = %+v, want zero", got)
	}
}

func TestSettled(t *testing.T) {
	cases := []struct {
		name  string
		rates []float64
		want  bool
	}{
		{"too few", []float64{1, 1}, false},
		// last three 100, 101, 99: sd 1, rel 0.01 < 0.02.
		{"agree", []float64{50, 100, 101, 99}, true},
		// last three 100, 110, 90: sd 10, rel 0.1.
		{"spread", []float64{100, 110, 90}, false},
	}
	for _, tc := range cases {
		if got := settled(tc.rates, 3, 0.02); got != tc.want {
			t.Errorf("%s: settled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRepeat(t *testing.T) {
	rule := stopRule{MinReps: 3, MaxReps: 50, Tol: 0.02, Budget: time.Hour}
	calls := 0
	// Steady samples: stop right after MinReps (plus the warm-up call).
	st := repeat(rule, func() (float64, float64) { calls++; return 10, 2 })
	if calls != 4 || st.Reps != 3 || st.Best != 5 || !st.Stable {
		t.Errorf("steady: calls %d, %+v; want 4 calls, 3 reps of 5, stable", calls, st)
	}
	// Alternating samples never settle: stop at MaxReps.
	calls = 0
	st = repeat(rule, func() (float64, float64) { calls++; return float64(1 + calls%2), 1 })
	if st.Reps != 50 || st.Stable {
		t.Errorf("noisy: %+v; want 50 reps, not stable", st)
	}
	// A minimum time keeps steady samples going (here until MaxReps).
	st = repeat(stopRule{MinReps: 3, MaxReps: 50, Tol: 0.02, MinTime: time.Hour, Budget: time.Hour},
		func() (float64, float64) { return 10, 2 })
	if st.Reps != 50 {
		t.Errorf("min time: %+v; want 50 reps", st)
	}
	// Samples that take no time are dropped, and the loop still ends.
	st = repeat(rule, func() (float64, float64) { return 1, 0 })
	if st.Reps != 0 {
		t.Errorf("zero-time samples: %+v; want 0 reps", st)
	}
}
