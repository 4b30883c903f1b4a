package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// bindServing binds the load, framework and parallelism flags.
func bindServing(fs *flag.FlagSet, s *api.ServingFields) {
	fs.StringVar(&s.Concurrency, "concurrency", "", "closed loop: `N` requests kept in flight (serving under load)")
	fs.StringVar(&s.Rate, "rate", "", "open loop: Poisson arrivals at `R` requests/s (2.5, 150/min)")
	fs.Var(onFlag{&s.MaxThroughput}, "max-throughput", "offline: every request queued at once; the highest output tokens/s")
	fs.StringVar(&s.Requests, "requests", "", "requests the run completes `N` (default 10 × concurrency; 10,000 with --rate)")
	fs.Var(onFlag{&s.Burst}, "burst", "with --concurrency and --requests: every client starts at once, as benchmark clients do")
	fs.StringVar(&s.Seed, "seed", "", "arrival-time and length `seed` (default 1)")
	fs.StringVar(&s.RangeRatio, "random-range-ratio", "", "each request's prompt and output lengths drawn uniformly from `R` × … 100 % of --prompt and --output, as vLLM's benchmark_serving.py --random-range-ratio (default: every request exactly those)")
	fs.StringVar(&s.BatchWaitIters, "batch-wait-iters", "", "TensorRT-LLM batch waiting: new prompts held up to `N` engine steps beside running decodes (batch_wait_timeout_iters; default 0, off)")
	fs.StringVar(&s.BatchWaitTokens, "batch-wait-tokens", "", "with --batch-wait-iters: held prompts start once a step would carry `T` tokens (batch_wait_max_tokens_ratio × max_num_tokens)")
	fs.StringVar(&s.AttentionDPBalance, "attention-dp-balance", "", "TensorRT-LLM attention-DP balancing: a prompt held until every attention-DP rank has one, up to `N` engine steps (attention_dp_config enable_balance, timeout_iters; default 0, off)")
	fs.StringVar(&s.RecvInterval, "recv-interval", "", "while decoding, new requests taken in every `N` decode steps and after each prompt step (SGLang --scheduler-recv-interval; default every step)")
	fs.StringVar(&s.MaxRunning, "max-running", "", "at most `N` requests running at once per replica, the rest wait (vLLM --max-num-seqs, SGLang --max-running-requests, TensorRT-LLM --max_batch_size; default: what the KV cache holds)")
	fs.StringVar(&s.Framework, "framework", "", "serving `framework` profile: trtllm, vllm, sglang, llamacpp, generic, ideal (default generic)")
	fs.StringVar(&s.TP, "tp", "", "tensor-parallel `degree` (the same as --gpus)")
	fs.StringVar(&s.PP, "pp", "", "pipeline `stages` (default 1)")
	fs.StringVar(&s.EP, "ep", "", "expert-parallel `degree` of an MoE model (default 1)")
	fs.StringVar(&s.AttentionDP, "attention-dp", "", "attention data-parallel `ranks` (default 1; GPUs = tp × attention-dp × pp)")
	fs.StringVar(&s.Replicas, "replicas", "", "identical `replicas` sharing the load (default 1)")
	fs.Var(onFlag{&s.Disagg}, "disagg", "disaggregated serving: prefill and decode pools (give --prefill-* and --decode-*)")
	for _, pool := range []struct {
		name                   string
		tp, pp, ep, adp, count *string
	}{{"prefill", &s.PrefillTP, &s.PrefillPP, &s.PrefillEP, &s.PrefillAttentionDP, &s.PrefillWorkers},
		{"decode", &s.DecodeTP, &s.DecodePP, &s.DecodeEP, &s.DecodeAttentionDP, &s.DecodeWorkers}} {
		fs.StringVar(pool.tp, pool.name+"-tp", "", pool.name+" worker tensor-parallel `degree`")
		fs.StringVar(pool.pp, pool.name+"-pp", "", pool.name+" worker pipeline `stages`")
		fs.StringVar(pool.ep, pool.name+"-ep", "", pool.name+" worker expert-parallel `degree`")
		fs.StringVar(pool.adp, pool.name+"-attention-dp", "", pool.name+" worker attention data-parallel `ranks`")
		fs.StringVar(pool.count, pool.name+"-workers", "", pool.name+" `workers`")
	}
	fs.StringVar(&s.TransferBandwidth, "transfer-bandwidth", "", "KV transfer `rate` per sending GPU (default: NVLink within one domain, else 50GB/s)")
	fs.StringVar(&s.ScaleOutBandwidth, "scale-out-bandwidth", "", "between scale-up domains, per GPU per direction `rate` (default 50GB/s)")
}

