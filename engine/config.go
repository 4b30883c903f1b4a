package engine

import (
	"context"
	"fmt"
	"math"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// Config is one serving question: a model on an accelerator, run by a
// framework in a layout, under a load. Zero values take the documented
// defaults, each recorded as an assumption in the Result.
type Config struct {
	Model       *model.Arch
	Accelerator hardware.Accelerator
	Profile     Profile // the framework; zero: LookupProfile(DefaultProfile)

	Layout   Layout // one replica (aggregated serving)
	Replicas int    // identical replicas sharing the load evenly; default 1

	// Weights is the format of the MLP and expert weights; default bf16.
	Weights Format
	// AttentionWeights is the format of the attention projections; nil:
	// bf16 under a 4-bit Weights format (NVFP4 and MXFP4 checkpoints keep
	// attention in bf16), Weights otherwise.
	AttentionWeights *Format
	// KVBits is the KV-cache bits per element; 0: 8 when the profile
	// stores fp8 KV for ≤ 8-bit weights, else 16.
	KVBits float64

	Prompt int // tokens per request (ISL); default 1024
	Output int // tokens per request (OSL); default 256

	Load   Load
	Disagg *Disagg // nil: aggregated

	// BatchWait holds new prompts back to batch them (TensorRT-LLM's
	// batch waiting); zero: a prompt starts as soon as it is admitted.
	BatchWait BatchWait
	// RecvInterval is how often a decoding engine takes in new requests:
	// every RecvInterval decode steps, and after every step that runs a
	// prompt (SGLang --scheduler-recv-interval: a decode step adds 1 to
	// the scheduler's count, a prompt step enough to reach it); 0 or 1:
	// every step. A request arriving during a decode run waits for the
	// next take-in, (RecvInterval − 1)/2 decode steps on average.
	RecvInterval int
	// MaxRunning caps the requests one replica or worker runs at once
	// (vLLM --max-num-seqs, SGLang --max-running-requests, TensorRT-LLM
	// --max_batch_size); 0: the KV cache and the profile's limit.
	MaxRunning int

	// LinkBandwidth is β within the scale-up domain, per GPU per
	// direction; default: the catalog's bidirectional figure ÷ 2.
	LinkBandwidth units.ByteRate
	// ScaleOutBandwidth is β between scale-up domains, per GPU per
	// direction; default DefaultScaleOut.
	ScaleOutBandwidth units.ByteRate

	Price units.USDPerHour // per GPU-hour; 0: no cost figures

	// Context, if set, stops a long simulation once it is done: Estimate
	// returns the context's error. nil: run to the end.
	Context context.Context `json:"-"`

	// Direct measures at the engine itself, as in-process benchmarks do
	// (trtllm-bench, NeMo's TensorRT-LLM runs): no serving front end, so
	// the profile's request overhead and front-end queue are left out.
	Direct bool
}

// Load is how requests arrive. Exactly one of Concurrency, Rate and
// MaxThroughput is set.
type Load struct {
	Concurrency   int     // closed loop: this many requests kept in flight
	Rate          float64 // open loop: Poisson arrivals, requests per second
	MaxThroughput bool    // offline: every request queued at time 0
	// Requests is how many requests the run completes; default 10 per
	// unit of concurrency (closed loop, as benchmark clients are commonly
	// run), 10,000 (rate), or 8 per sequence that fits at once (offline).
	Requests int
	// Warmup is how many of the first requests are left out of the
	// statistics (genai-perf --warmup-request-count); default 0.
	Warmup int
	// Burst starts a finite closed loop (Requests > 0) with every client
	// sending at time 0, as benchmark clients do, instead of the clients
	// spread over one request's latency (the steady state).
	Burst bool
	// RangeRatio r draws each request's prompt and output lengths
	// uniformly from ⌊r·P⌋ … P and ⌊r·G⌋ … G tokens, as the random dataset
	// of vLLM's benchmark_serving.py does with --random-range-ratio r
	// (InferenceMAX runs it with 0.8); 0 or 1: every request is exactly
	// P + G tokens.
	RangeRatio float64
	Seed       uint64 // arrival-time and length seed; default 1
}

// Disagg is disaggregated serving: prompts run on a pool of prefill
// workers, the KV cache moves to a pool of decode workers, which generate.
type Disagg struct {
	Prefill        Layout `json:"prefill"`
	PrefillWorkers int    `json:"prefill_workers"`
	Decode         Layout `json:"decode"`
	DecodeWorkers  int    `json:"decode_workers"`
	// TransferBandwidth is the KV transfer rate per GPU of the sending
	// worker; default: the scale-up link when both workers fit in one
	// scale-up domain (NVL72), else the scale-out link.
	TransferBandwidth units.ByteRate `json:"transfer_bandwidth_bytes_per_second"`
}

// BatchWait is how long TensorRT-LLM holds new prompts back so that
// they start together (both off by default there):
//
//   - Without attention data parallelism, batch waiting (LLM API options
//     batch_wait_timeout_iters and batch_wait_max_tokens_ratio): while
//     requests decode, admitted prompts wait up to Iters engine steps, or
//     until the step would carry Tokens tokens (the prompts, up to the
//     token budget, plus one per decoding request; the ratio ×
//     max_num_tokens).
//   - With attention data parallelism, balancing (attention_dp_config
//     enable_balance, timeout_iters): while every rank decodes, a prompt
//     waits until every rank has one to start, or up to BalanceIters
//     steps.
//
// (TensorRT-LLM PyExecutor._waiting_requests and _balance_adp_requests.)
// Fewer decode steps are slowed by prompts; a prompt's TTFT grows by up to
// the limit's decode steps. Prefill-only workers never hold prompts (no
// decode runs beside them).
type BatchWait struct {
	Iters        int `json:"iters"`         // steps a prompt may be held without attention DP; 0: off
	Tokens       int `json:"tokens"`        // tokens that release the held prompts early; 0: steps only
	BalanceIters int `json:"balance_iters"` // steps a prompt may be held with attention DP; 0: off
}

// MaxSchedulerSteps bounds the step counts a scheduler setting takes
// (BatchWait.Iters, BatchWait.BalanceIters, Config.RecvInterval): the
// frameworks' own values are 0 to 60, and 10,000 steps is minutes of
// decoding, past which a setting only stalls the simulation.
const MaxSchedulerSteps = 10000

// setting is a whole-number setting allowed from 0 to most.
type setting struct {
	flag     string
	v, most  int
	unitText string
}

// checkSettings names the flag of the first setting out of range.
func checkSettings(ss ...setting) error {
	for _, s := range ss {
		if s.v < 0 || s.v > s.most {
			return flagErr(s.flag, "%d out of range: want 0 … %d %s", s.v, s.most, s.unitText)
		}
	}
	return nil
}

func (b BatchWait) check() error {
	if err := checkSettings(setting{"batch-wait-iters", b.Iters, MaxSchedulerSteps, "engine steps"},
		setting{"batch-wait-tokens", b.Tokens, MaxTokens, "tokens"},
		setting{"attention-dp-balance", b.BalanceIters, MaxSchedulerSteps, "engine steps"}); err != nil {
		return err
	}
	if b.Tokens > 0 && b.Iters == 0 {
		return flagErr("batch-wait-tokens", "needs --batch-wait-iters N: prompts are held only for a number of steps")
	}
	return nil
}

// Defaults and bounds.
const (
	DefaultPrompt = 1024
	DefaultOutput = 256
	// DefaultScaleOut is β between scale-up domains: 400 Gb/s InfiniBand
	// NDR or RoCE per GPU (the ConnectX-7 NIC of an HGX H100/B200 node),
	// 50 GB/s per direction.
	DefaultScaleOut units.ByteRate = 50e9
	// DefaultRateRequests is the requests a --rate run completes.
	DefaultRateRequests = 10000
	// MaxRequests bounds every run (a run of that many takes about a
	// second and a few tens of MB).
	MaxRequests = 1 << 18
	// MaxConcurrency bounds --concurrency per replica (the largest measured
	// deployment ran 16,384 in flight; more are --replicas).
	MaxConcurrency = 1 << 16
	// MaxTokens bounds prompt and output lengths.
	MaxTokens = 1 << 24
	// MaxWorkers bounds replicas and disaggregated workers.
	MaxWorkers = 4096
	// maxSimEvents bounds the events one simulation may process.
	maxSimEvents = 1 << 26
	// ctxEvents is how many events a simulation runs between looks at
	// Config.Context (a few ms of work).
	ctxEvents = 1 << 12
)

// check validates user-given values before defaults apply.
func (c *Config) check() error {
	if c.Model == nil {
		return fmt.Errorf("no model: serving estimates need an architecture (give --model)")
	}
	if err := c.Model.Validate(); err != nil {
		return fmt.Errorf("model %s: %w", c.Model.Name, err)
	}
	if c.Prompt < 0 || c.Prompt > MaxTokens {
		return flagErr("prompt", "%d out of range: want 1 … %d tokens", c.Prompt, MaxTokens)
	}
	if c.Output < 0 || c.Output > MaxTokens {
		return flagErr("output", "%d out of range: want 1 … %d tokens", c.Output, MaxTokens)
	}
	if c.Replicas < 0 || c.Replicas > MaxWorkers {
		return flagErr("replicas", "%d out of range: want 1 … %d", c.Replicas, MaxWorkers)
	}
	if err := c.Load.check(); err != nil {
		return err
	}
	if err := c.BatchWait.check(); err != nil {
		return err
	}
	if err := checkSettings(setting{"recv-interval", c.RecvInterval, MaxSchedulerSteps, "engine steps"},
		setting{"max-running", c.MaxRunning, MaxConcurrency, "requests"}); err != nil {
		return err
	}
	if c.KVBits < 0 || c.KVBits > 32 || math.IsNaN(c.KVBits) {
		return flagErr("kv-dtype", "%g bits out of range", c.KVBits)
	}
	for _, b := range []struct {
		flag string
		v    units.ByteRate
	}{{"link-bandwidth", c.LinkBandwidth}, {"scale-out-bandwidth", c.ScaleOutBandwidth}} {
		if b.v < 0 || math.IsNaN(float64(b.v)) || math.IsInf(float64(b.v), 0) {
			return flagErr(b.flag, "%g out of range: want a positive rate such as 50GB/s", float64(b.v))
		}
	}
	if c.Price < 0 || math.IsNaN(float64(c.Price)) || math.IsInf(float64(c.Price), 0) {
		return flagErr("price", "%g out of range: want $/GPU-hour ≥ 0", float64(c.Price))
	}
	if c.Disagg != nil {
		return c.Disagg.check(c.Model)
	}
	return c.Layout.withDefaults().check(c.Model, "")
}

func (l Load) check() error {
	set := 0
	if l.Concurrency != 0 {
		set++
		if l.Concurrency < 0 || l.Concurrency > MaxConcurrency {
			return flagErr("concurrency", "%d out of range: want 1 … %d requests in flight", l.Concurrency, MaxConcurrency)
		}
	}
	if l.Rate != 0 || math.IsNaN(l.Rate) {
		set++
		if !(l.Rate > 0) || math.IsInf(l.Rate, 0) || l.Rate > 1e7 {
			return flagErr("rate", "%g out of range: want requests per second > 0 (e.g. 2.5)", l.Rate)
		}
	}
	if l.MaxThroughput {
		set++
	}
	if set != 1 {
		return flagErr("concurrency", "give exactly one of --concurrency, --rate and --max-throughput")
	}
	if l.Requests < 0 || l.Requests > MaxRequests {
		return flagErr("requests", "%d out of range: want 1 … %d", l.Requests, MaxRequests)
	}
	if l.Warmup < 0 || l.Warmup > MaxRequests {
		return flagErr("warmup", "%d out of range: want 0 … %d", l.Warmup, MaxRequests)
	}
	if !(l.RangeRatio >= 0 && l.RangeRatio <= 1) {
		return flagErr("random-range-ratio", "%g out of range: want 0 … 1 (0.8 draws lengths from 80 to 100 %% of --prompt and --output)", l.RangeRatio)
	}
	return nil
}

func (d *Disagg) check(a *model.Arch) error {
	if d.PrefillWorkers < 1 || d.PrefillWorkers > MaxWorkers {
		return flagErr("prefill-workers", "%d out of range: a disaggregated layout needs 1 … %d prefill workers", d.PrefillWorkers, MaxWorkers)
	}
	if d.DecodeWorkers < 1 || d.DecodeWorkers > MaxWorkers {
		return flagErr("decode-workers", "%d out of range: a disaggregated layout needs 1 … %d decode workers", d.DecodeWorkers, MaxWorkers)
	}
	if d.TransferBandwidth < 0 || math.IsNaN(float64(d.TransferBandwidth)) || math.IsInf(float64(d.TransferBandwidth), 0) {
		return flagErr("transfer-bandwidth", "%g out of range", float64(d.TransferBandwidth))
	}
	if err := d.Prefill.withDefaults().check(a, "prefill-"); err != nil {
		return err
	}
	return d.Decode.withDefaults().check(a, "decode-")
}

// Check validates c as Estimate would, without running it: the error
// names the flag at fault (a *FlagError where one flag is).
func Check(c Config) error { return c.check() }
