package perf

import (
	"fmt"
	"slices"
	"strings"
)

// TPOverlap is how a stack hides tensor-parallel collectives behind the
// GEMMs next to them (see tpExposed for the arithmetic of each method).
type TPOverlap string

// Tensor-parallel overlap methods.
const (
	// TPOverlapNone: collectives run between the GEMMs (Megatron-LM before
	// Megatron-Core, DeepSpeed, PyTorch TP without async TP).
	TPOverlapNone TPOverlap = ""
	// TPOverlapTE is Transformer Engine's userbuffers overlap as Megatron-Core
	// --tp-comm-overlap configures it (TransformerEngine
	// pytorch/module/base.py initialize_ub default methods; NeMo's
	// userbuffers_* configs): forward all-gathers ring-exchanged with the
	// column-parallel GEMM in tp chunks, forward reduce-scatters pipelined
	// with the row-parallel GEMM in 4 splits, backward collectives "bulk"
	// overlapped with an independent GEMM of the same layer. Needs sequence
	// parallelism.
	TPOverlapTE TPOverlap = "te"
	// TPOverlapDecomposed is a collective decomposed into tp steps, each
	// overlapped with the matching slice of the GEMM, in both directions:
	// XLA's collective matmul (Wang et al. 2023, "Overlap Communication
	// with Dependent Computation via Decomposition in Large Deep Learning
	// Models", ASPLOS) and PyTorch async tensor parallelism (micro-
	// pipelined all-gather-matmul and matmul-reduce-scatter, torchtitan).
	// Needs sequence parallelism.
	TPOverlapDecomposed TPOverlap = "decomposed"
)

// AttentionKernel is a fused-attention implementation.
type AttentionKernel string

// Fused-attention kernels.
const (
	// AttentionBest is the accelerator's best kernel, the one the fitted
	// Flash fraction describes: FlashAttention-3 or cuDNN 9 fused attention
	// (Transformer Engine) on Hopper and Blackwell, FlashAttention-2 before
	// them, XLA's splash attention on TPU.
	AttentionBest AttentionKernel = "best"
	// AttentionFA2 is FlashAttention-2 (Dao 2023): the best kernel before
	// Hopper; on Hopper and Blackwell FlashAttention-3 is 1.5-2.0× faster
	// (Shah et al. 2024, FlashAttention-3 abstract: 1.73× at the geometric
	// mean).
	AttentionFA2 AttentionKernel = "fa2"
	// AttentionTriton is the Triton FlashAttention of 2022-23, 1.3-2.5×
	// slower than FlashAttention-2 (Dao 2023 §4.1: 1.8× at the geometric
	// mean).
	AttentionTriton AttentionKernel = "triton"
)

// speed is the kernel's rate relative to the accelerator's best; hopper
// reports an accelerator with Hopper-class kernels (H100, H800, H200,
// Blackwell).
func (k AttentionKernel) speed(hopper bool) float64 {
	const fa3OverFA2, fa2OverTriton = 1.73, 1.8
	s := 1.0
	if hopper && (k == AttentionFA2 || k == AttentionTriton) {
		s /= fa3OverFA2
	}
	if k == AttentionTriton {
		s /= fa2OverTriton
	}
	return s
}

// Schedule is the pipeline schedule family.
type Schedule string

// Pipeline schedules.
const (
	// Schedule1F1B is one-forward-one-backward (Narayanan et al. 2021),
	// interleaved when the layout has virtual stages: bubble (p−1)/v stage
	// times.
	Schedule1F1B Schedule = "1f1b"
	// ScheduleDualPipe is DeepSeek-V3's bidirectional schedule (DeepSeek-AI
	// 2024, §3.2.1, Table 2): bubble (p/2 − 1)(F&B + B − 3W) with F&B the
	// overlapped forward and backward chunks, and two copies of each
	// rank's parameters; no virtual stages.
	ScheduleDualPipe Schedule = "dualpipe"
)

