package api

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/units"
)

// ServingFields are the flags of "flops infer" that put a deployment under
// load (package engine): the load, the framework, the parallel layout and
// disaggregated pools. Without a load (--concurrency, --rate or
// --max-throughput) infer estimates one static batch, as before.
type ServingFields struct {
	Concurrency   string `json:"concurrency"`        // closed loop: requests kept in flight
	Rate          string `json:"rate"`               // open loop: Poisson arrivals, requests per second
	MaxThroughput string `json:"max_throughput"`     // "true": offline, every request queued at once
	Requests      string `json:"requests"`           // requests the run completes
	Burst         string `json:"burst"`              // "true": a finite closed loop whose clients all start at once, as benchmark clients do
	Seed          string `json:"seed"`               // arrival and length seed
	RangeRatio    string `json:"random_range_ratio"` // lengths drawn uniformly from this fraction … 100 % of prompt and output
	Framework     string `json:"framework"`          // trtllm, vllm, sglang, llamacpp, generic, ideal
	// BatchWaitIters and BatchWaitTokens are TensorRT-LLM's batch waiting
	// (engine.BatchWait): prompts held up to this many steps beside
	// running decodes, or until a step would carry this many tokens.
	BatchWaitIters  string `json:"batch_wait_iters"`
	BatchWaitTokens string `json:"batch_wait_tokens"`
	// AttentionDPBalance is its counterpart with attention DP: a prompt
	// held until every rank has one, up to this many steps.
	AttentionDPBalance string `json:"attention_dp_balance"`
	RecvInterval       string `json:"recv_interval"` // new requests taken in every N decode steps (SGLang --scheduler-recv-interval)
	MaxRunning         string `json:"max_running"`   // most requests running at once per replica

	TP          string `json:"tp"`           // tensor-parallel degree (--gpus is the same)
	PP          string `json:"pp"`           // pipeline stages
	EP          string `json:"ep"`           // expert-parallel degree
	AttentionDP string `json:"attention_dp"` // attention data-parallel ranks
	Replicas    string `json:"replicas"`     // identical replicas sharing the load

	Disagg             string `json:"disagg"` // "true": disaggregated prefill and decode pools
	PrefillTP          string `json:"prefill_tp"`
	PrefillPP          string `json:"prefill_pp"`
	PrefillEP          string `json:"prefill_ep"`
	PrefillAttentionDP string `json:"prefill_attention_dp"`
	PrefillWorkers     string `json:"prefill_workers"`
	DecodeTP           string `json:"decode_tp"`
	DecodePP           string `json:"decode_pp"`
	DecodeEP           string `json:"decode_ep"`
	DecodeAttentionDP  string `json:"decode_attention_dp"`
	DecodeWorkers      string `json:"decode_workers"`
	TransferBandwidth  string `json:"transfer_bandwidth"`  // KV transfer per sending GPU, e.g. "50GB/s"
	ScaleOutBandwidth  string `json:"scale_out_bandwidth"` // between scale-up domains, per GPU per direction
}

// LoadMode reports whether the request asks for serving under load.
func (r InferRequest) LoadMode() bool {
	s := r.ServingFields
	return nonEmpty(s.Concurrency) || nonEmpty(s.Rate) || truthy(s.MaxThroughput)
}

func nonEmpty(s string) bool { return strings.TrimSpace(s) != "" }

// truthy reads a boolean field: "true", "1", "yes" (case-insensitive).
func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}

// flagInput turns an *engine.FlagError (deploy.Error is the same type)
// into an *InputError naming its flag; other errors pass unchanged.
func flagInput(err error) error {
	var fe *engine.FlagError
	if errors.As(err, &fe) {
		return &InputError{Flag: fe.Flag, Err: errors.New(fe.Msg)}
	}
	return err
}

// RunLoad estimates the deployment under its load with engine.Estimate.
func (r InferRequest) RunLoad(env Env) (*engine.Result, error) {
	cfg, notes, err := r.LoadConfig(env)
	if err != nil {
		return nil, err
	}
	cfg.Context = env.Context
	res, err := engine.Estimate(cfg)
	if err != nil {
		return nil, flagInput(err)
	}
	res.Warnings = append(res.Warnings, notes...)
	if !nonEmpty(r.HW.GPU) && !nonEmpty(r.HW.Peak) {
		res.Assume("accelerator", DefaultGPU, "default: no --gpu given")
	}
	return res, nil
}

