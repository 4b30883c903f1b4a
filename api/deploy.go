package api

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/units"
)

// DeployRequest is "flops deploy": the cheapest serving layout that meets
// TTFT and TPOT targets, on one or several accelerator types. Every field
// is text as typed on the command line (JSON names = flag names).
type DeployRequest struct {
	Model      string `json:"model"`      // catalog name or (CLI) config.json/safetensors/GGUF path
	GPU        string `json:"gpu"`        // accelerator IDs, comma-separated: "h100-sxm,h200-sxm,b200"
	Prompt     string `json:"prompt"`     // prompt tokens per request (ISL), "1024" or "8k"
	Output     string `json:"output"`     // output tokens per request (OSL)
	TTFT       string `json:"ttft"`       // time-to-first-token target, e.g. "500ms"
	TPOT       string `json:"tpot"`       // time-per-output-token target, e.g. "30ms"
	Percentile string `json:"percentile"` // mean (default), p90, p99: the statistic the targets apply to
	GPUs       string `json:"gpus"`       // GPU budget per type (default 8); or Rate
	Rate       string `json:"rate"`       // requests/s to serve with the fewest GPUs, "20" or "1200/min"
	Framework  string `json:"framework"`  // trtllm, vllm, sglang, llamacpp, generic, ideal
	Weights    string `json:"weights"`    // bf16, fp8, nvfp4, mxfp4, int4-awq, ...
	KVDtype    string `json:"kv_dtype"`   // KV-cache format (default: the profile's)
	// Price is USD per GPU-hour: one value for every accelerator or one
	// per --gpu, in order; default: the price catalog's median.
	Price       string `json:"price"`
	Mode        string `json:"mode"`         // agg, disagg, both (default)
	TP          string `json:"tp"`           // restrict tensor-parallel degrees, "1,2,4,8"
	PP          string `json:"pp"`           // restrict pipeline stages
	EP          string `json:"ep"`           // restrict expert-parallel degrees
	AttentionDP string `json:"attention_dp"` // restrict attention data-parallel ranks
	Concurrency string `json:"concurrency"`  // restrict requests in flight per replica or xPyD unit
	Top         string `json:"top"`          // layouts listed per accelerator (default 5)
	// CompareAPI adds the result's api_comparison: the same open model's
	// published API list prices (pricing.DefaultAPI) beside the best
	// layout's cost per million tokens.
	CompareAPI bool `json:"compare_api"`

	// Workers is the number of simulations run at once (CLI: all cores;
	// the server leaves it 0 = 1). Progress receives (done, total)
	// simulations. Neither is part of the JSON request.
	Workers  int                     `json:"-"`
	Progress func(done, total int64) `json:"-"`
}

// Run resolves the model, the accelerators and their prices, and searches;
// it stops (with the context's error) once env.Context is done.
func (r DeployRequest) Run(env Env) (*deploy.Result, error) {
	c, notes, err := r.Config(env)
	if err != nil {
		return nil, err
	}
	res, err := deploy.Search(c)
	if err != nil {
		return nil, flagInput(err)
	}
	res.Warnings = append(res.Warnings, notes...)
	if len(commaList(r.GPU)) == 0 {
		res.Assume("accelerator", DefaultGPU, "default: no --gpu given")
	}
	return res, nil
}

// Config turns the request into a deploy.Config; notes are warnings for
// the result (accelerators without a price).
func (r DeployRequest) Config(env Env) (deploy.Config, []string, error) {
	var c deploy.Config
	rm, err := resolveModel(env, r.Model)
	if err != nil {
		return c, nil, &InputError{Flag: "model", Value: r.Model, Err: err}
	}
	c.Model, c.ModelArg = &rm.arch, strings.TrimSpace(r.Model)
	c.CompareAPI, c.ModelID = r.CompareAPI, rm.id
	var notes []string
	if c.GPUs, notes, err = r.gpus(env); err != nil {
		return c, nil, err
	}
	if err := r.shape(&c); err != nil {
		return c, nil, err
	}
	if err := r.targets(&c); err != nil {
		return c, nil, err
	}
	if err := r.engineFields(&c); err != nil {
		return c, nil, err
	}
	if err := r.space(&c); err != nil {
		return c, nil, err
	}
	c.Workers, c.Progress, c.Context = min(max(r.Workers, 1), runtime.NumCPU()), r.Progress, env.Context
	return c, notes, nil
}

// gpus resolves the accelerator list and each one's price.
func (r DeployRequest) gpus(env Env) ([]deploy.GPU, []string, error) {
	ids := commaList(r.GPU)
	if len(ids) == 0 {
		ids = []string{DefaultGPU}
	}
	if len(ids) > deploy.MaxGPUTypes { // before pricing and resolving them
		return nil, nil, &InputError{Flag: "gpu", Value: r.GPU, Err: fmt.Errorf("%d accelerators: compare at most %d at once", len(ids), deploy.MaxGPUTypes)}
	}
	prices, err := r.prices(len(ids))
	if err != nil {
		return nil, nil, err
	}
	var out []deploy.GPU
	var notes []string
	for i, id := range ids {
		a, err := env.catalog().Lookup(id)
		if err != nil {
			return nil, nil, &InputError{Flag: "gpu", Value: id, Err: err}
		}
		if slices.ContainsFunc(out, func(g deploy.GPU) bool { return g.Accelerator.ID == a.ID }) {
			return nil, nil, &InputError{Flag: "gpu", Value: r.GPU, Err: fmt.Errorf("%s is listed twice", a.ID)}
		}
		g := deploy.GPU{Accelerator: a, Price: prices[i], PriceSource: "given (--price)"}
		if g.Price == 0 {
			if g.Price, g.PriceSource, err = deploy.CatalogPrice(a.ID); err != nil {
				notes = append(notes, fmt.Sprintf("%s: %v: no cost figures; give --price USD/GPU-hour", a.ID, err))
			}
		}
		out = append(out, g)
	}
	return out, notes, nil
}

