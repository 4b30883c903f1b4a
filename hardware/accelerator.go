// Package hardware holds the accelerator catalog: one entry per SKU with
// dense peak FLOP/s per precision, memory capacity and bandwidth, power,
// scale-up interconnect and a source for every entry. The catalog is data
// embedded with go:embed and can be extended or overridden from a JSON file.
package hardware

import (
	"fmt"
	"maps"
	"slices"

	"github.com/flopsdev/flops/units"
)

// Precision names a number format for peak throughput: "fp64", "fp32",
// "tf32", "bf16", "fp16", "fp8", "int8", "fp4".
type Precision string

// The precisions the catalog records.
const (
	FP64 Precision = "fp64"
	FP32 Precision = "fp32"
	TF32 Precision = "tf32"
	BF16 Precision = "bf16"
	FP16 Precision = "fp16"
	FP8  Precision = "fp8"
	INT8 Precision = "int8"
	FP4  Precision = "fp4"
)

// Accelerator is one SKU. Peak rates are dense (no 2:4 structured sparsity);
// sparse figures, where the vendor quotes them, are kept apart in Sparse and
// never used by default.
type Accelerator struct {
	ID         string   `json:"id"`                // lower-case canonical ID, e.g. "h100-sxm"
	Aliases    []string `json:"aliases,omitempty"` // other names, e.g. "h100"
	Vendor     string   `json:"vendor"`
	Name       string   `json:"name"` // marketing name, e.g. "H100 SXM5 80GB"
	FormFactor string   `json:"form_factor,omitempty"`
	Year       int      `json:"release_year"`

	// Dense peak throughput per precision, FLOP/s (OP/s for int8).
	Dense map[Precision]units.FLOPRate `json:"dense_flops"`
	// Sparse (2:4 structured sparsity) peak per precision, FLOP/s, where the
	// vendor quotes one. Informational only.
	Sparse map[Precision]units.FLOPRate `json:"sparse_flops,omitempty"`
	// FP64Vector is the non-tensor (vector) FP64 rate in FLOP/s where the
	// chip also has an FP64 matrix unit; Dense["fp64"] is the matrix rate.
	FP64Vector units.FLOPRate `json:"fp64_vector_flops,omitempty"`

	Memory     units.Bytes    `json:"memory_bytes"`                      // capacity, bytes (decimal GB × 1e9 unless the vendor gives GiB)
	MemoryType string         `json:"memory_type,omitempty"`             // e.g. "HBM3"
	Bandwidth  units.ByteRate `json:"memory_bandwidth_bytes_per_second"` // bytes/s
	TDP        units.Watts    `json:"tdp_watts"`                         // max board/module power, W; 0 = not published

	ScaleUp          string         `json:"scaleup_interconnect,omitempty"`     // e.g. "NVLink 4"
	ScaleUpBandwidth units.ByteRate `json:"scaleup_bandwidth_bytes_per_second"` // aggregate bidirectional per accelerator, bytes/s
	// ScaleUpDomain is the number of accelerators joined by the scale-up
	// interconnect: 8 for HGX/OAM boards, 2 or 4 for bridged PCIe cards, 1
	// for PCIe-only cards, 72 for NVL72 racks, the pod size for TPUs, the
	// UltraServer size for Trainium; 0 = unknown.
	ScaleUpDomain int `json:"scaleup_domain,omitempty"`

	Source     string `json:"source"`               // where the numbers come from
	Notes      string `json:"notes,omitempty"`      // conflicts, derivations, caveats
	Confidence string `json:"confidence,omitempty"` // "high", "medium", "low", free text
}

// Peak returns the dense peak throughput at precision p in FLOP/s (OP/s for
// int8). It never returns a sparse figure. A chip without a rate for p is a
// *PrecisionError naming the precisions it has.
func (a Accelerator) Peak(p Precision) (units.FLOPRate, error) {
	if r, ok := a.Dense[p]; ok && r > 0 {
		return r, nil
	}
	return 0, &PrecisionError{ID: a.ID, Name: a.Name, Precision: p, Have: a.Precisions()}
}

// Ridge returns the roofline ridge point at precision p in FLOP per byte:
// dense peak FLOP/s ÷ memory bandwidth B/s. Kernels with a higher
// arithmetic intensity are compute-bound, lower ones memory-bound.
func (a Accelerator) Ridge(p Precision) (float64, error) {
	peak, err := a.Peak(p)
	if err != nil {
		return 0, err
	}
	if a.Bandwidth <= 0 {
		return 0, fmt.Errorf("accelerator %s: memory bandwidth unknown, so no ridge point (give --bandwidth)", a.ID)
	}
	return float64(peak) / float64(a.Bandwidth), nil
}

// Precisions lists the precisions with a dense peak, in the order of
// AllPrecisions.
func (a Accelerator) Precisions() []Precision {
	var ps []Precision
	for _, p := range AllPrecisions() {
		if a.Dense[p] > 0 {
			ps = append(ps, p)
		}
	}
	return ps
}

// Clone returns a deep copy, so callers can modify it without touching the
// catalog.
func (a Accelerator) Clone() Accelerator {
	a.Aliases = slices.Clone(a.Aliases)
	a.Dense = maps.Clone(a.Dense)
	a.Sparse = maps.Clone(a.Sparse)
	return a
}
