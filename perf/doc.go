// Package perf models one training configuration of a decoder-only
// transformer on a GPU cluster: step time (GEMMs at a rate that falls with
// their reduction depth, attention, element-wise kernels, tensor/pipeline/
// data/expert/context-parallel communication on the network tier each
// runs on, what the software stack hides of it behind compute, pipeline
// bubble, optimizer step), memory per GPU by category, MFU and HFU, time
// to train, GPU-hours and cost.
//
// The software is a Stack (megatron-core by default): which overlaps
// exist and how each splits its collective (ring exchange, pipelined,
// bulk; overlap.go), the attention kernel and the pipeline schedule. The
// hardware is a Cluster with per-accelerator Efficiency constants: the
// network, memory and latency fractions are measured, four fractions of
// peak are fitted (package calibrate; validate reports their held-out
// errors).
//
// The model is split in two so that a planner can evaluate millions of
// layouts per second:
//
//   - Compile (once per model, sequence length, cluster and batch) derives
//     the per-layer GEMM shapes, attention sizes, parameter and activation
//     coefficients into a small Model value;
//   - (*Model).Evaluate (once per layout) is pure arithmetic on that value
//     and allocates nothing.
//
// Run wraps both for one configuration and adds the derivation (steps and
// assumptions) for --explain.
//
// Conventions: FLOPs count one add or one multiply (an m×k by k×n matmul is
// 2·m·k·n); bytes are plain bytes; times are seconds. Sources of the
// formulas: docs/formulas.md §2.4–2.7 (FLOPs, MFU/HFU),
// §3.1–3.3 (memory, ZeRO, Korthikanti et al. 2022 activations) and §5
// (collectives, bubble, overlap).
package perf
