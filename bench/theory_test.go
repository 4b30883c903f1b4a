package bench

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/hardware"
)

func TestFlopPerCycle(t *testing.T) {
	// 2 FLOP per FMA × lanes × units: AVX-512 with 2 units: fp64 2×8×2 = 32,
	// fp32 2×16×2 = 64 (the 32 fp64 FLOP/cycle/core of Intel's Xeon
	// Scalable datasheets); AVX2 with 2 units: fp64 2×4×2 = 16.
	cases := []struct {
		bits, units int
		p           hardware.Precision
		want        float64
	}{{512, 2, hardware.FP64, 32}, {512, 2, hardware.FP32, 64}, {256, 2, hardware.FP64, 16}, {512, 1, hardware.FP64, 16}}
	for _, tc := range cases {
		if got := flopPerCycle(tc.bits, tc.units, tc.p); got != tc.want {
			t.Errorf("flopPerCycle(%d, %d, %s) = %v, want %v", tc.bits, tc.units, tc.p, got, tc.want)
		}
	}
}

func TestLookupCore(t *testing.T) {
	cases := []struct {
		vendor        string
		family, model int
		avx512        bool
		want          int
		known         bool
	}{
		{"GenuineIntel", 6, 0xCF, true, 2, true},  // Emerald Rapids
		{"GenuineIntel", 6, 0x3C, false, 2, true}, // Haswell
		{"GenuineIntel", 6, 0x55, true, 0, false}, // Skylake-SP: differs by SKU
		{"AuthenticAMD", 0x19, 0x11, true, 1, true},
		{"AuthenticAMD", 0x1A, 0x02, true, 2, true},
		{"SomethingElse", 1, 1, false, 0, false},
	}
	for _, tc := range cases {
		k, ok := lookupCore(tc.vendor, tc.family, tc.model, tc.avx512)
		if ok != tc.known || k.FMAUnits != tc.want {
			t.Errorf("lookupCore(%s, %#x, %#x) = %d units, known %v; want %d, %v", tc.vendor, tc.family, tc.model, k.FMAUnits, ok, tc.want, tc.known)
		}
	}
}

func TestInferFMAUnits(t *testing.T) {
	// 29.5 FLOP/cycle with 8 fp64 lanes: 29.5 / 16 = 1.84 → 2 units;
	// 7 FLOP/cycle with 4 lanes: 7 / 8 = 0.875 → 1 unit.
	if u, _ := inferFMAUnits(29.5, 8); u != 2 {
		t.Errorf("inferFMAUnits(29.5, 8) = %d, want 2", u)
	}
	if u, _ := inferFMAUnits(7, 4); u != 1 {
		t.Errorf("inferFMAUnits(7, 4) = %d, want 1", u)
	}
}

// syntheticResult is a 2-core AVX-512 machine at 3 GHz with two FMA units
// (theoretical fp64 2 × 3e9 × 32 = 192 GFLOP/s) measuring 172.8 GFLOP/s
// fp64, 345.6 GFLOP/s fp32, a 2048 fp64 GEMM at 134.4 GFLOP/s and a triad
// of 32 GB/s.
func syntheticResult() *Result {
	st := func(v float64) Stat { return Stat{Best: v, Median: v, Min: v, Reps: 5, Stable: true} }
	return &Result{
		Machine:    Machine{ModelName: "Test CPU", Vendor: "GenuineIntel", Family: 6, Model: 0xCF, LogicalCPUs: 2, PhysicalCores: 2, MemTotal: 16e9},
		ISA:        "avx512",
		VectorBits: 512, FMAUnits: 2,
		Runs: []ThreadRun{{
			Threads: 2, Cores: 2, ClockHz: st(3e9),
			Peak: []PeakFigure{{Precision: hardware.FP64, FLOPPerSecond: st(172.8e9)}, {Precision: hardware.FP32, FLOPPerSecond: st(345.6e9)}},
			Gemm: []GemmFigure{{Precision: hardware.FP64, N: 2048, FLOPPerSecond: st(134.4e9)}},
			Stream: []StreamFigure{{Kernel: "copy", ArrayElements: 1000, BytesPerSecond: st(30e9)},
				{Kernel: "triad", ArrayElements: 1000, BytesPerSecond: st(32e9)}},
		}},
	}
}

