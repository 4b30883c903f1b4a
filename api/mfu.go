package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// MFURequest is "flops mfu": a measured throughput (or a target MFU), a
// model (catalog name/path, or a bare parameter count) and the hardware.
// Text fields as typed on the command line; JSON names = flag names.
type MFURequest struct {
	Model      string `json:"model"`                     // catalog name or (CLI) path; gives 6N + attention
	Params     string `json:"params"`                    // instead of --model: 6N only, no attention term
	Seq        string `json:"seq"`                       // sequence length; default the model's pretraining context, else min(max context, 4096)
	TPS        string `json:"tokens_per_second"`         // measured throughput, whole job unless per_gpu
	PerGPU     string `json:"per_gpu"`                   // "on": tokens_per_second is per GPU
	TPSPerGPU  string `json:"tokens_per_second_per_gpu"` // measured throughput per GPU
	StepTime   string `json:"step_time"`                 // seconds per optimizer step, with global_batch and seq
	Global     string `json:"global_batch"`              // sequences per step (with step_time)
	GPUs       string `json:"gpus"`                      // accelerators in the job; default 1
	MFU        string `json:"mfu"`                       // reverse: target MFU → throughput
	Recompute  string `json:"recompute"`                 // none (default), selective, full: for HFU
	Convention string `json:"convention"`                // attention FLOPs: full (PaLM, default) or causal
	Flash      string `json:"flash_attention"`           // on (default): selective recompute adds nothing
	HW
}

// Run computes MFU, HFU and achieved FLOP/s per GPU, or the throughput a
// target MFU implies.
func (r MFURequest) Run(env Env) (*perf.Utilization, error) {
	acc, prec, err := r.HW.Resolve(env)
	if err != nil {
		return nil, err
	}
	peak := acc.Dense[prec]
	if peak <= 0 {
		return nil, &InputError{Flag: "gpu", Value: acc.ID, Err: fmt.Errorf("no dense %s peak", prec)}
	}
	gpus, err := planInt("gpus", r.GPUs, 1, 1, 1e9)
	if err != nil {
		return nil, err
	}
	t := perf.Throughput{Peak: float64(peak), GPUs: gpus}
	notes, err := r.flops(env, &t)
	if err != nil {
		return nil, err
	}
	if err := r.throughput(&t); err != nil {
		return nil, err
	}
	u, err := perf.Utilize(t)
	if err != nil {
		return nil, err
	}
	if u.HFU > 1 {
		flag, value := r.given()
		return nil, &InputError{Flag: flag, Value: value, Err: fmt.Errorf("implies %.4g%% of the %s dense %s peak (HFU %.3g > 1), which no hardware reaches: check whole-job vs per-GPU throughput, --gpus, --gpu and --precision",
			100*u.HFU, acc.ID, prec, u.HFU)}
	}
	u.Assumef("accelerator", acc.Source, "%s, dense %s peak %s", acc.ID, prec, units.FLOPRate(peak))
	for _, n := range notes {
		u.Assume(n[0], n[1], n[2])
	}
	return u, nil
}

// given names the throughput flag the request used and its text.
func (r MFURequest) given() (flag, value string) {
	switch {
	case strings.TrimSpace(r.TPSPerGPU) != "":
		return "tokens-per-second-per-gpu", r.TPSPerGPU
	case strings.TrimSpace(r.TPS) != "":
		return "tokens-per-second", r.TPS
	case strings.TrimSpace(r.StepTime) != "":
		return "step-time", r.StepTime
	}
	return "mfu", r.MFU
}

// flops fills the FLOPs per token from --model or --params and returns the
// assumptions it made.
func (r MFURequest) flops(env Env, t *perf.Throughput) ([][3]string, error) {
	rc, err := perf.ParseRecompute(r.Recompute)
	if err != nil {
		return nil, &InputError{Flag: "recompute", Value: r.Recompute, Err: err}
	}
	causal := false
	switch strings.ToLower(strings.TrimSpace(r.Convention)) {
	case "", "full", "palm", "noncausal", "non-causal":
	case "causal":
		causal = true
	default:
		return nil, &InputError{Flag: "convention", Value: r.Convention, Err: errors.New("want full (PaLM) or causal")}
	}
	if (r.Model == "") == (r.Params == "") {
		return nil, &InputError{Flag: "model", Err: errors.New("give either --model NAME|PATH or --params N")}
	}
	if r.Params != "" {
		n, err := positive(r.Params, units.ParseParams)
		if err != nil {
			return nil, &InputError{Flag: "params", Value: r.Params, Err: err}
		}
		t.ModelFLOPsPerToken, t.HardwareFLOPsPerToken = 6*float64(n), 6*float64(n)
		if rc == perf.RecomputeFull {
			t.HardwareFLOPsPerToken = 8 * float64(n)
		}
		return [][3]string{{"FLOPs per token", "6·N (+2·N with full recompute); no attention term without --model", "docs/formulas.md §2.2"}}, nil
	}
	return r.modelFLOPs(env, t, rc, causal)
}

