package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const deploySynopsis = "deploy --model NAME|PATH --gpu ID[,ID...] [--prompt P] [--output G] [--ttft 500ms] [--tpot 30ms] [--gpus N | --rate R] [flags]"

const deployHelp = `
Finds the cheapest serving deployment that meets a time-to-first-token
(--ttft) and time-per-output-token (--tpot) target: over aggregated layouts
(tp × pp × ep × attention-dp replicas, each at a concurrency) and
disaggregated ones (a prefill and a decode worker layout, x prefill and y
decode workers per unit, at a concurrency per unit), on each --gpu type.

  --gpus N (default 8)  the layout with the most output tokens/s per GPU that
                        meets the targets, as many replicas as fit in N GPUs
  --rate R              the fewest GPUs (and lowest $/hour) that serve R
                        requests/s within the targets, checked by an open-loop
                        simulation at R

Every figure is simulated (the serving engine of 'flops infer --concurrency'),
and every point carries the 'flops infer' command that reproduces it. The
search screens every candidate with a steady-state model of the engine's step
cost and simulates those that could win, each layout's best concurrency and
the Pareto front. With several --gpu types the cheapest per million output
tokens (per hour with --rate) wins; prices default to the median on-demand
list price of the price table (dated, printed as an assumption); --price
overrides (one value, or one per --gpu). Nothing meeting the targets is a
result: the closest point and what it misses, exit 0.

Output fields (--json; seconds, tokens/s, USD):
  feasible, best                   the winner (null when nothing meets the targets)
  best.mode                        "aggregated" or "disaggregated"
  best.tp, pp, ep, attention_dp    the replica's layout (disaggregated: the decode workers')
  best.prefill, best.decode        disaggregated pools: {tp, pp, ep, attention_dp, workers} per unit
  best.concurrency                 requests in flight per replica or unit
  best.gpus, replicas, gpus_per_replica  the deployment
  best.ttft_seconds, tpot_seconds  means; *_p90_seconds, *_p99_seconds the tails
  best.output_tokens_per_second_per_gpu, output_tokens_per_second_per_user
  best.cost_per_million_output_tokens_usd, cost_per_million_input_tokens_usd, usd_per_hour
  best.limited_by, decode_step     what bounds the decode step, and its parts
  best.command                     the flops infer run behind the figures
  why                              limited_by, summary, runner_up, margin, modes, accelerators
  api_comparison                   with --compare-api: model, self_hosted_cost_per_million_output_tokens_usd
                                   (and _input_), prices [{provider, product, usd_per_million_input_tokens,
                                   usd_per_million_output_tokens, seen, source, via, note, output_ratio}],
                                   catalog_compiled, basis, excludes, note
  closest                          {point, misses: [{target, value_seconds, target_seconds, over_fraction}]}
  accelerators                     per --gpu: best, best_aggregated, best_disaggregated, runner_up,
                                   top, pareto, closest, no_fit, layouts, evaluated, simulated
  pareto                           every front: tokens/s per GPU against per user, per mode
  evaluated, simulated, elapsed_seconds, assumptions, steps, warnings

--csv prints every listed point (best, top, pareto) one per row with its command.
--plot FILE.svg|png draws the Pareto fronts with the TPOT target and the winner
(the closest point when nothing meets the targets).
--compare-api lists the same open model's published API list prices per
million tokens (provider, date seen, source page; a catalog of serverless
list prices, not live) and each output price ÷ the best layout's own.

Examples:
  flops deploy --model llama-3.1-70b --gpu h100-sxm,h200-sxm,b200 --rate 20 --ttft 500ms --tpot 30ms
  flops deploy --model llama-3.1-70b --gpu h100-sxm --gpus 64 --ttft 500ms --tpot 30ms --plot pareto.svg
  flops deploy --model llama-3.1-8b --gpu h100-sxm --framework vllm --tp 1,2 --concurrency 8,16,32,64 --tpot 20ms
  flops deploy --model llama-3.1-70b --gpu h100-sxm,h200-sxm --rate 20 --ttft 500ms --tpot 30ms --compare-api
  flops deploy --model qwen3-30b-a3b --gpu h200-sxm --mode disagg --weights fp8 --tpot 15ms --json
`

