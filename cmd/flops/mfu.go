package main

import (
	"fmt"
	"io"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const mfuSynopsis = "mfu (--model NAME|PATH | --params N) (--tokens-per-second T [--per-gpu] | --tokens-per-second-per-gpu T | --step-time S --global-batch B --seq L | --mfu U) [--gpus N] [--gpu ID] [flags]"

const mfuHelp = `
Model FLOPs utilization from a measured throughput (PaLM App. B):
MFU = model FLOPs per token · tokens/s / (GPUs · dense peak), where the model
FLOPs count 6 per multiplied weight (output head included) plus the
attention core QKᵀ and A·V — by default without the causal halving
(PaLM's convention; --convention causal halves it, as Megatron-LM's counter
does). HFU adds the FLOPs recompute reruns (--recompute full: the whole
forward again; selective: the forward attention core, none with flash
attention). --params N uses 6·N (8·N with full recompute) and no attention
term. --mfu U goes the other way: the throughput U implies.

Output fields (--json; SI base units):
  tokens_per_second, tokens_per_second_per_gpu   throughput (given or implied)
  model_flops_per_token, hardware_flops_per_token  FLOPs per trained token
  mfu, hfu                                       fractions of dense peak
  achieved_flops_per_second_per_gpu              model FLOP/s per GPU
  achieved_hardware_flops_per_second_per_gpu     incl. recompute
  peak_flops_per_second_per_gpu, gpus
  steps, assumptions

Examples:
  flops mfu --model palm-540b --seq 2048 --tokens-per-second 238.1K --gpus 6144 --gpu tpu-v4
  flops mfu --model llama-2-7b --tokens-per-second-per-gpu 3000 --gpu a100-sxm4-80gb
  flops mfu --model gpt3-175b --step-time 13.75 --global-batch 64 --seq 2048 --gpus 64 --gpu a100 --recompute selective
  flops mfu --params 7B --mfu 40% --gpus 512 --gpu h100 --json
`

// runMFU is "flops mfu".
func runMFU(env *cliEnv, args []string) error {
	var r api.MFURequest
	fs := newFlagSet(env, "mfu", mfuSynopsis, mfuHelp)
	fs.StringVar(&r.Model, "model", "", "model `NAME|PATH` (catalog, config.json, safetensors, GGUF)")
	fs.StringVar(&r.Params, "params", "", "parameters `N` instead of --model (6N, no attention term)")
	fs.StringVar(&r.Seq, "seq", "", "sequence length (default the model's pretraining context, as train --model and plan; else min(model context, 4096))")
	fs.StringVar(&r.TPS, "tokens-per-second", "", "measured tokens/s of the whole job (per GPU with --per-gpu)")
	perGPU := fs.Bool("per-gpu", false, "--tokens-per-second is per GPU")
	fs.StringVar(&r.TPSPerGPU, "tokens-per-second-per-gpu", "", "measured tokens/s per GPU")
	fs.StringVar(&r.StepTime, "step-time", "", "seconds per optimizer step (with --global-batch and --seq)")
	fs.StringVar(&r.Global, "global-batch", "", "sequences per step (with --step-time)")
	fs.StringVar(&r.GPUs, "gpus", "", "accelerators in the job (default 1)")
	fs.StringVar(&r.MFU, "mfu", "", "target MFU (0.4 or 40%): print the throughput it implies")
	fs.StringVar(&r.Recompute, "recompute", "", "none (default), selective or full, for HFU")
	fs.StringVar(&r.Convention, "convention", "", "attention FLOPs: full (PaLM, default) or causal")
	fs.StringVar(&r.Flash, "flash-attention", "", "on (default) or off")
	hwFile := bindHW(fs, &r.HW)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	explain := fs.Bool("explain", false, "show each step")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *perGPU {
		r.PerGPU = "on"
	}
	u, err := runRequest(env, *hwFile, "mfu", r.Run)
	if err != nil {
		return err
	}
	warnSmallParams(env, r.Params)
	if *asJSON {
		return writeJSON(env.stdout, u)
	}
	return writeMFU(env.stdout, u, *explain)
}

func writeMFU(w io.Writer, u *perf.Utilization, explain bool) error {
	err := report.KV(w, [][2]string{
		{"MFU", percent(u.MFU)},
		{"HFU", percent(u.HFU)},
		{"tokens/s", fmt.Sprintf("%s total, %s per GPU on %d GPUs", units.FormatCount(u.TokensPerSecond), units.FormatCount(u.TokensPerSecondPerGPU), u.GPUs)},
		{"model FLOPs per token", units.FLOPs(u.ModelFLOPsPerToken).String()},
		{"hardware FLOPs per token", units.FLOPs(u.HardwareFLOPsPerToken).String()},
		{"achieved per GPU", fmt.Sprintf("%s model, %s hardware, of %s peak", units.FLOPRate(u.AchievedFLOPsPerGPU),
			units.FLOPRate(u.AchievedHWFLOPsPerGPU), units.FLOPRate(u.PeakFLOPsPerGPU))},
	})
	if err != nil {
		return err
	}
	return report.Derivation(w, u.Assumptions, u.Steps, explain)
}