// LoadConfig turns the request into an engine.Config.
func (r InferRequest) LoadConfig(env Env) (engine.Config, []string, error) {
	var c engine.Config
	if err := r.checkLoadFlags(); err != nil {
		return c, nil, err
	}
	var ic infer.Config
	notes, err := r.model(env, &ic)
	if err != nil {
		return c, nil, err
	}
	if ic.Model == nil {
		return c, nil, &InputError{Flag: "params", Value: r.Params, Err: errors.New("serving under load needs an architecture (attention, KV cache, experts): give --model NAME|PATH")}
	}
	c.Model = ic.Model
	if c.Accelerator, _, err = r.HW.Resolve(env); err != nil {
		return c, nil, err
	}
	if err := r.loadShape(&c); err != nil {
		return c, nil, err
	}
	if err := r.loadFormats(&c); err != nil {
		return c, nil, err
	}
	if err := r.loadLayout(&c); err != nil {
		return c, nil, err
	}
	return c, notes, r.loadLinks(&c)
}

// staticOnly are infer flags that describe the static roofline and have
// no meaning under load (the framework profile sets them).
func (r InferRequest) checkLoadFlags() error {
	static := []struct{ flag, v, why string }{
		{"batch", r.Batch, "the static batch; under load the batch is what the scheduler runs (use --concurrency)"},
		{"compute-eff", r.ComputeEff, "set by the --framework profile (use --framework ideal for the pure roofline)"},
		{"bandwidth-eff", r.BandwidthEff, "set by the --framework profile (use --framework ideal for the pure roofline)"},
		{"allreduce-latency", r.AllReduce, "set by the --framework profile"},
		{"prefill-chunk", r.Chunk, "set by the --framework profile's token budget"},
		{"attention", r.Attention, "prompts are charged causally under load"},
		{"precision", r.HW.Precision, "the matmul precision follows --weights under load (nvfp4 runs fp4 where the GPU has it)"},
	}
	for _, s := range static {
		if nonEmpty(s.v) {
			return &InputError{Flag: s.flag, Value: s.v, Err: errors.New("not used with --concurrency, --rate or --max-throughput: " + s.why)}
		}
	}
	return nil
}

// CheckStatic rejects serving flags given without a load.
func (r InferRequest) CheckStatic() error {
	s := r.ServingFields
	for _, f := range []struct{ flag, v string }{{"framework", s.Framework}, {"pp", s.PP}, {"ep", s.EP}, {"attention-dp", s.AttentionDP},
		{"replicas", s.Replicas}, {"requests", s.Requests}, {"seed", s.Seed}, {"random-range-ratio", s.RangeRatio},
		{"batch-wait-iters", s.BatchWaitIters}, {"batch-wait-tokens", s.BatchWaitTokens},
		{"attention-dp-balance", s.AttentionDPBalance}, {"recv-interval", s.RecvInterval}, {"max-running", s.MaxRunning}, {"disagg", s.Disagg}, {"burst", s.Burst}, {"prefill-tp", s.PrefillTP},
		{"prefill-workers", s.PrefillWorkers}, {"decode-tp", s.DecodeTP}, {"decode-workers", s.DecodeWorkers},
		{"prefill-pp", s.PrefillPP}, {"prefill-ep", s.PrefillEP}, {"prefill-attention-dp", s.PrefillAttentionDP},
		{"decode-pp", s.DecodePP}, {"decode-ep", s.DecodeEP}, {"decode-attention-dp", s.DecodeAttentionDP},
		{"transfer-bandwidth", s.TransferBandwidth}, {"scale-out-bandwidth", s.ScaleOutBandwidth}} {
		if nonEmpty(f.v) && !((f.flag == "disagg" || f.flag == "burst") && !truthy(f.v)) {
			return &InputError{Flag: f.flag, Value: f.v, Err: errors.New("needs a load: add --concurrency N, --rate R or --max-throughput")}
		}
	}
	return nil
}

