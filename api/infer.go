package api

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/load"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// InferRequest is the serving question as text, one field per flag of
// "flops infer" (JSON names = flag names). Empty fields are not given: the
// infer package's documented defaults apply and are listed as assumptions.
type InferRequest struct {
	// Model is a catalog name or (CLI only) a config.json, safetensors or
	// GGUF path. Without it, Params gives the first-version estimate
	// (FLOPs/token = 2·N, no KV cache).
	Model  string `json:"model"`
	Params string `json:"params"` // N, e.g. "70B"
	GPUs   string `json:"gpus"`   // tensor-parallel degree t
	// Batch is one size ("8"), a list ("1,2,4,8") or a power-of-two range
	// ("1-512"); more than one size is a sweep (Sweep).
	Batch   string `json:"batch"`
	Prompt  string `json:"prompt"`   // prompt tokens per sequence, "2048" or "8k" (= 8192, k = 1024 as for context lengths)
	Output  string `json:"output"`   // output tokens per sequence
	Weights string `json:"weights"`  // bf16, fp8, int8, int4, a GGUF type (q4_k_m) or bits ("4.25")
	KVDtype string `json:"kv_dtype"` // KV-cache format, same names
	Price   string `json:"price"`    // USD per GPU-hour, "2" or "$2/h"
	// ComputeEff and BandwidthEff are the achievable fractions of peak
	// FLOP/s and memory bandwidth ("0.5" or "50%").
	ComputeEff   string `json:"compute_eff"`
	BandwidthEff string `json:"bandwidth_eff"`
	AllReduce    string `json:"allreduce_latency"` // α per all-reduce, e.g. "8us"
	LinkBW       string `json:"link_bandwidth"`    // β per GPU per direction, e.g. "450GB/s"
	Attention    string `json:"attention"`         // prefill attention count: "causal" (default) or "full"
	Chunk        string `json:"prefill_chunk"`     // prefill tokens per forward step
	HW
	ServingFields
}

// InferSweep is the result of a batch sweep: one Result per batch size, in
// the order given. JSON: {"sweep": [...]}.
type InferSweep struct {
	Sweep []*infer.Result `json:"sweep"`
}

// Batches returns the batch sizes the request names (default [1]).
func (r InferRequest) Batches() ([]int, error) {
	if strings.TrimSpace(r.Batch) == "" {
		return []int{1}, nil
	}
	b, err := infer.ParseBatches(r.Batch)
	if err != nil {
		return nil, &InputError{Flag: "batch", Value: r.Batch, Err: err}
	}
	return b, nil
}

// Run parses the request, resolves the accelerator and model, and
// estimates one configuration. A request naming several batch sizes is an
// error here: use Sweep.
func (r InferRequest) Run(env Env) (*infer.Result, error) {
	b, err := r.Batches()
	if err != nil {
		return nil, err
	}
	if len(b) != 1 {
		return nil, &InputError{Flag: "batch", Value: r.Batch, Err: errors.New("several batch sizes: this is a sweep")}
	}
	cfg, notes, err := r.Config(env)
	if err != nil {
		return nil, err
	}
	cfg.Batch = b[0]
	res, err := infer.Estimate(cfg)
	if err != nil {
		return nil, err
	}
	r.annotate(res, notes)
	return res, nil
}

// annotate adds the loader's notes and the default accelerator, if used.
func (r InferRequest) annotate(res *infer.Result, notes []string) {
	res.Warnings = append(res.Warnings, notes...)
	if strings.TrimSpace(r.HW.GPU) == "" && strings.TrimSpace(r.HW.Peak) == "" {
		res.Assume("accelerator", DefaultGPU, "default: no --gpu given")
	}
}

// Sweep estimates every batch size the request names: the static
// roofline, which its charts (--plot, /api/plot/infer) draw. A load
// (concurrency, rate or max_throughput) is an error here, not silently
// dropped: serving under load is RunLoad.
func (r InferRequest) Sweep(env Env) (*InferSweep, error) {
	if err := r.staticOnly(); err != nil {
		return nil, err
	}
	b, err := r.Batches()
	if err != nil {
		return nil, err
	}
	cfg, notes, err := r.Config(env)
	if err != nil {
		return nil, err
	}
	rs, err := infer.Sweep(cfg, b)
	if err != nil {
		return nil, err
	}
	for _, res := range rs {
		r.annotate(res, notes)
	}
	return &InferSweep{Sweep: rs}, nil
}

