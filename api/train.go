package api

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/internal/clip"
	"github.com/flopsdev/flops/load"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/pricing"
	"github.com/flopsdev/flops/train"
	"github.com/flopsdev/flops/units"
)

// TrainRequest is the training-run question as text, one field per flag of
// "flops train" (JSON names = flag names). Empty fields are not given: the
// train package's documented defaults apply and are listed as assumptions.
type TrainRequest struct {
	Params string `json:"params"` // N, e.g. "7B"
	Tokens string `json:"tokens"` // D, e.g. "1T"
	FLOPs  string `json:"flops"`  // C, e.g. "4.2e22", instead of N and D
	// Model is a catalog name or (CLI only) a config.json, safetensors or
	// GGUF path; it gives N (active parameters) and the exact training
	// FLOPs per token at Seq.
	Model  string `json:"model"`
	Seq    string `json:"seq"` // training sequence length for --model; default the model's pretraining context, else min(max context, 4096)
	GPUs   string `json:"gpus"`
	MFU    string `json:"mfu"`    // "0.4" or "40%"
	Price  string `json:"price"`  // per accelerator-hour, "$2/h" or "2"
	Power  string `json:"power"`  // per accelerator, "700W"
	PUE    string `json:"pue"`    // e.g. "1.2"
	Grid   string `json:"grid"`   // kg CO2e per kWh, e.g. "0.4"
	Days   string `json:"days"`   // deadline: "30" (days) or "90d", "36h"
	Budget string `json:"budget"` // US dollars, "$47k"
	HW
	Reliability // failures, checkpoints and restarts (api/reliability.go)
	// Profile is a calibrated cluster ("flops calibrate"): with --model the
	// MFU is the planner's on it instead of the default.
	Profile *calibrate.Profile `json:"-"` // a file read by the CLI (--profile); the server takes no files
}

// InputError is a request field that is missing, does not parse or is out
// of range. Its message names the flag and the text given:
//
//	--params "7X": unknown suffix "X" (want a number with optional K, M, B, T suffix, ...)
//
// The CLI exits 2 (usage) on it.
type InputError struct {
	Flag  string // flag name without dashes, e.g. "params"
	Value string // the text given
	Err   error
}

func (e *InputError) Error() string {
	v := clip.String(e.Value, maxEchoed) // a pasted megabyte must not come back as a megabyte error line
	var pe *units.ParseError
	if errors.As(e.Err, &pe) {
		return fmt.Sprintf("--%s %q: %s (want %s)", e.Flag, v, pe.Reason, pe.Want)
	}
	if e.Value == "" {
		return fmt.Sprintf("--%s: %v", e.Flag, e.Err)
	}
	return fmt.Sprintf("--%s %q: %v", e.Flag, v, e.Err)
}

// maxEchoed bounds how much of a bad value an error message repeats.
const maxEchoed = 64

func (e *InputError) Unwrap() error { return e.Err }

// Run parses the request, resolves the accelerator (and the model, if
// any) and estimates the run with train.Estimate.
func (r TrainRequest) Run(env Env) (*train.Result, error) {
	cfg, err := r.config()
	if err != nil {
		return nil, err
	}
	if err := r.checkCompute(); err != nil {
		return nil, err
	}
	if cfg.Reliability, err = r.Reliability.options(); err != nil {
		return nil, err
	}
	if err := r.Reliability.checkSize(r.FLOPs == ""); err != nil {
		return nil, err
	}
	if err := r.resolveHW(env, &cfg); err != nil {
		return nil, err
	}
	quote, err := r.budgetPrice(&cfg)
	if err != nil {
		return nil, err
	}
	var m *trainModel
	if r.Model != "" {
		if m, err = r.resolveModel(env, &cfg); err != nil {
			return nil, err
		}
	} else if r.Seq != "" {
		return nil, &InputError{Flag: "seq", Value: r.Seq, Err: errors.New("only applies with --model")}
	}
	var planned string
	if r.Profile != nil {
		if planned, err = r.profileMFU(env, r.Profile, &cfg, m); err != nil {
			return nil, err
		}
	}
	res, err := train.Estimate(cfg)
	if err != nil {
		return nil, err
	}
	m.annotate(res)
	if quote != nil {
		res.Assume(priceAssumption(quote))
	}
	if planned != "" {
		res.Assume("MFU", planned, "flops plan with --profile")
	}
	if r.GPU == "" && r.Peak == "" {
		res.Assume("accelerator", res.Accelerator, "default (no --gpu given)")
	}
	return res, nil
}

