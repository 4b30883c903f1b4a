package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/units"
)

// GoodputRequest is "flops goodput": what failures, checkpoints and
// restarts cost K accelerators, or a sweep over K (JSON names = flag
// names). The checkpoint's size comes from Model (all parameters, every
// expert) or Params; without either, CheckpointWriteTime must be given.
type GoodputRequest struct {
	GPUs   string `json:"gpus"`   // K, e.g. "16384", or a range to sweep, e.g. "64-1M"
	Model  string `json:"model"`  // catalog name or (CLI) config.json/safetensors/GGUF path
	Params string `json:"params"` // parameters the checkpoint holds, instead of a model
	Days   string `json:"days"`   // wall-clock window: "54" (days) or "36h"
	Reliability
}

// GoodputReport is one cluster size's reliability estimate.
type GoodputReport struct {
	Model string       `json:"model,omitempty"`
	N     units.Params `json:"checkpoint_params,omitempty"`
	GPUs  int          `json:"gpus"`
	// Window is the wall-clock span counted over, seconds (0: rates only).
	Window units.Seconds `json:"window_seconds,omitempty"`
	*goodput.Result
	explain.Trace
}

// GoodputSeries is one curve of a sweep: its settings and a result per size.
type GoodputSeries struct {
	Name   string          `json:"name"`
	Points []GoodputPoint  `json:"points"`
	opts   goodput.Options // as parsed
}

// GoodputPoint is one cluster size of a series.
type GoodputPoint struct {
	GPUs int `json:"gpus"`
	*goodput.Result
}

// GoodputSweep is goodput against cluster size, one series per
// combination of the listed checkpoint bandwidths and restart times, with
// the published runs' measured points.
type GoodputSweep struct {
	Model     string             `json:"model,omitempty"`
	N         units.Params       `json:"checkpoint_params,omitempty"`
	Series    []GoodputSeries    `json:"series"`
	Published []goodput.Measured `json:"published"`
}

// maxSeries bounds the curves of one sweep (bandwidths × restart times).
const maxSeries = 8

// IsSweep reports whether GPUs is written as a range of sizes (64-1M),
// well-formed or not: Sweep answers it, or reports what is wrong with it.
// The CLI and the server both route on it.
func (r GoodputRequest) IsSweep() bool {
	return strings.Contains(r.GPUs, "-")
}

// Run estimates one cluster size; a range of sizes is an error here (use Sweep).
func (r GoodputRequest) Run(env Env) (*GoodputReport, error) {
	lo, hi, err := parseGPURange(r.GPUs)
	if err != nil {
		return nil, err
	}
	if lo != hi {
		return nil, &InputError{Flag: "gpus", Value: r.GPUs, Err: errors.New("a range of sizes is a sweep")}
	}
	if strings.Contains(r.CheckpointBandwidth, ",") || strings.Contains(r.RestartTime, ",") {
		return nil, &InputError{Flag: "gpus", Value: r.GPUs, Err: errors.New("lists of bandwidths or restart times need a range of sizes to sweep, e.g. --gpus 64-1M")}
	}
	rep := &GoodputReport{GPUs: lo}
	if rep.Model, rep.N, err = r.checkpointParams(env); err != nil {
		return nil, err
	}
	cfg := goodput.Config{Accelerators: lo}
	if cfg.Options, err = r.Reliability.options(); err != nil {
		return nil, err
	}
	if rep.N > 0 {
		cfg.CheckpointBytes = goodput.StateBytes(rep.N, goodput.StateBytesPerParam, lo)
		rep.Assume("checkpoint", fmt.Sprintf("%s params × %d B + %d × %.0f kB RNG = %s", rep.N, goodput.StateBytesPerParam, lo,
			goodput.RNGBytesPerRank/1e3, cfg.CheckpointBytes), goodput.StateSource)
	}
	if strings.TrimSpace(r.Days) != "" {
		if cfg.Window, err = parseDeadline(r.Days); err != nil {
			return nil, &InputError{Flag: "days", Value: r.Days, Err: err}
		}
		rep.Window = cfg.Window
	}
	if rep.Result, err = goodput.Estimate(cfg, &rep.Trace); err != nil {
		return nil, err
	}
	return rep, nil
}

