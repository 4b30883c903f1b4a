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
	// Matmul is the fraction of dense peak a GEMM with a deep reduction
	// sustains (η∞; shallower ones run slower, see gemmTime).
	Matmul float64 `json:"matmul"`
	// MatmulFP8 is the same at the FP8 dense peak, including the scaling
	// and cast kernels of FP8 training; 0 means Matmul.
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
	// still lengthens the step: communication kernels occupy SMs and HBM
	// bandwidth (DeepSeek-V3 §3.2.2 gives 20 of an H800's 132 SMs, 15%, to
	// communication; Calculon charges 15% of the processor to NVLink
	// collectives).
	OverlapTax float64 `json:"overlap_tax"`
	Source     string  `json:"source"`
}

// PriorEfficiency is what every accelerator starts from. The network,
// memory, latency and tax constants are never fitted: HBM streaming
// kernels reach ~80% of peak bandwidth (STREAM-like triad on A100 and
// H100), NCCL's NVLink bus bandwidth ~70% of the per-direction link rate
// and ~90% of a NIC (NCCL doc/PERFORMANCE.md, nccl-tests), and the
// overlap tax is 15% (DeepSeek-V3 §3.2.2: 20 of 132 SMs; Calculon). The
// two fixed costs are assumptions, not measurements: 5 µs per collective
// step (Latency) and 8 µs per kernel launch with its tail (Kernel), the
// order of a NCCL hop and of a CUDA launch; no published row pins them
// apart from the fitted fractions, which absorb what they miss.
// The four fitted fractions start from unfitted values: GEMMs at 62% of
// dense peak (the generic large-GEMM figure), element-wise kernels at the
// HBM streaming fraction, flash attention at 45% (FlashAttention-2 on
// A100, Dao 2023). An accelerator family without published rows keeps
// them, and so does any fitted fraction no row informs (Blackwell BF16
// GEMMs, Gaudi BF16 GEMMs).
func PriorEfficiency() Efficiency {
	return Efficiency{Matmul: 0.62, Memory: 0.80, Elementwise: 0.80, Kernel: 8e-6, Flash: 0.45, ScaleUp: 0.70,
		ScaleOut: 0.90, Latency: 5e-6, OverlapTax: 0.15,
		Source: "prior (no published row fitted for this accelerator): 62% of dense peak for large GEMMs, 45% for flash attention, 80% of HBM bandwidth"}
}

// Fitted is the part of Efficiency that calibration fits per accelerator
// family (package calibrate; "flops validate" shows the fit's in-sample,
// leave-one-out and leave-one-family-out errors).
type Fitted struct {
	Matmul      float64 `json:"matmul"`
	MatmulFP8   float64 `json:"matmul_fp8"`
	Elementwise float64 `json:"elementwise"`
	Flash       float64 `json:"flash_attention"`
}

// Apply returns e with the fitted fractions f.
func (f Fitted) Apply(e Efficiency) Efficiency {
	e.Matmul, e.MatmulFP8, e.Elementwise, e.Flash = f.Matmul, f.MatmulFP8, f.Elementwise, f.Flash
	return e
}

// FittedOf returns the fitted fractions of e.
func FittedOf(e Efficiency) Fitted {
	return Fitted{Matmul: e.Matmul, MatmulFP8: e.MatmulFP8, Elementwise: e.Elementwise, Flash: e.Flash}
}

// accFamily is one group of accelerators sharing fitted constants.
type accFamily struct {
	name     string
	prefixes []string // catalog IDs the constants apply to
	fit      Fitted
	source   string
	held     HeldOut
}

// HeldOut is what a family's fit rests on and how it predicts rows it
// did not see: mean |error| over its published rows, percent, with the
// shipped constants, refitted without the row, and refitted without the
// row's source family ("flops validate"; validate's TestFitNotes checks
// these figures against a fresh run).
type HeldOut struct {
	Rows                               int
	InSample, LeaveOneOut, LeaveFamily float64
}

// String states the figures for an assumption's source.
func (h HeldOut) String() string {
	return fmt.Sprintf("%d rows; mean |error| %.1f%% in-sample, %.1f%% leave-one-out, %.1f%% leave-one-family-out",
		h.Rows, h.InSample, h.LeaveOneOut, h.LeaveFamily)
}

