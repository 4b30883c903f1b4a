package goodput

import (
	"math"
	"math/rand/v2"
	"testing"
)

// within reports whether got is within rel (relative) of want.
func within(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func TestYoungInterval(t *testing.T) {
	// Hand arithmetic: M = 3 h = 10,800 s, δ = 60 s:
	// τ = √(2 × 60 × 10,800) = √1,296,000 = 1,138.4 s.
	if got := YoungInterval(60, 3*3600); !within(got, 1138.4, 1e-4) {
		t.Errorf("Young(δ=60 s, M=3 h): got %.2f s, want 1,138.4 s", got)
	}
}

func TestDalyInterval(t *testing.T) {
	// Hand arithmetic, Daly 2006 eq. 37 at δ = 60 s, M = 10,800 s:
	// x = δ/2M = 1/360; √(2δM)·(1 + √x/3 + x/9) − δ
	// = 1,138.42 × (1 + 0.017568 + 0.000309) − 60 = 1,098.77 s.
	if got := DalyInterval(60, 10800); !within(got, 1098.77, 1e-4) {
		t.Errorf("Daly(δ=60 s, M=3 h): got %.2f s, want 1,098.77 s", got)
	}
	// Past δ ≥ 2M Daly sets τ = M.
	if got := DalyInterval(30, 10); got != 10 {
		t.Errorf("Daly(δ=30, M=10): got %g, want M = 10", got)
	}
}

// optimum finds the τ maximising LogGoodput by golden-section search on
// ln τ over [1e-6·M, 10·M] (LogGoodput is unimodal in τ).
func optimum(delta, restart, m float64) float64 {
	lo, hi := math.Log(1e-6*m), math.Log(10*m)
	f := func(x float64) float64 { return LogGoodput(math.Exp(x), delta, restart, m) }
	const phi = 0.6180339887498949
	for range 200 {
		a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
		if f(a) < f(b) {
			lo = a
		} else {
			hi = b
		}
	}
	return math.Exp((lo + hi) / 2)
}

func TestDalyNearExactOptimum(t *testing.T) {
	// Daly's estimate should give the goodput of the exact model's optimum
	// to within 0.1 % from δ ≪ M up to δ = M/2 (Daly 2006 §5 reports his
	// estimate within a few tenths of a percent of the optimal wall time).
	m := 10000.0
	for _, ratio := range []float64{1e-6, 1e-4, 1e-2, 0.1, 0.5} {
		d := ratio * m
		best := Goodput(optimum(d, 0, m), d, 0, m)
		got := Goodput(DalyInterval(d, m), d, 0, m)
		if got < best*(1-1e-3) {
			t.Errorf("δ/M = %g: Daly goodput %.5f, optimum %.5f: more than 0.1%% short", ratio, got, best)
		}
	}
}

func TestGoodputFirstOrder(t *testing.T) {
	// For δ, R ≪ M the exact goodput matches 1 − δ/τ − (τ/2 + R)/M up to
	// second-order terms: (δ/τ)² + (τ/M)² + δ/2M = 5e-5 + 2e-4 + 5e-5 here.
	d, r, m := 10.0, 100.0, 1e5
	tau := YoungInterval(d, m) // √(2 × 10 × 1e5) = 1,414.2 s
	first := 1 - d/tau - (tau/2+r)/m
	if got := Goodput(tau, d, r, m); math.Abs(got-first) > 3e-4 {
		t.Errorf("goodput %.6f, first order %.6f: differ by more than 3e-4", got, first)
	}
}

// simulate runs a seeded event simulation of n checkpoint intervals: each
// needs τ+δ uninterrupted seconds; a failure (exponential, mean m, also
// during restarts) sends the job back to the last checkpoint after a
// restart of r seconds. It returns useful time over wall time.
func simulate(tau, delta, r, m float64, n int, rng *rand.Rand) float64 {
	wall := 0.0
	for range n {
		need := tau + delta
		for {
			f := rng.ExpFloat64() * m
			if f >= need {
				wall += need
				break
			}
			wall += f
			need = r + tau + delta
		}
	}
	return float64(n) * tau / wall
}

func TestGoodputMatchesSimulation(t *testing.T) {
	// Daly's closed form against an independent event simulation, in the
	// regime where failures are frequent (M comparable to τ): 200,000
	// intervals give a standard error of about 0.2 %; tolerance 1 %.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ tau, delta, r, m float64 }{
		{0.3, 0.05, 0.1, 1},     // G = 0.3 / (e^0.1 · (e^0.35 − 1)) = 0.648
		{1, 0.2, 0.5, 1},        // frequent failures: G = 0.194
		{250, 2.84, 603, 11135}, // the Llama 3 default case
	} {
		want := Goodput(c.tau, c.delta, c.r, c.m)
		got := simulate(c.tau, c.delta, c.r, c.m, 200000, rng)
		if !within(got, want, 0.01) {
			t.Errorf("τ=%g δ=%g R=%g M=%g: simulated %.4f, formula %.4f", c.tau, c.delta, c.r, c.m, got, want)
		}
	}
}

func TestGoodputNoOverflow(t *testing.T) {
	// M = 1 ns against a 10-minute restart: e^{R/M} is e^(6e11); the log
	// form returns 0, never NaN or Inf.
	for _, m := range []float64{1e-9, 1e-3, 1, 1e3, 1e9, 1e15} {
		g := Goodput(DalyInterval(1, m), 1, 600, m)
		if math.IsNaN(g) || g < 0 || g > 1 {
			t.Errorf("M = %g: goodput %v, want a number in [0, 1]", m, g)
		}
	}
}

// TestSweepSizes: sizes √2 apart (to the rounding of whole accelerators),
// so a decade holds log(10)/log(√2) = 6.64 of them as flops goodput's help
// says, and the last is the range's end.
func TestSweepSizes(t *testing.T) {
	sizes, err := SweepSizes(1000, 1000000000)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(sizes)-1; i++ {
		if r := float64(sizes[i]) / float64(sizes[i-1]); math.Abs(r-math.Sqrt2) > 1.5/float64(sizes[i-1]) {
			t.Errorf("%d → %d: ratio %.4f, want √2", sizes[i-1], sizes[i], r)
		}
	}
	if perDecade := float64(len(sizes)-1) / 6; math.Abs(perDecade-6.64) > 0.2 || sizes[len(sizes)-1] != 1000000000 {
		t.Errorf("%d sizes over six decades (%.2f per decade), last %d; want 6.64 per decade ending at 1e9", len(sizes), perDecade, sizes[len(sizes)-1])
	}
}
