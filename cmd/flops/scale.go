package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/scaling"
)

const scaleHelp = `
Scaling laws for language models: how to split a compute budget between
parameters N and training tokens D (C ≈ 6·N·D), the loss each law predicts,
inference-aware sizing and iso-FLOP curves. By default every published law is
shown side by side, with the spread of N_opt between them stated: the laws
disagree by design (Chinchilla Approach 3 rounded ~93 tokens/param at Gopher's
budget, TeX-precise ~59, Epoch AI's refit ~18, Approaches 1-2 ~22, Kaplan ~0.3).

Subcommands:
  optimal    compute-optimal N and D for a budget (FLOPs, dollars, GPU-hours or days)
  loss       predicted loss of N params trained on D tokens, and its distance from optimal
  inference  the model reaching a loss at least lifetime (training + inference) compute
  isoflop    loss against N at fixed compute, for several budgets
  laws       the laws: ID, constants, source, validity range

Laws (--law, comma-separated, or all):
  chinchilla-1, chinchilla-2  Hoffmann et al. 2022 Approaches 1, 2 (power laws, Tables 2, 3, A3)
  chinchilla-3                Approach 3 parametric L = E + A/N^α + B/D^β, rounded constants
  chinchilla-3-precise        Approach 3, TeX-precise constants (reproduces the paper's 40B)
  epoch-2024                  Besiroglu et al. 2024 (Epoch AI) refit of Approach 3
  tokens-20                   the ~20 tokens/parameter rule
  kaplan-2020                 Kaplan et al. 2020 (non-embedding N, WebText2 loss)
  deepseek-llm                DeepSeek LLM 2024 (M·D form, N = M/6)
  llama3                      Llama 3 2024 tokens fit (printed constants; see notes)
  custom                      --custom E=..,A=..,B=..,alpha=..,beta=..

Run 'flops scale <subcommand> -h' for its flags, output fields and examples.

Examples:
  flops scale optimal --compute 5.76e23
  flops scale optimal --budget '$1M' --gpu h100
  flops scale optimal --days 30 --gpus 1024 --gpu h100 --law epoch-2024
  flops scale loss --params 70B --tokens 1.4T
  flops scale inference --model chinchilla-70b --inference-tokens 10T
  flops scale isoflop --budgets 1e19,1e20,1e21 --plot isoflop.svg
  flops scale laws
`

// runScale is "flops scale": it dispatches to a subcommand.
func runScale(env *cliEnv, args []string) error {
	subs := map[string]func(*cliEnv, []string) error{
		"optimal": runScaleOptimal, "loss": runScaleLoss, "inference": runScaleInference,
		"isoflop": runScaleIsoFLOP, "laws": runScaleLaws,
	}
	if len(args) == 0 {
		return &usageError{msg: "scale: missing subcommand: want one of optimal, loss, inference, isoflop, laws",
			hint: "e.g. flops scale optimal --compute 5.76e23; run 'flops scale -h' for the help"}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		fmt.Fprintf(env.stderr, "Usage: flops scale <optimal|loss|inference|isoflop|laws> [flags]\n%s", scaleHelp)
		return errHelp
	}
	run, ok := subs[args[0]]
	if !ok {
		return &usageError{msg: fmt.Sprintf("scale: unknown subcommand %q", args[0]),
			hint: "want one of optimal, loss, inference, isoflop, laws"}
	}
	return run(env, args[1:])
}

// scaleFlags holds the output flags every scale subcommand has.
type scaleFlags struct {
	json, explain *bool
	plot          *string
}

// newScaleFlagSet makes the flag set of "flops scale <sub>" with --json,
// --explain and (when plots is set) --plot.
func newScaleFlagSet(env *cliEnv, sub, synopsis, help string, plots bool) (*flag.FlagSet, scaleFlags) {
	fs := newFlagSet(env, "scale "+sub, "scale "+sub+" "+synopsis, help)
	f := scaleFlags{
		json:    fs.Bool("json", false, "print the result as JSON"),
		explain: fs.Bool("explain", false, "show each step: formula, numbers substituted, result"),
	}
	if plots {
		f.plot = fs.String("plot", "", "also draw the chart to `FILE`.svg or FILE.png")
	}
	return fs, f
}

