// Package infer is the inference performance model of flops: prefill and
// decode on the roofline (formulas.md §4), KV cache and memory fit (§3.4–
// 3.6), batching, weight quantization, tensor parallelism (§4.6, §5.1) and
// mixture-of-experts routing at batch, with cost per million tokens.
//
// A Config names a model (a model.Arch, or only a parameter count for the
// first-version estimate), an accelerator and a serving setup; Estimate
// returns a Result whose fields are documented with their units and
// formulas, carrying the derivation (steps) and every default it assumed.
// Sweep evaluates a list of batch sizes.
//
// The step model, per forward step on t GPUs:
//
//	time = max(FLOPs / (t·peak·u_c), bytes / (t·bandwidth·u_m)) + 2·L·(α + 2(t−1)/t · n·d·b / β)
//
// with decode FLOPs B·(2·N_active + attention(c)) and bytes = weights
// touched + B·KV(c), averaged exactly over the contexts P+1 … P+G−1 of the
// G−1 decode steps; prefill runs the whole prompt once and yields the first
// output token (TTFT).
package infer
