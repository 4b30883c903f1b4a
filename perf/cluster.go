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
	// AttnPeak is the dense peak the attention core runs at: 16-bit when
	// the GEMMs train in FP8, FP4 or INT8 (flash/cuDNN attention stays in
	// BF16 in NeMo and Megatron-LM FP8 recipes); 0 means Peak.
	AttnPeak  units.FLOPRate
	Precision hardware.Precision // training precision of the GEMMs
	GPUs      int                // total accelerators
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
	// MatmulFP8 is the fraction of the FP8 dense peak a large FP8 GEMM
	// sustains, including its scaling and cast kernels; 0 means Matmul.
	MatmulFP8 float64 `json:"matmul_fp8,omitempty"`
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
	// TPOverlap is the fraction of the tensor-parallel collectives that the
	// compiler hides behind the layer's own GEMMs by decomposing them
	// (XLA's collective matmul and async collectives on TPU, Wang et al.
	// 2023, "Overlap Communication with Dependent Computation via
	// Decomposition"); the hidden part still pays OverlapTax. 0: none
	// hidden (Megatron-LM without TP communication overlap).
	TPOverlap float64 `json:"tp_overlap,omitempty"`
	Source    string  `json:"source"`
}

// efficiencyTable holds the shipped constants.
//
// How they were fitted (refit the same way for a new accelerator; the
// method is validate/calibrate_test.go, "go test ./validate -run
// TestCalibrate -calibrate -v"): Memory, ScaleUp, ScaleOut, Latency and
// OverlapTax come from public measurements (HBM streaming ~80% of peak
// bandwidth; NCCL NVLink bus bandwidth ~70% of the per-direction link
// rate; ~90% of a NIC); Flash is scanned only over measured ranges
// (A100 FlashAttention-2 45-70% of peak, Dao 2023; H100 from
// FlashAttention-2's 33% (327.9 TFLOP/s measured on an Azure ND H100 v5,
// head dim 128) to FlashAttention-3's ~60%, Shah et al. 2024).
// Then, per accelerator family, Matmul (0.56-0.84), Elementwise (0.2-0.8)
// and Flash are scanned on a grid and the set with the lowest mean
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
// 10 llm-foundry H100 rows, 3 NeMo Automodel MoE rows (DeepSeek-V3,
// Qwen3-30B-A3B) and 10 NeMo/Megatron-Bridge FP8 rows (3 with context
// parallelism), fitted jointly with the FP8 GEMM fraction (0.60-0.84):
// matmul 0.70, element-wise 0.20, flash 0.36, FP8 matmul 0.80 → mean 7.5%
// over the 25 rows (lowest 7.3%; within the tie band the lowest Llama 3
// Table 4 error wins: 2.0%). The low element-wise fraction carries the
// measured slowdown of small and unrecomputed models on H100, whose GEMMs
// shrink 3× against A100 while element-wise kernels shrink only 1.6×. The
// FP8 fraction is effective, not a GEMM microbenchmark (cuBLASLt FP8
// reaches ~65-70% of 1,979 TFLOP/s): it also absorbs what NeMo's FP8
// recipes add (TP communication overlap, fused casts). The same constants
// price every row and every user request; nothing is per row (package
// validate, "flops validate"). H800 and H200 share the H100 constants
// (same SM clock and tensor cores); H200's larger bandwidth enters through
// the catalog. Blackwell: see blackwell. TPU: see tpu.
// Intel Gaudi 2: 4 low-confidence rows from Intel's Gaudi 2 training
// table (LLaMA 2 7B/70B, LLaMA 3.1 8B/70B in FP8, layouts not published
// and searched); with the catalog's scale-up bandwidth (21 of 24 100 GbE
// ports, 525 GB/s bidirectional) the grid ("-family gaudi") fits FP8 GEMM
// 0.60 of the FP8 peak, element-wise 0.20, flash 0.30 of the BF16 peak
// (grid floor) → mean 10.9%; the BF16 GEMM fraction is the generic 0.62
// (no BF16 rows). AMD Instinct and Trainium: no published
// training row with a full layout was found, so they use the generic
// constants.
var efficiencyTable = []struct {
	prefix string
	eff    Efficiency
}{
	{"a100", Efficiency{Matmul: 0.74, Memory: 0.80, Elementwise: 0.80, Kernel: 8e-6, Flash: 0.45, ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "grid-fitted to Korthikanti et al. 2022 Table 5, Narayanan et al. 2021 Table 1 and llm-foundry A100 benchmarks (validate/data)"}},
	{"h100", hopper("grid-fitted to Llama 3 405B (Llama 3 paper Table 4), llm-foundry, NeMo and Megatron-Bridge H100 benchmarks (validate/data/extra_runs.csv)")},
	{"h800", hopper("H800 (H100 compute): the H100 fit")},
	{"h200", hopper("H200 (H100 compute, 4.8 TB/s HBM3e): the H100 fit")},
	{"tpu", tpu()},
	{"gaudi", Efficiency{Matmul: 0.62, MatmulFP8: 0.60, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.30, ScaleUp: 0.70,
		ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "Intel Gaudi: FP8 GEMM, element-wise and attention fractions grid-fitted to Intel's Gaudi 2 LLaMA training table (SynapseAI 1.19, low confidence: layouts not published); BF16 GEMM fraction is the generic 0.62, not fitted"}},
	{"mi300", instinct("MI300X")},
	{"mi325", instinct("MI325X (MI300X compute, HBM3e)")},
	{"b200", blackwell("B200 (HGX)")},
	{"gb200", blackwell("GB200 NVL72")},
	{"b300", blackwell("B300 (Blackwell Ultra; the B200/GB200 fit, not fitted itself)")},
	{"gb300", blackwell("GB300 NVL72 (Blackwell Ultra; the B200/GB200 fit, not fitted itself)")},
}

