package perf

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// DefaultScaleOut is the scale-out bandwidth per GPU assumed when the user
// gives none: one 400 Gb/s NIC per GPU = 50 GB/s per direction (the common
// rail-optimised InfiniBand NDR / 400G RoCE build-out).
const DefaultScaleOut units.ByteRate = 50e9

// Cluster is the hardware a configuration runs on.
type Cluster struct {
	GPU  hardware.Accelerator
	Peak units.FLOPRate // dense peak at the training precision, FLOP/s per GPU
	GPUs int            // total accelerators
	// NodeSize is the number of GPUs in one scale-up (NVLink) domain; ranks
	// are placed TP innermost, then EP, DP, PP (Megatron-LM order).
	NodeSize int
	ScaleUp  units.ByteRate // per GPU per direction inside the domain, bytes/s
	ScaleOut units.ByteRate // per GPU per direction across domains (NIC), bytes/s
	Price    units.USDPerHour
	Eff      Efficiency
}

// Efficiency holds the per-accelerator constants of the time model. They
// are shared by every model and layout on that accelerator and are the only
// fitted numbers (see DefaultEfficiency and the validate package).
type Efficiency struct {
	// Matmul is the fraction of dense peak a large GEMM sustains.
	Matmul float64 `json:"matmul"`
	// Memory is the fraction of HBM bandwidth streaming kernels sustain; a
	// GEMM takes max(FLOPs/(Matmul·peak), bytes/(Memory·bandwidth)) + Kernel.
	Memory float64 `json:"memory"`
	// Kernel is the fixed cost of one kernel launch, seconds; it makes small
	// GEMMs less efficient: η(F) = Matmul·F/(F + Matmul·peak·Kernel).
	Kernel float64 `json:"kernel_seconds"`
	// Flash is the fraction of dense peak fused (flash) attention sustains.
	Flash float64 `json:"flash_attention"`
	// ScaleUp and ScaleOut are the fractions of the per-direction link
	// bandwidth that collectives reach (NCCL bus bandwidth / link rate).
	ScaleUp  float64 `json:"scale_up"`
	ScaleOut float64 `json:"scale_out"`
	// Latency is the cost of one collective step, seconds (α·2·log2 n).
	Latency float64 `json:"latency_seconds"`
	// OverlapTax is the fraction of overlapped communication time that
	// still lengthens the step (NCCL kernels occupy SMs and HBM bandwidth;
	// Calculon charges 15% of the processor to NVLink collectives).
	OverlapTax float64 `json:"overlap_tax"`
	Source     string  `json:"source"`
}

// efficiencyTable holds the shipped constants.
//
// How the A100 row was fitted (by hand, once; refit the same way for a new
// accelerator): Memory, Flash, ScaleUp, ScaleOut, Latency and OverlapTax
// were set from public measurements (HBM streaming ~80% of 2.039 TB/s;
// NCCL NVLink bus bandwidth ~70% of 300 GB/s per direction; ~90% of an HDR
// NIC); then Matmul and Kernel were scanned on a grid (Matmul 0.75–0.82,
// Kernel 3–30 µs) and the pair with the lowest mean error over the eight
// Korthikanti et al. 2022 Table 5 step times, keeping every Narayanan et al.
// 2021 Table 1 row within 15%, was kept: 0.76 and 8 µs (mean 1.7%, max 2.9%
// on Table 5; mean 4.4%, max 6.8% on Table 1). The same constants price
// every row; nothing is per row (package validate, "flops validate").
// The H100 and generic rows are not fitted to step times: H100 keeps the
// A100 structure with a lower matmul fraction (large BF16 GEMMs sustain
// ~650–700 of 989 TFLOP/s); they reproduce Llama 3 405B's 43% MFU on 8,192
// H100s (TP8 PP16 v2) within a few points.
var efficiencyTable = []struct {
	prefix string
	eff    Efficiency
}{
	{"a100", Efficiency{Matmul: 0.76, Memory: 0.80, Kernel: 8e-6, Flash: 0.55, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "fitted to Korthikanti et al. 2022 Table 5 and Narayanan et al. 2021 Table 1 (A100 80GB, Selene)"}},
	{"h100", Efficiency{Matmul: 0.68, Memory: 0.80, Kernel: 8e-6, Flash: 0.50, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "H100: A100 fit with a lower matmul fraction (large BF16 GEMMs reach ~650-750 of 989 TFLOP/s)"}},
	{"h800", Efficiency{Matmul: 0.68, Memory: 0.80, Kernel: 8e-6, Flash: 0.50, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "H800 (H100 compute): A100 fit with a lower matmul fraction (large BF16 GEMMs reach ~650-750 of 989 TFLOP/s)"}},
	{"h200", Efficiency{Matmul: 0.68, Memory: 0.80, Kernel: 8e-6, Flash: 0.50, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "H200 (H100 compute): A100 fit with a lower matmul fraction (large BF16 GEMMs reach ~650-750 of 989 TFLOP/s)"}},
}

// genericEfficiency is used for accelerators without a fitted row.
var genericEfficiency = Efficiency{Matmul: 0.62, Memory: 0.75, Kernel: 10e-6, Flash: 0.45, ScaleUp: 0.65, ScaleOut: 0.85,
	Latency: 8e-6, OverlapTax: 0.15, Source: "generic default (no fitted row for this accelerator): 65% of dense peak for large GEMMs"}

// DefaultEfficiency returns the shipped constants for an accelerator ID.
func DefaultEfficiency(id string) Efficiency {
	id = strings.ToLower(id)
	for _, r := range efficiencyTable {
		if strings.HasPrefix(id, r.prefix) {
			return r.eff
		}
	}
	return genericEfficiency
}

// NewCluster fills a Cluster from a catalog accelerator: peak at the given
// precision, scale-up bandwidth per direction (half the catalog's
// bidirectional aggregate), NodeSize from the catalog's scale-up domain
// (8 when unknown) and DefaultScaleOut; callers override fields after.
func NewCluster(acc hardware.Accelerator, prec hardware.Precision, gpus int) (Cluster, error) {
	peak := acc.Dense[prec]
	if peak <= 0 {
		return Cluster{}, fmt.Errorf("perf: accelerator %q has no dense %s peak in the catalog", acc.ID, prec)
	}
	node := acc.ScaleUpDomain
	if node <= 0 {
		node = 8
	}
	up := acc.ScaleUpBandwidth / 2
	if up <= 0 {
		up = DefaultScaleOut
	}
	return Cluster{GPU: acc, Peak: peak, GPUs: gpus, NodeSize: node, ScaleUp: up,
		ScaleOut: DefaultScaleOut, Eff: DefaultEfficiency(acc.ID)}, nil
}

// check reports a cluster that cannot be priced.
func (c *Cluster) check() error {
	switch {
	case c.GPUs <= 0:
		return fmt.Errorf("perf: GPU count %d must be positive", c.GPUs)
	case c.Peak <= 0 || c.GPU.Bandwidth <= 0 || c.GPU.Memory <= 0:
		return fmt.Errorf("perf: accelerator %q needs a peak, a memory bandwidth and a memory size", c.GPU.ID)
	case c.NodeSize <= 0 || c.ScaleUp <= 0 || c.ScaleOut <= 0:
		return fmt.Errorf("perf: node size and scale-up/scale-out bandwidths must be positive")
	case c.Eff.Matmul <= 0 || c.Eff.Memory <= 0 || c.Eff.ScaleUp <= 0 || c.Eff.ScaleOut <= 0 || c.Eff.Flash <= 0:
		return fmt.Errorf("perf: efficiency constants must be positive")
	}
	return nil
}
