package bench

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// ErrWrongResult is wrapped by the error of a measurement whose kernel
// computed a wrong result on this CPU: a failure of the machine (or of
// flops), not of the input.
var ErrWrongResult = errors.New("the kernel is wrong on this CPU")

// Precisions measured, in order.
var precisions = [...]hardware.Precision{hardware.FP64, hardware.FP32}

// Run measures the machine as cfg says: one thread, then cfg.Threads
// threads (unless that is one), each with clock, peak FMA, STREAM and GEMM.
func Run(cfg Config) (*Result, error) {
	m, merr := DetectMachine()
	c, err := cfg.resolve(m)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	res := &Result{Date: c.Now().UTC(), Machine: m, ISA: c.isa.String(), VectorBits: vectorBits(m), Warnings: []string{}}
	res.Steps, res.Assumptions = []explain.Step{}, []explain.Assumption{} // [] rather than null in JSON
	if merr != nil {
		res.Warnings = append(res.Warnings, merr.Error())
	}
	threads := []int{1}
	if c.Threads > 1 {
		threads = append(threads, c.Threads)
	}
	if c.Threads > runtime.GOMAXPROCS(0) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d threads but GOMAXPROCS is %d: threads will share CPUs", c.Threads, runtime.GOMAXPROCS(0)))
	}
	for _, t := range threads {
		run, err := measureCompute(c, t, min(t, m.PhysicalCores))
		if err != nil {
			return nil, err
		}
		res.Runs = append(res.Runs, run)
	}
	if !c.SkipStream {
		if err := measureAllStreams(c, res, threads); err != nil {
			return nil, err
		}
	}
	if !c.SkipGemm {
		if err := measureAllGemms(c, res); err != nil {
			return nil, err
		}
	}
	finish(c, res)
	return res, nil
}

// measureCompute measures the clock and the peak FMA rates on t threads.
func measureCompute(c resolved, t, cores int) (ThreadRun, error) {
	run := ThreadRun{Threads: t, Cores: max(1, cores)}
	clock := func() {
		st, how, ok := measureClock(c, t)
		if ok && st.Best > run.ClockHz.Best {
			run.ClockHz, run.ClockMethod = st, how+"; the higher of the measurements before and after the peak FMA loops"
		}
	}
	// The clock is measured before and after the peak loops and the higher
	// reading kept: a cloud host's turbo clock moves with its other load,
	// and the theoretical peak must not sit below what the loops ran at.
	clock()
	for _, p := range precisions {
		st, err := measurePeak(c, t, p)
		if err != nil {
			return run, err
		}
		run.Peak = append(run.Peak, PeakFigure{Precision: p, FLOPPerSecond: st})
		c.progress("%d thread(s): peak FMA %s %s (best of %d, spread %.1f%%)", t, p, units.FLOPRate(st.Best), st.Reps, 100*st.RelStddev)
	}
	clock()
	if run.ClockHz.Reps > 0 {
		c.progress("%d thread(s): clock %.3f GHz (best of %d, spread %.1f%%)", t, run.ClockHz.Best/1e9, run.ClockHz.Reps, 100*run.ClockHz.RelStddev)
	}
	return run, nil
}

// measureAllStreams allocates the STREAM arrays once and runs the four
// kernels for every thread count, then frees them before the GEMMs.
func measureAllStreams(c resolved, res *Result, threads []int) error {
	n := int(float64(c.StreamBytes) / 24)
	c.progress("STREAM: 3 arrays of %d float64 (%s in all)", n, units.Bytes(24*n))
	s := newStreamArrays(n, threads[len(threads)-1])
	for i, t := range threads {
		for _, op := range kernels.StreamOps() {
			st := measureStream(c, s, t, op)
			res.Runs[i].Stream = append(res.Runs[i].Stream, StreamFigure{Kernel: op.String(), ArrayElements: n, BytesPerSecond: st})
			c.progress("%d thread(s): STREAM %-5s %s (best of %d, spread %.1f%%)", t, op, units.ByteRate(st.Best), st.Reps, 100*st.RelStddev)
		}
	}
	err := s.check(len(threads))
	s = streamArrays{}
	debug.FreeOSMemory()
	return err
}

// measureAllGemms runs every size and precision for every thread count.
func measureAllGemms(c resolved, res *Result) error {
	for _, n := range c.GemmSizes {
		for _, p := range precisions {
			for i := range res.Runs {
				run := &res.Runs[i]
				st, err := measureGemm(c, run.Threads, n, p)
				if err != nil {
					return err
				}
				run.Gemm = append(run.Gemm, GemmFigure{Precision: p, N: n, FLOPPerSecond: st})
				c.progress("%d thread(s): GEMM %s n=%d %s (best of %d, spread %.1f%%)", run.Threads, p, n, units.FLOPRate(st.Best), st.Reps, 100*st.RelStddev)
			}
			debug.FreeOSMemory()
		}
	}
	return nil
}