// blackwell is the Blackwell fit: FP8 rows only (NeMo 25.02/25.04 and
// Megatron-Bridge 25.11 on B200 and GB200), so the BF16 GEMM fraction is
// H100's 0.70 (stated, not fitted); element-wise 0.20, flash 0.50 of the
// BF16 peak, FP8 GEMMs 0.76 of the FP8 peak → mean 4.8% over 9 rows.
func blackwell(name string) Efficiency {
	return Efficiency{Matmul: 0.70, MatmulFP8: 0.76, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.50, ScaleUp: 0.70,
		ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: name + ": grid-fitted to NeMo and Megatron-Bridge FP8 benchmarks on B200 and GB200 (validate/data/extra_runs.csv)"}
}

// tpu is the TPU fit, shared by v4, v5e, v5p and v6e (the same MXU
// design and XLA compiler). Rows (validate/data/extra_tpu_amd_gaudi.csv):
// PaLM 540B on 6,144 TPU v4 (PaLM paper Table 3, 46.2% MFU; TP12 ×
// FSDP512, no pipeline), MaxText's v5e-256 table (16B-128B, 1 and 32
// slices), MaxText's v5p table (32B, 64B, 128B) and MaxText's Trillium
// (v6e-256) Llama 3.1 8B and 70B rows. Grid ("go test ./validate -run
// TestCalibrate -calibrate -family tpu -v"): GEMM 0.60-0.94, element-wise
// 0.2-0.8, flash 0.4-0.7, TP overlap {0, 0.5, 0.8, 1} → GEMM 0.84,
// element-wise 0.40, flash 0.40, TP overlap 0.5: mean 6.1% over the 11
// rows (lowest 6.0%; PaLM, the reference row, −0.2%). The rows pull
// apart by generation: v5e with full rematerialisation wants a higher
// GEMM fraction (−2% to −16%: its 32B at 66.9% MFU is 89% of peak in
// hardware FLOPs), v5p with TP4-8 a lower one (+3% to +7%); one family
// constant is kept rather than a per-generation fit on 1-5 rows each.
// TP overlap is XLA's collective matmul / async collective fusion (Wang
// et al. 2023). Memory, network fractions, latency and tax are the GPU
// values (not fitted). A torus-aware collective model (a group spanning k
// of the 3 torus dimensions drives k/3 of the ICI links) was tried and
// dropped: with the catalog's ICI figures it moved PaLM to −16% and the
// mean to 7.3%.
func tpu() Efficiency {
	return Efficiency{Matmul: tpuMatmul, Memory: 0.80, Elementwise: 0.40, Kernel: 8e-6, Flash: 0.40,
		ScaleUp: 0.70, ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15, TPOverlap: 0.5,
		Source: "TPU: grid-fitted to PaLM 540B (PaLM paper Table 3) and MaxText v5e/v6e benchmark tables (validate/data/extra_tpu_amd_gaudi.csv)"}
}