// bindDeploy binds the deploy flags to the request's text fields.
func bindDeploy(fs *flag.FlagSet, r *api.DeployRequest) {
	fs.StringVar(&r.Model, "model", "", "model `NAME|PATH` (catalog, config.json, safetensors, GGUF)")
	fs.StringVar(&r.GPU, "gpu", "", "accelerator `IDs`, comma-separated, compared side by side (default "+api.DefaultGPU+")")
	fs.StringVar(&r.Prompt, "prompt", "", "prompt `tokens` per request, e.g. 1024 or 8k (default 1024)")
	fs.StringVar(&r.Output, "output", "", "output `tokens` per request (default 256)")
	fs.StringVar(&r.TTFT, "ttft", "", "time-to-first-token `target`, e.g. 500ms (default none)")
	fs.StringVar(&r.TPOT, "tpot", "", "time-per-output-token `target`, e.g. 30ms (default none)")
	fs.StringVar(&r.Percentile, "percentile", "", "`statistic` the targets apply to: mean, p90, p99 (default mean)")
	fs.StringVar(&r.GPUs, "gpus", "", "GPU `budget` per type (default 8)")
	fs.StringVar(&r.Rate, "rate", "", "requests/s `R` to serve with the fewest GPUs (20, 1200/min)")
	fs.StringVar(&r.Framework, "framework", "", "serving `framework` profile: trtllm, vllm, sglang, llamacpp, generic, ideal (default generic)")
	fs.StringVar(&r.Weights, "weights", "", "weight `format`: bf16, fp8, nvfp4, mxfp4, int4-awq, ... (default bf16)")
	fs.StringVar(&r.KVDtype, "kv-dtype", "", "KV-cache `format`: bf16, fp8 (default: the profile's)")
	fs.StringVar(&r.Price, "price", "", "`USD` per GPU-hour, one for all or one per --gpu (default: the price table's median)")
	fs.StringVar(&r.Mode, "mode", "", "layouts searched: agg, disagg or both (default both)")
	fs.StringVar(&r.TP, "tp", "", "tensor-parallel degrees to search, `LIST` such as 1,2,4,8")
	fs.StringVar(&r.PP, "pp", "", "pipeline stages to search `LIST`")
	fs.StringVar(&r.EP, "ep", "", "expert-parallel degrees to search `LIST` (MoE)")
	fs.StringVar(&r.AttentionDP, "attention-dp", "", "attention data-parallel ranks to search `LIST`")
	fs.StringVar(&r.Concurrency, "concurrency", "", "requests in flight per replica or xPyD unit to search `LIST`")
	fs.StringVar(&r.Top, "top", "", "layouts listed per accelerator `K` (default 5)")
	fs.BoolVar(&r.CompareAPI, "compare-api", false, "list the model's published API prices per million tokens (dated, sourced) beside the best layout's cost")
}

