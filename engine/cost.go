package engine

import (
	"math"
)

// weightClass is one group of matmul weights that share a storage format
// and a compute rate, as held by one GPU.
type weightClass struct {
	bytes   float64 // bytes one GPU reads per step (each weight once)
	perTok  float64 // seconds of matmul per token at the effective rate: 2·params/(t·peak·u_c)
	logitsy bool    // the output head: only tokens that need logits pay its FLOPs
}

// stepCost is the time model of one engine step on one replica, resolved
// to plain coefficients: every field is per GPU, in seconds or bytes.
type stepCost struct {
	s   *shape
	lay Layout
	bw  float64 // effective bytes/s: peak bandwidth · u_m

	dense []weightClass // attention projections, dense MLPs, shared experts, router, head

	kvPerElem  float64 // bytes per KV element
	kvShare    float64 // fraction of a sequence's KV one GPU reads
	attnRate   float64 // effective FLOP/s of the attention core (bf16 peak · u_a)
	headsSplit float64 // t: attention heads split t ways

	expertsLocal  float64 // routed experts per GPU, E/EP
	expertBytes   float64 // bytes of one routed expert, all MoE layers, one GPU's share (÷ MoE TP)
	expertPerTok  float64 // seconds of expert matmul per (token, expert) on one GPU, all MoE layers
	moeLayers     float64
	collectiveLat float64 // α per collective
	tpBeta        float64 // bytes/s per direction for the tensor-parallel all-reduces
	nvls          bool    // the all-reduces reduce in the NVSwitch (NVLink SHARP): each GPU sends and receives the buffer once
	moeBeta       float64 // bytes/s per direction for the MoE collectives
	hidden        float64
	overhead      float64 // L·o_layer + L_moe·o_moe + (pp−1)·α (the pipeline hand-offs)
	perStep       float64 // o_step: host cost of one engine step, paid by each micro-batch
	perSeq        float64 // o_seq: host work per sequence in the step
}

// batch is the work of one step on the busiest attention rank.
type batch struct {
	decode     float64 // decode sequences on the busiest rank
	ctx        float64 // their total context, keys
	prefill    float64 // prompt tokens on the busiest rank
	prefillAtt float64 // attention FLOPs of those prompt tokens (whole model, before the t split)
	prefillKV  float64 // KV elements the prompt chunks read and write
	moeTokens  float64 // tokens entering each MoE layer over all attention ranks
	logits     float64 // tokens needing logits
}

// parts is a step's time split by what limits it, seconds.
type parts struct {
	weights, kv, compute, comm, overhead float64
}

func (p parts) total() float64 { return p.weights + p.kv + p.compute + p.comm + p.overhead }

// time is the step time of b, seconds: one round of the micro-batches
// (see round).
func (c *stepCost) time(b batch) float64 {
	m := c.microBatches(b.decode, b.prefill)
	n := b.decode
	b = b.scaled(1 / m)
	return c.round(m, n, c.gpuTime(b))
}

// gpuTime is the GPU work of one micro-batch b through the whole model
// on one stage's GPUs, seconds: weights, attention, experts, collectives.
func (c *stepCost) gpuTime(b batch) float64 {
	t := c.denseTime(b.decode+b.prefill, b.logits)
	t += c.decodeAttn(b.decode, b.ctx)
	t += c.prefillAttn(b.prefillAtt, b.prefillKV)
	t += c.moeTime(b.moeTokens)
	return t + c.comm(b.decode+b.prefill, b.moeTokens)
}

// microBatches is how many micro-batches a pipeline-parallel step splits
// its sequences into: min(pp, sequences), a prompt chunk counting as one
// sequence; 1 without pipeline parallelism.
//
// With pp stages each holding L/pp layers and m micro-batches of B/m
// sequences, a micro-batch crosses the pp stages in pp·s(B/m), s a stage's
// time, and each stage is busy m·s(B/m) ≤ pp·s(B/m) per round; so one
// round, in which every sequence gets one token, takes pp·s(B/m) = T(B/m):
// the whole model's step time at B/m sequences on one stage's GPUs. The
// weights are still read once per micro-batch per stage (each stage reads
// its 1/pp of them m times), while the per-token work, the KV cache and
// the collectives' payload shrink by m: pipelining trades weight re-reads
// for batch-proportional work running on all stages at once.
func (c *stepCost) microBatches(decode, prefill float64) float64 {
	if c.lay.PP <= 1 {
		return 1
	}
	seqs := decode
	if prefill > 0 {
		seqs++
	}
	return max(1, min(float64(c.lay.PP), math.Floor(seqs)))
}

