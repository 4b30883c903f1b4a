package infer

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// Estimate computes prefill, decode, memory fit, throughput and cost for
// one configuration (see Result). Not fitting in memory is a result
// (Fits false, Memory.Hint), not an error; errors are for invalid input.
func Estimate(c Config) (*Result, error) {
	r := &Result{}
	st, err := resolve(c, &r.Trace)
	if err != nil {
		return nil, fmt.Errorf("infer: %w", err)
	}
	st.weightFile = float64(c.WeightBytes)
	r.header(&st, c)
	r.memory(&st)
	r.prefill(&st)
	r.decode(&st)
	r.criticalBatch(&st)
	r.cost(&st)
	return r, nil
}

// header copies the resolved inputs into the result.
func (r *Result) header(st *setup, c Config) {
	r.Model, r.Accelerator, r.Precision = st.name, c.Accelerator.ID, string(st.prec)
	r.Params, r.ActiveParams = units.Params(st.s.resident), units.Params(st.s.matmulActive)
	r.GPUs, r.Batch, r.Prompt, r.Output = st.t, st.b, st.p, st.g
	r.Weights, r.KVDtype = st.weights, st.kv
	r.ComputeEff, r.BandwidthEff = st.uc, st.um
	r.PeakFLOPs, r.Bandwidth = units.FLOPRate(st.peak), units.ByteRate(st.bw)
	r.RidgePoint = r.Add("ridge point", "peak / bandwidth", fmt.Sprintf("%s / %s", r.PeakFLOPs, r.Bandwidth),
		st.peak/st.bw, "FLOP/B", fmt.Sprintf("%.0f FLOP/B", st.peak/st.bw))
	r.shapeNotes(st, c)
}

// shapeNotes records the assumptions and warnings that the request's shape
// (tensor parallelism, context, links) calls for.
func (r *Result) shapeNotes(st *setup, c Config) {
	if st.t > 1 && st.s.kvHeads > 0 && st.s.kvHeads < st.t {
		r.Assumef("KV heads replicated", "Megatron-style tensor parallelism needs at least one KV head per GPU",
			"K = %d < t = %d: each GPU keeps one head, KV per GPU = KV/%d", st.s.kvHeads, st.t, st.s.kvHeads)
	}
	if a := st.s.arch; a != nil && st.t > 1 && a.Heads > 0 && a.Heads%st.t != 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("tensor parallelism over %d GPUs does not divide the %d query heads: real engines need t to divide H; the estimate splits the work evenly", st.t, a.Heads))
	}
	if a := st.s.arch; a != nil && a.MaxContext > 0 && st.p+st.g > a.MaxContext {
		r.Warnings = append(r.Warnings, fmt.Sprintf("prompt + output = %d tokens exceeds the model's maximum context %d: the KV cache and attention are extrapolated", st.p+st.g, a.MaxContext))
	}
	if d := c.Accelerator.ScaleUpDomain; d > 0 && st.t > d && st.s.arch != nil && !st.noLink {
		r.Warnings = append(r.Warnings, fmt.Sprintf("tensor parallelism over %d GPUs spans more than one %d-GPU %s domain: real all-reduces would cross the slower scale-out network, but β is the scale-up bandwidth; give --link-bandwidth for the scale-out figure", st.t, d, orText(c.Accelerator.ScaleUp, "scale-up")))
	}
	if st.noLink && st.s.arch != nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s lists no scale-up (GPU-to-GPU) bandwidth: the all-reduces are charged their latency α only; give --link-bandwidth (e.g. 32GB/s for PCIe 4.0 x16)", c.Accelerator.ID))
	}
	if a := st.s.arch; a != nil && a.Vocab > 0 && a.Hidden > 0 {
		r.Assumef("weights read", "a step gathers B embedding rows (docs/formulas.md §2.7); §4.3's example reads all params, a few % more",
			"matmul weights; not the %s input embedding", units.Params(float64(a.Vocab)*float64(a.Hidden)))
	}
	if st.t > 1 && st.s.mla {
		r.Assume("MLA latent replicated", "every GPU holds the full compressed cache", "vLLM's MLA backend replicates the latent across tensor-parallel ranks")
	}
}