// prices parses --price: none, one value for every accelerator, or one
// per accelerator.
func (r DeployRequest) prices(n int) ([]units.USDPerHour, error) {
	out := make([]units.USDPerHour, n)
	parts := commaList(r.Price)
	if len(parts) == 0 {
		return out, nil
	}
	if len(parts) != 1 && len(parts) != n {
		return nil, &InputError{Flag: "price", Value: r.Price, Err: fmt.Errorf("%d prices for %d accelerators: give one for all or one per --gpu, in order", len(parts), n)}
	}
	for i := range out {
		p := parts[min(i, len(parts)-1)]
		v, err := positive(p, units.ParseUSDPerHour)
		if err != nil {
			return nil, &InputError{Flag: "price", Value: p, Err: err}
		}
		out[i] = v
	}
	return out, nil
}

// shape parses the request shape and the budget.
func (r DeployRequest) shape(c *deploy.Config) error {
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
	var err error
	if nonEmpty(r.GPUs) {
		if c.TotalGPUs, err = wholeField("gpus", r.GPUs, deploy.MaxGPUs); err != nil {
			return err
		}
	}
	if nonEmpty(r.Rate) {
		if c.Rate, err = parseRate(r.Rate); err != nil {
			return &InputError{Flag: "rate", Value: r.Rate, Err: err}
		}
	}
	if nonEmpty(r.Top) {
		if c.Top, err = wholeField("top", r.Top, deploy.MaxTop); err != nil {
			return err
		}
	}
	return nil
}

// targets parses --ttft, --tpot and --percentile.
func (r DeployRequest) targets(c *deploy.Config) error {
	for _, f := range []struct {
		flag, text string
		dst        *units.Seconds
	}{{"ttft", r.TTFT, &c.Targets.TTFT}, {"tpot", r.TPOT, &c.Targets.TPOT}} {
		if !nonEmpty(f.text) {
			continue
		}
		v, err := positive(f.text, units.ParseSeconds)
		if err == nil && math.IsInf(float64(v), 0) {
			err = errors.New("must be finite")
		}
		if err != nil {
			return &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
		if f.flag == "tpot" && v >= 1 && unitless(f.text) {
			return &InputError{Flag: "tpot", Value: f.text, Err: fmt.Errorf("a plain number is seconds, and %g s per token is slower than anyone reads: give a unit, e.g. %sms", float64(v), strings.TrimSpace(f.text))}
		}
		*f.dst = v
	}
	p, err := deploy.ParsePercentile(r.Percentile)
	if err != nil {
		return &InputError{Flag: "percentile", Value: r.Percentile, Err: err}
	}
	c.Targets.Percentile = p
	if c.Mode, err = deploy.ParseMode(r.Mode); err != nil {
		return &InputError{Flag: "mode", Value: r.Mode, Err: err}
	}
	return nil
}

// unitless reports whether a duration was typed as a bare number.
func unitless(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789.eE+-") == ""
}

// engineFields parses the framework, the weight format and the KV cache.
func (r DeployRequest) engineFields(c *deploy.Config) error {
	if nonEmpty(r.Framework) {
		p, err := engine.LookupProfile(r.Framework)
		if err != nil {
			return &InputError{Flag: "framework", Value: r.Framework, Err: errors.New(strings.TrimPrefix(err.Error(), "--framework: "))}
		}
		c.Profile = p
	}
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
		c.KVBits, c.KVDtype = d.Bits, strings.TrimSpace(r.KVDtype)
	}
	return nil
}

// space parses the restriction lists.
func (r DeployRequest) space(c *deploy.Config) error {
	for _, f := range []struct {
		flag, text string
		dst        *[]int
		max        int
	}{{"tp", r.TP, &c.Space.TP, deploy.MaxDegree}, {"pp", r.PP, &c.Space.PP, deploy.MaxDegree}, {"ep", r.EP, &c.Space.EP, deploy.MaxDegree},
		{"attention-dp", r.AttentionDP, &c.Space.AttentionDP, deploy.MaxDegree}, {"concurrency", r.Concurrency, &c.Space.Concurrency, engine.MaxConcurrency}} {
		if !nonEmpty(f.text) {
			continue
		}
		parts := commaList(f.text)
		if len(parts) == 0 || len(parts) > deploy.MaxListLen {
			return &InputError{Flag: f.flag, Value: f.text, Err: fmt.Errorf("want a comma-separated list of 1 to %d whole numbers, e.g. 1,2,4,8", deploy.MaxListLen)}
		}
		for _, p := range parts {
			v, err := wholeField(f.flag, p, f.max)
			if err != nil {
				return err
			}
			if !slices.Contains(*f.dst, v) {
				*f.dst = append(*f.dst, v)
			}
		}
		slices.Sort(*f.dst)
	}
	return nil
}

// commaList splits a comma-separated list, dropping empty items.
func commaList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