// accFamilies hold the shipped fits: each is the fit (package calibrate,
// Set.Fit) of every published row on that family in validate/data,
// reproduced by validate's TestShippedFit, with its held-out errors
// (HeldOut, checked by validate's TestFitNotes; "flops validate" prints
// them per row). Each fraction is fitted only where a row depends on it
// (FP8 GEMMs only on FP8 rows ...); a family with fewer than 8 rows fits
// one common factor on the prior.
// H800 and H200 share the H100 constants (same SMs and clocks; H200's
// larger HBM enters through the catalog); B300/GB300 share Blackwell's.
var accFamilies = []accFamily{
	{"a100", []string{"a100"}, Fitted{Matmul: 0.75, MatmulFP8: 0.00, Elementwise: 0.90, Flash: 0.62},
		"A100: fitted to Korthikanti et al. 2022 Table 5, Narayanan et al. 2021 Table 1, BLOOM 176B and llm-foundry A100 benchmarks (validate/data)", HeldOut{31, 3.8, 4.7, 5.1}},
	{"h100", []string{"h100", "h800", "h200"}, Fitted{Matmul: 0.67, MatmulFP8: 0.55, Elementwise: 0.41, Flash: 0.54},
		"H100 (H800, H200 share it): fitted to Llama 3 405B (Llama 3 paper Table 4), llm-foundry, NeMo Automodel, NeMo and Megatron-Bridge H100 benchmarks (validate/data/extra_runs.csv)", HeldOut{25, 5.4, 6.1, 6.4}},
	{"blackwell", []string{"b200", "gb200", "b300", "gb300"}, Fitted{Matmul: 0.62, MatmulFP8: 0.55, Elementwise: 0.34, Flash: 0.68},
		"Blackwell (B200, GB200; B300/GB300 share it): fitted to NeMo and Megatron-Bridge FP8 benchmarks (validate/data/extra_runs.csv); BF16 GEMMs unfitted (no BF16 row)", HeldOut{9, 5.5, 5.9, 8.2}},
	{"tpu", []string{"tpu"}, Fitted{Matmul: 0.78, MatmulFP8: 0.00, Elementwise: 0.79, Flash: 0.45},
		"TPU v4/v5e/v5p/v6e: fitted to PaLM 540B (PaLM paper Table 3) and MaxText benchmark tables (validate/data/extra_tpu_amd_gaudi.csv)", HeldOut{11, 6.5, 8.5, 9.6}},
	{"gaudi", []string{"gaudi"}, Fitted{Matmul: 0.51, MatmulFP8: 0.51, Elementwise: 0.66, Flash: 0.37},
		"Intel Gaudi: one common factor on the prior fitted to Intel's Gaudi 2 LLaMA training table (SynapseAI 1.19, low confidence: layouts not published; 4 rows, fewer than 2 per fraction)", HeldOut{4, 11.1, 15.7, 26.5}},
}

// EfficiencyFamily names the fitted family of an accelerator ID ("a100",
// "h100", "blackwell", "tpu", "gaudi"), "instinct" for AMD CDNA 3, or ""
// when none applies (the prior).
func EfficiencyFamily(id string) string {
	id = strings.ToLower(id)
	for _, f := range accFamilies {
		for _, p := range f.prefixes {
			if strings.HasPrefix(id, p) {
				return f.name
			}
		}
	}
	if strings.HasPrefix(id, "mi300") || strings.HasPrefix(id, "mi325") {
		return "instinct"
	}
	return ""
}

// FamilyFit returns the shipped fitted fractions of a family.
func FamilyFit(name string) (Fitted, bool) {
	for _, f := range accFamilies {
		if f.name == name {
			return f.fit, true
		}
	}
	return Fitted{}, false
}

// FamilyHeldOut returns the stated held-out figures of a family's fit.
func FamilyHeldOut(name string) (HeldOut, bool) {
	for _, f := range accFamilies {
		if f.name == name {
			return f.held, true
		}
	}
	return HeldOut{}, false
}

// DefaultEfficiency returns the shipped constants for an accelerator ID.
func DefaultEfficiency(id string) Efficiency {
	fam := EfficiencyFamily(id)
	if fam == "instinct" {
		return instinct(strings.ToUpper(id))
	}
	for _, f := range accFamilies {
		if f.name == fam {
			e := f.fit.Apply(PriorEfficiency())
			e.Source = f.source + ": " + f.held.String()
			return e
		}
	}
	return PriorEfficiency()
}

// instinct is the AMD Instinct CDNA 3 (MI300X, MI325X) estimate. No
// published training row with a full layout was found, so nothing is
// fitted: each H100 fraction is scaled by the ratio of the same
// microbenchmark, same harness and shapes, on the two GPUs
// (samuel-bohman/AI-benchmarking-guide Azure_Results, ND H100 v5 vs ND
// MI300X v5): FP8 GEMM 8192³ 1,159 of 2,615 TFLOP/s (44.3%) vs 1,290 of
// 1,979 (65.2%) → ×0.68, applied to both GEMM fractions (BF16 GEMMs
// assumed to lose the same); HBM triad 4.09 of 5.3 TB/s (77%) vs 2.97 of
// 3.35 (89%) → ×0.87 on Memory and Elementwise; FlashAttention-2 328.6 of
// 1,307 (25%, head dim 64) vs 327.9 of 989 (33%, head dim 128) → ×0.76
// on Flash. Network fractions, kernel, latency and tax are the prior's.
func instinct(name string) Efficiency {
	h := DefaultEfficiency("h100")
	const gemm, hbm, flash = 0.68, 0.87, 0.76
	h.Matmul, h.MatmulFP8, h.Flash = h.Matmul*gemm, h.MatmulFP8*gemm, h.Flash*flash
	h.Memory, h.Elementwise = h.Memory*hbm, h.Elementwise*hbm
	h.Source = "AMD Instinct " + name + ": not fitted (no published row with a layout); the H100 fit scaled by measured GEMM, HBM and flash-attention microbenchmark ratios (Azure ND MI300X v5 vs ND H100 v5)"
	return h
}

// Resolved returns e with the fractions whose 0 means another filled in:
// MatmulFP8 (0: Matmul) and Elementwise (0: Memory). It is the one place
// these defaults live; the model and calibration both read through it.
func (e Efficiency) Resolved() Efficiency {
	if e.MatmulFP8 == 0 {
		e.MatmulFP8 = e.Matmul
	}
	if e.Elementwise == 0 {
		e.Elementwise = e.Memory
	}
	return e
}

// elementwise is the element-wise HBM fraction (Memory when unset).
func (e Efficiency) elementwise() float64 { return e.Resolved().Elementwise }

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
	if lowPrecision(c.Precision) {
		return c.Eff.Resolved().MatmulFP8
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
