package perf

import (
	"fmt"
	"strings"
)

// Recompute is the activation recomputation mode.
type Recompute uint8

// Recompute modes (Korthikanti et al. 2022).
const (
	RecomputeNone      Recompute = iota // store every activation
	RecomputeSelective                  // recompute the attention core (scores, softmax, dropout, A·V); with flash attention, the norm and activation-function outputs

	RecomputeFull // store each layer's input, rerun its forward in the backward pass
)

// String returns "none", "selective" or "full".
func (r Recompute) String() string {
	switch r {
	case RecomputeSelective:
		return "selective"
	case RecomputeFull:
		return "full"
	default:
		return "none"
	}
}

// ParseRecompute reads "none", "selective" or "full".
func ParseRecompute(s string) (Recompute, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "no", "off", "":
		return RecomputeNone, nil
	case "selective", "sel":
		return RecomputeSelective, nil
	case "full":
		return RecomputeFull, nil
	}
	return 0, fmt.Errorf("recompute %q: want none, selective or full", s)
}

// Layout is one parallel configuration. GPUs = TP·CP·PP·DP; EP divides
// DP (experts are sharded over part of the data-parallel group); CP ranks
// hold the same weights, so gradients are reduced (and ZeRO shards the
// state) over DP·CP ranks (Megatron-LM's data-parallel-with-CP group).
type Layout struct {
	TP          int       `json:"tensor_parallel"`
	CP          int       `json:"context_parallel"` // sequence split across ranks (ring attention); 0 or 1 = none
	PP          int       `json:"pipeline_parallel"`
	DP          int       `json:"data_parallel"`
	EP          int       `json:"expert_parallel"`
	MicroBatch  int       `json:"micro_batch"`
	VPP         int       `json:"virtual_stages"` // model chunks per pipeline rank (interleaved 1F1B when > 1)
	Recompute   Recompute `json:"-"`
	SeqParallel bool      `json:"sequence_parallel"`
	ZeRO        int       `json:"zero_stage"` // 0 none, 1 optimizer, 2 +gradients, 3 +weights (FSDP)
}

// Training is the workload: batch, sequence and the bytes of training
// state per parameter.
type Training struct {
	GlobalBatch int     // sequences per optimizer step, never changed by the planner
	Seq         int     // tokens per sequence
	Tokens      float64 // tokens to train on, for time to train (0: not computed)
	// Bytes per parameter: weights, gradients and optimizer state
	// (mixed-precision Adam: 2 + 2 + 12 = 16, ZeRO §3.1, formulas.md §3.1).
	WeightBytes, GradBytes, OptimizerBytes float64
	// OptimizerTraffic is the HBM traffic of the optimizer step per
	// parameter it updates (fused Adam: read grad 4, master 4, m 4, v 4;
	// write master, m, v 12 and the bf16 copy 2 = 30 bytes).
	OptimizerTraffic float64
	// Stack is the training software: which overlaps and kernels exist
	// (DefaultStack when zero).
	Stack Stack
	// BucketBytes is the gradient bucket size of the overlapped data-
	// parallel collectives: the last reduce-scatter bucket and the first
	// all-gather bucket are never hidden (default 40 MB; Megatron-Core
	// buckets max(40M, 1M·dp) elements, PyTorch DDP 25 MB).
	BucketBytes float64
	// CausalFLOPs counts model FLOPs with the causal halving of attention;
	// false (default) is PaLM's convention (formulas.md §2.4, §2.8).
	CausalFLOPs bool
	// UsableMemory is the fraction of device memory a job may fill (the rest:
	// CUDA context, NCCL buffers, allocator fragmentation).
	UsableMemory float64
}

// Bytes per parameter of mixed-precision Adam training (ZeRO, Rajbhandari
// et al. 2020, §3.1): 16-bit weights and gradients, and fp32 master
// weights, momentum and variance.
const (
	MixedWeightBytes   = 2
	MixedGradBytes     = 2
	AdamOptimizerBytes = 12
)

