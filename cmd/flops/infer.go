package main

import (
	"flag"
	"fmt"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/plot"
)

const inferSynopsis = "infer (--model NAME|PATH | --params N) [--gpu ID] [--gpus K] [--batch B|LIST|RANGE | --concurrency C | --rate R | --max-throughput] [--prompt P] [--output G] [flags]"

const inferHelp = `
Estimates serving on the roofline: prefill (FLOPs, bytes, time to first token)
and decode (one step per output token: weights touched + KV cache read, FLOPs
with attention over the context, averaged exactly over the G-1 steps), memory
fit on --gpus tensor-parallel GPUs (KV heads replicated when fewer than GPUs,
two all-reduces per layer), MoE experts touched at the batch, tokens/s and cost
per million tokens. Not fitting is a result with the shortfall and a hint.

  step time = max(FLOPs / (t·peak·compute_eff), bytes / (t·bandwidth·bandwidth_eff))
              + 2·L·(α + 2(t−1)/t · tokens·d·2 B / β)

Defaults (printed as assumptions): bf16 weights and KV cache, prompt 1024,
output 256, compute efficiency 0.5 and bandwidth efficiency 0.7 with --model
(docs/formulas.md §4.3), 1.0 with --params alone (the pure roofline of the first
version: 70B on one H100 = 140 GB / 3.35 TB/s = 41.8 ms per token), α = 8 µs,
β = the catalog's scale-up bandwidth ÷ 2 (per direction).

--batch takes one size, a list (1,2,4,8) or a power-of-two range (1-512); more
than one size prints a sweep table, and --json prints {"sweep": [result, ...]}.
--plot FILE.svg|png writes one figure with two panels: the roofline with the
prefill and decode point of every batch (left) and latency per output token vs
aggregate tokens/s (right).

Output fields (--json; SI base units: s, B, FLOP, FLOP/s, USD):
  model, params, active_params     model and its resident / per-token matmul parameters
  accelerator, precision, gpus     chip, compute number format, tensor-parallel degree t
  batch, prompt_tokens, output_tokens  B, P, G
  weights, kv_dtype                {name, bits_per_element, source}
  compute_efficiency, bandwidth_efficiency  fractions of peak used
  peak_flops_per_second, memory_bandwidth_bytes_per_second  per GPU
  ttft_seconds                     prefill time (yields the first output token)
  seconds_per_output_token         mean decode step time (TPOT); seconds_per_token is the same
  roofline_seconds_per_output_token  the same at efficiency 1
  tokens_per_second                decode steps only: B / TPOT (prefill excluded)
  output_tokens_per_second         end to end: B·G / latency (prefill included)
  tokens_per_second_per_sequence   1 / TPOT
  latency_seconds                  TTFT + (G−1)·TPOT
  prefill_tokens_per_second        B·P / TTFT
  flops_per_token                  decode FLOPs per token at the mean context
  bound, decode_bound, prefill_bound  "memory" or "compute"
  arithmetic_intensity, ridge_point   decode FLOP/byte; peak / bandwidth
  critical_batch, critical_batch_note batch where decode turns compute-bound (null: never, and why)
  prefill, decode                  phase: tokens, context, flops, weight_bytes_read, kv_bytes, bytes,
                                   arithmetic_intensity, compute_seconds, memory_seconds,
                                   allreduce_seconds, seconds, bound (decode: mean step)
  experts_touched_per_layer        MoE: E·(1 − (1 − k/E)^B)
  weight_bytes, kv_cache_bytes, kv_bytes_per_token  all GPUs; KV for B sequences at P+G
  memory                           per GPU: weights, kv_cache, activation, total, capacity,
                                   headroom bytes and GiB, fits, hint, note
  fits, max_batch, max_context, max_context_limit  fit; largest B at P+G; longest context at B
  price_usd_per_gpu_hour, cost_per_million_output_tokens_usd,
  cost_per_million_input_tokens_usd  (null without --price)
  warnings, steps, assumptions     notes; the derivation; defaults and their sources

Serving under load (--concurrency C, --rate R or --max-throughput) simulates the
serving framework's scheduler instead of one static batch: continuous batching,
prompt chunks mixed into decode steps (or run first, SGLang), requests waiting
for KV-cache room, a fixed cost per step and per running sequence, the serving
front end's queue. One replica spans --tp × --attention-dp × --pp GPUs (--ep
splits an MoE model's experts); --disagg runs prompts on --prefill-workers and
decode on --decode-workers, moving the KV cache between them. --framework
trtllm|vllm|sglang|llamacpp|generic|ideal picks the scheduler defaults and the
kernel constants fitted on measured deployments (their error, in sample and on
models left out of the fit: flops validate --table serving). --weights takes
bf16, fp8, fp8-block, int8, nvfp4, mxfp4 or int4-awq (FP4 runs on FP4 tensor
cores where the GPU has them; Hopper dequantizes). --concurrency measures the
closed loop's steady state (--requests N for a finite run that counts the
ramp-up and the drain, --burst to start every client at once as benchmark
clients do); --rate reports p50/p90/p99 and says when the rate
exceeds what the deployment serves. Output fields (--json): ttft_seconds,
tpot_seconds ((latency − TTFT)/(output − 1)), latency_seconds, ttft_p50/p90/p99,
tpot_p50/p90/p99, output_tokens_per_second (whole deployment), _per_gpu,
_per_user (1/TPOT), input_tokens_per_second, requests_per_second, gpus,
mean_decode_batch, limited_by, decode_step (seconds by resource), memory (per
GPU, max_requests_in_flight), overloaded, capacity_requests_per_second, prefill
and decode pools (disaggregated), cost per million input and output tokens.

Examples:
  flops infer --params 70B --gpu h100
  flops infer --model llama-3.1-8b --gpu h100 --batch 32 --prompt 8k --output 512
  flops infer --model llama-3-70b --gpu h100 --gpus 8 --price 2 --explain
  flops infer --model mixtral-8x7b --gpu a100-80gb --gpus 2 --batch 1-256 --plot mixtral.svg
  flops infer --model llama-3-70b --gpu h100 --weights int4 --kv-dtype fp8 --json
  flops infer --model ./model.gguf --gpu rtx-4090 --batch 1
  flops infer --model llama-3.1-70b --gpu h200 --tp 8 --weights fp8 --framework trtllm --concurrency 64 --prompt 1024 --output 1024
  flops infer --model deepseek-r1 --gpu b200 --attention-dp 8 --ep 8 --weights nvfp4 --framework sglang --rate 4 --prompt 1k --output 1k
  flops infer --model deepseek-r1 --gpu gb200 --weights nvfp4 --framework trtllm --concurrency 512 --disagg --prefill-tp 4 --prefill-ep 4 --prefill-workers 2 --decode-attention-dp 8 --decode-ep 8 --decode-workers 1
  flops infer --model llama-3.1-8b --gpu h100 --weights fp8 --framework trtllm --max-throughput --prompt 128 --output 2048
`

