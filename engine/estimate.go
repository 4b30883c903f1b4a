package engine

import (
	"fmt"
	"math"
	"slices"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Estimate simulates the deployment of c under its load and returns TTFT,
// TPOT, throughput and the derivation. A model that does not fit is a
// result (Memory.Fits false, no latency figures); errors are bad input.
func Estimate(c Config) (*Result, error) {
	r := &Result{}
	st, err := resolve(c, &r.Trace)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	r.header(st)
	sys, ok := st.build(r)
	if !ok {
		return r, nil
	}
	sys.ctx = c.Context
	if err := sys.run(); err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	r.summarize(st, sys)
	if c.Load.Rate > 0 {
		if err := r.checkOverload(st); err != nil {
			return nil, err // already "engine: ..."
		}
	}
	r.cost(st, promptShare(sys))
	return r, nil
}

// header copies the resolved question into the result.
func (r *Result) header(st *setup) {
	c := st.cfg
	r.Model, r.Accelerator, r.Framework = c.Model.Name, c.Accelerator.ID, st.prof.Name
	r.Prompt, r.Output, r.Weights, r.KVBytes = st.p, st.g, st.mlpFmt.Name, st.kvBytes
	switch {
	case c.Load.Concurrency > 0:
		r.Mode, r.Concurrency = "concurrency", c.Load.Concurrency
	case c.Load.Rate > 0:
		r.Mode, r.Rate = "rate", c.Load.Rate
	default:
		r.Mode = "max-throughput"
	}
}

// build makes the workers and the load; false when a worker cannot hold
// a single request (the result says why).
func (st *setup) build(r *Result) (*system, bool) {
	if st.cfg.Disagg != nil {
		return st.buildDisagg(r)
	}
	c := st.cfg
	l := c.Layout.withDefaults()
	reps := max(c.Replicas, 1)
	r.Serving, r.Layout, r.Replicas, r.GPUs = "aggregated", &l, reps, l.GPUs()*reps
	r.Memory = st.memoryFor(l, st.p+st.g, st.reserved())
	if !r.Memory.Fits {
		r.Warnings = append(r.Warnings, "does not fit: "+r.Memory.Hint)
		return nil, false
	}
	w := st.newWorker(l, aggregated, r.Memory.Slots)
	st.noteBatchWait(w, &r.Trace)
	st.noteScheduler(&r.Trace)
	sys := &system{front: []*worker{w}, all: []*worker{w}, frontend: st.frontend()}
	st.load(sys, reps, r.Memory.Slots, &r.Trace)
	r.Requests = sys.to - sys.from
	return sys, true
}

// noteBatchWait records the prompt holding that applies as an
// assumption, and says so when the layout rules out one asked for.
func (st *setup) noteBatchWait(w *worker, tr *explain.Trace) {
	b := w.wait
	const name = "prompts held"
	switch {
	case w.adp > 1 && b.BalanceIters > 0:
		tr.Assumef(name, "TensorRT-LLM attention_dp_config enable_balance, timeout_iters: while every rank decodes, a prompt waits until every rank has one",
			"until each of %g ranks has a prompt, at most %d steps", w.adp, b.BalanceIters)
	case w.adp == 1 && b.BalanceIters > 0:
		tr.Assumef(name, "TensorRT-LLM's balancing applies only with attention data parallelism (--batch-wait-iters is its counterpart without it)",
			"not balanced: attention-dp 1")
	}
	switch {
	case w.adp == 1 && b.Iters > 0 && b.Tokens > 0:
		tr.Assumef(name, "TensorRT-LLM batch_wait_timeout_iters and batch_wait_max_tokens_ratio: while requests decode, new prompts wait and then start together",
			"up to %d steps, or until a step would carry %d tokens", b.Iters, b.Tokens)
	case w.adp == 1 && b.Iters > 0:
		tr.Assumef(name, "TensorRT-LLM batch_wait_timeout_iters: while requests decode, new prompts wait and then start together",
			"up to %d steps", b.Iters)
	case b.Iters > 0:
		tr.Assumef(name, "TensorRT-LLM's batch waiting applies only without attention data parallelism (--attention-dp-balance is its counterpart with it)",
			"no batch waiting: attention-dp %g", w.adp)
	}
}

// noteScheduler records the scheduler settings given, as assumptions.
func (st *setup) noteScheduler(tr *explain.Trace) {
	if n := st.cfg.RecvInterval; n > 1 {
		tr.Assumef("requests taken in", "SGLang --scheduler-recv-interval: while it decodes, the scheduler takes in new requests every N decode steps, and after every prompt step",
			"every %d decode steps", n)
	}
	if n := st.cfg.MaxRunning; n > 0 {
		tr.Assumef("running at most", "--max-running (vLLM --max-num-seqs, SGLang --max-running-requests, TensorRT-LLM --max_batch_size): the rest wait",
			"%d requests per replica", n)
	}
}

// frontend is the time a request spends in the serving front end before
// the engine sees it: the profile's request overhead, or nothing when
// measured at the engine (Direct).
func (st *setup) frontend() float64 {
	if st.cfg.Direct {
		return 0
	}
	return st.prof.RequestOverhead
}

// reserved is the context a scheduler sets aside per request at admission:
// the prompt and the profile's share of the output.
func (st *setup) reserved() int {
	return st.p + int(math.Ceil(st.prof.ReserveOutput*float64(st.g)))
}

// newWorker makes one engine of layout l holding at most slots requests.
func (st *setup) newWorker(l Layout, ro role, slots int) *worker {
	w := &worker{role: ro, cost: st.costFor(l), adp: float64(l.AttentionDP), gpus: l.GPUs(),
		budget: st.prof.budget(float64(st.cfg.Accelerator.Memory) / (1 << 30)),
		mixed:  st.prof.MixedPrefill, slots: slots}
	if ro == aggregated {
		w.wait = st.cfg.BatchWait
	}
	if st.cfg.RecvInterval > 1 {
		w.recvEvery = st.cfg.RecvInterval
		w.sinceRecv = w.recvEvery
	}
	return w
}

// load sets the arrivals: a closed loop of concurrency/replicas requests,
// Poisson arrivals at rate/replicas, or everything at once.
func (st *setup) load(sys *system, replicas, slots int, tr *explain.Trace) {
	ld := st.cfg.Load
	sys.lengths = newLengths(st.p, st.g, ld.RangeRatio, max(ld.Seed, 1))
	if l := sys.lengths; l.rng != nil {
		tr.Assumef("lengths", "each request's lengths drawn uniformly, as vLLM's benchmark_serving.py --random-range-ratio does; a fixed seed, so runs repeat; memory is sized for the longest",
			"prompt %d … %d, output %d … %d tokens", l.pLo, l.p, l.gLo, l.g)
	}
	switch {
	case ld.Concurrency > 0:
		sys.closed = true
		sys.burst = max(1, int(math.Round(float64(ld.Concurrency)/float64(replicas))))
		sys.stagger = st.cycle(sys, sys.burst)
		if ld.Requests > 0 {
			sys.total, sys.from, sys.to = ld.Requests, min(ld.Warmup, ld.Requests-1), ld.Requests
			if ld.Burst {
				sys.stagger = 0
			}
			tr.Assumef("benchmark", "closed loop as genai-perf and vllm bench serve run it: every client sends its next request when the last one finishes; the clients start spread over one request's latency, the steady state timing noise drives a closed loop to; all requests counted, ramp-up and drain included",
				"%d requests in flight per replica, %d requests", sys.burst, sys.total)
			break
		}
		sys.from, sys.to, sys.steady = sys.burst, sys.burst+steadyWindow(sys.burst), true
		tr.Assumef("benchmark", "closed loop in its steady state: every client sends its next request when the last one finishes; the clients start spread over one request's latency (the state timing noise drives a closed loop to); the requests measured are a window issued after the first round, once two windows in a row agree within 2 %, so neither the ramp-up nor the drain counts (give --requests N for a finite run that counts both)",
			"%d requests in flight per replica; %d requests measured", sys.burst, sys.to-sys.from)
	case ld.Rate > 0:
		sys.total = orInt(ld.Requests, DefaultRateRequests)
		seed := ld.Seed
		if seed == 0 {
			seed = 1
		}
		sys.arrivals = poisson(sys.total, ld.Rate/float64(replicas), seed)
		sys.from, sys.to = min(ld.Warmup, sys.total-1), sys.total
		tr.Assumef("arrivals", "open loop: exponential gaps between requests, a fixed seed so runs repeat",
			"Poisson at %.4g requests/s per replica, %d requests, seed %d", ld.Rate/float64(replicas), sys.total, seed)
	default:
		sys.total = orInt(ld.Requests, min(8*slots, MaxRequests))
		sys.burst, sys.from, sys.to = sys.total, 0, sys.total
		tr.Assumef("benchmark", "offline, as trtllm-bench measures: every request queued at time 0, as many running as the KV cache and the framework allow",
			"%d requests queued, at most %d running", sys.total, slots)
	}
}

// cycle estimates one request's latency at concurrency c (its prompt alone,
// then G−1 decode steps at batch c and the mean context), over which a
// closed loop's clients are spread.
func (st *setup) cycle(sys *system, c int) float64 {
	w := sys.front[0]
	if sys.back != nil {
		w = sys.back[0]
	}
	n := float64(min(c, w.slots))
	dec := math.Ceil(n / w.adp)
	ctx := float64(st.p) + float64(st.g)/2
	step := w.cost.time(batch{decode: dec, ctx: dec * ctx, moeTokens: n, logits: dec})
	p := float64(st.p)
	prompt := sys.front[0].cost.time(batch{prefill: p, prefillAtt: st.s.prefillAttn(0, p), prefillKV: st.s.kvElemsAt(p), moeTokens: p, logits: 1})
	return prompt + float64(st.g-1)*step
}

// steadyWindow is how many requests one window of a steady-state closed
// loop holds: one round of c, at least 64 (so a small concurrency still
// averages over many requests) and at most 1,024 (in the steady state
// every request sees the same load). Windows follow each other until two
// in a row agree within 2 %.
func steadyWindow(c int) int { return min(max(c, 64), 1024) }

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// summarize computes the latency statistics and throughput of a run.
func (r *Result) summarize(st *setup, sys *system) {
	n := len(sys.measured)
	ttft, tpot := make([]float64, 0, n), make([]float64, 0, n)
	var lat, start, end, prompt, output float64
	start = math.Inf(1)
	for _, q := range sys.measured {
		start, end = math.Min(start, q.arrival), math.Max(end, q.done)
		ttft = append(ttft, q.first-q.arrival)
		lat += q.done - q.arrival
		prompt, output = prompt+float64(q.p), output+float64(q.g)
		if q.g > 1 {
			tpot = append(tpot, (q.done-q.first)/float64(q.g-1))
		}
	}
	meanP, meanG := prompt/float64(n), output/float64(n)
	span := end - start
	scale := float64(max(r.Replicas, 1))
	rate := float64(n) / span // a finite run: requests over its duration
	if sys.closed && sys.total == 0 {
		rate = float64(sys.burst) / (lat / float64(n)) // steady state: Little's law, λ = C / latency
	}
	r.RequestsPerSecond = rate * scale
	wait := st.frontendWait(r.RequestsPerSecond/scale*meanG, &r.Trace)
	for i := range ttft {
		ttft[i] += wait
	}
	r.TTFT, r.TTFTP50, r.TTFTP90, r.TTFTP99 = stats(ttft)
	r.TPOT, r.TPOTP50, r.TPOTP90, r.TPOTP99 = stats(tpot)
	r.Latency = units.Seconds(lat/float64(n) + wait)
	r.OutputTokensPerSecond = r.RequestsPerSecond * meanG
	r.InputTokensPerSecond = r.RequestsPerSecond * meanP
	r.OutputTokensPerSecondPerGPU = r.OutputTokensPerSecond / float64(r.GPUs)
	if r.TPOT > 0 {
		r.OutputTokensPerSecondPerUser = 1 / float64(r.TPOT)
	}
	r.trace(st, sys)
}

// frontendWait is the mean time a request's first token waits in the
// serving front end, which streams every output token (detokenizing,
// framing and sending it, c_tok each) through one queue: output tokens
// arrive at μ = λ·Ḡ per second (Ḡ the mean output length; the caller
// gives μ), ρ = μ·c_tok, and the wait of an M/D/1
// queue is W = ρ·c_tok / (2·(1 − ρ)) (Pollaczek–Khinchine), capped at
// ρ = 0.95 (beyond it the front end, not the GPUs, bounds throughput).
func (st *setup) frontendWait(mu float64, tr *explain.Trace) float64 {
	c := st.prof.FrontendTokenCost
	if st.cfg.Direct {
		return 0
	}
	rho := mu * c
	if rho <= 0 {
		return 0
	}
	if rho > 0.95 {
		tr.Assumef("front end", "the serving front end streams every output token through one queue; past 95 % busy it, not the GPUs, bounds throughput",
			"%.0f %% busy at %.4g tokens/s: capped at 95 %%", 100*rho, mu)
		rho = 0.95
	}
	w := rho * c / (2 * (1 - rho))
	tr.Add("front-end wait", "ρ·c_tok / (2(1 − ρ)), ρ = λ·G·c_tok (M/D/1)",
		fmt.Sprintf("%.4g tokens/s × %s = ρ %.2f", mu, units.Seconds(c), rho), w, "s", units.Seconds(w).String())
	return w
}

// stats is the mean, p50, p90 and p99 of xs (nearest rank).
func stats(xs []float64) (mean, p50, p90, p99 units.Seconds) {
	if len(xs) == 0 {
		return
	}
	slices.Sort(xs)
	var sum float64
	for _, x := range xs {
		sum += x
	}
	q := func(p float64) units.Seconds {
		i := int(math.Ceil(p*float64(len(xs)))) - 1
		return units.Seconds(xs[min(max(i, 0), len(xs)-1)])
	}
	return units.Seconds(sum / float64(len(xs))), q(0.5), q(0.9), q(0.99)
}