// bindScaleLaws binds --law and --custom.
func bindScaleLaws(fs *flag.FlagSet, l *api.ScaleLaws, def string) {
	fs.StringVar(&l.Law, "law", "", "scaling law `IDs`, comma-separated, or all (default "+def+"); see 'flops scale -h'")
	fs.StringVar(&l.Custom, "custom", "", "your own law L = E + A/N^α + B/D^β as `E=..,A=..,B=..,alpha=..,beta=..`")
}

// parseScale parses args, printing help only for -h, and rejects
// positional arguments.
func parseScale(fs *flag.FlagSet, args []string) error {
	return parseFlagsOnly(fs, args)
}

const optimalSynopsis = "(--compute C | --budget USD | --gpu-hours H | --days T --gpus K) [--gpu ID] [--mfu u] [--price P] [--law IDs] [flags]"

const optimalHelp = `
The compute-optimal model for a budget under each law: N_opt, D_opt, tokens
per parameter, predicted loss (laws that define one), and, when an accelerator
is involved, the GPU-hours, wall-clock time and cost of training it
(6·N_opt·D_opt at peak × MFU). A budget in dollars, GPU-hours or days is turned
into FLOPs as GPU-hours × 3600 × peak × MFU (dollars at --price, default the
price catalog's median for the accelerator, stated with its dates: see flops hw
prices; MFU default 0.4; accelerator default h100-sxm). The spread of N_opt across the
laws is stated at the end.

Output fields (--json; SI base units):
  compute_flops                  the budget C, FLOP
  hardware                       name, peak_flops_per_second, mfu, price_usd_per_hour, gpus
  cost                           of C on the hardware: gpu_hours, wall_clock_seconds, cost_usd
  laws[]                         one per law:
    law, name, source, validity  ID and provenance
    params_optimal, tokens_optimal, tokens_per_param
    predicted_loss               nats/token on loss_data (null: the law defines no loss)
    compute_flops                C; training_flops_6nd = 6·N_opt·D_opt
    exponent_a, exponent_b       N_opt ∝ C^a, D_opt ∝ C^b
    cost                         of training_flops_6nd on the hardware
    constants                    E, A, B, alpha, beta (parametric laws)
    learning_rate, batch_tokens  compute-optimal peak LR and batch in tokens (deepseek-llm)
    notes                        caveats of the law, and extrapolation beyond its fitted compute
  disagreement                   params_min/max (+ _law), params_ratio, tokens_min/max,
                                 tokens_ratio, tokens_per_param_min/max, statement
  steps, assumptions             the derivation and the defaults used

Examples:
  flops scale optimal --compute 5.76e23
  flops scale optimal --compute 5.76e23 --json
  flops scale optimal --budget '$10M' --gpu h100 --mfu 0.4 --price 2.5
  flops scale optimal --gpu-hours 1M --gpu a100 --law chinchilla-3-precise,epoch-2024
  flops scale optimal --days 30 --gpus 1024 --gpu h100 --price 2.5
  flops scale optimal --compute 1e24 --plot frontier.svg
`

// runScaleOptimal is "flops scale optimal".
func runScaleOptimal(env *cliEnv, args []string) error {
	var r api.ScaleOptimalRequest
	fs, out := newScaleFlagSet(env, "optimal", optimalSynopsis, optimalHelp, true)
	fs.StringVar(&r.Compute, "compute", "", "compute budget `C` in FLOPs, e.g. 5.76e23")
	fs.StringVar(&r.Budget, "budget", "", "budget in `USD`, e.g. '$10M' (at --price, default the price catalog's median for the accelerator)")
	fs.StringVar(&r.GPUHours, "gpu-hours", "", "budget in accelerator-`hours`, e.g. 1M")
	fs.StringVar(&r.Days, "days", "", "budget as wall-clock `days` (or 36h, 2w) on --gpus accelerators")
	fs.StringVar(&r.GPUs, "gpus", "", "accelerators `K` running at once (for --days and wall-clock time)")
	fs.StringVar(&r.MFU, "mfu", "", "model FLOPs utilization `u`, 0.4 or 40% (default 0.4)")
	fs.StringVar(&r.Price, "price", "", "`USD` per accelerator-hour, e.g. 2")
	bindScaleLaws(fs, &r.ScaleLaws, "all")
	hwFile := bindHW(fs, &r.HW)
	if err := parseScale(fs, args); err != nil {
		return err
	}
	res, err := runRequest(env, *hwFile, "scale optimal", r.Run)
	if err != nil {
		return err
	}
	if err := writeScaleOptimal(env.stdout, res, *out.json, *out.explain); err != nil {
		return err
	}
	return saveFrontier(env, *out.plot, res)
}