// bindInfer binds the infer flags to the request's text fields.
func bindInfer(fs *flag.FlagSet, r *api.InferRequest) {
	fs.StringVar(&r.Model, "model", "", "model `NAME|PATH` (catalog, config.json, safetensors, GGUF)")
	fs.StringVar(&r.Params, "params", "", "parameters `N` instead of --model (FLOPs/token = 2·N, no KV cache)")
	fs.StringVar(&r.GPUs, "gpus", "", "tensor-parallel `GPUs` t (default 1)")
	fs.StringVar(&r.Batch, "batch", "", "concurrent sequences `B`: 8, a list 1,2,4,8 or a range 1-512 (default 1)")
	fs.StringVar(&r.Prompt, "prompt", "", "prompt `tokens` per sequence: 2048 or 2k (= 2048) (default 1024)")
	fs.StringVar(&r.Output, "output", "", "output `tokens` per sequence, e.g. 512 or 1k (= 1024) (default 256)")
	fs.StringVar(&r.Weights, "weights", "", "weight `format`: bf16, fp8, int8, int4, nf4, a GGUF type (q4_k_m, q8_0) or bits (4.25) (default bf16)")
	fs.StringVar(&r.KVDtype, "kv-dtype", "", "KV-cache `format`: bf16, fp16, fp8, int8, q8_0, ... (default bf16)")
	fs.StringVar(&r.Price, "price", "", "`USD` per GPU-hour, e.g. 2 or $2/h (no price: no cost)")
	fs.StringVar(&r.ComputeEff, "compute-eff", "", "achievable `fraction` of peak FLOP/s (default 0.5; 1.0 with --params)")
	fs.StringVar(&r.BandwidthEff, "bandwidth-eff", "", "achievable `fraction` of memory bandwidth (default 0.7; 1.0 with --params)")
	fs.StringVar(&r.AllReduce, "allreduce-latency", "", "α, fixed `time` per all-reduce (default 8us)")
	fs.StringVar(&r.LinkBW, "link-bandwidth", "", "β, per-GPU per-direction all-reduce `bandwidth` (default catalog scale-up ÷ 2)")
	fs.StringVar(&r.Attention, "attention", "", "prefill attention FLOPs `convention`: causal or full (default causal)")
	fs.StringVar(&r.Chunk, "prefill-chunk", "", "prefill `tokens` per forward step (default 8192)")
}