// memory records weights, KV cache, workspace and the fit.
func (r *Result) memory(st *setup) {
	r.WeightBytes = units.Bytes(st.weightsPerGPU() * float64(st.t))
	if st.weightFile > 0 {
		r.Add("weight bytes", "from the weight file", "exact tensor bytes", float64(r.WeightBytes), "B", r.WeightBytes.String())
	} else {
		r.Add("weight bytes", "N_total · bits/8", fmt.Sprintf("%.4g × %.4g/8", st.s.resident, st.weights.Bits),
			float64(r.WeightBytes), "B", r.WeightBytes.String())
	}
	if st.s.arch != nil {
		per := float64(st.s.arch.KVBytesPerToken(st.kvB))
		r.KVBytesPerToken = units.Bytes(r.Add("KV bytes per token", "Σ_layers 2·K·h_d·b_kv (MLA: (c + r)·b_kv)",
			kvSubst(st), per, "B", units.Bytes(per).IEC()))
		kv := float64(st.b) * st.s.kvBytes(st.p+st.g, st.kvB)
		r.KVCacheBytes = units.Bytes(r.Add("KV cache", "B · KVCacheBytes(P + G) (windows capped)",
			fmt.Sprintf("%d × KV(%d)", st.b, st.p+st.g), kv, "B", units.Bytes(kv).IEC()))
	}
	r.Memory = st.memory()
	m := r.Memory
	r.Add("memory per GPU", "weights/t + KV·share + workspace", fmt.Sprintf("%s + %s + %s", m.Weights.IEC(), m.KVCache.IEC(), m.Activations.IEC()),
		float64(m.Total), "B", m.Total.IEC())
	r.Fits = m.Fits
	if !m.Fits {
		r.Warnings = append(r.Warnings, fmt.Sprintf("does not fit: needs %s per GPU, has %s (%s)", m.Total.IEC(), m.Capacity.IEC(), m.Hint))
	}
	if st.s.arch == nil {
		r.Warnings = append(r.Warnings, "no architecture: KV cache, attention FLOPs, max batch and all-reduce time are not modelled; give --model")
		return
	}
	mb := st.maxBatch()
	if mb >= 0 {
		r.MaxBatch = &mb
	}
	mc, by := st.maxContext()
	r.MaxContext, r.MaxContextLimit = &mc, by
}

// prefill records the prefill phase and TTFT.
func (r *Result) prefill(st *setup) {
	c := st.prefillCost()
	r.Prefill = phase(c, float64(st.b*st.p), float64(st.p))
	r.Add("prefill FLOPs", "B·(2·N_active·P + Σ_{i≤P} attn(i))", fmt.Sprintf("%d·(2 × %.4g × %d + attention)", st.b, st.s.matmulActive, st.p),
		c.flops, "FLOP", units.FLOPs(c.flops).String())
	r.Add("prefill compute time", "FLOPs / (t · peak · u_c)", fmt.Sprintf("%.4g / (%d × %.4g × %g)", c.flops, st.t, st.peak, st.uc),
		c.comp, "s", units.Seconds(c.comp).String())
	r.Add("prefill memory time", "(weights read + KV written) / (t · bandwidth · u_m)",
		fmt.Sprintf("(%.4g + %.4g) / (%d × %.4g × %g)", c.wbytes, c.kvbytes, st.t, st.bw, st.um), c.mem, "s", units.Seconds(c.mem).String())
	r.addComm("prefill", st, float64(st.b*st.p), c.comm)
	r.TTFT = units.Seconds(r.Add("TTFT", "max(compute, memory) + all-reduce", fmt.Sprintf("max(%s, %s) + %s",
		units.Seconds(c.comp), units.Seconds(c.mem), units.Seconds(c.comm)), c.time(), "s", units.Seconds(c.time()).String()))
	r.PrefillBound = c.bound()
	if c.time() > 0 {
		r.PrefillTokensPerSecond = float64(st.b*st.p) / c.time()
	}
}

// addComm records an all-reduce step when t > 1.
func (r *Result) addComm(name string, st *setup, tokens, v float64) {
	if st.t <= 1 || st.s.arch == nil {
		return
	}
	if st.noLink {
		r.Add(name+" all-reduce time", "2·L·α (no link bandwidth known: the β term is not charged)",
			fmt.Sprintf("2 × %d × %s", st.s.layers, units.Seconds(st.alpha)), v, "s", units.Seconds(v).String())
		return
	}
	r.Add(name+" all-reduce time", "2·L·(α + 2(t−1)/t · n·d·b_act / β)",
		fmt.Sprintf("2 × %d × (%s + 2×%d/%d × %.4g × %d × %g / %s)", st.s.layers, units.Seconds(st.alpha), st.t-1, st.t,
			tokens, st.s.hidden, st.actB, units.ByteRate(st.beta)), v, "s", units.Seconds(v).String())
}