// resolveHW sets the accelerator and, when --precision is given, the
// precision. Without --precision the train package picks bf16 (fp16 on
// chips without bf16) and records the choice as an assumption.
func (r TrainRequest) resolveHW(env Env, cfg *train.Config) error {
	acc, prec, err := r.HW.Resolve(env)
	var pe *hardware.PrecisionError
	if err != nil && !(r.Precision == "" && errors.As(err, &pe)) {
		return err
	}
	cfg.Accelerator = acc
	if r.Precision != "" {
		cfg.Precision = prec
	}
	return nil
}

// budgetPrice sets the price of a --budget given without --price from the
// price catalog (catalogPrice) and returns the quote to state it.
func (r TrainRequest) budgetPrice(cfg *train.Config) (*pricing.Quote, error) {
	if r.Budget == "" || r.Price != "" {
		return nil, nil
	}
	q, err := catalogPrice(cfg.Accelerator)
	if err != nil {
		return nil, err
	}
	cfg.Price = q.USDPerGPUHour
	return q, nil
}

// config parses the numeric text fields into a train.Config.
func (r TrainRequest) config() (train.Config, error) {
	var c train.Config
	fields := []struct {
		flag, text string
		set        func(string) error
	}{
		{"params", r.Params, func(s string) (err error) { c.Params, err = positive(s, units.ParseParams); return }},
		{"tokens", r.Tokens, func(s string) (err error) { c.Tokens, err = positive(s, units.ParseTokens); return }},
		{"flops", r.FLOPs, func(s string) (err error) { c.FLOPs, err = positive(s, units.ParseFLOPs); return }},
		{"gpus", r.GPUs, func(s string) (err error) { c.GPUs, err = parseGPUs(s); return }},
		{"mfu", r.MFU, func(s string) (err error) { c.MFU, err = positive(s, units.ParseFraction); return }},
		{"price", r.Price, func(s string) (err error) { c.Price, err = positive(s, units.ParseUSDPerHour); return }},
		{"power", r.Power, func(s string) (err error) { c.Power, err = positive(s, units.ParseWatts); return }},
		{"pue", r.PUE, func(s string) (err error) { c.PUE, err = parsePUE(s); return }},
		{"grid", r.Grid, func(s string) (err error) { c.Grid, err = positive(s, units.ParseKgCO2PerKWh); return }},
		{"days", r.Days, func(s string) (err error) { c.Deadline, err = parseDeadline(s); return }},
		{"budget", r.Budget, func(s string) (err error) { c.Budget, err = positive(s, units.ParseUSD); return }},
	}
	for _, f := range fields {
		if f.text == "" {
			continue
		}
		if err := f.set(f.text); err != nil {
			return c, &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
	}
	return c, nil
}

// checkCompute reports a missing or conflicting way of giving the compute,
// naming the flags, before any catalog lookup.
func (r TrainRequest) checkCompute() error {
	perToken := r.Params != "" || r.Model != ""
	switch {
	case r.FLOPs != "" && (perToken || r.Tokens != ""):
		return &InputError{Flag: "flops", Value: r.FLOPs, Err: errors.New("give either --flops or --params/--model with --tokens, not both")}
	case r.Params != "" && r.Model != "":
		return &InputError{Flag: "params", Value: r.Params, Err: errors.New("give either --params or --model, not both")}
	case r.FLOPs != "" || r.Budget != "":
		return nil
	case perToken && r.Tokens == "":
		return &InputError{Flag: "tokens", Err: errors.New("missing: give the training tokens (e.g. --tokens 1T), or --budget")}
	case !perToken && r.Tokens != "":
		return &InputError{Flag: "params", Err: errors.New("missing: give the parameters (e.g. --params 7B) or --model")}
	case !perToken:
		return &InputError{Flag: "params", Err: errors.New("missing: give --params N --tokens D, --model NAME --tokens D, or --flops C")}
	}
	return nil
}

// positive parses s with parse and requires a value greater than zero.
func positive[T ~float64](s string, parse func(string) (T, error)) (T, error) {
	v, err := parse(s)
	if err != nil {
		return 0, err
	}
	if !(v > 0) {
		return 0, errors.New("must be greater than 0")
	}
	return v, nil
}

// maxGPUs bounds --gpus; the largest clusters have ~1e5 accelerators.
const maxGPUs = 1e9

// parseGPUs parses a whole number of accelerators, 1 to 1e9 ("2048", "16K").
func parseGPUs(s string) (int, error) {
	v, err := units.ParseCount(s)
	if err != nil {
		return 0, err
	}
	if v < 1 || v > maxGPUs || v != math.Trunc(v) {
		return 0, errors.New("must be a whole number of accelerators from 1 to 1e9")
	}
	return int(v), nil
}

// parsePUE parses a power usage effectiveness, a plain number of at least 1.
func parsePUE(s string) (float64, error) {
	v, err := units.ParseCount(s)
	if err != nil {
		return 0, err
	}
	if v < 1 || v > 10 {
		return 0, errors.New("must be between 1 and 10 (facility power / IT power; typical 1.1-1.6)")
	}
	return v, nil
}

// parseDeadline parses --days: a plain number is days ("30"); a number with
// a unit is a duration ("36h", "90d", "2w").
func parseDeadline(s string) (units.Seconds, error) {
	t := strings.TrimSpace(s)
	if t != "" && strings.Trim(t, "0123456789.eE+-") == "" {
		// A plain decimal number is days. units.ParseSeconds reads it
		// strictly (no "0x10", "1_000", "Inf") as seconds; scale to days.
		d, err := positive(t, units.ParseSeconds)
		return d * 86400, deadlineError(err)
	}
	d, err := positive(s, units.ParseSeconds)
	return d, deadlineError(err)
}

// deadlineError restates the accepted forms of a bad --days value: there a
// plain number is days, not seconds as in units.ParseSeconds.
func deadlineError(err error) error {
	var pe *units.ParseError
	if errors.As(err, &pe) {
		c := *pe
		c.Want = "a number of days, e.g. 30, or a duration with unit h, d, w, y, e.g. 36h, 90d, 2w"
		return &c
	}
	return err
}

// DefaultTrainSeq is the training sequence length assumed for --model when
// --seq is not given and the model's pretraining context is not recorded
// (train.PretrainingSeq): 4096, capped at the model's maximum context.
const DefaultTrainSeq = 4096

// defaultSeq is a model's published pretraining context, else
// DefaultTrainSeq capped at its maximum context, with the reason. The
// planner and train --model share it, so both count the same run.
func defaultSeq(id string, a *model.Arch) (int, string) {
	if seq, src, ok := train.PretrainingSeq(id); ok {
		return seq, "the model's pretraining context (" + src + "); set --seq"
	}
	if a.MaxContext > 0 && a.MaxContext < DefaultTrainSeq {
		return a.MaxContext, "the model's maximum context (no pretraining context recorded); set --seq"
	}
	return DefaultTrainSeq, "default (no pretraining context recorded for this model); set --seq"
}

// maxSeq bounds --seq (tokens).
const maxSeq = 1 << 24

// parseSeq reads --seq as train, plan and mfu take it: a whole number of
// tokens, "8k" = 8192 (as --context and --prompt); empty gives def.
func parseSeq(text string, def int) (int, error) {
	if strings.TrimSpace(text) == "" {
		return def, nil
	}
	v, err := ParseTokenLength(text, maxSeq)
	if err != nil {
		return 0, &InputError{Flag: "seq", Value: text, Err: err}
	}
	return v, nil
}

// trainModel is what --model contributed to a training estimate.
type trainModel struct {
	name     string
	seq      int
	seqSrc   string // why this sequence length
	active   units.Params
	perToken units.FLOPs
	warnings []string
	// fromFiles: N came from weight-file headers without an architecture,
	// so C falls back to 6·N·D.
	fromFiles bool
}

// resolveModel loads --model and sets N (active parameters) and the exact
// training FLOPs per token at the sequence length (causal attention, no
// recomputation: model FLOPs, what MFU counts).
func (r TrainRequest) resolveModel(env Env, cfg *train.Config) (*trainModel, error) {
	m, err := load.Resolve(r.Model, env.AllowPaths)
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	tm := &trainModel{name: m.Arch.Name, warnings: m.Warnings}
	if tm.name == "" {
		tm.name = m.Source
	}
	if !m.HasArch { // bare weight files: exact N, but no shapes for the attention term
		if !(m.FileParams > 0) {
			return nil, fmt.Errorf("--model %q: no architecture and no parameters found", r.Model)
		}
		tm.active, tm.fromFiles = m.FileParams, true
		cfg.Model, cfg.Params = tm.name, tm.active
		return tm, nil
	}
	id := ""
	if m.Entry != nil {
		id = m.Entry.ID
	}
	if tm.seq, tm.seqSrc, err = r.seqFor(id, &m.Arch); err != nil {
		return nil, err
	}
	tm.active = m.Arch.Count().Active
	tm.perToken, _ = m.Arch.TrainingFLOPsPerToken(tm.seq, model.Full, model.RecomputeNone)
	if !(tm.active > 0) || !(tm.perToken > 0) {
		return nil, fmt.Errorf("--model %q: no parameters counted from its architecture", r.Model)
	}
	cfg.Model, cfg.Params, cfg.FLOPsPerToken = tm.name, tm.active, tm.perToken
	cfg.CheckpointParams = m.Arch.Count().Total // a checkpoint holds every expert
	return tm, nil
}

// seqFor is --seq, or the model's default (defaultSeq).
func (r TrainRequest) seqFor(id string, a *model.Arch) (int, string, error) {
	if r.Seq != "" {
		v, err := parseSeq(r.Seq, 0)
		return v, "given", err
	}
	seq, src := defaultSeq(id, a)
	return seq, src, nil
}

// annotate records the model's contribution in the result: the per-token
// step first, then its assumptions and warnings.
func (m *trainModel) annotate(res *train.Result) {
	if m == nil {
		return
	}
	res.Warnings = append(res.Warnings, m.warnings...)
	if m.fromFiles {
		res.Assume("N", m.active.String()+" parameters", "summed from "+m.name+"'s weight-file headers; "+
			"no architecture found, so no attention FLOPs")
		return
	}
	step := explain.Step{Name: "training FLOPs per token (" + m.name + ")",
		Formula:     "3·(2·N_matmul + Σ_layers attention QKᵀ+AV over T keys)",
		Substituted: fmt.Sprintf("exact count at T = %d, every query charged all T keys", m.seq),
		Value:       float64(m.perToken), Unit: "FLOP/token", Display: m.perToken.String() + "/token"}
	res.Steps = append([]explain.Step{step}, res.Steps...)
	res.Assume("N", m.active.String()+" active parameters", "counted from "+m.name+"'s architecture")
	res.Assume("sequence length", fmt.Sprint(m.seq), m.seqSrc)
	res.Assume("attention FLOPs", "full: T keys per query (PaLM App. B), the count plan, mfu and validate use",
		"the convention MFU is defined in (PaLM) so that C/(peak·MFU) counts the same run; flops model shows the causal count (T/2 keys)")
}