// runInfer is "flops infer".
func runInfer(env *cliEnv, args []string) error {
	var req api.InferRequest
	fs := newFlagSet(env, "infer", inferSynopsis, inferHelp)
	bindInfer(fs, &req)
	bindServing(fs, &req.ServingFields)
	hwFile := bindHW(fs, &req.HW)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	explain := fs.Bool("explain", false, "show each step: formula, numbers substituted, result")
	plotFile := fs.String("plot", "", "write the roofline and latency–throughput `FILE` (.svg or .png)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *plotFile != "" {
		if _, err := plot.FormatOf(*plotFile); err != nil {
			return usagef("--plot: %v", err)
		}
	}
	if req.LoadMode() && *plotFile == "" { // with --plot, Sweep rejects the load
		res, err := runRequest(env, *hwFile, "infer", req.RunLoad)
		if err != nil {
			return err
		}
		return writeLoad(env, res, *asJSON, *explain)
	}
	sw, err := runRequest(env, *hwFile, "infer", req.Sweep)
	if err != nil {
		return err
	}
	warnSmallParams(env, req.Params)
	return writeInferOutput(env, sw.Sweep, *asJSON, *explain, *plotFile)
}

// writeInferOutput prints warnings, writes the plot and prints the results.
func writeInferOutput(env *cliEnv, rs []*infer.Result, asJSON, explain bool, plotFile string) error {
	// The plot is written first so that a bad path fails before any
	// output: the error is then the only line on stderr.
	if plotFile != "" {
		if err := plot.SaveInference(rs, plotFile); err != nil {
			return err
		}
	}
	for _, w := range rs[0].Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	if rs[0].CostPerMillionOutput == nil {
		fmt.Fprintln(env.stderr, "flops: hint: "+priceHint(rs[0].Accelerator, "for the cost per million tokens"))
	}
	if plotFile != "" {
		fmt.Fprintf(env.stderr, "flops: wrote %s\n", plotFile)
	}
	switch {
	case asJSON && len(rs) == 1:
		return writeJSON(env.stdout, rs[0])
	case asJSON:
		return writeJSON(env.stdout, api.InferSweep{Sweep: rs})
	case len(rs) == 1:
		return writeInfer(env.stdout, rs[0], explain)
	}
	return writeInferSweep(env.stdout, rs, explain)
}