const lossSynopsis = "(--params N --tokens D | --model NAME [--tokens D]) [--law IDs] [flags]"

const lossHelp = `
The loss each law predicts for N parameters trained on D tokens (C = 6·N·D),
and how far the pair is from compute-optimal: each law's N_opt and D_opt for the
same C, the least compute that reaches the same loss on the law's frontier, and
the fraction of C that would save. --model takes a catalog model's total
parameters (active ones for a mixture of experts) and its published training
tokens. Losses of different laws are on different data and not comparable.

Output fields (--json):
  params, tokens, tokens_per_param, compute_flops   the pair and C = 6·N·D
  laws[]: law, predicted_loss (null: none defined), loss_data,
          params_optimal, tokens_optimal, tokens_per_param (of the optimal split of C),
          loss_at_optimal, compute_for_same_loss, saved_fraction,
          params_ratio (N / N_opt)
  steps, assumptions

Examples:
  flops scale loss --params 70B --tokens 1.4T
  flops scale loss --model llama-2-7b
  flops scale loss --model gpt3-175b --law chinchilla-3-precise,epoch-2024 --json
`

// runScaleLoss is "flops scale loss".
func runScaleLoss(env *cliEnv, args []string) error {
	var r api.ScaleLossRequest
	fs, out := newScaleFlagSet(env, "loss", lossSynopsis, lossHelp, false)
	fs.StringVar(&r.Params, "params", "", "parameters `N`, e.g. 70B")
	fs.StringVar(&r.Tokens, "tokens", "", "training tokens `D`, e.g. 1.4T")
	fs.StringVar(&r.Model, "model", "", "catalog model `NAME` (its parameters and training tokens)")
	bindScaleLaws(fs, &r.ScaleLaws, "all")
	if err := parseScale(fs, args); err != nil {
		return err
	}
	res, err := r.Run(api.Env{})
	if err != nil {
		return inputUsage(err, "scale loss")
	}
	warnSmallParams(env, r.Params)
	return writeScaleLoss(env.stdout, res, *out.json, *out.explain)
}

const inferenceSynopsis = "(--loss L | --model NAME | --params N --tokens D) --inference-tokens T [--price P] [flags]"

const inferenceHelp = `
Inference-aware sizing (Sardana, Doubov & Frankle 2023, arXiv:2401.00448): the
N and D that reach a target loss at the least lifetime compute
6·N·D_tr + 2·N·D_inf, against the compute-optimal (Chinchilla) model for the same
loss. The target is --loss or the predicted loss of a reference model. With
--price, inference and training FLOPs are priced separately (USD/h ÷ (3600 ×
peak × MFU); --infer-price and --infer-mfu default to the training ones) and
the least-cost model is given too. One law, default chinchilla-3-precise.

Output fields (--json):
  law, target_loss, inference_tokens
  reference, compute_optimal, inference_optimal, cost_optimal:
      params, tokens, tokens_per_param, training_flops, inference_flops, total_flops, cost_usd
  saved_flops, saved_fraction       compute-optimal total − inference-optimal total
  saved_usd                         with --price
  steps, assumptions

Examples:
  flops scale inference --model chinchilla-70b --inference-tokens 10T
  flops scale inference --loss 2.0 --inference-tokens 2T --law epoch-2024
  flops scale inference --params 13B --tokens 260B --inference-tokens 2T --json
  flops scale inference --loss 1.95 --inference-tokens 50T --gpu h100 --price 2 --infer-mfu 0.15
`