// round is the time of one round of m micro-batches carrying n decode
// sequences in all, in which every sequence gets one token, given gpu,
// the GPU work of one micro-batch (gpuTime), seconds:
//
//	max(gpu + o_step + (n/m)·o_seq + L·o_layer + L_moe·o_moe + (pp−1)·α,  m·(o_step + (n/m)·o_seq))
//
// The first term is one micro-batch's trip: its own engine step on the
// host, its kernels through every stage, and the pp − 1 hand-offs; the
// other micro-batches' host work overlaps it. The second is the host
// itself, which runs the m steps one after another and never does a round
// faster. Without pipeline parallelism (m = 1) it is the plain step,
// gpu + o_step + n·o_seq + L·o_layer + L_moe·o_moe.
func (c *stepCost) round(m, n, gpu float64) float64 {
	host := c.perStep + c.perSeq*n/m
	return math.Max(gpu+host+c.overhead, m*host)
}

// scaled is b with every quantity multiplied by f.
func (b batch) scaled(f float64) batch {
	return batch{decode: b.decode * f, ctx: b.ctx * f, prefill: b.prefill * f, prefillAtt: b.prefillAtt * f,
		prefillKV: b.prefillKV * f, moeTokens: b.moeTokens * f, logits: b.logits * f}
}

// denseTime is Σ over weight classes of max(FLOP time, read time) for
// tokens tokens (logits of them needing the head).
func (c *stepCost) denseTime(tokens, logits float64) float64 {
	var t float64
	for _, w := range c.dense {
		n := tokens
		if w.logitsy {
			n = logits
		}
		t += math.Max(n*w.perTok, w.bytes/c.bw)
	}
	return t
}

// decodeAttn is the attention core of n decode sequences holding ctx keys
// in total: max(FLOPs / (attention rate), KV bytes / bandwidth).
func (c *stepCost) decodeAttn(n, ctx float64) float64 {
	if n <= 0 {
		return 0
	}
	mean := ctx / n
	flops := n * c.s.decodeAttnAt(mean) / c.headsSplit
	bytes := n * c.s.kvRead.at(mean) * c.kvPerElem * c.kvShare
	return math.Max(flops/c.attnRate, bytes/c.bw)
}

// prefillAttn is the attention core of the prompt chunks.
func (c *stepCost) prefillAttn(flops, kvElems float64) float64 {
	if flops <= 0 {
		return 0
	}
	return math.Max(flops/c.headsSplit/c.attnRate, kvElems*c.kvPerElem*c.kvShare/c.bw)
}

// moeTime is the routed experts of m tokens: each GPU reads the experts of
// its E/EP that the tokens touch and multiplies m·k/EP token-expert pairs.
func (c *stepCost) moeTime(m float64) float64 {
	if c.moeLayers == 0 || m <= 0 {
		return 0
	}
	pairs := m * float64(c.s.topK) / float64(c.lay.EP)
	read := c.s.touched(c.expertsLocal, m) * c.expertBytes / c.bw
	return math.Max(pairs*c.expertPerTok, read)
}

// comm is the step's collectives: per layer an all-reduce of the attention
// output over the t attention GPUs, and for the MLP either another
// all-reduce (dense layers; MoE layers split by tensor parallelism only)
// or an all-to-all dispatch and combine over the expert-parallel GPUs.
// All-reduce: α + 2(g−1)/g·bytes/β (ring); all-to-all: α + bytes·(g−1)/g/β.
func (c *stepCost) comm(tokens, moeTokens float64) float64 {
	t := float64(c.lay.TP)
	layers := float64(c.s.layers)
	dense := layers - c.moeLayers
	act := c.hidden * 2 // bf16 activations, bytes per token
	var sec float64
	if t > 1 {
		sec += (layers + dense) * c.allReduce(t, tokens*act) // attention output every layer, dense MLP output
	}
	if c.moeLayers == 0 {
		return sec
	}
	g := float64(c.lay.TP * c.lay.AttentionDP)
	switch {
	case c.lay.EP > 1:
		// Dispatch (fp8, 1 byte per element) and combine (bf16) of each
		// token's k expert copies; a 1/EP share stays on the GPU.
		ep := float64(c.lay.EP)
		perGPU := moeTokens / g * float64(c.s.topK) * c.hidden * 3 * (ep - 1) / ep
		sec += c.moeLayers * (2*c.collectiveLat + perGPU/c.moeBeta)
	case c.lay.AttentionDP > 1:
		// All-gather the tokens of every rank, reduce-scatter the outputs.
		sec += c.moeLayers * (2*c.collectiveLat + 2*(g-1)/g*moeTokens*act/c.moeBeta)
	case t > 1:
		sec += c.moeLayers * c.allReduce(t, tokens*act)
	}
	return sec
}

