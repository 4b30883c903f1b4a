package bench

import (
	"fmt"

	"github.com/flopsdev/flops/units"
)

// finish decides the FMA units, derives the theoretical peaks and ridge
// points, and records the assumptions and warnings.
func finish(c resolved, res *Result) {
	one := &res.Runs[0]
	var pk64 float64
	if p := one.PeakOf("fp64"); p != nil {
		pk64 = p.FLOPPerSecond.Best
	}
	res.FMAUnits, res.Core, res.FMAUnitsSource = fmaUnits(res.Machine, res.VectorBits, pk64, one.ClockHz.Best)
	applyTheory(res)
	res.Assume("vector width", fmt.Sprintf("%d bits", res.VectorBits), "CPU flags (avx512f → 512, avx2 → 256)")
	res.Assume("FMA units per core", fmt.Sprint(res.FMAUnits), res.FMAUnitsSource)
	if one.ClockMethod != "" {
		res.Assume("clock", "measured, best sample of each run", one.ClockMethod)
	} else {
		res.Warnings = append(res.Warnings, "no cycle loop on this architecture: the clock and the theoretical peak are unknown")
	}
	res.Assume("figures", "best sample of each measurement; spread is the relative standard deviation over all samples",
		fmt.Sprintf("repeated until the last samples agree within %.0f%% or %v is spent", 100*c.Tolerance, c.Duration))
	res.Assume("STREAM bytes", "arrays × 8 bytes per element, no write-allocate traffic", "McCalpin, STREAM benchmark rules")
	if m := res.Machine; m.Load > 0.25*float64(m.LogicalCPUs) {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"load average %.1f on %d CPUs when the run started: other work competed for the CPUs, so the figures may read low", m.Load, m.LogicalCPUs))
	}
	streamWarnings(c, res)
	unstableWarnings(res)
}

// streamWarnings flags STREAM arrays that are small against the last-level
// cache: STREAM's rule asks for each array to be at least 4 × the LLC.
func streamWarnings(c resolved, res *Result) {
	llc := res.Machine.LLC
	per := units.Bytes(float64(c.StreamBytes) / 3)
	if c.SkipStream || llc <= 0 || per >= 4*llc {
		return
	}
	res.Warnings = append(res.Warnings, fmt.Sprintf(
		"STREAM arrays are %s each, %.1f× the %s last-level cache (STREAM asks for 4×): bandwidth may read high if much of the data stays cached",
		per.IEC(), float64(per/llc), llc.IEC()))
}

// unstableWarnings lists the figures whose last samples never agreed.
func unstableWarnings(res *Result) {
	var n int
	for _, run := range res.Runs {
		for _, p := range run.Peak {
			n += unstable(p.FLOPPerSecond)
		}
		for _, g := range run.Gemm {
			n += unstable(g.FLOPPerSecond)
		}
		for _, s := range run.Stream {
			n += unstable(s.BytesPerSecond)
		}
	}
	if n > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"%d figure(s) did not settle within the tolerance before the time budget: the machine is busy or noisy; the best samples are still shown, rerun on a quiet machine or with a longer --duration", n))
	}
}

func unstable(s Stat) int {
	if s.Reps > 0 && !s.Stable {
		return 1
	}
	return 0
}