// phase converts a cost into a Phase.
func phase(c cost, tokens, context float64) Phase {
	p := Phase{Tokens: tokens, Context: context, FLOPs: units.FLOPs(c.flops), WeightBytes: units.Bytes(c.wbytes),
		KVBytes: units.Bytes(c.kvbytes), Bytes: units.Bytes(c.wbytes + c.kvbytes), ComputeSeconds: units.Seconds(c.comp),
		MemorySeconds: units.Seconds(c.mem), CommSeconds: units.Seconds(c.comm), Seconds: units.Seconds(c.time()), Bound: c.bound()}
	if p.Bytes > 0 {
		p.Intensity = float64(p.FLOPs) / float64(p.Bytes)
	}
	return p
}

// decodeRange is the contexts of the G − 1 decode steps, P+1 … P+G−1 (the
// first output token comes from prefill); with G = 1 the one step that
// would follow, at P+1.
func (st *setup) decodeRange() (lo, hi int) {
	lo = st.p + 1
	return lo, max(st.p+st.g-1, lo)
}

// decode records the decode phase: the mean over the G − 1 steps.
func (r *Result) decode(st *setup) {
	lo, hi := st.decodeRange()
	n := float64(hi - lo + 1)
	sum, sec := st.decodeSum(lo, hi)
	mean := sum.scale(1 / n)
	mean.comp, mean.mem = sum.comp/n, sum.mem/n
	r.Decode = phase(mean, float64(st.b), float64(lo+hi)/2)
	r.Decode.Seconds = units.Seconds(sec / n) // mean of max, not max of means
	r.Add("decode FLOPs per step", "B·(2·N_active + attn(c)), mean over c = P+1 … P+G−1",
		fmt.Sprintf("%d × (2 × %.4g + attn(%.0f))", st.b, st.s.matmulActive, r.Decode.Context), mean.flops, "FLOP", units.FLOPs(mean.flops).String())
	r.Add("decode bytes per step", "readParams(B)·b_w + B·KV(c)·share·t",
		fmt.Sprintf("%s + %s", units.Bytes(mean.wbytes), units.Bytes(mean.kvbytes)), mean.wbytes+mean.kvbytes, "B", units.Bytes(mean.wbytes+mean.kvbytes).String())
	r.addComm("decode", st, float64(st.b), mean.comm)
	r.SecondsPerOutputToken = units.Seconds(r.Add("time per output token", "Σ_c [max(FLOPs/(t·peak·u_c), bytes/(t·bw·u_m)) + all-reduce] / steps",
		fmt.Sprintf("mean over %.0f steps of max(%s, %s) + %s", n, units.Seconds(mean.comp), units.Seconds(mean.mem), units.Seconds(mean.comm)),
		sec/n, "s", units.Seconds(sec/n).String()))
	ideal := *st
	ideal.f, ideal.w = st.peak, st.bw
	_, isec := ideal.decodeSum(lo, hi)
	r.RooflineSecondsPerOutToken = units.Seconds(isec / n)
	r.SecondsPerToken = r.SecondsPerOutputToken
	r.TokensPerSecondPerSequence = 1 / (sec / n)
	r.TokensPerSecond = r.Add("decode tokens per second", "B / time per output token (decode steps only)", fmt.Sprintf("%d / %s", st.b, r.SecondsPerOutputToken),
		float64(st.b)/(sec/n), "token/s", fmt.Sprintf("%.4g token/s", float64(st.b)/(sec/n)))
	r.LatencySeconds = r.TTFT + units.Seconds(float64(st.g-1)*sec/n)
	r.OutputTokensPerSecond = r.Add("output tokens per second", "B·G / latency (prefill included)",
		fmt.Sprintf("%d × %d / %s", st.b, st.g, r.LatencySeconds), float64(st.b*st.g)/float64(r.LatencySeconds), "token/s",
		fmt.Sprintf("%.4g token/s", float64(st.b*st.g)/float64(r.LatencySeconds)))
	r.FLOPsPerToken = units.FLOPs(mean.flops / float64(st.b))
	r.DecodeBound = mean.bound()
	r.Bound = r.DecodeBound
	r.ArithmeticIntensity = r.Decode.Intensity
	if st.s.moeLayers > 0 {
		e := touchedExperts(st.s.experts, st.s.topK, float64(st.b))
		r.ExpertsTouched = &e
		r.Add("experts touched per MoE layer", "E·(1 − (1 − k/E)^B)", fmt.Sprintf("%d × (1 − (1 − %d/%d)^%d)", st.s.experts, st.s.topK, st.s.experts, st.b),
			e, "experts", fmt.Sprintf("%.2f of %d", e, st.s.experts))
	}
}

