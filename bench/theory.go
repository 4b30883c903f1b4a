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
		clock := run.ClockHz.Best
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