// loadShape parses the load and the request shape.
func (r InferRequest) loadShape(c *engine.Config) error {
	s := r.ServingFields
	var err error
	if nonEmpty(s.Concurrency) {
		if c.Load.Concurrency, err = wholeField("concurrency", s.Concurrency, engine.MaxConcurrency); err != nil {
			return err
		}
	}
	if nonEmpty(s.Rate) {
		v, err := parseRate(s.Rate)
		if err != nil {
			return &InputError{Flag: "rate", Value: s.Rate, Err: err}
		}
		c.Load.Rate = v
	}
	c.Load.MaxThroughput = truthy(s.MaxThroughput)
	if truthy(s.Burst) {
		if !nonEmpty(s.Requests) || !nonEmpty(s.Concurrency) {
			return &InputError{Flag: "burst", Value: s.Burst, Err: errors.New("a burst start is a finite benchmark run: give --concurrency C and --requests N too")}
		}
		c.Load.Burst = true
	}
	if nonEmpty(s.Requests) {
		if c.Load.Requests, err = wholeField("requests", s.Requests, engine.MaxRequests); err != nil {
			return err
		}
	}
	if nonEmpty(s.Seed) {
		v, err := strconv.ParseUint(strings.TrimSpace(s.Seed), 10, 64)
		if err != nil {
			return &InputError{Flag: "seed", Value: s.Seed, Err: errors.New("want a whole number ≥ 0")}
		}
		c.Load.Seed = v
	}
	if nonEmpty(s.RangeRatio) {
		v, err := strconv.ParseFloat(strings.TrimSpace(s.RangeRatio), 64)
		if err != nil {
			return &InputError{Flag: "random-range-ratio", Value: s.RangeRatio, Err: errors.New("want a fraction 0 … 1, e.g. 0.8")}
		}
		c.Load.RangeRatio = v
	}
	for _, f := range []struct {
		flag, text string
		dst        *int
		most       int
	}{{"batch-wait-iters", s.BatchWaitIters, &c.BatchWait.Iters, engine.MaxSchedulerSteps},
		{"batch-wait-tokens", s.BatchWaitTokens, &c.BatchWait.Tokens, engine.MaxTokens},
		{"attention-dp-balance", s.AttentionDPBalance, &c.BatchWait.BalanceIters, engine.MaxSchedulerSteps},
		{"recv-interval", s.RecvInterval, &c.RecvInterval, engine.MaxSchedulerSteps},
		{"max-running", s.MaxRunning, &c.MaxRunning, engine.MaxConcurrency}} {
		if nonEmpty(f.text) {
			if *f.dst, err = wholeField(f.flag, f.text, f.most); err != nil {
				return err
			}
		}
	}
	for _, f := range []struct {
		flag, text string
		dst        *int
	}{{"prompt", r.Prompt, &c.Prompt}, {"output", r.Output, &c.Output}} {
		if nonEmpty(f.text) {
			v, err := ParseTokenLength(f.text, engine.MaxTokens)
			if err != nil {
				return &InputError{Flag: f.flag, Value: f.text, Err: err}
			}
			*f.dst = v
		}
	}
	return nil
}