// Stack is the training software a run uses: which communication overlaps
// and kernels exist. Every field is a property of the software as its
// sources describe it, not a fitted number; how much each overlap hides is
// computed from the compute it hides behind.
type Stack struct {
	Name string `json:"name"`
	// FlashAttention is the stack's attention kernel when the request does
	// not say: fused attention that never stores the s×s scores.
	FlashAttention bool `json:"flash_attention"`
	// Attention is the stack's fused-attention kernel; the fitted Flash
	// fraction of an accelerator describes its best kernel.
	Attention AttentionKernel `json:"attention_kernel"`
	// FP8 reports FP8 GEMMs (Transformer Engine, torchao float8, DeepSeek's
	// fine-grained FP8 kernels); without it --precision fp8 is refused.
	FP8 bool `json:"fp8"`
	// TPOverlap hides tensor-parallel collectives behind GEMMs.
	TPOverlap TPOverlap `json:"tp_overlap,omitempty"`
	// DPOverlap reduces gradients in buckets during the backward pass and
	// all-gathers (ZeRO ≥ 1) parameters during the forward pass (Megatron-Core
	// --overlap-grad-reduce --overlap-param-gather; DeepSpeed overlap_comm;
	// FSDP forward and backward prefetch).
	DPOverlap bool `json:"dp_overlap"`
	// PPOverlap sends and receives pipeline activations while the next
	// chunk computes (Megatron-Core --overlap-p2p-comm).
	PPOverlap bool `json:"pp_overlap"`
	// EPOverlap hides the MoE dispatch and combine all-to-all behind another
	// micro-batch's compute (DualPipe, DeepSeek-V3 §3.2.1).
	EPOverlap bool `json:"ep_overlap"`
	// CommSMs is the fraction of the GPU's SMs reserved for communication
	// kernels for the whole overlapped computation (DeepSeek-V3 §3.2.2: 20
	// of an H800's 132 SMs); the compute runs on the rest. 0: no reserve,
	// the overlap tax is charged on the hidden communication instead.
	CommSMs float64 `json:"comm_sm_fraction,omitempty"`
	// GroupedGEMM runs a layer's local experts as one grouped GEMM per
	// matrix (one launch); without it each expert is its own launch.
	GroupedGEMM bool `json:"grouped_gemm"`
	// BalancedStages moves layers off the last pipeline stage so that the
	// output head (and MTP modules) do not make it the slowest
	// (Megatron-Core --account-for-loss-in-pipeline-split,
	// --decoder-last-pipeline-num-layers; DeepSeek-V3's stage split).
	BalancedStages bool `json:"balanced_stages"`
	// FP8Dispatch sends the MoE dispatch in FP8 under FP8 training
	// (DeepSeek-V3 §3.3.2; the combine stays in BF16).
	FP8Dispatch bool     `json:"fp8_dispatch,omitempty"`
	Schedule    Schedule `json:"schedule"`
	Source      string   `json:"source"`
}

// megatronCore is the default stack; NeMo runs it as it is.
var megatronCore = Stack{Name: "megatron-core", Attention: AttentionBest, FlashAttention: true, FP8: true, TPOverlap: TPOverlapTE, DPOverlap: true, PPOverlap: true,
	GroupedGEMM: true, BalancedStages: true, Schedule: Schedule1F1B,
	Source: "NVIDIA Megatron-Core (core_r0.8+, 2024) as its published performance runs configure it: --tp-comm-overlap (Transformer Engine userbuffers), --use-distributed-optimizer --overlap-grad-reduce --overlap-param-gather, --overlap-p2p-comm, the output layer counted in the pipeline split, TE fused/cuDNN attention and FP8, --moe-grouped-gemm"}

// renamed is s under another name and source (a stack that runs another's
// configuration unchanged).
func renamed(s Stack, name, source string) Stack {
	s.Name, s.Source = name, source
	return s
}

