package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/train"
)

const trainSynopsis = "train (--params N --tokens D | --flops C | --model NAME|PATH --tokens D) [--gpu ID | --peak RATE] [flags]"

const trainHelp = `
Estimates a training run: C = 6·N·D training FLOPs (or the exact per-token
count of --model times D), accelerator-hours C / (peak·MFU), wall-clock time on
--gpus accelerators, cost, energy (GPU-hours · power · PUE) and CO2e (energy ·
grid). --days asks how many accelerators finish in time; --budget asks how many
tokens (given --params) or parameters (given --tokens) the money buys.
Defaults (MFU 0.4, bf16, power = TDP, PUE 1.2, grid 0.4 kg/kWh) are printed
with their sources.

Output fields (--json; SI base units unless the name says otherwise):
  params, tokens                   N and D as used (a budget fills in the missing one)
  training_flops_per_token         exact training FLOPs per token (with --model)
  training_flops                   C, FLOP
  six_nd_flops                     6·N·D, next to an exact count (with --model)
  model                            the model, its active params and --seq (with --model)
  accelerator, precision           catalog ID ("custom" for --peak) and number format
  peak_flops_per_second            dense peak of one accelerator, FLOP/s
  mfu                              model FLOPs utilization used, fraction
  gpus                             accelerators K
  effective_flops_per_second       peak · MFU, one accelerator, FLOP/s
  cluster_effective_flops_per_second  K · peak · MFU, FLOP/s
  gpu_seconds, gpu_hours           C / (peak · MFU), accelerator-seconds and -hours
  wall_clock_seconds               gpu_seconds / K, s
  price_usd_per_gpu_hour, cost_usd price and gpu_hours · price, USD (null without --price)
  power_watts, pue, grid_kg_co2_per_kwh  energy inputs
  energy_kwh                       gpu_hours · power · PUE, kWh (null without a power figure)
  co2_kg                           energy_kwh · grid, kg CO2e
  deadline_seconds, gpus_needed    with --days: ⌈gpu_seconds / deadline⌉
  budget_usd, flops_affordable     with --budget: (budget / price) · 3600 · peak · MFU
  tokens_affordable                with --budget: flops_affordable / (6·N)
  params_affordable                with --budget: flops_affordable / (6·D)
  warnings                         notes on the inputs
  steps                            the derivation: name, formula, substituted, value, unit
  assumptions                      defaults used: name, value, source

Examples:
  flops train --params 7B --tokens 1T --gpu h100-sxm --mfu 0.5 --price 2
  flops train --params 70B --tokens 2T --gpu h100 --gpus 2048 --price 2.5 --explain
  flops train --model llama-3-8b --tokens 15T --gpu h100 --gpus 1024 --json
  flops train --params 7B --tokens 1T --gpu a100 --days 30
  flops train --params 7B --gpu h100-sxm --price 2 --budget '$10k'
  flops train --params 7B --gpu h100-sxm --budget '$10k'          # at the price catalog's median
  flops train --flops 3.8e25 --peak 989TFLOP/s --gpus 16384 --mfu 38%
  flops train --model llama-3.1-405b --tokens 15.6T --gpu h100 --gpus 16384 --mfu 0.4 --price 2
  flops train --params 70B --tokens 2T --gpus 4096 --restart-time 2m --async-checkpoint --explain
`

// bindTrain binds the train flags to the request's text fields.
func bindTrain(fs *flag.FlagSet, r *api.TrainRequest) {
	fs.StringVar(&r.Params, "params", "", "parameters `N` (active parameters for MoE), e.g. 7B")
	fs.StringVar(&r.Tokens, "tokens", "", "training tokens `D`, e.g. 1T")
	fs.StringVar(&r.FLOPs, "flops", "", "total training compute `C` instead of N and D, e.g. 4.2e22")
	fs.StringVar(&r.Model, "model", "", "model `NAME|PATH` (catalog, config.json, safetensors, GGUF) giving N and exact FLOPs per token")
	fs.StringVar(&r.Seq, "seq", "", "training sequence `length` for --model's attention FLOPs (default the model's pretraining context, e.g. 8192 for Llama 3; else min(context, 4096))")
	fs.StringVar(&r.GPUs, "gpus", "", "number of accelerators `K` (default 1, or enough for --days)")
	fs.StringVar(&r.MFU, "mfu", "", "model FLOPs utilization `u`, 0.4 or 40% (default 0.4)")
	fs.StringVar(&r.Price, "price", "", "`USD` per accelerator-hour, e.g. 2 or $2/h (no price: no cost)")
	fs.StringVar(&r.Power, "power", "", "average power per accelerator in `W`, e.g. 700W (default the TDP)")
	fs.StringVar(&r.PUE, "pue", "", "facility power usage effectiveness, a `ratio` ≥ 1 (default 1.2)")
	fs.StringVar(&r.Grid, "grid", "", "grid carbon intensity in `kg/kWh` CO2e (default 0.4)")
	fs.StringVar(&r.Days, "days", "", "deadline: how many accelerators finish within `T` (days, or 36h, 90d)")
	fs.StringVar(&r.Budget, "budget", "", "what `USD` buys: tokens given --params, params given --tokens (at --price, default the price catalog's median for the accelerator; see flops hw prices)")
}

// runTrain is "flops train".
func runTrain(env *cliEnv, args []string) error {
	var req api.TrainRequest
	fs := newFlagSet(env, "train", trainSynopsis, trainHelp+reliabilityHelp)
	bindTrain(fs, &req)
	bindReliability(fs, &req.Reliability)
	hwFile := bindHW(fs, &req.HW)
	profile := bindProfile(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	explain := fs.Bool("explain", false, "show each step: formula, numbers substituted, result")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	var err error
	if req.Profile, err = profile(); err != nil {
		return err
	}
	res, err := runRequest(env, *hwFile, "train", req.Run)
	if err != nil {
		return err
	}
	warnSmallParams(env, req.Params)
	for _, w := range res.Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	if res.Cost == nil && res.Budget == nil {
		fmt.Fprintln(env.stderr, "flops: hint: "+priceHint(res.Accelerator, "to estimate the cost"))
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeTrain(env.stdout, res, *explain)
}

// writeTrain prints the human table, the assumptions and, if asked, the math.
func writeTrain(w io.Writer, r *train.Result, explain bool) error {
	t := trainTable(r)
	if err := t.Write(w); err != nil {
		return err
	}
	if err := writeTrainFailures(w, r); err != nil {
		return err
	}
	return report.Derivation(w, r.Assumptions, r.Steps, explain)
}
