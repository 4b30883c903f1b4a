package infer

import (
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Phase is the cost of one serving phase. FLOPs and bytes are summed over
// the t GPUs (a KV head replicated on several GPUs is counted on each), so
// Intensity = FLOPs / Bytes is also the per-GPU arithmetic intensity.
// Prefill covers the whole prompt of all B sequences; decode is one step
// (one new token for each of B sequences) averaged over the G − 1 steps.
type Phase struct {
	Tokens         float64       `json:"tokens"`               // tokens processed: B·P, or B per decode step
	Context        float64       `json:"context"`              // keys attended: P (prefill), mean decode context
	FLOPs          units.FLOPs   `json:"flops"`                // all GPUs
	WeightBytes    units.Bytes   `json:"weight_bytes_read"`    // all GPUs; MoE: experts touched only
	KVBytes        units.Bytes   `json:"kv_bytes"`             // written (prefill) or read (decode), all GPUs
	Bytes          units.Bytes   `json:"bytes"`                // WeightBytes + KVBytes
	Intensity      float64       `json:"arithmetic_intensity"` // FLOP/byte
	ComputeSeconds units.Seconds `json:"compute_seconds"`      // FLOPs / (t·peak·compute_eff)
	MemorySeconds  units.Seconds `json:"memory_seconds"`       // Bytes / (t·bandwidth·bandwidth_eff)
	CommSeconds    units.Seconds `json:"allreduce_seconds"`    // 2·L·(α + 2(t−1)/t·n·d·b/β), 0 on one GPU
	Seconds        units.Seconds `json:"seconds"`              // max(compute, memory) + all-reduce
	Bound          string        `json:"bound"`                // "memory" or "compute"
}

// Result is the inference estimate for one Config. Times are seconds,
// sizes bytes, rates per second, money US dollars; all in JSON as raw
// numbers. Nullable fields (JSON null) are unknown without an architecture
// or a price.
type Result struct {
	Model        string       `json:"model"`
	Params       units.Params `json:"params"`        // resident parameters (all experts)
	ActiveParams units.Params `json:"active_params"` // matmul parameters used per token (k experts, head incl.)
	Accelerator  string       `json:"accelerator"`
	Precision    string       `json:"precision"`
	GPUs         int          `json:"gpus"`
	Batch        int          `json:"batch"`
	Prompt       int          `json:"prompt_tokens"`
	Output       int          `json:"output_tokens"`
	Weights      Dtype        `json:"weights"`
	KVDtype      Dtype        `json:"kv_dtype"`
	ComputeEff   float64      `json:"compute_efficiency"`
	BandwidthEff float64      `json:"bandwidth_efficiency"`

	PeakFLOPs units.FLOPRate `json:"peak_flops_per_second"`             // per GPU, dense, at Precision
	Bandwidth units.ByteRate `json:"memory_bandwidth_bytes_per_second"` // per GPU

	// First-version fields (the pure roofline, docs/formulas.md §4.3): decode per step at batch B.
	FLOPsPerToken       units.FLOPs   `json:"flops_per_token"`      // 2·N_active + attention at the mean decode context
	SecondsPerToken     units.Seconds `json:"seconds_per_token"`    // = seconds_per_output_token
	TokensPerSecond     float64       `json:"tokens_per_second"`    // decode steps only: B / seconds_per_output_token (excludes prefill; see output_tokens_per_second)
	Bound               string        `json:"bound"`                // decode bound, "memory" or "compute"
	ArithmeticIntensity float64       `json:"arithmetic_intensity"` // decode FLOP/byte
	RidgePoint          float64       `json:"ridge_point"`          // peak / bandwidth, FLOP/byte (hardware, efficiencies excluded)
	// CriticalBatch is the batch at which decode turns compute-bound at the
	// mean decode context (null: never, see CriticalBatchNote).
	CriticalBatch     *float64 `json:"critical_batch"`
	CriticalBatchNote string   `json:"critical_batch_note,omitempty"`

	TTFT                       units.Seconds `json:"ttft_seconds"`                      // prefill time; the first output token comes from it
	SecondsPerOutputToken      units.Seconds `json:"seconds_per_output_token"`          // mean decode step time (TPOT)
	RooflineSecondsPerOutToken units.Seconds `json:"roofline_seconds_per_output_token"` // the same at efficiency 1 (pure roofline bound)
	TokensPerSecondPerSequence float64       `json:"tokens_per_second_per_sequence"`    // 1 / seconds_per_output_token
	LatencySeconds             units.Seconds `json:"latency_seconds"`                   // TTFT + (G−1) decode steps
	// OutputTokensPerSecond is end to end: the batch's B·G output tokens
	// over its latency, prefill included.
	OutputTokensPerSecond  float64  `json:"output_tokens_per_second"`
	PrefillTokensPerSecond float64  `json:"prefill_tokens_per_second"` // B·P / TTFT
	DecodeBound            string   `json:"decode_bound"`
	PrefillBound           string   `json:"prefill_bound"`
	Prefill                Phase    `json:"prefill"`
	Decode                 Phase    `json:"decode"`
	ExpertsTouched         *float64 `json:"experts_touched_per_layer,omitempty"` // MoE decode: E·(1 − (1 − k/E)^B)

	WeightBytes     units.Bytes `json:"weight_bytes"`       // all weights, all GPUs
	KVCacheBytes    units.Bytes `json:"kv_cache_bytes"`     // B sequences at P+G, one copy (no TP replication)
	KVBytesPerToken units.Bytes `json:"kv_bytes_per_token"` // one token, all layers
	Memory          Memory      `json:"memory"`
	Fits            bool        `json:"fits"`
	// MaxBatch is the largest batch that fits at context P+G (null when
	// unbounded: no architecture, so no KV cache).
	MaxBatch *int `json:"max_batch"`
	// MaxContext is the longest context per sequence that fits at this
	// batch, limited by MaxContextLimit ("memory" or "model").
	MaxContext      *int   `json:"max_context"`
	MaxContextLimit string `json:"max_context_limit,omitempty"`

	PricePerGPUHour      *float64 `json:"price_usd_per_gpu_hour"`
	CostPerMillionOutput *float64 `json:"cost_per_million_output_tokens_usd"` // GPU time of decode ÷ output tokens
	CostPerMillionInput  *float64 `json:"cost_per_million_input_tokens_usd"`  // GPU time of prefill ÷ prompt tokens
	Warnings             []string `json:"warnings,omitempty"`
	explain.Trace
}