// stacks are the shipped stack profiles; the first is the default.
var stacks = []Stack{
	megatronCore,
	renamed(megatronCore, "nemo", "NVIDIA NeMo 2 and Megatron-Bridge performance recipes (docs performance_summary): Megatron-Core with tp_comm_overlap, overlap_grad_reduce, overlap_param_gather, overlap_p2p_comm, TE FP8 — the megatron-core profile"),
	{Name: "megatron-lm-2021", Attention: AttentionBest, Schedule: Schedule1F1B,
		Source: "Megatron-LM as benchmarked by Narayanan et al. 2021 (SC21) and Korthikanti et al. 2022: fused softmax kernels storing the attention scores, no TP/PP/DP communication overlap (gradient all-reduce after the backward pass)"},
	{Name: "torchtitan", Attention: AttentionBest, FlashAttention: true, FP8: true, TPOverlap: TPOverlapDecomposed, DPOverlap: true, PPOverlap: true,
		GroupedGEMM: true, Schedule: Schedule1F1B,
		Source: "torchtitan (Liang et al. 2024, arXiv 2410.06511): FSDP2 with prefetch, async tensor parallelism (micro-pipelined collectives, as its Llama 3.1 405B recipe enables), torch.distributed.pipelining, SDPA with the cuDNN attention backend on Hopper, torchao float8"},
	{Name: "deepspeed", Attention: AttentionFA2, FlashAttention: true, FP8: true, DPOverlap: true, Schedule: Schedule1F1B,
		Source: "DeepSpeed ZeRO with overlap_comm (Rajbhandari et al. 2020) and Megatron-DeepSpeed tensor parallelism without overlap, FlashAttention-2; pipeline engine with blocking sends"},
	{Name: "fsdp", Attention: AttentionFA2, FlashAttention: true, FP8: true, DPOverlap: true, Schedule: Schedule1F1B,
		Source: "PyTorch FSDP (Zhao et al. 2023, VLDB) with backward and forward prefetch, FlashAttention-2, tensor and pipeline parallelism without communication overlap (HF Accelerate; the profile given to Meta's Llama 3 training, whose paper describes FSDP with tensor, pipeline and context parallelism but no tensor-parallel overlap)"},
	{Name: "llm-foundry", Attention: AttentionTriton, FlashAttention: true, DPOverlap: true, Schedule: Schedule1F1B,
		Source: "MosaicML llm-foundry/Composer as benchmarked in 2023 (scripts/train/benchmarking): PyTorch FSDP with prefetch, Triton FlashAttention (attn_impl: triton), no tensor or pipeline parallelism"},
	{Name: "maxtext", Attention: AttentionBest, FlashAttention: true, FP8: true, TPOverlap: TPOverlapDecomposed, DPOverlap: true, PPOverlap: true,
		GroupedGEMM: true, Schedule: Schedule1F1B,
		Source: "MaxText on JAX/XLA: collective matmul (Wang et al. 2023), XLA's latency-hiding scheduler for the FSDP all-gathers and reduce-scatters, splash/flash attention"},
	{Name: "hai-llm", Attention: AttentionBest, FlashAttention: true, FP8: true, DPOverlap: true, PPOverlap: true, EPOverlap: true, CommSMs: 20.0 / 132,
		GroupedGEMM: true, BalancedStages: true, FP8Dispatch: true, Schedule: ScheduleDualPipe,
		Source: "DeepSeek's HAI-LLM as described in the DeepSeek-V3 Technical Report (arXiv 2412.19437) §3.2-3.3: DualPipe with all-to-all and pipeline communication hidden behind computation, FP8 dispatch, ZeRO-1 data parallelism, fine-grained FP8 GEMMs, no tensor parallelism"},
}

// DefaultStack is the profile used when none is named: Megatron-Core.
func DefaultStack() Stack { return stacks[0] }

// Stacks lists the shipped stack profiles, the default first.
func Stacks() []Stack { return slices.Clone(stacks) }

// LookupStack returns the profile called name (case-insensitive).
func LookupStack(name string) (Stack, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range stacks {
		if s.Name == n {
			return s, nil
		}
	}
	names := make([]string, len(stacks))
	for i, s := range stacks {
		names[i] = s.Name
	}
	return Stack{}, fmt.Errorf("unknown stack %q: want one of %s", name, strings.Join(names, ", "))
}
