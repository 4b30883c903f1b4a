// Package plan searches the parallel layouts of one training run (tensor,
// pipeline, data and expert parallel degrees, micro-batch, interleaving,
// recompute, sequence parallelism, ZeRO stage) with the cost model of
// package perf, holding the global batch fixed. It enumerates every valid
// layout, prunes sub-trees whose weights and optimizer state alone cannot
// fit, skips layouts that are symmetric duplicates of another, and returns
// the fastest N, the Pareto front of step time against memory per GPU, and
// the number of layouts rejected for each reason.
package plan

import (
	"context"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
)

// Constraints fix search dimensions; a zero field is free.
type Constraints struct {
	TP, PP, DP, EP, MicroBatch, VPP int
	CP                              int              // context-parallel degree; 0 = 1 (not searched: CP only when asked for)
	Recompute                       []perf.Recompute // allowed modes; nil = all
	ZeRO                            []int            // allowed stages; nil = 0..3
	SeqParallel                     []bool           // allowed; nil = both
	MaxMicroBatch                   int              // default 16
	MaxVPP                          int              // default 8
}

// Request is one search.
type Request struct {
	Arch     *model.Arch
	Options  perf.ShapeOptions
	Cluster  perf.Cluster
	Training perf.Training
	Fixed    Constraints
	Top      int   // how many of the fastest layouts to return (default 10)
	Workers  int   // parallel workers (default 1)
	MaxSpace int64 // refuse searches visiting more layouts (default MaxSpace)
	// Progress, if set, is called with layouts visited so far and the total,
	// at most every 200 ms while the search runs and once at the end.
	Progress func(done, total int64)
	// Context, if set, stops the search once it is done (the client went
	// away, a deadline passed): Run then returns its error. Checked every
	// few hundred layouts, so a search stops within a millisecond or so.
	Context context.Context
}

// Candidate is one priced layout.
type Candidate struct {
	perf.Layout
	Recompute string `json:"recompute"`
	perf.Estimate
	TimeToTrain float64 `json:"time_to_train_seconds,omitempty"`
	GPUHours    float64 `json:"gpu_hours,omitempty"`
	CostUSD     float64 `json:"cost_usd,omitempty"`
	StepCostUSD float64 `json:"step_cost_usd,omitempty"` // absent without a price: not "$0"
}

// Result is the outcome of a search.
type Result struct {
	Model       string `json:"model"`
	GPU         string `json:"gpu"`
	GPUs        int    `json:"gpus"`
	GlobalBatch int    `json:"global_batch"`
	Seq         int    `json:"seq_len"`

	Space      int64            `json:"search_space"` // layouts visited (enumerated leaves incl. pruned and duplicates)
	Evaluated  int64            `json:"evaluated"`    // layouts priced by the cost model
	Feasible   int64            `json:"feasible"`     // priced layouts that fit in memory
	Duplicates int64            `json:"duplicates"`   // symmetric duplicates skipped
	Pruned     int64            `json:"pruned"`       // skipped by the memory lower bound before timing
	Rejected   map[string]int64 `json:"rejected"`     // by reason, incl. pruned and duplicate layouts
	Elapsed    float64          `json:"elapsed_seconds"`

	// The fastest layout's fields (tensor_parallel, step_time_seconds, mfu,
	// memory_per_gpu_bytes, fits, time_to_train_seconds, ...) at the top
	// level; absent when nothing fits.
	*Candidate

	Top []Candidate `json:"top"`
	// Over lists the fastest priced layouts that do not fit in memory; the
	// winner is taken from it (with fits=false) only when nothing fits.
	Over   []Candidate  `json:"over_memory,omitempty"`
	Pareto []Candidate  `json:"pareto"` // step time vs memory per GPU; cost per step is proportional to step time at a fixed GPU count
	Best   *perf.Result `json:"best,omitempty"`

	// Infeasible says why no layout was returned, if none was.
	Infeasible string `json:"infeasible,omitempty"`

	// Reliability is the winner's expected interruptions, checkpoint
	// interval, goodput and time, GPU-hours and cost with failures, flat
	// in the JSON; set by AddReliability (plan/goodput.go).
	*Reliability
	explain.Trace
}

// Reasons the planner adds to perf's reject reasons.
const (
	RejectDuplicate = "symmetric duplicate"
	RejectPruned    = "weights+optimizer+minimum activations exceed memory (pruned before timing)"
)
