package engine

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// trace records the derivation of a finished run: the decode step at the
// mean batch, what limits it, and the pools' busy time.
func (r *Result) trace(st *setup, sys *system) {
	dec := sys.front
	layout := r.Layout
	if sys.back != nil {
		dec, layout = sys.back, &r.Decode.Layout
	}
	var batchSec, busy float64
	for _, w := range dec {
		batchSec += w.decodeBatch
		busy += w.busySeconds
	}
	r.MeanDecodeBatch = batchSec / busy
	if sys.back != nil {
		end := 0.0 // the simulated time: every worker's clock ends at or before it
		for _, w := range sys.all {
			end = math.Max(end, w.now)
		}
		r.Decode.Busy = busy / (end * float64(len(dec)))
		var pb float64
		for _, w := range sys.front {
			pb += w.busySeconds
		}
		r.Prefill.Busy = pb / (end * float64(len(sys.front)))
	}
	r.decodeStep(st, dec[0].cost, *layout)
	r.limit(st)
}

// decodeStep records one decode step at the mean batch and the mean
// decode context P + G/2.
func (r *Result) decodeStep(st *setup, c *stepCost, l Layout) {
	n := math.Max(r.MeanDecodeBatch, 1)
	rank := math.Ceil(n / float64(l.AttentionDP))
	ctx := float64(st.p) + float64(st.g)/2
	b := batch{decode: rank, ctx: rank * ctx, moeTokens: n, logits: rank}
	p := c.breakdown(b)
	r.Step = StepBreakdown{Seconds: units.Seconds(p.total()), Weights: units.Seconds(p.weights), KV: units.Seconds(p.kv),
		Compute: units.Seconds(p.compute), Comm: units.Seconds(p.comm), Overhead: units.Seconds(p.overhead), Batch: n, Context: ctx}
	r.Add("decode step", "Σ_classes max(FLOPs/(peak·u_c), bytes/(BW·u_m)) + attention + experts + collectives + o_step + L·o_layer",
		fmt.Sprintf("weights %s + KV %s + compute %s + collectives %s + fixed %s at batch %.1f, context %.0f",
			r.Step.Weights, r.Step.KV, r.Step.Compute, r.Step.Comm, r.Step.Overhead, n, ctx),
		p.total(), "s", units.Seconds(p.total()).String())
}

// limit names what bounds TPOT: the largest part of the decode step, or
// prompt interference when the prompts add more than the step itself, or
// the KV cache when requests wait for a slot.
func (r *Result) limit(st *setup) {
	s := r.Step
	parts := []struct {
		name string
		v    units.Seconds
	}{{"HBM bandwidth (weights)", s.Weights}, {"HBM bandwidth (KV cache)", s.KV}, {"compute", s.Compute},
		{"interconnect", s.Comm}, {"fixed step cost", s.Overhead}}
	best := parts[0]
	for _, p := range parts[1:] {
		if p.v > best.v {
			best = p
		}
	}
	r.Limit = best.name
	if extra := r.TPOT - s.Seconds; extra > s.Seconds && r.Serving == "aggregated" {
		r.Limit = "prefill interference"
	}
	want := r.Concurrency
	if r.Replicas > 1 {
		want = (want + r.Replicas - 1) / r.Replicas
	}
	switch {
	case want <= r.Memory.Slots || r.Serving != "aggregated":
	case st.cfg.MaxRunning > 0 && r.Memory.Slots == st.cfg.MaxRunning:
		r.Limit = "running-request cap"
		r.Warnings = append(r.Warnings, fmt.Sprintf("only %d of %d requests per replica run at once (--max-running): the rest wait (TTFT includes the wait)", r.Memory.Slots, want))
	default:
		r.Limit = "KV cache capacity"
		r.Warnings = append(r.Warnings, fmt.Sprintf("only %d of %d requests per replica fit in the KV cache at once: the rest wait (TTFT includes the wait)", r.Memory.Slots, want))
	}
	r.Add("time per output token", "mean over requests of (latency − TTFT)/(output − 1)", fmt.Sprintf("decode step %s, prompts and queueing included", s.Seconds),
		float64(r.TPOT), "s", r.TPOT.String())
	r.Add("time to first token", "mean over requests of first token − arrival", "queueing + prompt chunks", float64(r.TTFT), "s", r.TTFT.String())
	r.Add("output tokens per second per GPU", "requests/s × output / GPUs", fmt.Sprintf("%.4g × %d / %d", r.RequestsPerSecond, r.Output, r.GPUs),
		r.OutputTokensPerSecondPerGPU, "token/s", fmt.Sprintf("%.4g token/s", r.OutputTokensPerSecondPerGPU))
}

// checkOverload sets Capacity, the deployment's most requests per
// second (a --max-throughput run of the same shape, layout and replicas),
// and Overloaded when the offered rate exceeds it: beyond capacity the
// queue grows for as long as requests keep coming, whatever a finite run
// happened to serve.
func (r *Result) checkOverload(st *setup) error {
	cfg := st.cfg
	cfg.Load = Load{MaxThroughput: true}
	cfg.Profile = st.prof
	cap, err := Estimate(cfg)
	if err != nil {
		return err
	}
	c := cap.RequestsPerSecond
	r.Capacity = &c
	r.Add("capacity", "requests/s of a --max-throughput run of the same deployment", fmt.Sprintf("%d requests", cap.Requests),
		c, "request/s", fmt.Sprintf("%.4g requests/s", c))
	if !(r.Rate > c) {
		return nil
	}
	r.Overloaded = true
	r.Warnings = append(r.Warnings, fmt.Sprintf("the offered rate %.4g requests/s exceeds the deployment's capacity of %.4g requests/s: the queue grows without bound, so TTFT grows with the length of the run (here %d requests)",
		r.Rate, c, r.Requests))
	return nil
}

// promptShare is the fraction of the deployment's GPU time that prompts
// cost: each worker's prompt seconds (a step's time less the same step
// without its prompt tokens) over its busy seconds, weighted by its GPUs.
func promptShare(sys *system) float64 {
	var prompt, busy float64
	for _, w := range sys.all {
		prompt += w.promptSeconds * float64(w.gpus)
		busy += w.busySeconds * float64(w.gpus)
	}
	if busy <= 0 {
		return 0
	}
	return math.Min(math.Max(prompt/busy, 0), 1)
}

// cost records $ per million output and input tokens: the GPUs' price per
// second split between prompt and output work by promptShare, each over
// the tokens it serves.
func (r *Result) cost(st *setup, share float64) {
	price := float64(st.cfg.Price)
	if price <= 0 || r.OutputTokensPerSecond <= 0 {
		return
	}
	perSec := price * float64(r.GPUs) / 3600
	out := perSec * (1 - share) / r.OutputTokensPerSecond * 1e6
	in := perSec * share / r.InputTokensPerSecond * 1e6
	r.PricePerGPUHour, r.CostPerMillionOutput, r.CostPerMillionInput = &price, &out, &in
	r.Add("cost per million output tokens", "price · GPUs / 3600 · (1 − prompt share) / output tokens per second × 1e6",
		fmt.Sprintf("%g × %d / 3600 × %.3f / %.4g × 1e6", price, r.GPUs, 1-share, r.OutputTokensPerSecond), out, "USD", units.USD(out).String())
	r.Add("cost per million input tokens", "price · GPUs / 3600 · prompt share / input tokens per second × 1e6",
		fmt.Sprintf("%g × %d / 3600 × %.3f / %.4g × 1e6", price, r.GPUs, share, r.InputTokensPerSecond), in, "USD", units.USD(in).String())
}