func TestApplyTheory(t *testing.T) {
	r := syntheticResult()
	applyTheory(r)
	run := r.Runs[0]
	pk := run.PeakOf(hardware.FP64)
	// 2 cores × 3e9 Hz × 32 FLOP/cycle = 192e9; 172.8 / 192 = 0.9.
	if math.Abs(float64(pk.Theoretical)-192e9) > 1 || math.Abs(float64(pk.Achieved)-0.9) > 1e-12 {
		t.Errorf("fp64: theoretical %v, achieved %v; want 192e9, 0.9", float64(pk.Theoretical), float64(pk.Achieved))
	}
	// Ridge 172.8e9 / 32e9 = 5.4 FLOP/byte.
	if math.Abs(pk.Ridge-5.4) > 1e-12 {
		t.Errorf("fp64 ridge = %v, want 5.4", pk.Ridge)
	}
	// GEMM 134.4 / 172.8 = 0.7778 of peak, 134.4 / 192 = 0.7 of theoretical.
	g := run.Gemm[0]
	if math.Abs(float64(g.OfPeak)-134.4/172.8) > 1e-12 || math.Abs(float64(g.OfTheoretical)-0.7) > 1e-12 {
		t.Errorf("gemm: of peak %v, of theoretical %v; want 0.7778, 0.7", float64(g.OfPeak), float64(g.OfTheoretical))
	}
	if len(r.Steps) != 4 {
		t.Errorf("got %d derivation steps, want 4 (2 theoretical peaks, 2 ridge points)", len(r.Steps))
	}
}

// TestTheoryClockProvenByPeak: with the FMA units from the table, a peak
// FMA loop that ran up to 5 % faster than the measured clock allows sets
// the clock of the theoretical peak (so no figure reads above 100 %); a
// larger excess is reported, not absorbed.
func TestTheoryClockProvenByPeak(t *testing.T) {
	cases := []struct {
		name         string
		peak64       float64
		wantClock    float64
		wantAchieved float64
		wantWarning  bool
	}{
		// 2 cores × 32 FLOP/cycle at 3 GHz = 192e9.
		{"below theoretical", 172.8e9, 3e9, 0.9, false},
		// 195.84e9 / 64 = 3.06e9 Hz, 2 % above the measured clock.
		{"2% above", 195.84e9, 3.06e9, 1, false},
		// 211.2e9 / 64 = 3.3e9 Hz, 10 % above: kept at 3 GHz, 110 %, warned.
		{"10% above", 211.2e9, 3e9, 1.1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := syntheticResult()
			r.Core = "Emerald Rapids"
			r.Runs[0].Peak[0].FLOPPerSecond.Best = tc.peak64
			r.Runs[0].Peak[1].FLOPPerSecond.Best = 300e9 // fp32 well below its 384e9
			applyTheory(r)
			run := r.Runs[0]
			pk := run.PeakOf(hardware.FP64)
			if math.Abs(run.TheoryClockHz-tc.wantClock) > 1 || math.Abs(float64(pk.Achieved)-tc.wantAchieved) > 1e-9 {
				t.Errorf("clock %v Hz, achieved %v; want %v Hz, %v", run.TheoryClockHz, float64(pk.Achieved), tc.wantClock, tc.wantAchieved)
			}
			if got := len(r.Warnings) > 0; got != tc.wantWarning {
				t.Errorf("warnings %q; want a warning: %v", r.Warnings, tc.wantWarning)
			}
			if g := run.Gemm[0]; g.OfTheoretical > pk.Achieved {
				t.Errorf("GEMM at %v of theoretical, above the peak loop's %v", float64(g.OfTheoretical), float64(pk.Achieved))
			}
		})
	}
}

// TestTheoryClockInferredUnits: when the FMA units were inferred from the
// peak itself (core not in the table), the peak proves nothing about the
// clock, which stays as measured.
func TestTheoryClockInferredUnits(t *testing.T) {
	r := syntheticResult()
	r.Runs[0].Peak[0].FLOPPerSecond.Best = 195.84e9
	applyTheory(r)
	if got := r.Runs[0].TheoryClockHz; got != 3e9 {
		t.Errorf("clock %v Hz, want the measured 3e9", got)
	}
}
