// Package hardware holds the accelerator catalog: one entry per SKU with
// dense peak FLOP/s per precision, memory capacity and bandwidth, power,
// scale-up interconnect and a source for every entry. The catalog is data
// embedded with go:embed and can be extended or overridden from a JSON file.
package hardware

import "github.com/flopsdev/flops/units"

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

	Memory    units.Bytes    `json:"memory_bytes"`                      // capacity, bytes
	Bandwidth units.ByteRate `json:"memory_bandwidth_bytes_per_second"` // bytes/s
	TDP       units.Watts    `json:"tdp_watts"`

	ScaleUp          string         `json:"scaleup_interconnect,omitempty"`     // e.g. "NVLink 4"
	ScaleUpBandwidth units.ByteRate `json:"scaleup_bandwidth_bytes_per_second"` // aggregate bidirectional per accelerator, bytes/s
	ScaleUpDomain    int            `json:"scaleup_domain,omitempty"`           // accelerators in one scale-up domain (8 for HGX, 72 for NVL72)

	Source     string `json:"source"`
	Notes      string `json:"notes,omitempty"`
	Confidence string `json:"confidence,omitempty"`
}