// writeLoad prints a serving-under-load result, answer first.
func writeLoad(env *cliEnv, r *engine.Result, asJSON, explain bool) error {
	for _, w := range r.Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	if asJSON {
		return writeJSON(env.stdout, r)
	}
	w := env.stdout
	fmt.Fprintln(w, loadTitle(r))
	fmt.Fprintln(w)
	if !r.Memory.Fits {
		fmt.Fprintf(w, "does not fit: %s\n", r.Memory.Hint)
		return report.Derivation(w, r.Assumptions, r.Steps, explain)
	}
	if err := report.KV(w, loadHeadline(r)); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := report.KV(w, loadDetails(r)); err != nil {
		return err
	}
	return report.Derivation(w, r.Assumptions, r.Steps, explain)
}

// loadTitle is the one-line question the result answers.
func loadTitle(r *engine.Result) string {
	load := fmt.Sprintf("%d requests in flight", r.Concurrency)
	switch r.Mode {
	case "rate":
		load = fmt.Sprintf("%.4g requests/s (Poisson)", r.Rate)
	case "max-throughput":
		load = "offline (all requests queued)"
	}
	where := fmt.Sprintf("%d× %s", r.GPUs, r.Accelerator)
	if r.Layout != nil {
		where += " (" + r.Layout.String() + ")"
		if r.Replicas > 1 {
			where += fmt.Sprintf(", %d replicas", r.Replicas)
		}
	} else {
		where += fmt.Sprintf(" (prefill %d× %s, decode %d× %s)", r.Prefill.Workers, r.Prefill.Layout.String(), r.Decode.Workers, r.Decode.Layout.String())
	}
	return fmt.Sprintf("%s on %s, %s profile: %s, %d prompt + %d output tokens, %s weights",
		r.Model, where, r.Framework, load, r.Prompt, r.Output, r.Weights)
}

// loadHeadline is the figures a user came for.
func loadHeadline(r *engine.Result) [][2]string {
	kv := [][2]string{
		{"time to first token", fmt.Sprintf("%s mean (p50 %s, p90 %s, p99 %s)", r.TTFT, r.TTFTP50, r.TTFTP90, r.TTFTP99)},
		{"time per output token", fmt.Sprintf("%s mean (p90 %s) = %s tokens/s per user", r.TPOT, r.TPOTP90, fmtCount(r.OutputTokensPerSecondPerUser))},
		{"output throughput", fmt.Sprintf("%s tokens/s = %s per GPU; %.3g requests/s", fmtCount(r.OutputTokensPerSecond), fmtCount(r.OutputTokensPerSecondPerGPU), r.RequestsPerSecond)},
		{"limited by", r.Limit},
	}
	if r.CostPerMillionOutput != nil {
		kv = append(kv, [2]string{"cost", fmt.Sprintf("%s per million output tokens, %s per million input tokens at %s per GPU-hour",
			units.USD(*r.CostPerMillionOutput), units.USD(*r.CostPerMillionInput), units.USD(*r.PricePerGPUHour))})
	}
	if r.Overloaded {
		capText := "unknown"
		if r.Capacity != nil {
			capText = fmt.Sprintf("%.3g requests/s", *r.Capacity)
		}
		kv = append(kv, [2]string{"overloaded", "the rate exceeds capacity (" + capText + "): the queue grows without bound"})
	}
	return kv
}

// loadDetails is the decode step and the memory behind the headline.
func loadDetails(r *engine.Result) [][2]string {
	s := r.Step
	kv := [][2]string{
		{"decode step", fmt.Sprintf("%s at batch %.1f, context %.0f: %s", s.Seconds, s.Batch, s.Context, stepParts(s))},
		{"memory per GPU", fmt.Sprintf("weights %s, KV cache %s of %s → %d requests at once", r.Memory.Weights.IEC(), r.Memory.KVCache.IEC(), r.Memory.Capacity.IEC(), r.Memory.Slots)},
		{"mean decode batch", fmt.Sprintf("%.1f", r.MeanDecodeBatch)},
		{"simulated", fmt.Sprintf("%d requests", r.Requests)},
	}
	if r.Prefill != nil {
		kv = append(kv, [2]string{"pools busy", fmt.Sprintf("prefill %.0f%%, decode %.0f%%", 100*r.Prefill.Busy, 100*r.Decode.Busy)})
	}
	return kv
}

// stepParts lists the parts of a decode step that take any time, e.g.
// "weights 2.43 ms, KV 268 µs, collectives 3.80 ms, fixed 2.43 ms".
func stepParts(s engine.StepBreakdown) string {
	var out []string
	for _, p := range []struct {
		name string
		t    units.Seconds
	}{{"weights", s.Weights}, {"KV", s.KV}, {"compute", s.Compute}, {"collectives", s.Comm}, {"fixed", s.Overhead}} {
		if p.t > 0 {
			out = append(out, p.name+" "+p.t.String())
		}
	}
	return strings.Join(out, ", ")
}
