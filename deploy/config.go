package deploy

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// Config is one deployment question. Zero values take the documented
// defaults, each recorded as an assumption in the Result.
type Config struct {
	Model *model.Arch
	// ModelArg is the model as the user named it (catalog name or path),
	// for the "flops infer" commands; default Model.Name.
	ModelArg string
	GPUs     []GPU // accelerator types compared side by side; at least one

	Profile engine.Profile // the framework; zero: engine.DefaultProfile
	Weights engine.Format  // zero: bf16
	KVBits  float64        // 0: the profile's default
	// KVDtype is the KV-cache format as the user named it (int8, fp8,
	// q8_0, ...), for the "flops infer" commands; "": named from KVBits.
	KVDtype string

	Prompt int // tokens per request (ISL); default engine.DefaultPrompt
	Output int // tokens per request (OSL); default engine.DefaultOutput

	Targets Targets

	// Budget: at most one of TotalGPUs and Rate. TotalGPUs is the GPUs of
	// each type the deployment may use (default DefaultGPUs); Rate is the
	// requests per second it must serve.
	TotalGPUs int
	Rate      float64

	Mode  Mode  // aggregated, disaggregated or both; default both
	Space Space // restrictions of the search space
	Top   int   // layouts listed in Plan.Top per accelerator; default DefaultTop

	// CompareAPI adds Result.APIComparison: the published API list prices
	// of the same open model (pricing.DefaultAPI) beside the best layout's
	// cost. ModelID is the model catalog ID they are looked up by ("" for
	// a model read from files: no API prices).
	CompareAPI bool
	ModelID    string

	// Workers is the number of simulations run at once (default 1).
	// Progress receives (done, total) simulations as they finish (total
	// grows as the search plans more), last with done = total; it is
	// called from the workers' goroutines but one call at a time, so it
	// needs no lock of its own, and it should return quickly.
	Workers  int
	Progress func(done, total int64)
	// Context, if set, stops the search once it is done: Search then
	// returns its error. nil: run to the end.
	Context context.Context
}

// GPU is one accelerator type to plan on, with its price.
type GPU struct {
	Accelerator hardware.Accelerator
	Price       units.USDPerHour // per GPU-hour; 0: no cost figures
	PriceSource string           // where the price comes from, for the assumptions
}

// Targets is the latency a deployment must meet; a zero field is no target.
type Targets struct {
	TTFT       units.Seconds `json:"ttft_seconds,omitempty"`
	TPOT       units.Seconds `json:"tpot_seconds,omitempty"`
	Percentile Percentile    `json:"percentile"`
}

// Percentile is the statistic a target applies to: "mean", "p90", "p99".
type Percentile string

// Percentiles.
const (
	Mean Percentile = "mean"
	P90  Percentile = "p90"
	P99  Percentile = "p99"
)

// ParsePercentile reads mean, p90 or p99 ("" is mean).
func ParsePercentile(s string) (Percentile, error) {
	switch p := Percentile(strings.ToLower(strings.TrimSpace(s))); p {
	case "", "avg", "average":
		return Mean, nil
	case Mean, P90, P99:
		return p, nil
	}
	return "", fmt.Errorf("unknown percentile %q (want mean, p90 or p99)", s)
}

// Mode is which serving layouts are searched.
type Mode string

// Modes.
const (
	Aggregated    Mode = "agg"
	Disaggregated Mode = "disagg"
	Both          Mode = "both"
)

// ParseMode reads agg, disagg or both ("" is both).
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return Both, nil
	case Aggregated, Disaggregated, Both:
		return m, nil
	case "aggregated":
		return Aggregated, nil
	case "disaggregated":
		return Disaggregated, nil
	}
	return "", fmt.Errorf("unknown mode %q (want agg, disagg or both)", s)
}

// Space narrows the search: an empty list searches that dimension's
// defaults. In a disaggregated layout, TP, PP, EP and AttentionDP apply to
// both pools and Concurrency is the requests in flight per xPyD unit.
type Space struct {
	TP, PP, EP, AttentionDP, Concurrency []int
}

// Defaults and bounds.
const (
	// DefaultGPUs is the GPU budget without --gpus or --rate: one 8-GPU
	// node (HGX/DGX, MI300X platform).
	DefaultGPUs = 8
	// MaxGPUs bounds the GPU budget and, with a rate, the GPUs of a
	// deployment (see beyond): engine.MaxWorkers replicas of one GPU.
	MaxGPUs = 4096
	// MaxRate bounds the request rate: a million requests/s.
	MaxRate = 1e6
	// MaxUnitGPUs bounds one engine instance (an aggregated replica or a
	// disaggregated worker), and one xPyD unit when sizing for a rate:
	// larger deployments are replicas of it.
	MaxUnitGPUs = 64
	// MaxWorkersPerPool bounds x and y of an xPyD unit.
	MaxWorkersPerPool = 8
	// DefaultTop is how many points Result.Top lists per accelerator;
	// MaxTop bounds it.
	DefaultTop = 5
	MaxTop     = 1000
	// MaxGPUTypes bounds the accelerator types compared at once.
	MaxGPUTypes = 8
	// MaxListLen bounds a restriction list (Space), MaxDegree the values
	// of its tp, pp, ep and attention-dp lists.
	MaxListLen = 64
	MaxDegree  = 4096
)

