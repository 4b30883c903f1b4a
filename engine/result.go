package engine

import (
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Result is a serving estimate under load. Times are seconds, rates per
// second, sizes bytes, money US dollars. TTFT is from a request's arrival
// to its first output token (queueing included); TPOT is the mean time
// between its later tokens, (latency − TTFT)/(output − 1), as benchmark
// clients define it.
type Result struct {
	Model       string `json:"model"`
	Accelerator string `json:"accelerator"`
	Framework   string `json:"framework"`
	Mode        string `json:"mode"`    // "concurrency", "rate" or "max-throughput"
	Serving     string `json:"serving"` // "aggregated" or "disaggregated"

	Layout   *Layout `json:"layout,omitempty"` // aggregated: one replica
	Replicas int     `json:"replicas,omitempty"`
	Prefill  *Pool   `json:"prefill,omitempty"` // disaggregated
	Decode   *Pool   `json:"decode,omitempty"`
	GPUs     int     `json:"gpus"`

	Concurrency int     `json:"concurrency,omitempty"`              // closed loop: requests in flight
	Rate        float64 `json:"rate_requests_per_second,omitempty"` // open loop: offered rate
	Requests    int     `json:"requests"`                           // requests simulated
	Prompt      int     `json:"prompt_tokens"`
	Output      int     `json:"output_tokens"`
	Weights     string  `json:"weights"`
	KVBytes     float64 `json:"kv_bytes_per_element"`

	TTFT    units.Seconds `json:"ttft_seconds"`    // mean
	TPOT    units.Seconds `json:"tpot_seconds"`    // mean
	Latency units.Seconds `json:"latency_seconds"` // mean end-to-end
	TTFTP50 units.Seconds `json:"ttft_p50_seconds"`
	TTFTP90 units.Seconds `json:"ttft_p90_seconds"`
	TTFTP99 units.Seconds `json:"ttft_p99_seconds"`
	TPOTP50 units.Seconds `json:"tpot_p50_seconds"`
	TPOTP90 units.Seconds `json:"tpot_p90_seconds"`
	TPOTP99 units.Seconds `json:"tpot_p99_seconds"`

	OutputTokensPerSecond        float64 `json:"output_tokens_per_second"`          // whole deployment
	OutputTokensPerSecondPerGPU  float64 `json:"output_tokens_per_second_per_gpu"`  // ÷ GPUs
	OutputTokensPerSecondPerUser float64 `json:"output_tokens_per_second_per_user"` // 1 / TPOT
	InputTokensPerSecond         float64 `json:"input_tokens_per_second"`           // prompt tokens served per second
	RequestsPerSecond            float64 `json:"requests_per_second"`
	MeanDecodeBatch              float64 `json:"mean_decode_batch"` // per replica or decode worker, time-weighted

	// Overloaded (rate mode): the offered rate exceeds Capacity, so the
	// queue (and TTFT) grows without bound with the run's length.
	Overloaded bool `json:"overloaded"`
	// Capacity is the most requests per second the deployment serves
	// (from a max-throughput run of the same deployment); set in rate
	// mode.
	Capacity *float64 `json:"capacity_requests_per_second,omitempty"`

	// Memory is one GPU's account: of the aggregated replica, or of the
	// decode worker, or of the disaggregated pool that does not fit.
	Memory Memory `json:"memory"`
	// Step is one decode step at the mean batch and mean context, by what
	// it spends time on; Limit names the largest share.
	Step  StepBreakdown `json:"decode_step"`
	Limit string        `json:"limited_by"`

	PricePerGPUHour      *float64 `json:"price_usd_per_gpu_hour"`
	CostPerMillionOutput *float64 `json:"cost_per_million_output_tokens_usd"`
	CostPerMillionInput  *float64 `json:"cost_per_million_input_tokens_usd"`

	Warnings []string `json:"warnings,omitempty"`
	explain.Trace
}

// Pool is one disaggregated pool: its worker layout, count and what each
// worker sees.
type Pool struct {
	Layout  Layout  `json:"layout"`
	Workers int     `json:"workers"`
	GPUs    int     `json:"gpus"`
	Busy    float64 `json:"busy_fraction"` // time the workers spend in steps ÷ the run
	Memory  Memory  `json:"memory"`
}

// StepBreakdown splits one decode step by resource, seconds.
type StepBreakdown struct {
	Seconds  units.Seconds `json:"seconds"`
	Weights  units.Seconds `json:"weights_seconds"`  // reading weights from HBM
	KV       units.Seconds `json:"kv_seconds"`       // reading the KV cache from HBM
	Compute  units.Seconds `json:"compute_seconds"`  // compute-bound kernels
	Comm     units.Seconds `json:"comm_seconds"`     // all-reduces and all-to-alls
	Overhead units.Seconds `json:"overhead_seconds"` // the framework's fixed cost per step
	Batch    float64       `json:"batch"`
	Context  float64       `json:"context"`
}