// Sweep estimates goodput at log-spaced sizes over the --gpus range, one
// series per combination of the comma-separated --checkpoint-bandwidth
// and --restart-time values ("default" for the default).
func (r GoodputRequest) Sweep(env Env) (*GoodputSweep, error) {
	lo, hi, err := parseGPURange(r.GPUs)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Days) != "" {
		return nil, &InputError{Flag: "days", Value: r.Days, Err: errors.New("a sweep gives rates (goodput does not depend on the run's length); drop --days")}
	}
	sizes, err := goodput.SweepSizes(lo, hi)
	if err != nil {
		return nil, &InputError{Flag: "gpus", Value: r.GPUs, Err: err}
	}
	sw := &GoodputSweep{Published: goodput.PublishedRuns()}
	if sw.Model, sw.N, err = r.checkpointParams(env); err != nil {
		return nil, err
	}
	if sw.Series, err = r.series(); err != nil {
		return nil, err
	}
	for i := range sw.Series {
		s := &sw.Series[i]
		rs, err := goodput.Sweep(sw.N, s.opts, sizes)
		if err != nil {
			return nil, err
		}
		for j, res := range rs {
			s.Points = append(s.Points, GoodputPoint{GPUs: sizes[j], Result: res})
		}
	}
	return sw, nil
}

// series expands the listed bandwidths and restart times into one
// parsed set of options per combination.
func (r GoodputRequest) series() ([]GoodputSeries, error) {
	bws, rts := splitList(r.CheckpointBandwidth), splitList(r.RestartTime)
	if len(bws)*len(rts) > maxSeries {
		return nil, &InputError{Flag: "checkpoint-bandwidth", Value: r.CheckpointBandwidth,
			Err: fmt.Errorf("%d bandwidths × %d restart times is more than %d curves", len(bws), len(rts), maxSeries)}
	}
	var out []GoodputSeries
	for _, bw := range bws {
		for _, rt := range rts {
			one := r.Reliability
			one.CheckpointBandwidth, one.RestartTime = bw, rt
			opts, err := one.options()
			if err != nil {
				return nil, err
			}
			out = append(out, GoodputSeries{Name: seriesName(opts), opts: opts})
		}
	}
	return out, nil
}

// splitList splits a comma list, mapping "default" to "" (not given).
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if strings.EqualFold(v, "default") {
			v = ""
		}
		out = append(out, v)
	}
	return out
}

// seriesName describes a series' checkpoint and restart settings.
func seriesName(o goodput.Options) string {
	storage := goodput.DefaultBandwidthPerGPU.String() + " per GPU"
	switch {
	case o.InMemory:
		storage = "in memory"
	case o.WriteTime > 0:
		storage = "write " + o.WriteTime.String()
	case o.Bandwidth > 0:
		storage = o.Bandwidth.String() + " total"
	}
	if o.Async {
		storage += ", async"
	}
	restart := "restart " + goodput.DefaultRestart.String() + " + load"
	if o.Restart != nil {
		restart = "restart " + o.Restart.String()
	}
	return storage + ", " + restart
}

// checkpointParams resolves the parameters a checkpoint holds: --model
// (all parameters) or --params; neither is allowed when the write time is
// given.
func (r GoodputRequest) checkpointParams(env Env) (string, units.Params, error) {
	model, params := strings.TrimSpace(r.Model), strings.TrimSpace(r.Params)
	switch {
	case model != "" && params != "":
		return "", 0, &InputError{Flag: "params", Value: r.Params, Err: errors.New("give --model or --params, not both")}
	case params != "":
		n, err := positive(params, units.ParseParams)
		if err != nil {
			return "", 0, &InputError{Flag: "params", Value: r.Params, Err: err}
		}
		return "", n, nil
	case model == "":
		o, err := r.Reliability.options()
		if err != nil { // a bad value: name its flag, not the missing model
			return "", 0, err
		}
		if !o.Given() || o.Check(false) != nil {
			return "", 0, &InputError{Flag: "model", Err: errors.New("missing: give --model NAME, --params N, or --checkpoint-write-time")}
		}
		return "", 0, nil
	}
	m, err := loadModel(env, model)
	if err != nil {
		return "", 0, &InputError{Flag: "model", Value: r.Model, Err: err}
	}
	if m.HasArch {
		return m.Arch.Name, m.Arch.Count().Total, nil
	}
	if !(m.FileParams > 0) {
		return "", 0, &InputError{Flag: "model", Value: r.Model, Err: errors.New("no parameters found")}
	}
	return m.Source, m.FileParams, nil
}

// parseGPURange reads --gpus: one count ("16384", "16K") or a range
// ("64-1M"), each 1 to 1e9.
func parseGPURange(s string) (lo, hi int, err error) {
	if strings.TrimSpace(s) == "" {
		return 0, 0, &InputError{Flag: "gpus", Err: errors.New("missing: give the number of accelerators, e.g. --gpus 16384, or a range to sweep, e.g. --gpus 64-1M")}
	}
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = parseGPUs(a); err != nil {
		return 0, 0, &InputError{Flag: "gpus", Value: s, Err: err}
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = parseGPUs(b); err != nil {
		return 0, 0, &InputError{Flag: "gpus", Value: s, Err: err}
	}
	if hi <= lo {
		return 0, 0, &InputError{Flag: "gpus", Value: s, Err: errors.New("a range runs from a smaller to a larger count, e.g. 64-1M")}
	}
	return lo, hi, nil
}
