package bench

import (
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/hardware"
)

// shortSample is the length of one clock or peak sample: short, so that a
// sample the OS scheduler interrupts is one of many and the best of them
// is the machine's figure.
const shortSample = 20 * time.Millisecond

func (c resolved) rule(minReps int) stopRule {
	return stopRule{MinReps: minReps, MaxReps: 100000, Tol: c.Tolerance, Budget: c.Duration}
}

// shortRule is the rule for the clock and peak loops, whose samples are
// short: they also run for half the budget, so that the best sample is
// taken from many and one quiet moment of a busy machine is enough.
func (c resolved) shortRule() stopRule {
	r := c.rule(5)
	r.MinTime = c.Duration / 2
	return r
}

// progress writes one line to c.Progress.
func (c resolved) progress(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, "bench: "+format+"\n", args...)
	}
}

// measureClock times the dependent-add loop on t threads at once; each
// sample is the mean of the threads' clocks. ok is false off amd64.
func measureClock(c resolved, t int) (st Stat, method string, ok bool) {
	avx := c.isa == kernels.AVX512
	if _, ok := kernels.CycleLoop(1, avx); !ok {
		return Stat{}, "", false
	}
	trips := calibrate(shortSample, func(n int) { kernels.CycleLoop(n, avx) })
	cpuTimed := true
	st = repeat(c.shortRule(), func() (float64, float64) {
		hz := make([]float64, t)
		parallel(t, func(i int) {
			var sec float64
			sec, cpuTimed = runningSeconds(func() { kernels.CycleLoop(trips, avx) })
			hz[i] = float64(trips*kernels.CycleChain) / sec
		})
		sum := 0.0
		for _, h := range hz {
			sum += h
		}
		return sum / float64(t), 1 // the "rate" of this sample is the mean clock, Hz
	})
	method = fmt.Sprintf("timed a chain of %d dependent register adds (1 cycle each) per trip on %d thread(s) at once", kernels.CycleChain, t)
	if avx {
		method += ", with 512-bit FMAs interleaved so the core runs at its AVX-512 clock"
	}
	if cpuTimed {
		method += ", by the thread's CPU time (time the OS gave to other work is not counted)"
	} else {
		method += ", by wall-clock time (no per-thread CPU clock here: reads low on a busy machine)"
	}
	return st, method, true
}

// runningSeconds runs f locked to one OS thread and returns the seconds
// the thread ran for: its CPU time where the OS keeps one (cpuTimed),
// else the wall-clock time.
//
// Timing the clock loop by the wall clock was why "flops bench --quick"
// showed GEMM at 111–118 % of the theoretical peak on a shared machine: a
// 20 ms clock sample spans several scheduler time slices, so on a busy
// machine every sample included time the thread sat preempted and the
// clock read low (1.9 GHz for 3.4 under load on the development machine);
// a GEMM sample of 0.4 ms fits between preemptions, so its best sample
// ran undisturbed at the full clock.
func runningSeconds(f func()) (sec float64, cpuTimed bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := threadCPUTime()
	t0 := time.Now()
	f()
	wall := time.Since(t0).Seconds()
	if c1, ok1 := threadCPUTime(); ok && ok1 && c1 > c0 {
		return (c1 - c0).Seconds(), true
	}
	return wall, false
}

// measurePeak times the FMA peak loop of precision p on t threads and
// checks its result against the closed form.
func measurePeak(c resolved, t int, p hardware.Precision) (Stat, error) {
	per := kernels.PeakFLOPsPerTrip(c.isa, elemBytes(p))
	run := func(trips int) []float64 { return peakRun(c.isa, p, trips) }
	trips := calibrate(shortSample, func(n int) { run(n) })
	var bad error
	st := repeat(c.shortRule(), func() (float64, float64) {
		var got []float64
		sec := parallel(t, func(i int) {
			out := run(trips)
			if i == 0 {
				got = out
			}
		})
		if err := checkPeak(got, trips, p); err != nil {
			bad = err
		}
		return per * float64(trips*t), sec
	})
	return st, bad
}

// Peak loop inputs: x = x·0.5 + 1 from 1 converges to 2 and stays finite
// and normal however long it runs, so no denormal slows it.
const peakX0, peakM, peakB = 1, 0.5, 1

func peakRun(isa kernels.ISA, p hardware.Precision, trips int) []float64 {
	if p == hardware.FP32 {
		out := kernels.Peak[float32](isa, trips, peakX0, peakM, peakB)
		res := make([]float64, len(out))
		for i, v := range out {
			res[i] = float64(v)
		}
		return res
	}
	return kernels.Peak[float64](isa, trips, peakX0, peakM, peakB)
}

// checkPeak compares every lane with m^n·x0 + b·(1−m^n)/(1−m).
func checkPeak(got []float64, trips int, p hardware.Precision) error {
	n := float64(kernels.PeakRounds * trips)
	mn := math.Pow(peakM, n)
	want := mn*peakX0 + peakB*(1-mn)/(1-peakM)
	for i, g := range got {
		if math.Abs(g-want) > 1e-5*want {
			return fmt.Errorf("peak %s kernel: lane %d is %g, want %g: %w", p, i, g, want, ErrWrongResult)
		}
	}
	return nil
}

func elemBytes(p hardware.Precision) int {
	if p == hardware.FP32 {
		return 4
	}
	return 8
}
