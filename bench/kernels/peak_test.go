package kernels

import (
	"fmt"
	"math"
	"testing"
)

// closedForm is x_n for x_{i+1} = m·x_i + b: m^n·x0 + b·(1−m^n)/(1−m),
// or x0 + n·b when m = 1.
func closedForm(n int, x0, m, b float64) float64 {
	if m == 1 {
		return x0 + float64(n)*b
	}
	mn := math.Pow(m, float64(n))
	return mn*x0 + b*(1-mn)/(1-m)
}

func TestPeak(t *testing.T) {
	cases := []struct {
		trips    int
		x0, m, b float64
	}{
		// 12 steps of x = x/2 + 1 from 1: 2 − 2⁻¹² = 1.999755859375 (exact in fp32).
		{3, 1, 0.5, 1},
		// x = −x + 1 from 3 alternates 3, −2, 3, ...: after 8 steps, 3.
		{2, 3, -1, 1},
		// no trips: the start value.
		{0, 5, 0.5, 1},
		// 400 steps of x = x + 0.25 from 0: 100 (every partial sum exact in fp32).
		{100, 0, 1, 0.25},
	}
	for _, isa := range Supported() {
		for _, tc := range cases {
			name := fmt.Sprintf("%v/trips=%d/m=%g", isa, tc.trips, tc.m)
			want := closedForm(PeakRounds*tc.trips, tc.x0, tc.m, tc.b)
			got64 := Peak(isa, tc.trips, tc.x0, tc.m, tc.b)
			got32 := Peak(isa, tc.trips, float32(tc.x0), float32(tc.m), float32(tc.b))
			if n, w := len(got64), PeakAccumulators(isa)*isa.Lanes(8); n != w {
				t.Errorf("%s: fp64 returned %d lanes, want %d", name, n, w)
			}
			if n, w := len(got32), PeakAccumulators(isa)*isa.Lanes(4); n != w {
				t.Errorf("%s: fp32 returned %d lanes, want %d", name, n, w)
			}
			for i, g := range got64 {
				if math.Abs(g-want) > 1e-12*math.Abs(want) {
					t.Fatalf("%s: fp64 lane %d got %v, want %v", name, i, g, want)
				}
			}
			for i, g := range got32 {
				if math.Abs(float64(g)-want) > 1e-6*math.Abs(want) {
					t.Fatalf("%s: fp32 lane %d got %v, want %v", name, i, g, want)
				}
			}
		}
	}
}

func TestPeakFLOPsPerTrip(t *testing.T) {
	// AVX-512 fp64: 4 rounds × 16 zmm × 8 lanes × 2 FLOP = 1024.
	// AVX2 fp32: 4 rounds × 12 ymm × 8 lanes × 2 FLOP = 768.
	// generic: 4 rounds × 8 scalars × 2 FLOP = 64.
	cases := []struct {
		isa  ISA
		elem int
		want float64
	}{{AVX512, 8, 1024}, {AVX2, 4, 768}, {Generic, 8, 64}, {Generic, 4, 64}}
	for _, tc := range cases {
		if got := PeakFLOPsPerTrip(tc.isa, tc.elem); got != tc.want {
			t.Errorf("PeakFLOPsPerTrip(%v, %d) = %v, want %v", tc.isa, tc.elem, got, tc.want)
		}
	}
}

func TestCycleLoop(t *testing.T) {
	for _, fma := range []bool{false, true} {
		got, ok := CycleLoop(10, fma)
		if !ok {
			t.Skip("no cycle loop on this architecture")
		}
		// 10 trips × 64 adds = 640 cycles.
		if got != 640 {
			t.Errorf("CycleLoop(10, %v) = %v, want 640", fma, got)
		}
	}
}
