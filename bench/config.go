package bench

import (
	"fmt"
	"io"
	"time"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/units"
)

// Defaults of Config.
const (
	DefaultDuration    = time.Second // time budget per figure
	DefaultTolerance   = 0.02        // relative standard deviation of the last samples that counts as stable
	DefaultStreamBytes = 1.2e9       // the three STREAM arrays together: 50 M float64 each
	minStreamBytes     = 3 * 8 * 1024
)

// DefaultGemmSizes are the square GEMM sizes measured when Config.GemmSizes
// is empty: about 20 s on a 2-core machine with the other figures.
func DefaultGemmSizes() []int { return []int{256, 512, 1024, 2048} }

// Config says what to measure. The zero value measures everything with the
// defaults.
type Config struct {
	Threads     int           // threads of the all-threads run; 0 = logical CPUs
	Duration    time.Duration // time budget per figure (each figure stops earlier once stable); 0 = DefaultDuration
	Tolerance   float64       // stop once the last samples' relative standard deviation is below this; 0 = DefaultTolerance
	GemmSizes   []int         // square GEMM sizes n (n×n·n×n); nil = DefaultGemmSizes
	StreamBytes units.Bytes   // memory for the three STREAM arrays; 0 = DefaultStreamBytes, capped at a quarter of available memory
	ISA         string        // "generic", "avx2" or "avx512" to force a kernel; "" = the best this CPU supports
	SkipGemm    bool          // leave out the GEMM figures
	SkipStream  bool          // leave out the STREAM figures (then no ridge point)
	Progress    io.Writer     // progress lines, or nil for none
	Now         func() time.Time
}

// maxGemmSize bounds a GEMM size: 3 fp64 matrices of 16384² are 6.4 GB.
const maxGemmSize = 16384

// resolved is a Config with its defaults filled in and checked.
type resolved struct {
	Config
	isa kernels.ISA
}

// resolve fills in defaults and checks the values.
func (c Config) resolve(m Machine) (resolved, error) {
	r := resolved{Config: c}
	if r.Threads < 0 {
		return r, fmt.Errorf("threads %d: want 0 (all CPUs) or more", r.Threads)
	}
	if r.Threads == 0 {
		r.Threads = m.LogicalCPUs
	}
	if r.Duration < 0 || r.Tolerance < 0 || r.StreamBytes < 0 {
		return r, fmt.Errorf("duration, tolerance and stream bytes must not be negative")
	}
	r.Duration = cmpOr(r.Duration, DefaultDuration)
	r.Tolerance = cmpOr(r.Tolerance, DefaultTolerance)
	if r.GemmSizes == nil {
		r.GemmSizes = DefaultGemmSizes()
	}
	if err := checkSizes(r.GemmSizes, m.MemAvailable); err != nil {
		return r, err
	}
	r.isa = kernels.Best()
	if r.ISA != "" {
		isa, err := kernels.ParseISA(r.ISA)
		if err != nil {
			return r, err
		}
		if !kernels.Usable(isa) {
			return r, fmt.Errorf("instruction set %s is not supported by this CPU (best: %s)", isa, kernels.Best())
		}
		r.isa = isa
	}
	r.StreamBytes = streamBytes(r.StreamBytes, m.MemAvailable)
	if r.Now == nil {
		r.Now = time.Now
	}
	return r, nil
}

// streamBytes is the requested size (or the default) capped at a quarter
// of the available memory, at least three 1024-element arrays.
func streamBytes(want, avail units.Bytes) units.Bytes {
	if want == 0 {
		want = DefaultStreamBytes
	}
	if avail > 0 {
		want = min(want, avail/4)
	}
	return max(want, minStreamBytes)
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// checkSizes bounds each GEMM size: 1 … maxGemmSize, and three fp64 n×n
// matrices (24·n² bytes) in at most half the available memory.
func checkSizes(sizes []int, avail units.Bytes) error {
	for _, n := range sizes {
		if n < 1 || n > maxGemmSize {
			return fmt.Errorf("gemm size %d: want 1 to %d", n, maxGemmSize)
		}
		if need := units.Bytes(24 * float64(n) * float64(n)); avail > 0 && need > avail/2 {
			return fmt.Errorf("gemm size %d needs %s for its three matrices, more than half the %s available: choose a smaller size", n, need.IEC(), avail.IEC())
		}
	}
	return nil
}
