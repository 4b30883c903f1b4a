package perf

import "math"

// layerTime is one layer's cost for one micro-batch on one GPU, seconds.
// Communication fields are what stays on the critical path after overlap,
// including the overlap tax on the part that hides.
type layerTime struct {
	comp   float64 // forward + backward compute
	rcomp  float64 // recompute
	gemm   float64 // forward weight-GEMM time (= the weight-gradient GEMMs' time)
	tp     float64 // tensor-parallel collectives (incl. recompute's), exposed
	ep     float64 // expert all-to-all (incl. recompute's), exposed
	cp     float64 // context-parallel KV ring passes not hidden behind attention
	bwd    float64 // backward compute (the window gradient reduction can hide behind)
	hidden float64 // communication hidden behind compute (TP, EP, CP)
}

// ewKernels is the number of element-wise kernels in one layer's forward
// pass (two norms, two bias-dropout-residual, activation, softmax, RoPE ...).
const ewKernels = 8

// gemmTime is the roofline time of an (m×k)·(k×n) GEMM with a fixed
// launch cost: max(2mnk/(η(k)·peak), 2(mk+kn+mn)/bw) + τ (16-bit operand
// bytes, also under FP8, whose casts read them). The compute rate falls
// with the reduction depth k: η(k) = η∞·k/(k + k₀), η∞ = Matmul (or
// MatmulFP8), because each output tile pays a fixed prologue (operands
// in flight before the first MMA) and epilogue (the tile written back),
// memory-bound work worth k₀ elements of its MMA loop (see gemmK0).
func (m *Model) gemmTime(mm, n, k float64) float64 {
	return m.gemmAt(mm, n, k, m.k0, m.peak*m.matmul)
}

// gemmAt is the roofline above with reduction offset k0 and sustained
// rate η∞·peak.
func (m *Model) gemmAt(mm, n, k, k0, rate float64) float64 {
	f := 2 * mm * n * (k + k0) / rate
	b := 2 * (mm*k + k*n + mm*n) / m.bw
	return max(f, b) + m.Cluster.Eff.Kernel
}

// gemmK0Ridge is k₀ in units of the accelerator's ridge point (dense peak
// FLOP/s at the GEMM precision over HBM bytes/s): the tile's prologue and
// epilogue move bytes at the memory rate while its MMA loop runs at the
// compute rate, so k₀ scales with their ratio. Measured: DeepGEMM's FP8
// GEMMs on H800 (deepseek-ai/DeepGEMM README, M = 4096, DeepSeek-V3
// shapes) reach 590, 990, 1,025, 1,304 and 1,358 TFLOP/s at k = 512,
// 1,536, 2,048, 7,168 and 16,384: η∞ = 0.72 of 1,979 TFLOP/s with k₀ ≈
// 690 reproduces each within 4% (the grouped MoE GEMMs too: 1,297 at
// k = 7,168, 1,099 at k = 2,048); 690 / (1,979 / 3.35) = 1.17.
const gemmK0Ridge = 1.17

// gemmK0 is k₀ of the cluster: gemmK0Ridge × peak / HBM bandwidth.
func gemmK0(c *Cluster) float64 {
	return gemmK0Ridge * float64(c.Peak) / float64(c.GPU.Bandwidth)
}

// layer prices one layer of kind k for a micro-batch of T tokens.
func (m *Model) layer(k *kind, T float64, l Layout) layerTime {
	t := float64(l.TP)
	g := m.gemms(k, T, l)
	gemm := g.total()
	attF, attB, attRC := m.attention(k, T, t)
	rep := t
	if !l.SeqParallel {
		rep = 1
	}
	ew := T * (k.ewRep/rep + k.ewSplit/t) / m.bwEW
	score := T * k.ewScore * k.keysFull / t / m.bwEW
	ew += score + ewKernels*m.Cluster.Eff.Kernel
	fwd := gemm + attF + ew
	lt := layerTime{gemm: gemm, bwd: 2*gemm + attB + 2*ew}
	lt.comp = fwd + lt.bwd
	c, epF := m.collectives(k, T, l, rep)
	tp := m.tpExposed(c, g, l)
	lt.tp = tp.fwd + tp.bwd
	tpHid := tp.fwdHidden + tp.bwdHidden
	cpF, cpB := m.cpExposed(k, T, l, attF, attB)
	lt.cp = cpF + cpB
	ep := 2 * epF // forward dispatch + combine, and their backward
	switch l.Recompute {
	case RecomputeFull:
		lt.rcomp = fwd
		lt.tp += tp.fwd // the rerun forward's collectives, hidden as the first time
		tpHid += tp.fwdHidden
		ep += epF
		lt.cp += cpF
	case RecomputeSelective:
		lt.rcomp = attRC + score
		if k.selRep > 0 { // flash attention: rebuild the norm and activation outputs
			lt.rcomp += T*(k.ewSelRep/rep+k.ewSelSplit/t)/m.bwEW + 3*m.Cluster.Eff.Kernel
			for _, x := range k.mlaUp { // and MLA's per-head q, k, v
				lt.rcomp += m.splitGEMM(x, T, t)
			}
		}
	}
	lt.ep, lt.hidden = m.epExposed(ep, lt.comp+lt.rcomp)
	lt.hidden += tpHid
	return lt
}