// runScaleInference is "flops scale inference".
func runScaleInference(env *cliEnv, args []string) error {
	var r api.ScaleInferenceRequest
	fs, out := newScaleFlagSet(env, "inference", inferenceSynopsis, inferenceHelp, false)
	fs.StringVar(&r.Loss, "loss", "", "target `loss` in the law's nats/token, e.g. 2.0")
	fs.StringVar(&r.Params, "params", "", "reference model parameters `N`")
	fs.StringVar(&r.Tokens, "tokens", "", "reference model training tokens `D`")
	fs.StringVar(&r.Model, "model", "", "reference catalog model `NAME`")
	fs.StringVar(&r.InferenceTokens, "inference-tokens", "", "lifetime tokens served `D_inf`, e.g. 2T")
	fs.StringVar(&r.MFU, "mfu", "", "training MFU `u` (default 0.4)")
	fs.StringVar(&r.Price, "price", "", "training `USD` per accelerator-hour (enables the cost optimum)")
	fs.StringVar(&r.InferMFU, "infer-mfu", "", "serving MFU `u` (default --mfu)")
	fs.StringVar(&r.InferPrice, "infer-price", "", "serving `USD` per accelerator-hour (default --price)")
	bindScaleLaws(fs, &r.ScaleLaws, api.DefaultInferenceLaw)
	hwFile := bindHW(fs, &r.HW)
	if err := parseScale(fs, args); err != nil {
		return err
	}
	res, err := runRequest(env, *hwFile, "scale inference", r.Run)
	if err != nil {
		return err
	}
	warnSmallParams(env, r.Params)
	return writeScaleInference(env.stdout, res, *out.json, *out.explain)
}

const isoflopSynopsis = "--budgets C1,C2,... [--law IDs] [--points n] [--span s] [--plot FILE] [flags]"

const isoflopHelp = `
Iso-FLOP curves (Hoffmann et al. 2022 Fig. 3): predicted loss against N at
fixed compute C with D = C/(6N), for each budget and each law that defines a
loss (default chinchilla-3, chinchilla-3-precise, epoch-2024). The table gives
each curve's minimum and the loss penalty of a model 4× and 2× smaller or
larger; --plot draws the curves.

Output fields (--json):
  curves[]: law, compute_flops, optimal {params, tokens, loss},
            off_optimum[] {factor, params, tokens, loss}   (N_opt × 1/4, 1/2, 2, 4)
            points[] {params, tokens, loss}   (N_opt/span .. N_opt·span, log-spaced)
  steps, assumptions

Examples:
  flops scale isoflop --budgets 6e18,1e20,3e21
  flops scale isoflop --budgets 1e21,1e23,5.76e23 --law epoch-2024 --plot isoflop.svg
  flops scale isoflop --budgets 1e22 --law all --points 11 --json
`

// runScaleIsoFLOP is "flops scale isoflop".
func runScaleIsoFLOP(env *cliEnv, args []string) error {
	var r api.ScaleIsoFLOPRequest
	fs, out := newScaleFlagSet(env, "isoflop", isoflopSynopsis, isoflopHelp, true)
	fs.StringVar(&r.Budgets, "budgets", "", "compute budgets in FLOPs, `comma-separated`, e.g. 1e19,1e20,1e21")
	fs.StringVar(&r.Points, "points", "", "points per curve `n` (default 41)")
	fs.StringVar(&r.Span, "span", "", "curves span N_opt/`s` .. N_opt·s (default 10)")
	bindScaleLaws(fs, &r.ScaleLaws, strings.Join([]string{scaling.ChinchillaApproach3, scaling.ChinchillaApproach3TeX, scaling.EpochRefit}, ","))
	if err := parseScale(fs, args); err != nil {
		return err
	}
	res, err := r.Run(api.Env{})
	if err != nil {
		return inputUsage(err, "scale isoflop")
	}
	if err := writeScaleIsoFLOP(env.stdout, res, *out.json, *out.explain); err != nil {
		return err
	}
	return saveIsoFLOP(env, *out.plot, res)
}

// runScaleLaws is "flops scale laws": the built-in laws as data.
func runScaleLaws(env *cliEnv, args []string) error {
	fs, out := newScaleFlagSet(env, "laws", "[--json]", "Lists the built-in laws with their constants, source, validity and notes.\n\nExamples:\n  flops scale laws\n  flops scale laws --json", false)
	if err := parseScale(fs, args); err != nil {
		return err
	}
	if *out.json {
		return writeJSON(env.stdout, scaling.Laws())
	}
	return writeScaleLaws(env.stdout, scaling.Laws())
}