// ErrLoadNotStatic is a load given to the static roofline (Sweep, the
// charts); the flag at fault is the load's.
var ErrLoadNotStatic = errors.New("--plot draws the static roofline; it does not take --concurrency, --rate or --max-throughput")

// staticOnly rejects a load, naming the first load field given.
func (r InferRequest) staticOnly() error {
	if !r.LoadMode() {
		return nil
	}
	s := r.ServingFields
	flag, value := "max-throughput", "" // a switch: its text adds nothing
	if nonEmpty(s.Concurrency) {
		flag, value = "concurrency", s.Concurrency
	} else if nonEmpty(s.Rate) {
		flag, value = "rate", s.Rate
	}
	return &InputError{Flag: flag, Value: value, Err: ErrLoadNotStatic}
}

// Config turns the request (all fields but Batch) into an infer.Config,
// with the model loader's warnings.
func (r InferRequest) Config(env Env) (infer.Config, []string, error) {
	var c infer.Config
	if err := r.CheckStatic(); err != nil {
		return c, nil, err
	}
	if nonEmpty(r.TP) {
		if nonEmpty(r.GPUs) && strings.TrimSpace(r.GPUs) != strings.TrimSpace(r.TP) {
			return c, nil, &InputError{Flag: "gpus", Value: r.GPUs, Err: fmt.Errorf("--gpus is the tensor-parallel degree, the same as --tp %s: give one", r.TP)}
		}
		r.GPUs = r.TP
	}
	notes, err := r.model(env, &c)
	if err != nil {
		return c, nil, err
	}
	acc, prec, err := r.HW.Resolve(env)
	var pe *hardware.PrecisionError
	given := strings.TrimSpace(r.HW.Precision) != ""
	if err != nil && (given || !errors.As(err, &pe)) {
		return c, nil, err
	}
	c.Accelerator = acc
	if given {
		c.Precision = prec // otherwise infer picks bf16 (fp16 without it) and records it
	}
	if err := r.ints(&c); err != nil {
		return c, nil, err
	}
	if err := r.dtypes(&c); err != nil {
		return c, nil, err
	}
	return c, notes, r.rates(&c)
}

// model resolves --model (load.Resolve: catalog, or files when the
// environment allows paths), or --params without it. Weight files give the
// exact stored bytes and bits per weight, used unless --weights is given.
func (r InferRequest) model(env Env, c *infer.Config) ([]string, error) {
	switch {
	case strings.TrimSpace(r.Model) != "" && strings.TrimSpace(r.Params) != "":
		return nil, &InputError{Flag: "params", Value: r.Params, Err: errors.New("give --model or --params, not both")}
	case strings.TrimSpace(r.Params) != "":
		n, err := positive(r.Params, units.ParseParams)
		if err != nil {
			return nil, &InputError{Flag: "params", Value: r.Params, Err: err}
		}
		c.Params = n
		return nil, nil
	case strings.TrimSpace(r.Model) == "":
		return nil, &InputError{Flag: "model", Err: errors.New("missing: give --model NAME|PATH, or --params N for the 2·N estimate")}
	}
	m, err := load.Resolve(strings.TrimSpace(r.Model), env.AllowPaths)
	if err != nil {
		return nil, fmt.Errorf("--model %q: %w", r.Model, err)
	}
	notes := append([]string(nil), m.Warnings...)
	if m.Mismatch != "" {
		notes = append(notes, m.Mismatch)
	}
	if m.HasArch {
		a := m.Arch
		if a.Name == "" {
			a.Name = filepath.Base(m.Source)
		}
		c.Model = &a
	} else {
		if m.FileParams <= 0 {
			return nil, fmt.Errorf("--model %q: the weight files hold no parameters and there is no config.json beside them", r.Model)
		}
		c.Params = m.FileParams // load has warned that no config.json was found
	}
	if m.FileParams > 0 && strings.TrimSpace(r.Weights) == "" {
		name := "file"
		if m.FileType != "" {
			name = m.FileType
		}
		c.Weights = infer.Dtype{Name: name, Bits: m.BitsPerWeight, Source: "exact: " + m.Source + " tensor bytes ÷ parameters, block scales included"}
		c.WeightBytes = m.FileBytes
	}
	return notes, nil
}