// allReduce is one all-reduce of a buffer of s bytes over t GPUs: a ring
// moves 2(t−1)/t·s per GPU each way (nccl-tests PERFORMANCE.md); NVLink
// SHARP (NCCL's NVLS algorithm on NVSwitch systems, NVLink 4 and later)
// reduces in the switch, so each GPU sends s and receives s once.
func (c *stepCost) allReduce(t, s float64) float64 {
	if c.nvls {
		return c.collectiveLat + s/c.tpBeta
	}
	return c.collectiveLat + 2*(t-1)/t*s/c.tpBeta
}

// decodeRun is the total time of k consecutive decode-only steps of n
// sequences (busiest rank) whose total context starts at ctx0 and grows by
// n per step, with m tokens entering the MoE layers per step. Only the
// attention term changes from step to step; it is convex and piecewise
// linear in the context, and so is a step (round: the max of it plus the
// rest and the host's constant time), so the steps are summed exactly for
// short runs and by the trapezoid rule over 16 segments for long ones.
func (c *stepCost) decodeRun(n, ctx0, m float64, k int) float64 {
	if k <= 0 {
		return 0
	}
	mb := c.microBatches(n, 0)
	f := 1 / mb
	gpu := c.denseTime(n*f, n*f) + c.moeTime(m*f) + c.comm(n*f, m*f)
	if n <= 0 {
		return float64(k) * c.round(mb, n, gpu)
	}
	step := func(j float64) float64 { return c.round(mb, n, gpu+c.decodeAttn(n*f, (ctx0+j*n)*f)) }
	sum := 0.0
	if k <= 32 {
		for j := range k {
			sum += step(float64(j))
		}
		return sum
	}
	const segs = 16
	last := float64(k - 1)
	prev := step(0)
	for i := 1; i <= segs; i++ {
		x := last * float64(i) / segs
		cur := step(x)
		sum += (prev + cur) / 2 * (last / segs)
		prev = cur
	}
	// Trapezoid over [0, k−1] integrates; the sum of k samples adds half
	// of each end.
	return sum + (step(0)+step(last))/2
}

// breakdown splits one decode step of n sequences at mean context ctx/n by
// what it spends its time on.
func (c *stepCost) breakdown(b batch) parts {
	var p parts
	m := c.microBatches(b.decode, b.prefill)
	n := b.decode
	b = b.scaled(1 / m)
	tokens := b.decode + b.prefill
	for _, w := range c.dense {
		n := tokens
		if w.logitsy {
			n = b.logits
		}
		if f, r := n*w.perTok, w.bytes/c.bw; f > r {
			p.compute += f
		} else {
			p.weights += r
		}
	}
	if b.decode > 0 {
		mean := b.ctx / b.decode
		f := b.decode * c.s.decodeAttnAt(mean) / c.headsSplit / c.attnRate
		r := b.decode * c.s.kvRead.at(mean) * c.kvPerElem * c.kvShare / c.bw
		if f > r {
			p.compute += f
		} else {
			p.kv += r
		}
	}
	p.compute += c.prefillAttn(b.prefillAtt, b.prefillKV)
	if c.moeLayers > 0 && b.moeTokens > 0 {
		f := b.moeTokens * float64(c.s.topK) / float64(c.lay.EP) * c.expertPerTok
		r := c.s.touched(c.expertsLocal, b.moeTokens) * c.expertBytes / c.bw
		if f > r {
			p.compute += f
		} else {
			p.weights += r
		}
	}
	p.comm = c.comm(tokens, b.moeTokens)
	gpu := p.weights + p.kv + p.compute + p.comm
	p.overhead = c.round(m, n, gpu) - gpu
	return p
}