// cost records $ per million output and input tokens: the t GPUs' price
// over the tokens each phase produces (each phase charged its own GPU time;
// no overlap of prefill and decode).
func (r *Result) cost(st *setup) {
	if st.price <= 0 {
		r.Assume("price", "none", "cost per million tokens omitted; give --price $/GPU-hour")
		return
	}
	perSec := st.price * float64(st.t) / 3600
	out := perSec / r.TokensPerSecond * 1e6
	r.PricePerGPUHour = &st.price
	r.CostPerMillionOutput = &out
	r.Add("cost per million output tokens", "price·t/3600 / tokens per second × 1e6",
		fmt.Sprintf("%g × %d / 3600 / %.4g × 1e6", st.price, st.t, r.TokensPerSecond), out, "USD", units.USD(out).String())
	if r.PrefillTokensPerSecond > 0 {
		in := perSec / r.PrefillTokensPerSecond * 1e6
		r.CostPerMillionInput = &in
		r.Add("cost per million input tokens", "price·t/3600 / (B·P / TTFT) × 1e6",
			fmt.Sprintf("%g × %d / 3600 / %.4g × 1e6", st.price, st.t, r.PrefillTokensPerSecond), in, "USD", units.USD(in).String())
	}
}

// criticalBatch finds the batch at which decode compute time reaches the
// memory time at the mean decode context c (formulas.md §4.4):
//
//	B·(2·N_a + attn(c))/(t·F) = (readParams(B)·b_w/t + B·KV(c)·share)/W
//
// It exists only while one sequence's KV read takes less time than its
// FLOPs; otherwise KV reads grow with B as fast as FLOPs and decode stays
// memory-bound at any batch.
func (r *Result) criticalBatch(st *setup) {
	c := int(math.Round(r.Decode.Context))
	t := float64(st.t)
	flopT := (2*st.s.matmulActive + st.s.decodeAttention(float64(c))) / (t * st.f) // s per sequence
	readGPU := st.s.kvReadBytes(c, st.kvB) * st.s.kvShare(st.t)                    // one sequence's KV read on one GPU
	kvT := readGPU / st.w                                                          // s per sequence
	if flopT <= kvT {
		r.CriticalBatchNote = fmt.Sprintf("never: at context %d each sequence's KV read (%s) takes %s, its FLOPs %s; KV reads grow with the batch as fast as FLOPs (docs/formulas.md §4.4)",
			c, units.Bytes(readGPU), units.Seconds(kvT), units.Seconds(flopT))
		r.Add("critical batch", "none: KV time per sequence ≥ FLOP time per sequence", fmt.Sprintf("%s ≥ %s", units.Seconds(kvT), units.Seconds(flopT)),
			0, "sequences", "never")
		return
	}
	gap := func(b float64) float64 { return b*(flopT-kvT) - st.s.readParams(b)*st.wB/(t*st.w) }
	lo, hi := 0.0, 1.0
	for gap(hi) < 0 && hi < 1e15 {
		lo, hi = hi, hi*2
	}
	for range 100 {
		mid := (lo + hi) / 2
		if gap(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	r.CriticalBatch = &hi
	r.Add("critical batch", "B* = (readParams(B*)·b_w/(t·W)) / (flop time − KV time per sequence)",
		fmt.Sprintf("at context %d: %s of FLOPs vs %s of KV per sequence", c, units.Seconds(flopT), units.Seconds(kvT)),
		hi, "sequences", fmt.Sprintf("%.1f", hi))
}

// kvSubst writes the KV-per-token formula with the model's numbers.
func kvSubst(st *setup) string {
	a := st.s.arch
	if a.MLA != nil {
		return fmt.Sprintf("(%d + %d) × %d layers × %g B", a.MLA.KVLoRARank, a.MLA.QKRopeDim, a.Layers, st.kvB)
	}
	s := fmt.Sprintf("2 × %d layers × %d KV heads × %d × %g B", a.Layers, a.KVHeads, a.HeadDim, st.kvB)
	if len(a.LayerKVHeads) > 0 {
		s += " (per-layer KV heads summed)"
	}
	return s
}

// orText is s, or def when s is empty.
func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
