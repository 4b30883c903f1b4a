package bench

import (
	"fmt"
	"slices"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// vectorBits is the CPU's widest vector register in bits, from the flags
// /proc/cpuinfo lists (avx512f: 512, avx2: 256), else from the widest ISA
// the kernels can use; 0 when neither says.
func vectorBits(m Machine) int {
	switch {
	case slices.Contains(m.Flags, "avx512f"):
		return 512
	case slices.Contains(m.Flags, "avx2"):
		return 256
	}
	if b := kernels.Best(); b != kernels.Generic {
		return 8 * b.VectorBytes()
	}
	return 0
}

// fmaUnits decides the FMA units per core: the table when the core is in
// it, else inferred from the one-thread fp64 peak (flop/s) and clock (Hz).
func fmaUnits(m Machine, bits int, peak64, clock float64) (units int, core, source string) {
	if k, ok := lookupCore(m.Vendor, m.Family, m.Model, bits == 512); ok {
		return k.FMAUnits, k.Name, fmt.Sprintf("table: %s %s family %#x model %#x: %s", k.Name, m.Vendor, m.Family, m.Model, k.Source)
	}
	if bits == 0 || clock <= 0 || peak64 <= 0 {
		return 0, "", "unknown: vector width or clock not known on this CPU"
	}
	u, how := inferFMAUnits(peak64/clock, bits/64)
	return u, "", how
}

// flopPerCycle is 2 (multiply and add) × lanes × FMA units per core.
func flopPerCycle(bits, units int, p hardware.Precision) float64 {
	return float64(2 * (bits / (8 * elemBytes(p))) * units)
}

// applyTheory fills the theoretical peaks and the percentages of r from
// the FMA units and each run's measured clock, recording the derivation.
func applyTheory(r *Result) {
	for i := range r.Runs {
		run := &r.Runs[i]
		run.TheoryClockHz = theoryClock(r, run)
		clock := run.TheoryClockHz
		for j := range run.Peak {
			pk := &run.Peak[j]
			pk.FLOPPerCycle = flopPerCycle(r.VectorBits, r.FMAUnits, pk.Precision)
			if clock <= 0 || pk.FLOPPerCycle <= 0 {
				continue
			}
			th := float64(run.Cores) * clock * pk.FLOPPerCycle
			pk.Theoretical = units.FLOPRate(r.Add(fmt.Sprintf("theoretical %s peak, %d thread(s)", pk.Precision, run.Threads),
				"cores × clock × 2 × (vector bits ÷ element bits) × FMA units",
				fmt.Sprintf("%d × %.3g Hz × 2 × (%d ÷ %d) × %d", run.Cores, clock, r.VectorBits, 8*elemBytes(pk.Precision), r.FMAUnits),
				th, "FLOP/s", units.FLOPRate(th).String()))
			pk.Achieved = units.Fraction(pk.FLOPPerSecond.Best / th)
		}
		for j := range run.Gemm {
			g := &run.Gemm[j]
			if pk := run.PeakOf(g.Precision); pk != nil {
				g.OfPeak = frac(g.FLOPPerSecond.Best, pk.FLOPPerSecond.Best)
				g.OfTheoretical = frac(g.FLOPPerSecond.Best, float64(pk.Theoretical))
			}
		}
		applyRidge(r, run)
	}
}

// maxProvenExcess bounds how far above the measured clock the peak FMA loop
// may show the core ran before the disagreement is reported instead of
// taken as the clock: 5 %. On the development machine (AMD Zen 5, a
// shared cloud VM) the fp64 FMA loop ran 1–2 % faster than the add chain's
// clock allows, in the median of 300 interleaved pairs.
const maxProvenExcess = 1.05

// theoryClock is the clock of the theoretical peak: the measured clock, or
// the higher clock that the peak FMA loop proves when the FMA units come
// from the table (best peak ÷ (cores × FLOP per cycle): the core cannot
// issue more FMAs per cycle than it has units, so it ran at least that
// fast). A loop faster than maxProvenExcess × the measured clock allows is
// not absorbed: the clock or the FMA units are wrong, and a warning says so.
func theoryClock(r *Result, run *ThreadRun) float64 {
	measured := run.ClockHz.Best
	clock := measured
	if measured <= 0 || r.Core == "" { // units inferred from the peak itself: the bound would be circular
		return clock
	}
	for _, pk := range run.Peak {
		perCycle := float64(run.Cores) * flopPerCycle(r.VectorBits, r.FMAUnits, pk.Precision)
		proven := pk.FLOPPerSecond.Best / perCycle
		switch {
		case proven <= clock:
		case proven <= maxProvenExcess*measured:
			clock = proven
		default:
			r.Warnings = append(r.Warnings, fmt.Sprintf("peak FMA %s on %d thread(s) ran %.0f%% faster than %d FMA units at the measured %.3g GHz allow: "+
				"the clock reading or the FMA unit count (%s) is wrong", pk.Precision, run.Threads, 100*(proven/measured-1), r.FMAUnits, measured/1e9, r.Core))
		}
	}
	if clock > measured {
		r.Add(fmt.Sprintf("clock of the theoretical peak, %d thread(s)", run.Threads),
			"max(measured clock, best peak FMA ÷ (cores × FLOP per cycle))",
			fmt.Sprintf("max(%.4g Hz, proven by the peak FMA loop)", measured), clock, "Hz", fmt.Sprintf("%.3f GHz", clock/1e9))
	}
	return clock
}

// applyRidge sets each precision's ridge point: measured peak FLOP/s ÷
// measured triad bytes/s.
func applyRidge(r *Result, run *ThreadRun) {
	tr := run.Triad()
	if tr == nil || tr.BytesPerSecond.Best <= 0 {
		return
	}
	for j := range run.Peak {
		pk := &run.Peak[j]
		pk.Ridge = r.Add(fmt.Sprintf("ridge point %s, %d thread(s)", pk.Precision, run.Threads),
			"measured peak FMA FLOP/s ÷ measured triad bandwidth",
			fmt.Sprintf("%.4g ÷ %.4g", pk.FLOPPerSecond.Best, tr.BytesPerSecond.Best),
			pk.FLOPPerSecond.Best/tr.BytesPerSecond.Best, "FLOP/byte", "")
	}
}

func frac(x, of float64) units.Fraction {
	if of <= 0 {
		return 0
	}
	return units.Fraction(x / of)
}
