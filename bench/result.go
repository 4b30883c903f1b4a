package bench

import (
	"time"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// Result is everything flops bench measured and derived.
type Result struct {
	Date           time.Time   `json:"date"`
	Machine        Machine     `json:"machine"`
	ISA            string      `json:"isa"`              // kernel instruction set used: "avx512", "avx2", "generic"
	VectorBits     int         `json:"vector_bits"`      // widest vector of the CPU, bits (0 if unknown)
	Core           string      `json:"core,omitempty"`   // microarchitecture from the table, e.g. "Emerald Rapids"
	FMAUnits       int         `json:"fma_units"`        // FMA operations per cycle per core at that width
	FMAUnitsSource string      `json:"fma_units_source"` // table entry with its source, or how it was inferred
	Runs           []ThreadRun `json:"runs"`             // one thread, then all threads
	Warnings       []string    `json:"warnings"`
	explain.Trace
}

// ThreadRun is the figures for one thread count.
type ThreadRun struct {
	Threads     int    `json:"threads"`
	Cores       int    `json:"cores"`        // physical cores those threads occupy: min(threads, physical cores)
	ClockHz     Stat   `json:"clock_hz"`     // measured core clock, Hz (mean over the threads of each sample)
	ClockMethod string `json:"clock_method"` // how ClockHz was measured
	// TheoryClockHz is the clock of the theoretical peak, Hz: ClockHz, or
	// the higher clock the peak FMA loop proves (best peak ÷ (cores ×
	// FLOP per cycle)) when that is at most 5 % higher.
	TheoryClockHz float64        `json:"theoretical_clock_hz"`
	Peak          []PeakFigure   `json:"peak"` // fp64, fp32
	Gemm          []GemmFigure   `json:"gemm"`
	Stream        []StreamFigure `json:"stream"` // copy, scale, add, triad
}

// PeakFigure is the FMA throughput of one precision.
type PeakFigure struct {
	Precision     hardware.Precision `json:"precision"`
	FLOPPerSecond Stat               `json:"flop_per_second"`             // measured, FLOP/s
	FLOPPerCycle  float64            `json:"flop_per_cycle_per_core"`     // theoretical: 2 × lanes × FMA units
	Theoretical   units.FLOPRate     `json:"theoretical_flop_per_second"` // cores × clock × FLOP/cycle, FLOP/s (0 if unknown)
	Achieved      units.Fraction     `json:"achieved"`                    // best measured ÷ theoretical (0 if unknown)
	Ridge         float64            `json:"ridge_flop_per_byte"`         // best measured ÷ best triad bandwidth, FLOP/byte (0 without STREAM)
}

// GemmFigure is the throughput of C = A·B on n×n matrices: 2n³ FLOP per
// multiply.
type GemmFigure struct {
	Precision     hardware.Precision `json:"precision"`
	N             int                `json:"n"`
	FLOPPerSecond Stat               `json:"flop_per_second"` // FLOP/s
	OfPeak        units.Fraction     `json:"of_peak"`         // best ÷ measured peak FMA of the same run
	OfTheoretical units.Fraction     `json:"of_theoretical"`  // best ÷ theoretical peak (0 if unknown)
}

// StreamFigure is the bandwidth of one STREAM kernel, bytes counted as
// STREAM counts them (arrays × 8 bytes per element; no write-allocate).
type StreamFigure struct {
	Kernel         string `json:"kernel"`           // copy, scale, add, triad
	ArrayElements  int    `json:"array_elements"`   // float64 elements per array
	BytesPerSecond Stat   `json:"bytes_per_second"` // B/s
}

// AllThreads returns the run with the most threads (the machine's figures).
func (r *Result) AllThreads() *ThreadRun {
	if len(r.Runs) == 0 {
		return nil
	}
	return &r.Runs[len(r.Runs)-1]
}

// PeakOf returns the peak figure of precision p, or nil.
func (r *ThreadRun) PeakOf(p hardware.Precision) *PeakFigure {
	for i := range r.Peak {
		if r.Peak[i].Precision == p {
			return &r.Peak[i]
		}
	}
	return nil
}

// Triad returns the triad figure, or nil.
func (r *ThreadRun) Triad() *StreamFigure {
	for i := range r.Stream {
		if r.Stream[i].Kernel == "triad" {
			return &r.Stream[i]
		}
	}
	return nil
}
