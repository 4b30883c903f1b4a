package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// LocalID is the catalog ID of a measured machine: flops infer --hw-file
// FILE --gpu local.
const LocalID = "local"

// Accelerator turns the all-threads figures into a catalog entry with ID
// "local": dense fp64 and fp32 peaks = the measured peak FMA rates,
// bandwidth = the measured STREAM triad, memory = MemTotal. It fails when
// a figure the catalog requires was not measured.
func (r *Result) Accelerator() (hardware.Accelerator, error) {
	run := r.AllThreads()
	if run == nil {
		return hardware.Accelerator{}, fmt.Errorf("bench result has no runs")
	}
	dense := map[hardware.Precision]units.FLOPRate{}
	for _, p := range run.Peak {
		dense[p.Precision] = units.FLOPRate(p.FLOPPerSecond.Best)
	}
	tr := run.Triad()
	if tr == nil {
		return hardware.Accelerator{}, fmt.Errorf("bench result has no STREAM triad: measure bandwidth to save a hardware entry")
	}
	name := strings.TrimSpace(r.Machine.ModelName)
	if name == "" {
		name = "unknown CPU"
	}
	a := hardware.Accelerator{
		ID:         LocalID,
		Vendor:     vendorName(r.Machine.Vendor),
		Name:       fmt.Sprintf("%s (%d threads, measured)", name, run.Threads),
		FormFactor: "CPU",
		Dense:      dense,
		Memory:     r.Machine.MemTotal,
		MemoryType: "DRAM",
		Bandwidth:  units.ByteRate(tr.BytesPerSecond.Best),
		Source:     fmt.Sprintf("measured by flops bench on %s, %s", r.Date.Format("2006-01-02"), name),
		Notes:      r.acceleratorNotes(run),
		Confidence: "measured",
	}
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("measured hardware entry: %w", err)
	}
	return a, nil
}

// acceleratorNotes says what each figure is.
func (r *Result) acceleratorNotes(run *ThreadRun) string {
	var b strings.Builder
	fmt.Fprintf(&b, "dense_flops: best peak FMA loop (%s kernels) on %d threads", r.ISA, run.Threads)
	for _, p := range run.Peak {
		if p.Theoretical > 0 {
			fmt.Fprintf(&b, "; %s %.0f%% of theoretical %s", p.Precision, 100*float64(p.Achieved), p.Theoretical)
		}
	}
	b.WriteString(". memory_bandwidth: best STREAM triad. memory_bytes: MemTotal.")
	return b.String()
}

func vendorName(cpuid string) string {
	switch cpuid {
	case "GenuineIntel":
		return "Intel"
	case "AuthenticAMD":
		return "AMD"
	case "":
		return "unknown"
	}
	return cpuid
}

// WriteAccelerator writes a as a one-entry JSON array in the catalog's
// format, the file that hardware.ReadJSON and --hw-file read.
func WriteAccelerator(w io.Writer, a hardware.Accelerator) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode([]hardware.Accelerator{a})
}