// Error is a bad value of one setting; Flag names the CLI flag. It is
// engine.FlagError, so that a caller maps the planner's and the engine's
// errors alike.
type Error = engine.FlagError

func errorf(flag, format string, a ...any) error {
	return &Error{Flag: flag, Msg: fmt.Sprintf(format, a...)}
}

// check validates the question before defaults apply.
func (c *Config) check() error {
	if c.Model == nil {
		return errorf("model", "missing: a deployment needs an architecture (give --model NAME|PATH)")
	}
	if len(c.GPUs) == 0 {
		return errorf("gpu", "missing: name at least one accelerator (e.g. --gpu h100-sxm,h200-sxm)")
	}
	if len(c.GPUs) > MaxGPUTypes {
		return errorf("gpu", "%d accelerators: compare at most %d at once", len(c.GPUs), MaxGPUTypes)
	}
	for _, t := range []struct {
		flag string
		v    units.Seconds
	}{{"ttft", c.Targets.TTFT}, {"tpot", c.Targets.TPOT}} {
		if v := float64(t.v); v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return errorf(t.flag, "%g out of range: want a latency > 0 such as 500ms", v)
		}
	}
	if _, err := ParsePercentile(string(c.Targets.Percentile)); err != nil {
		return errorf("percentile", "%v", err)
	}
	if _, err := ParseMode(string(c.Mode)); err != nil {
		return errorf("mode", "%v", err)
	}
	if c.TotalGPUs != 0 && c.Rate != 0 {
		return errorf("rate", "give --gpus N or --rate R, not both: with --rate the planner finds the fewest GPUs")
	}
	if c.TotalGPUs < 0 || c.TotalGPUs > MaxGPUs {
		return errorf("gpus", "%d out of range: want 1 … %d", c.TotalGPUs, MaxGPUs)
	}
	if c.Rate < 0 || math.IsNaN(c.Rate) {
		return errorf("rate", "%g out of range: want requests per second > 0 (e.g. 20)", c.Rate)
	}
	if c.Rate > MaxRate {
		return errorf("rate", "%g requests/s out of range: want at most %g (a deployment is at most %d GPUs and %d requests in flight)",
			c.Rate, float64(MaxRate), MaxGPUs, engine.MaxConcurrency)
	}
	if c.Top < 0 || c.Top > MaxTop {
		return errorf("top", "%d out of range: want 1 … %d", c.Top, MaxTop)
	}
	return c.Space.check()
}

// check validates the restriction lists.
func (s Space) check() error {
	for _, l := range []struct {
		flag string
		v    []int
		max  int
	}{{"tp", s.TP, MaxDegree}, {"pp", s.PP, MaxDegree}, {"ep", s.EP, MaxDegree}, {"attention-dp", s.AttentionDP, MaxDegree},
		{"concurrency", s.Concurrency, engine.MaxConcurrency}} {
		if len(l.v) > MaxListLen {
			return errorf(l.flag, "%d values: want at most %d", len(l.v), MaxListLen)
		}
		for _, v := range l.v {
			if v < 1 || v > l.max {
				return errorf(l.flag, "%d out of range: want 1 … %d", v, l.max)
			}
		}
	}
	return nil
}

// withDefaults returns c with every default applied.
func (c Config) withDefaults() Config {
	if c.ModelArg == "" {
		c.ModelArg = c.Model.Name
	}
	c.Targets.Percentile, _ = ParsePercentile(string(c.Targets.Percentile))
	c.Mode, _ = ParseMode(string(c.Mode))
	if c.TotalGPUs == 0 && c.Rate == 0 {
		c.TotalGPUs = DefaultGPUs
	}
	if c.Top == 0 {
		c.Top = DefaultTop
	}
	c.Workers = max(c.Workers, 1)
	return c
}

// unitGPUs is the most GPUs of one engine instance (a replica or a
// worker): the budget, up to MaxUnitGPUs.
func (c *Config) unitGPUs() int {
	if c.Rate > 0 {
		return MaxUnitGPUs
	}
	return min(c.TotalGPUs, MaxUnitGPUs)
}

// base is the engine configuration every candidate on gpu shares.
func (c *Config) base(g GPU) engine.Config {
	return engine.Config{Model: c.Model, Accelerator: g.Accelerator, Profile: c.Profile, Weights: c.Weights,
		KVBits: c.KVBits, Prompt: c.Prompt, Output: c.Output, Price: g.Price, Context: c.Context}
}