// tpuMatmul is the fitted TPU GEMM (MXU) fraction of the bf16 peak.
const tpuMatmul = 0.84

// hopper is the H100 fit (see efficiencyTable) with the given source.
func hopper(source string) Efficiency {
	return Efficiency{Matmul: 0.70, MatmulFP8: 0.80, Memory: 0.80, Elementwise: 0.20, Kernel: 8e-6, Flash: 0.36, ScaleUp: 0.70,
		ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15, Source: source}
}

// instinct is the AMD Instinct CDNA 3 (MI300X, MI325X) estimate. No
// published training row with a full layout was found, so nothing is
// fitted: each H100 constant is scaled by the ratio of the same
// microbenchmark, same harness and shapes, on the two GPUs
// (samuel-bohman/AI-benchmarking-guide Azure_Results, ND H100 v5 vs ND
// MI300X v5): FP8 GEMM 8192³ 1,159 of 2,615 TFLOP/s (44.3%) vs 1,290 of
// 1,979 (65.2%) → ×0.68, applied to both GEMM fractions (BF16 GEMMs
// assumed to lose the same); HBM triad 4.09 of 5.3 TB/s (77%) vs 2.97 of
// 3.35 (89%) → ×0.87 on Memory and Elementwise; FlashAttention-2 328.6 of
// 1,307 (25%, head dim 64) vs 327.9 of 989 (33%, head dim 128) → ×0.76
// on Flash. Network fractions, kernel, latency and tax are the H100 ones.
func instinct(name string) Efficiency {
	h := hopper("")
	const gemm, hbm, flash = 0.68, 0.87, 0.76
	return Efficiency{Matmul: h.Matmul * gemm, MatmulFP8: h.MatmulFP8 * gemm, Memory: h.Memory * hbm,
		Elementwise: h.Elementwise * hbm, Kernel: h.Kernel, Flash: h.Flash * flash, ScaleUp: h.ScaleUp,
		ScaleOut: h.ScaleOut, Latency: h.Latency, OverlapTax: h.OverlapTax,
		Source: "AMD Instinct " + name + ": not fitted (no published row with a layout); the H100 fit scaled by measured GEMM, HBM and flash-attention microbenchmark ratios (Azure ND MI300X v5 vs ND H100 v5)"}
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
	c := Cluster{GPU: acc, Peak: peak, Precision: prec, GPUs: gpus, NodeSize: node, ScaleUp: up,
		ScaleOut: DefaultScaleOut, Eff: DefaultEfficiency(acc.ID)}
	if lowPrecision(prec) {
		for _, p := range []hardware.Precision{hardware.BF16, hardware.FP16} {
			if v := acc.Dense[p]; v > 0 {
				c.AttnPeak = v
				break
			}
		}
	}
	return c, nil
}

// lowPrecision reports the sub-16-bit GEMM formats (FP8, FP4, INT8).
func lowPrecision(p hardware.Precision) bool {
	return p == hardware.FP8 || p == hardware.FP4 || p == hardware.INT8
}

// matmul is the GEMM fraction of peak at the cluster's precision.
func (c *Cluster) matmul() float64 {
	if lowPrecision(c.Precision) && c.Eff.MatmulFP8 > 0 {
		return c.Eff.MatmulFP8
	}
	return c.Eff.Matmul
}

// attnPeak is the peak the attention core runs at, FLOP/s.
func (c *Cluster) attnPeak() float64 {
	if c.AttnPeak > 0 {
		return float64(c.AttnPeak)
	}
	return float64(c.Peak)
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