// runDeploy is "flops deploy".
func runDeploy(env *cliEnv, args []string) error {
	var req api.DeployRequest
	fs := newFlagSet(env, "deploy", deploySynopsis, deployHelp)
	bindDeploy(fs, &req)
	hwFile := bindHWFile(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	asCSV := fs.Bool("csv", false, "print the listed points as CSV")
	explain := fs.Bool("explain", false, "show the winner's derivation")
	plotFile := fs.String("plot", "", "write the Pareto fronts to `FILE` (.svg or .png)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usagef("give --json or --csv, not both")
	}
	if req.CompareAPI && *asCSV {
		return usagef("--compare-api has no CSV form: drop --csv, or use --json (api_comparison)")
	}
	if *plotFile != "" {
		if _, err := plot.FormatOf(*plotFile); err != nil {
			return usagef("--plot: %v", err)
		}
	}
	req.Workers = runtime.NumCPU()
	req.Progress = searchProgress(env.stderr, 2*time.Second)
	res, err := runRequest(env, *hwFile, "deploy", req.Run)
	if err != nil {
		return err
	}
	if *plotFile != "" {
		switch err := plot.SaveDeploy(res, *plotFile); {
		case errors.Is(err, plot.ErrNothingToDraw): // an answer all the same: say so, exit 0
			fmt.Fprintf(env.stderr, "flops: warning: --plot: %v; %s not written\n", err, *plotFile)
		case err != nil:
			return err
		default:
			fmt.Fprintf(env.stderr, "flops: wrote %s\n", *plotFile)
		}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	fmt.Fprintf(env.stderr, "flops: %d candidates screened, %d simulated in %.2fs\n", res.Evaluated, res.Simulated, res.Elapsed)
	switch {
	case *asJSON:
		return writeJSON(env.stdout, res)
	case *asCSV:
		return writeDeployCSV(env.stdout, res)
	}
	return writeDeploy(env.stdout, res, *explain)
}

// searchProgress reports a search's simulations on w (progressPrinter)
// when w is a terminal and the search has run for more than after.
func searchProgress(w io.Writer, after time.Duration) func(done, total int64) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return progressPrinter(w, after, "simulating", "simulated", "candidates")
}

// writeDeploy prints the answer first, then why, the accelerators, the top
// layouts and the Pareto fronts, then the assumptions.
func writeDeploy(w io.Writer, r *deploy.Result, explain bool) error {
	fmt.Fprintln(w, deployTitle(r))
	fmt.Fprintln(w)
	if err := writeAnswer(w, r); err != nil {
		return err
	}
	if err := writeAPIComparison(w, r); err != nil {
		return err
	}
	if len(r.Accelerators) > 1 {
		fmt.Fprintln(w)
		if err := acceleratorTable(r).Write(w); err != nil {
			return err
		}
	}
	for _, pl := range detailed(r) {
		if err := writePlanTables(w, r, pl); err != nil {
			return err
		}
	}
	if len(r.Accelerators) > 1 {
		fmt.Fprintln(w, "\nThe other accelerators' layouts and fronts: --json, --csv or --plot.")
	}
	return report.Derivation(w, r.Assumptions, r.Steps, explain)
}

// detailed is the plans whose layouts and fronts the text shows: the only
// one, or the winner's (the comparison table covers the others).
func detailed(r *deploy.Result) []*deploy.Plan {
	if len(r.Accelerators) == 1 {
		return r.Accelerators
	}
	for _, pl := range r.Accelerators {
		if r.Best != nil && pl.Accelerator == r.Best.Accelerator {
			return []*deploy.Plan{pl}
		}
	}
	return nil
}

// deployTitle is the question in one line.
func deployTitle(r *deploy.Result) string {
	budget := fmt.Sprintf("%d GPUs per type", r.GPUBudget)
	if r.Rate > 0 {
		budget = fmt.Sprintf("%.4g requests/s", r.Rate)
	}
	return fmt.Sprintf("%s, %d prompt + %d output tokens, %s profile, %s weights: %s; %s",
		r.Model, r.Prompt, r.Output, r.Framework, r.Weights, targetText(r.Targets), budget)
}

// targetText is "mean TTFT ≤ 500 ms, TPOT ≤ 30.0 ms" or "no latency target".
func targetText(t deploy.Targets) string {
	var s string
	if t.TTFT > 0 {
		s = "TTFT ≤ " + t.TTFT.String()
	}
	if t.TPOT > 0 {
		if s != "" {
			s += ", "
		}
		s += "TPOT ≤ " + t.TPOT.String()
	}
	if s == "" {
		return "no latency target"
	}
	return string(t.Percentile) + " " + s
}

// writeAnswer prints the winner (or the closest point) and why.
func writeAnswer(w io.Writer, r *deploy.Result) error {
	if !r.Feasible {
		return writeInfeasible(w, r)
	}
	b := r.Best
	fmt.Fprintf(w, "Best: %s on %s\n", pointText(b), b.Accelerator)
	if err := report.KV(w, pointKV(b)); err != nil {
		return err
	}
	if y := r.Why; y != nil {
		fmt.Fprintf(w, "\nWhy: %s\n", y.Summary)
		if y.Modes != "" {
			fmt.Fprintf(w, "Aggregated vs disaggregated on %s: %s.\n", b.Accelerator, y.Modes)
		}
		if y.Accelerators != "" {
			fmt.Fprintf(w, "Accelerators: %s.\n", y.Accelerators)
		}
	}
	return nil
}

// writeInfeasible says that nothing meets the targets and names the
// closest point and its misses.
func writeInfeasible(w io.Writer, r *deploy.Result) error {
	fmt.Fprintln(w, "No layout searched meets the targets.")
	for _, pl := range r.Accelerators {
		if pl.NoFit != "" {
			fmt.Fprintf(w, "%s: %s\n", pl.Accelerator, pl.NoFit)
		}
	}
	c := r.Closest
	if c == nil {
		return nil
	}
	fmt.Fprintf(w, "Closest: %s on %s\n", pointText(&c.Point), c.Point.Accelerator)
	for _, m := range c.Misses {
		fmt.Fprintf(w, "  misses %s: %s against %s (%.0f %% over)\n", m.Target, units.Seconds(m.Value), units.Seconds(m.Limit), 100*m.Over)
	}
	if c.OverLimit != "" {
		fmt.Fprintf(w, "  beyond the search's limits: %s\n", c.OverLimit)
	}
	return report.KV(w, pointKV(&c.Point))
}
