package infer

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// Default efficiencies and latencies. Each is recorded as an Assumption
// with its source whenever a Config leaves it zero.
const (
	// DefaultBandwidthEff is the achievable fraction of peak memory
	// bandwidth in decode (model bandwidth utilisation, MBU) with a model
	// (--model): the middle of formulas.md §4.3's 0.5–0.8 starting range;
	// tuned stacks (vLLM, TensorRT-LLM) are commonly put at 0.6–0.85 MBU,
	// and NVIDIA NeMo's Llama-2-7B batch-1 H100 latency (153.8 ms for 128 in
	// + 20 out) implies ≈ 0.55 including framework overhead (see
	// README.md "Published measurements").
	DefaultBandwidthEff = 0.7
	// DefaultComputeEff is the achievable fraction of dense peak FLOP/s in
	// prefill and compute-bound decode (MFU): formulas.md §4.3's 0.4–0.7
	// range; §4.5 uses 0.5 for prefill.
	DefaultComputeEff = 0.5
	// DefaultParamsEff is the efficiency of the first-version path (only
	// --params, no architecture): 1.0, the pure roofline of docs/formulas.md §4.3
	// (decode time = max(weight bytes / bandwidth, 2·N·B / peak)), which
	// gives the explainer's 140 GB / 3.35 TB/s = 41.8 ms for 70B on an H100.
	DefaultParamsEff = 1.0
	// DefaultAllReduceLatency is α, the fixed cost of one small all-reduce
	// over NVLink-class links: ~8 µs, formulas.md §4.6 [assumption; measure
	// it with nccl-tests on the target system].
	DefaultAllReduceLatency units.Seconds = 8e-6
	// DefaultPrompt and DefaultOutput are the prompt and output lengths in
	// tokens when none are given.
	DefaultPrompt = 1024
	DefaultOutput = 256
	// DefaultPrefillChunk is the prefill token budget per forward step:
	// 8,192 tokens, the order of serving engines' default batched-token
	// budgets for chunked prefill [assumption].
	DefaultPrefillChunk = 8192
	// MaxTokens bounds prompt + output (and max_context searches), 2^30.
	MaxTokens = 1 << 30
	// MaxBatch bounds the batch size, 2^24 sequences.
	MaxBatch = 1 << 24
	// MaxGPUs bounds the tensor-parallel degree.
	MaxGPUs = 4096
)

// Config is one inference question: a model (architecture, or only a
// parameter count), an accelerator, and a serving setup. Zero values take
// the documented defaults, each recorded as an Assumption.
type Config struct {
	// Model is the architecture. When nil, Params is used with FLOPs per
	// token = 2·Params, no KV cache and no attention FLOPs (the first
	// version of `flops infer`).
	Model *model.Arch
	// Params is the parameter count when Model is nil.
	Params units.Params

	Accelerator hardware.Accelerator
	Precision   hardware.Precision // compute precision for peak FLOP/s; default bf16

	GPUs   int // tensor-parallel degree t; default 1
	Batch  int // concurrent sequences B; default 1
	Prompt int // prompt tokens P per sequence; default DefaultPrompt (0 with no Model)
	Output int // output tokens G per sequence; default DefaultOutput

	Weights Dtype // weight storage; default bf16
	// WeightBytes, when set, is the exact stored weight size (e.g. summed
	// from a GGUF or safetensors file) and replaces Params·bits/8 in the
	// memory account; reads per token still use Weights.Bits.
	WeightBytes units.Bytes
	KV          Dtype // KV-cache storage; default bf16
	// ActivationBytes is the bytes per activation element (all-reduce
	// messages, workspace); default 2 (bf16).
	ActivationBytes float64

	ComputeEff   units.Fraction // achievable fraction of peak FLOP/s
	BandwidthEff units.Fraction // achievable fraction of memory bandwidth

	// AllReduceLatency is α per all-reduce; default DefaultAllReduceLatency.
	AllReduceLatency units.Seconds
	// LinkBandwidth is β, per-GPU per-direction bandwidth for all-reduces;
	// default: the catalog's bidirectional scale-up figure ÷ 2.
	LinkBandwidth units.ByteRate

	Price units.USDPerHour // per GPU-hour; 0 = no cost figures

	// PrefillChunk is the most prompt tokens (over all sequences) one
	// prefill forward step processes; longer prefills run in chunks, each
	// re-reading the weights and sizing the activation workspace. Default
	// DefaultPrefillChunk.
	PrefillChunk int

	// Attention selects how prefill attention FLOPs are counted:
	// model.Causal (default; token i attends to i keys) or model.Full
	// (every prompt token charged for all P keys).
	Attention model.Convention
}

// MinParams and MaxParams bound a bare parameter count: from one parameter to
// 10^16 (10,000× the largest published dense model), so every derived
// byte count and time stays finite.
const (
	MinParams units.Params = 1
	MaxParams units.Params = 1e16
)

// validate checks user-given values (before defaults are applied).
func (c *Config) validate() error {
	if c.Model == nil && !(c.Params > 0 && !math.IsInf(float64(c.Params), 0)) {
		return fmt.Errorf("no model: give an architecture or a positive parameter count")
	}
	if c.Model == nil && (c.Params < MinParams || c.Params > MaxParams) {
		return fmt.Errorf("params %g out of range: want %g … %g (beyond that the bytes and FLOPs overflow or mean nothing)",
			float64(c.Params), float64(MinParams), float64(MaxParams))
	}
	checks := []struct {
		name string
		v    int
		max  int
	}{{"gpus", c.GPUs, MaxGPUs}, {"batch", c.Batch, MaxBatch}, {"prompt", c.Prompt, MaxTokens}, {"output", c.Output, MaxTokens}, {"prefill chunk", c.PrefillChunk, MaxTokens}}
	for _, ck := range checks {
		if ck.v < 0 || ck.v > ck.max {
			return fmt.Errorf("%s %d out of range: want 1 … %d", ck.name, ck.v, ck.max)
		}
	}
	if c.Prompt+c.Output > MaxTokens {
		return fmt.Errorf("prompt + output = %d tokens exceeds %d", c.Prompt+c.Output, MaxTokens)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"compute efficiency", float64(c.ComputeEff)}, {"bandwidth efficiency", float64(c.BandwidthEff)}} {
		if f.v < 0 || f.v > 1 || math.IsNaN(f.v) {
			return fmt.Errorf("%s %g out of range: want a fraction in (0, 1], e.g. 0.7 or 70%%", f.name, f.v)
		}
	}
	if c.Price < 0 || math.IsNaN(float64(c.Price)) || math.IsInf(float64(c.Price), 0) {
		return fmt.Errorf("price %g out of range: want $/GPU-hour ≥ 0", float64(c.Price))
	}
	if c.AllReduceLatency < 0 || c.LinkBandwidth < 0 || c.ActivationBytes < 0 || c.WeightBytes < 0 {
		return fmt.Errorf("all-reduce latency, link bandwidth, activation bytes and weight bytes must not be negative")
	}
	if c.Model != nil {
		if err := c.Model.Validate(); err != nil {
			return fmt.Errorf("model %s: %w", c.Model.Name, err)
		}
	}
	return nil
}