// gemmTimes is a layer's forward weight-GEMM time split by block
// (attention, MLP) and by TP layout (column-parallel GEMMs take an
// all-gathered input, row-parallel ones feed a reduce-scatter).
type gemmTimes struct{ attnCol, attnRow, mlpCol, mlpRow float64 }

func (g gemmTimes) total() float64 { return g.attnCol + g.attnRow + g.mlpCol + g.mlpRow }

// add files d seconds of GEMM x under its block and TP layout.
func (g *gemmTimes) add(x gemm, d float64) {
	switch {
	case x.mlp && x.rowSplit:
		g.mlpRow += d
	case x.mlp:
		g.mlpCol += d
	case x.rowSplit:
		g.attnRow += d
	default:
		g.attnCol += d
	}
}

// gemms is the forward time of the layer's weight GEMMs: dense ones split
// by TP, routed experts grouped per GPU (E/ep local experts, each seeing
// T·k·ep/E tokens on average).
func (m *Model) gemms(k *kind, T float64, l Layout) gemmTimes {
	t := float64(l.TP)
	var g gemmTimes
	for _, x := range k.dense {
		g.add(x, m.splitGEMM(x, T, t))
	}
	if k.nExp == 0 {
		return g
	}
	// One grouped GEMM per matrix for all local experts (Megatron-Core
	// --moe-grouped-gemm, DeepSeek-V3): the launch cost is paid once; the
	// busiest rank of the EP group sets the pace (moeImbalance).
	local := k.nExp / float64(l.EP)
	perExp := T * k.topK / local
	tau := m.Cluster.Eff.Kernel
	if !m.Training.Stack.GroupedGEMM {
		tau = 0 // one launch per expert
	}
	imb := moeImbalance(T*k.topK, l.EP)
	for _, x := range k.expert {
		g.add(x, imb*(local*(m.splitGEMM(x, perExp, t)-tau)+tau))
	}
	return g
}

// splitGEMM times GEMM x for T tokens with its weight split over t ranks.
func (m *Model) splitGEMM(x gemm, T, t float64) float64 {
	if x.rowSplit {
		return m.gemmTime(T, x.n, x.k/t)
	}
	return m.gemmTime(T, x.n/t, x.k)
}

// moeImbalance is the expected load of the busiest of n expert-parallel
// ranks relative to the mean when a rank's a token assignments (tokens ×
// top-k) are routed uniformly at random: each rank receives a binomial
// count with mean a and variance a(1 − 1/n), and the expected maximum of n
// such counts is about mean + σ·√(2 ln n) (the Gaussian extreme-value
// bound). It is the lower bound of imbalance for a perfectly balanced
// router; real routers add expert-popularity skew, which is not modelled.
func moeImbalance(a float64, n int) float64 {
	if n <= 1 || a <= 0 {
		return 1
	}
	fn := float64(n)
	return 1 + math.Sqrt(2*math.Log(fn)*(1-1/fn)/a)
}

// collectives returns the time of one TP all-gather or reduce-scatter of
// the layer's activations (T·h bf16 values; an all-reduce costs two) and of
// one forward EP dispatch + combine all-to-all pair, paced by the busiest
// receiver.
func (m *Model) collectives(k *kind, T float64, l Layout, rep float64) (tp, ep float64) {
	if l.TP > 1 {
		tp = m.net.gather(T*m.Shape.Hidden*2, l.TP, m.net.members(l.TP, 1))
	}
	if k.nExp > 0 && l.EP > 1 {
		bytes := T * m.Shape.Hidden * 2 / rep
		g := m.net.members(l.EP, l.TP)
		dispatch := m.net.dispatch(bytes, k.topK, l.EP, g)
		if m.Training.Stack.FP8Dispatch && lowPrecision(m.Cluster.Precision) {
			dispatch = m.net.dispatch(bytes/2, k.topK, l.EP, g)
		}
		ep = (dispatch + m.net.dispatch(bytes, k.topK, l.EP, g)) * moeImbalance(T*k.topK, l.EP)
	}
	return tp, ep
}