// modelFLOPs uses the architecture's exact FLOPs per token.
func (r MFURequest) modelFLOPs(env Env, t *perf.Throughput, rc perf.Recompute, causal bool) ([][3]string, error) {
	rm, err := resolveModel(env, r.Model)
	if err != nil {
		return nil, &InputError{Flag: "model", Value: r.Model, Err: err}
	}
	seqDef, seqSrc := defaultSeq(rm.id, &rm.arch) // the same default as train --model and plan
	seq, err := parseSeq(r.Seq, seqDef)
	if err != nil {
		return nil, err
	}
	flash, err := onOff("flash-attention", r.Flash, true)
	if err != nil {
		return nil, err
	}
	s, err := perf.NewShape(&rm.arch, seq, perf.ShapeOptions{FlashAttention: flash})
	if err != nil {
		return nil, &InputError{Flag: "model", Value: r.Model, Err: err}
	}
	t.ModelFLOPsPerToken, t.HardwareFLOPsPerToken = s.FLOPsPerToken(rc, causal)
	conv := "full attention, no causal halving (PaLM App. B)"
	if causal {
		conv = "causal halving of attention (Megatron-LM)"
	}
	notes := [][3]string{
		{"FLOPs per token", fmt.Sprintf("6 per multiplied weight (incl. output head) + attention at seq %d, recompute %s", seq, rc), "docs/formulas.md §2.4, §2.7"},
		{"attention convention", conv, "docs/formulas.md §2.8"},
	}
	if strings.TrimSpace(r.Seq) == "" {
		notes = append(notes, [3]string{"sequence length", strconv.Itoa(seq), seqSrc})
	}
	return notes, nil
}

// throughput fills the tokens per second (or the target MFU).
func (r MFURequest) throughput(t *perf.Throughput) error {
	given := 0
	for _, s := range []string{r.TPS, r.TPSPerGPU, r.StepTime, r.MFU} {
		if strings.TrimSpace(s) != "" {
			given++
		}
	}
	if given != 1 {
		return &InputError{Flag: "tokens-per-second", Err: errors.New("give exactly one of --tokens-per-second, --tokens-per-second-per-gpu, --step-time (with --global-batch and --seq) or --mfu")}
	}
	g := float64(t.GPUs)
	switch {
	case r.MFU != "":
		f, err := positive(r.MFU, units.ParseFraction)
		if err != nil || f > 1 {
			return &InputError{Flag: "mfu", Value: r.MFU, Err: errors.New("must be a fraction in (0, 1], e.g. 0.4 or 40%")}
		}
		t.MFU = float64(f)
	case r.TPSPerGPU != "":
		v, err := positive(r.TPSPerGPU, units.ParseCount)
		if err != nil {
			return &InputError{Flag: "tokens-per-second-per-gpu", Value: r.TPSPerGPU, Err: err}
		}
		t.TokensPerSecond = v * g
	case r.TPS != "":
		return r.total(t, g)
	default:
		return r.fromStep(t)
	}
	return nil
}

// total reads --tokens-per-second, per GPU when --per-gpu is on.
func (r MFURequest) total(t *perf.Throughput, g float64) error {
	v, err := positive(r.TPS, units.ParseCount)
	if err != nil {
		return &InputError{Flag: "tokens-per-second", Value: r.TPS, Err: err}
	}
	per, err := onOff("per-gpu", r.PerGPU, false)
	if err != nil {
		return err
	}
	if per {
		v *= g
	}
	t.TokensPerSecond = v
	return nil
}

// fromStep derives tokens/s = global_batch · seq / step time.
func (r MFURequest) fromStep(t *perf.Throughput) error {
	st, err := positive(r.StepTime, units.ParseSeconds)
	if err != nil {
		return &InputError{Flag: "step-time", Value: r.StepTime, Err: err}
	}
	if strings.TrimSpace(r.Global) == "" || strings.TrimSpace(r.Seq) == "" {
		return &InputError{Flag: "global-batch", Err: errors.New("missing: --step-time needs --global-batch (sequences) and --seq")}
	}
	gb, err := planInt("global-batch", r.Global, 0, 1, 1<<30)
	if err != nil {
		return err
	}
	seq, err := parseSeq(r.Seq, 0)
	if err != nil {
		return err
	}
	t.TokensPerSecond = float64(gb) * float64(seq) / float64(st)
	return nil
}
