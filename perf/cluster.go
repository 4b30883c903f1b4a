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
	// Elementwise is the fraction of HBM bandwidth the element-wise
	// kernels between the GEMMs sustain (norms, activation, bias-dropout-
	// residual, softmax, RoPE): short kernels with reductions and fp32
	// up-casts reach well below the streaming rate; 0 means Memory.
	Elementwise float64 `json:"elementwise"`
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
// How they were fitted (refit the same way for a new accelerator; the
// method is validate/calibrate_test.go, "go test ./validate -run
// TestCalibrate -calibrate -v"): Memory, ScaleUp, ScaleOut, Latency and
// OverlapTax come from public measurements (HBM streaming ~80% of peak
// bandwidth; NCCL NVLink bus bandwidth ~70% of the per-direction link
// rate; ~90% of a NIC); Flash is scanned only over measured ranges
// (A100 FlashAttention-2 45-70% of peak, Dao 2023; H100 FlashAttention-2
// 33-40%: 327.9 TFLOP/s measured on an Azure ND H100 v5, head dim 128).
// Then, per accelerator family, Matmul (0.56-0.84), Elementwise (0.2-0.8)
// and Flash are scanned on a grid and the triple with the lowest mean
// |error| over ALL published rows on that family is kept, subject to the
// issue-6 bounds on the A100 tables (every Korthikanti et al. 2022 Table 5
// row within 8%, mean within 4%; every Narayanan et al. 2021 Table 1 row
// within 15%). A100 rows: Korthikanti Table 5, Narayanan Table 1, and 11
// MosaicML llm-foundry benchmark rows (A100 80GB/40GB, FSDP, flash
// attention): matmul 0.74, element-wise 0.80, flash 0.45 → mean 4.6%
// (0.72 scores 4.4%; among candidates within 0.25 points of the lowest
// mean the grid keeps the one with the lowest Korthikanti mean, the
// issue's primary reference: 2.1% against 3.8%).
// H100 rows: Llama 3 405B (Llama 3 paper Table 4, 8,192 and 16,384 GPUs),
// 10 llm-foundry H100 rows and 3 NeMo Automodel MoE rows (DeepSeek-V3,
// Qwen3-30B-A3B): matmul 0.70, element-wise 0.20, flash 0.36 → mean 7.4%
// (lowest 7.2%; within the tie band the lowest Llama 3 Table 4 error wins:
// 2.0%) (the low element-wise fraction carries the measured slowdown
// of small and unrecomputed models on H100, whose GEMMs shrink 3× against
// A100 while element-wise kernels shrink only 1.6×). The same constants
// price every row and every user request; nothing is per row (package
// validate, "flops validate"). H800 and H200 share the H100 compute
// constants (same SM clock and tensor cores); H200's larger bandwidth
// enters through the catalog.
var efficiencyTable = []struct {
	prefix string
	eff    Efficiency
}{
	{"a100", Efficiency{Matmul: 0.74, Memory: 0.80, Elementwise: 0.80, Kernel: 8e-6, Flash: 0.45, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "grid-fitted to Korthikanti et al. 2022 Table 5, Narayanan et al. 2021 Table 1 and llm-foundry A100 benchmarks (validate/data)"}},
	{"h100", Efficiency{Matmul: 0.70, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.36, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "grid-fitted to Llama 3 405B (Llama 3 paper Table 4) and llm-foundry H100 BF16 benchmarks (validate/data/extra_runs.csv)"}},
	{"h800", Efficiency{Matmul: 0.70, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.36, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "H800 (H100 compute): the H100 fit"}},
	{"h200", Efficiency{Matmul: 0.70, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.36, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "H200 (H100 compute, 4.8 TB/s HBM3e): the H100 fit"}},
}

// genericEfficiency is used for accelerators without a fitted row.
var genericEfficiency = Efficiency{Matmul: 0.62, Memory: 0.75, Kernel: 10e-6, Flash: 0.45, ScaleUp: 0.65, ScaleOut: 0.85,
	Latency: 8e-6, OverlapTax: 0.15, Source: "generic default (no fitted row for this accelerator): 65% of dense peak for large GEMMs"}

// elementwise is the element-wise HBM fraction (Memory when unset).
func (e Efficiency) elementwise() float64 {
	if e.Elementwise > 0 {
		return e.Elementwise
	}
	return e.Memory
}

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