// cpExposed is the context-parallel ring (Liu et al. 2023 ring attention;
// Megatron-Core CP): each of the cp ranks holds T local tokens and passes
// its K and V blocks around the ring, cp−1 transfers of T·kv bytes
// forward; the backward passes K,V again and their gradients (2×). Each
// transfer overlaps the attention block computing on the previous one, so
// only the excess over the attention time is exposed. The ring runs on the
// scale-up links while TP·CP fits in a domain, else on the NICs.
func (m *Model) cpExposed(k *kind, T float64, l Layout, attF, attB float64) (fwd, bwd float64) {
	c := l.cp()
	if c == 1 {
		return 0, 0
	}
	kvLocal := max(k.kvHeads/float64(l.TP), 1)
	bytes := T * kvLocal * (k.qkDim + k.vDim) * 2
	bw := m.net.out
	if l.TP*c <= m.net.node {
		bw = m.net.up
	}
	f := float64(c-1) * (bytes/bw + m.net.alpha)
	return max(0, f-attF), max(0, 2*f-attB)
}

// attention prices the attention core (QKᵀ, softmax, A·V) forward,
// backward and its selective recompute. Without flash attention the s×s
// scores are materialised and both batched GEMMs are rooflined; with flash
// attention only the causal half is computed, at the Flash fraction of peak,
// and the backward costs 2.5× the forward (FlashAttention-2: 5 matmuls vs 2).
func (m *Model) attention(k *kind, T, t float64) (fwd, bwd, rc float64) {
	h := k.heads / t
	eff := m.Cluster.Eff
	if m.Shape.Opts.FlashAttention {
		f := 2 * T * k.keysCausal * (k.qkDim + k.vDim) * h
		fwd = f/(m.attnPeak*eff.Flash*m.attnSpeed) + eff.Kernel
		return fwd, 2.5 * fwd, 0
	}
	keys := k.keysFull
	qkF := 2 * T * keys * k.qkDim * h
	qkB := 2 * (2*T*k.qkDim*h + T*keys*h)
	avF := 2 * T * keys * k.vDim * h
	avB := 2 * (T*keys*h + 2*T*k.vDim*h)
	peak := m.attnPeak * eff.Matmul
	fwd = max(qkF/peak, qkB/m.bw) + max(avF/peak, avB/m.bw) + 2*eff.Kernel
	return fwd, 2 * fwd, fwd
}

// head prices the output layer on the last stage for one micro-batch:
// logits GEMM forward and backward plus the fp32 softmax cross-entropy
// (write logits 4, read 4 forward; read and write gradients 8 backward).
//
// The output layer stays in 16-bit under FP8 training (Megatron-Core's
// output layer is not a Transformer Engine module; DeepSeek-V3 §3.3.1
// keeps the embedding, output head, gating, norms and attention in BF16):
// its GEMM runs at the 16-bit peak with the Matmul fraction.
func (m *Model) head(T float64, l Layout) float64 {
	s := m.Shape
	t := float64(l.TP)
	g := m.gemm16(T, s.Vocab/t, s.Hidden)
	return 3*g + 16*T*s.Vocab/t/m.bw
}

// gemm16 is gemmTime at the 16-bit peak and GEMM fraction (the same as
// gemmTime when training in 16 bits).
func (m *Model) gemm16(mm, n, k float64) float64 {
	return m.gemmAt(mm, n, k, m.k0*m.attnPeak/m.peak, m.attnPeak*m.Cluster.Eff.Matmul)
}

// mtp prices the multi-token-prediction modules for one micro-batch on
// the last stage: per module the 2d→d projection, one layer shaped like
// the model's last (DeepSeek-V3 §2.2: a Transformer block), and the shared
// output head, forward and backward.
func (m *Model) mtp(T float64, l Layout) float64 {
	s := m.Shape
	if s.MTP == 0 {
		return 0
	}
	k := &s.Layer[len(s.Layer)-1]
	ls := m.layer(k, T, l)
	proj := 3 * m.gemmTime(T, s.Hidden/float64(l.TP), 2*s.Hidden)
	return float64(s.MTP) * (ls.comp + ls.rcomp + ls.tp + ls.ep + proj + m.head(T, l))
}