// parseRate reads requests per second: "2.5", "2.5/s", "150/min".
func parseRate(s string) (float64, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	div := 1.0
	for suf, d := range map[string]float64{"/s": 1, "/sec": 1, "rps": 1, "/min": 60, "/h": 3600} {
		if v, ok := strings.CutSuffix(t, suf); ok {
			t, div = v, d
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, errors.New("want requests per second > 0, e.g. 2.5 or 150/min")
	}
	return v / div, nil
}

// wholeField parses a count flag in 1 … max.
func wholeField(flag, text string, max int) (int, error) {
	v, err := units.ParseCount(text)
	if err == nil && (v < 1 || v > float64(max) || v != math.Trunc(v)) {
		err = fmt.Errorf("must be a whole number from 1 to %d", max)
	}
	if err != nil {
		return 0, &InputError{Flag: flag, Value: text, Err: err}
	}
	return int(v), nil
}

// loadFormats parses --weights (a serving format) and --kv-dtype.
func (r InferRequest) loadFormats(c *engine.Config) error {
	s := r.ServingFields
	if nonEmpty(r.Weights) {
		f, err := engine.ParseFormat(r.Weights)
		if err != nil {
			return &InputError{Flag: "weights", Value: r.Weights, Err: err}
		}
		c.Weights = f
	}
	if nonEmpty(r.KVDtype) {
		d, err := infer.ParseDtype(r.KVDtype)
		if err != nil {
			return &InputError{Flag: "kv-dtype", Value: r.KVDtype, Err: err}
		}
		c.KVBits = d.Bits
	}
	if nonEmpty(s.Framework) {
		p, err := engine.LookupProfile(s.Framework)
		if err != nil {
			return &InputError{Flag: "framework", Value: s.Framework, Err: errors.New(strings.TrimPrefix(err.Error(), "--framework: "))}
		}
		c.Profile = p
	}
	if nonEmpty(r.Price) {
		v, err := positive(r.Price, units.ParseUSDPerHour)
		if err != nil {
			return &InputError{Flag: "price", Value: r.Price, Err: err}
		}
		c.Price = v
	}
	return nil
}

// loadLayout parses the aggregated layout or the disaggregated pools.
func (r InferRequest) loadLayout(c *engine.Config) error {
	s := r.ServingFields
	tp := s.TP
	if nonEmpty(r.GPUs) {
		if nonEmpty(tp) && strings.TrimSpace(tp) != strings.TrimSpace(r.GPUs) {
			return &InputError{Flag: "gpus", Value: r.GPUs, Err: fmt.Errorf("--gpus is the tensor-parallel degree, the same as --tp %s: give one", tp)}
		}
		tp = r.GPUs
	}
	var err error
	if c.Layout, err = layoutFields("", tp, s.PP, s.EP, s.AttentionDP); err != nil {
		return err
	}
	if nonEmpty(s.Replicas) {
		if c.Replicas, err = wholeField("replicas", s.Replicas, engine.MaxWorkers); err != nil {
			return err
		}
	}
	if !truthy(s.Disagg) {
		for _, f := range []struct{ flag, v string }{{"prefill-workers", s.PrefillWorkers}, {"decode-workers", s.DecodeWorkers}, {"prefill-tp", s.PrefillTP}, {"decode-tp", s.DecodeTP}} {
			if nonEmpty(f.v) {
				return &InputError{Flag: f.flag, Value: f.v, Err: errors.New("describes a disaggregated pool: add --disagg")}
			}
		}
		return nil
	}
	d := &engine.Disagg{}
	if d.Prefill, err = layoutFields("prefill-", s.PrefillTP, s.PrefillPP, s.PrefillEP, s.PrefillAttentionDP); err != nil {
		return err
	}
	if d.Decode, err = layoutFields("decode-", s.DecodeTP, s.DecodePP, s.DecodeEP, s.DecodeAttentionDP); err != nil {
		return err
	}
	for _, f := range []struct {
		flag, v string
		dst     *int
	}{{"prefill-workers", s.PrefillWorkers, &d.PrefillWorkers}, {"decode-workers", s.DecodeWorkers, &d.DecodeWorkers}} {
		if !nonEmpty(f.v) {
			return &InputError{Flag: f.flag, Err: errors.New("missing: a disaggregated layout needs --prefill-workers and --decode-workers (e.g. 1 and 2)")}
		}
		if *f.dst, err = wholeField(f.flag, f.v, engine.MaxWorkers); err != nil {
			return err
		}
	}
	if nonEmpty(s.TransferBandwidth) {
		if d.TransferBandwidth, err = positive(s.TransferBandwidth, units.ParseByteRate); err != nil {
			return &InputError{Flag: "transfer-bandwidth", Value: s.TransferBandwidth, Err: err}
		}
	}
	c.Disagg = d
	return nil
}

// layoutFields parses one layout's degrees (empty: 1).
func layoutFields(prefix, tp, pp, ep, adp string) (engine.Layout, error) {
	var l engine.Layout
	for _, f := range []struct {
		flag, v string
		dst     *int
	}{{"tp", tp, &l.TP}, {"pp", pp, &l.PP}, {"ep", ep, &l.EP}, {"attention-dp", adp, &l.AttentionDP}} {
		if !nonEmpty(f.v) {
			continue
		}
		v, err := wholeField(prefix+f.flag, f.v, 4096)
		if err != nil {
			return l, err
		}
		*f.dst = v
	}
	return l, nil
}

// loadLinks parses the link overrides.
func (r InferRequest) loadLinks(c *engine.Config) error {
	var err error
	if nonEmpty(r.LinkBW) {
		if c.LinkBandwidth, err = positive(r.LinkBW, units.ParseByteRate); err != nil {
			return &InputError{Flag: "link-bandwidth", Value: r.LinkBW, Err: err}
		}
	}
	if s := r.ScaleOutBandwidth; nonEmpty(s) {
		if c.ScaleOutBandwidth, err = positive(s, units.ParseByteRate); err != nil {
			return &InputError{Flag: "scale-out-bandwidth", Value: s, Err: err}
		}
	}
	return nil
}