// ints parses the whole-number fields.
func (r InferRequest) ints(c *infer.Config) error {
	fields := []struct {
		flag, text string
		dst        *int
		max        float64
	}{
		{"gpus", r.GPUs, &c.GPUs, infer.MaxGPUs},
		{"prompt", r.Prompt, &c.Prompt, infer.MaxTokens},
		{"output", r.Output, &c.Output, infer.MaxTokens},
		{"prefill-chunk", r.Chunk, &c.PrefillChunk, infer.MaxTokens},
	}
	for _, f := range fields {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		if f.flag != "gpus" {
			// Token lengths: "8k" = 8192 as in flops model --context.
			v, err := ParseTokenLength(f.text, int(f.max))
			if err != nil {
				return &InputError{Flag: f.flag, Value: f.text, Err: err}
			}
			*f.dst = v
			continue
		}
		v, err := units.ParseCount(f.text)
		if err == nil && (v < 1 || v > f.max || v != math.Trunc(v)) {
			err = fmt.Errorf("must be a whole number from 1 to %.0f", f.max)
		}
		if err != nil {
			return &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
		*f.dst = int(v)
	}
	return nil
}

// dtypes parses --weights, --kv-dtype and --attention.
func (r InferRequest) dtypes(c *infer.Config) error {
	for _, f := range []struct {
		flag, text string
		dst        *infer.Dtype
	}{{"weights", r.Weights, &c.Weights}, {"kv-dtype", r.KVDtype, &c.KV}} {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		d, err := infer.ParseDtype(f.text)
		if err != nil {
			return &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
		*f.dst = d
	}
	if strings.TrimSpace(r.Attention) != "" {
		conv, err := model.ParseConvention(r.Attention)
		if err != nil {
			return &InputError{Flag: "attention", Value: r.Attention, Err: err}
		}
		c.Attention = conv
	}
	return nil
}

// rates parses the price, efficiencies and link parameters.
func (r InferRequest) rates(c *infer.Config) error {
	var err error
	if s := strings.TrimSpace(r.Price); s != "" {
		// A zero price would silently mean "no price" in infer.Config.
		if c.Price, err = positive(s, units.ParseUSDPerHour); err != nil {
			return &InputError{Flag: "price", Value: r.Price, Err: err}
		}
	}
	for _, f := range []struct {
		flag, text string
		dst        *units.Fraction
	}{{"compute-eff", r.ComputeEff, &c.ComputeEff}, {"bandwidth-eff", r.BandwidthEff, &c.BandwidthEff}} {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		v, err := positive(f.text, units.ParseFraction)
		if err == nil && v > 1 {
			err = errors.New("must be at most 1 (100%)")
		}
		if err != nil {
			return &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
		*f.dst = v
	}
	if s := strings.TrimSpace(r.AllReduce); s != "" {
		c.AllReduceLatency, err = positive(s, units.ParseSeconds)
		if err == nil && c.AllReduceLatency > 1 {
			// NVLink ~µs, InfiniBand ~10 µs, TCP ~100 µs: a second is no link.
			err = errors.New("must be at most 1s (all-reduce latencies are µs, e.g. 8us)")
		}
		if err != nil {
			return &InputError{Flag: "allreduce-latency", Value: r.AllReduce, Err: err}
		}
	}
	if s := strings.TrimSpace(r.LinkBW); s != "" {
		if c.LinkBandwidth, err = positive(s, units.ParseByteRate); err != nil {
			return &InputError{Flag: "link-bandwidth", Value: r.LinkBW, Err: err}
		}
	}
	return nil
}