// DefaultTraining returns mixed-precision Adam on the default stack.
func DefaultTraining(globalBatch, seq int) Training {
	return Training{GlobalBatch: globalBatch, Seq: seq, WeightBytes: MixedWeightBytes, GradBytes: MixedGradBytes, OptimizerBytes: AdamOptimizerBytes,
		OptimizerTraffic: 30, Stack: DefaultStack(), BucketBytes: 40e6, UsableMemory: 0.9}
}

// Reject reasons for layouts that cannot run; Evaluate reports one of these.
const (
	RejectNone       = ""
	RejectGPUs       = "tp·pp·dp != gpus"
	RejectHeads      = "heads not divisible by tp"
	RejectLayers     = "more pipeline chunks (pp·vpp) than layers + 2"
	RejectBatch      = "global batch not divisible by dp·micro_batch"
	RejectExperts    = "experts or dp not divisible by ep"
	RejectInterleave = "interleaving needs pp > 1 and micro-batches divisible by pp"
	RejectSeqPar     = "sequence parallel needs tp > 1"
	RejectZeRO       = "zero stage must be 0..3"
	RejectMemory     = "does not fit in memory"
	RejectCP         = "sequence not divisible by cp"
	RejectDualPipe   = "DualPipe needs an even pp and no virtual stages"
)

// embedLossSlots lets the input embedding and the loss each take a
// layer's place in the pipeline split (Megatron-Core
// --account-for-embedding-in-pipeline-split and ...-loss-...; Llama 3 405B
// ran 126 layers on 16 stages × 8 chunks this way): pp·vpp may exceed the
// layers by up to 2.
const embedLossSlots = 2

// check returns why l cannot run on m, or RejectNone.
func (m *Model) check(l Layout) string {
	s := m.Shape
	switch {
	case l.TP < 1 || l.PP < 1 || l.DP < 1 || l.CP < 0 || l.MicroBatch < 1 || l.TP*l.cp()*l.PP*l.DP != m.Cluster.GPUs:
		return RejectGPUs
	case m.Training.Seq%l.cp() != 0:
		return RejectCP
	case !m.tpOK(l.TP):
		return RejectHeads
	case l.VPP < 1 || s.Layers+embedLossSlots < l.PP*l.VPP:
		return RejectLayers
	case m.Training.GlobalBatch%(l.DP*l.MicroBatch) != 0:
		return RejectBatch
	case l.EP < 1 || l.DP%l.EP != 0 || (l.EP > 1 && (s.Experts == 0 || int(s.Experts)%l.EP != 0)):
		return RejectExperts
	case m.Training.Stack.Schedule == ScheduleDualPipe && l.PP > 1 && (l.VPP > 1 || l.PP%2 != 0):
		return RejectDualPipe
	case l.VPP > 1 && (l.PP == 1 || (m.Training.GlobalBatch/(l.DP*l.MicroBatch))%l.PP != 0):
		return RejectInterleave
	case l.SeqParallel && l.TP == 1:
		return RejectSeqPar
	case l.ZeRO < 0 || l.ZeRO > 3:
		return RejectZeRO
	}
	return RejectNone
}

// cp is the context-parallel degree (1 when unset).
func (l Layout) cp() int { return max(l.CP, 1) }

// replicas is the number of ranks holding the same weights: DP·CP.
func (l Layout) replicas() int { return l.DP * l.cp() }

// lay is a layout with what every part of its evaluation shares,
// computed once per evaluation.
type lay struct {
	Layout
	sc            float64 // stageScale
	dense, expert float64 // stageParams
}

// newLay derives the shared quantities of l.
func (m *Model) newLay(l Layout) lay {
	x := lay{Layout: l, sc: m.stageScale(l)}
	x.dense, x.expert = m.stageParams(&x)
	return x
}

// stageScale is the busiest stage's share of the layers relative to an
// even split: with L layers over pp·vpp chunks, a rank holds
// ceil(L/(pp·vpp))·vpp layers (Megatron-LM's uneven first/last stages
// when L is not a multiple), i.e. ceil(L/(pp·vpp))·vpp·pp/L times L/pp.
func (m *Model) stageScale(l Layout) float64 {
	L, chunks := m.Shape.Layers, l.PP*l.VPP
	per := (L + chunks - 1) / chunks
	return float64(per*l.VPP*l.PP) / float64(L)
}
