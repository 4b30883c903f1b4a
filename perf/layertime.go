package perf

// layerTime is one layer's cost for one micro-batch on one GPU, seconds.
type layerTime struct {
	comp  float64 // forward + backward compute
	rcomp float64 // recompute
	tp    float64 // tensor-parallel collectives (incl. recompute's)
	ep    float64 // expert all-to-all (incl. recompute's)
	cp    float64 // context-parallel KV ring passes not hidden behind attention
	bwd   float64 // backward compute (the window gradient reduction can hide behind)
}

// ewKernels is the number of element-wise kernels in one layer's forward
// pass (two norms, two bias-dropout-residual, activation, softmax, RoPE ...).
const ewKernels = 8

// gemmTime is the roofline time of an (m×k)·(k×n) GEMM with a fixed
// launch cost: max(2mnk/(η·peak), 2(mk+kn+mn)/bw) + τ (16-bit operand
// bytes, also under FP8, whose casts read them; η = Matmul, or MatmulFP8).
func (m *Model) gemmTime(mm, n, k float64) float64 {
	f := 2 * mm * n * k / (m.peak * m.matmul)
	b := 2 * (mm*k + k*n + mm*n) / m.bw
	return max(f, b) + m.Cluster.Eff.Kernel
}

// layer prices one layer of kind k for a micro-batch of T tokens.
func (m *Model) layer(k *kind, T float64, l Layout) layerTime {
	t := float64(l.TP)
	gemm := m.gemms(k, T, l)
	attF, attB, attRC := m.attention(k, T, t)
	rep := t
	if !l.SeqParallel {
		rep = 1
	}
	ew := T * (k.ewRep/rep + k.ewSplit/t) / m.bwEW
	score := T * k.ewScore * k.keysFull / t / m.bwEW
	ew += score + ewKernels*m.Cluster.Eff.Kernel
	fwd := gemm + attF + ew
	lt := layerTime{bwd: 2*gemm + attB + 2*ew}
	lt.comp = fwd + lt.bwd
	tpF, epF := m.collectives(k, T, l, rep)
	lt.tp, lt.ep = 2*tpF, 2*epF // forward 2 collectives, backward 2 (Narayanan 2021 §3.2)
	if l.SeqParallel {
		// SP stores only the 1/t shard of each norm output, so the backward
		// all-gathers it again for the two weight gradients (Korthikanti
		// et al. 2022 §4.2.2): 2 all-gathers = 1 all-reduce.
		lt.tp += tpF / 2
	}
	lt.tp = m.tpExposed(lt.tp, 3*gemm)
	cpF, cpB := m.cpExposed(k, T, l, attF, attB)
	lt.cp = cpF + cpB
	switch l.Recompute {
	case RecomputeFull:
		lt.rcomp = fwd
		lt.tp += tpF
		lt.ep += epF
		lt.cp += cpF
	case RecomputeSelective:
		lt.rcomp = attRC + score
		if k.selRep > 0 { // flash attention: rebuild the norm and activation outputs
			lt.rcomp += T*(k.ewSelRep/rep+k.ewSelSplit/t)/m.bwEW + 3*m.Cluster.Eff.Kernel
		}
	}
	return lt
}

// tpExposed is the TP collective time left on the critical path when the
// TPOverlap fraction hides behind the layer's GEMMs (forward + backward,
// gemm seconds), charged OverlapTax for the part it hides.
func (m *Model) tpExposed(tp, gemm float64) float64 {
	e := m.Cluster.Eff
	if e.TPOverlap <= 0 || tp <= 0 {
		return tp
	}
	hidden := min(e.TPOverlap*tp, gemm)
	return tp - hidden + e.OverlapTax*hidden
}

// gemms is the forward time of the layer's weight GEMMs: dense ones split
// by TP, routed experts grouped per GPU (E/ep local experts, each seeing
// T·k·ep/E tokens on average, in one grouped-GEMM launch per matrix).
func (m *Model) gemms(k *kind, T float64, l Layout) float64 {
	t := float64(l.TP)
	sum := 0.0
	for _, g := range k.dense {
		if g.rowSplit {
			sum += m.gemmTime(T, g.n, g.k/t)
		} else {
			sum += m.gemmTime(T, g.n/t, g.k)
		}
	}
	if k.nExp == 0 {
		return sum
	}
	// One grouped GEMM per matrix for all local experts (Megatron-Core
	// --moe-grouped-gemm, DeepSeek-V3): the launch cost is paid once.
	local := k.nExp / float64(l.EP)
	perExp := T * k.topK / local
	tau := m.Cluster.Eff.Kernel
	for _, g := range k.expert {
		if g.rowSplit {
			sum += local*(m.gemmTime(perExp, g.n, g.k/t)-tau) + tau
		} else {
			sum += local*(m.gemmTime(perExp, g.n/t, g.k)-tau) + tau
		}
	}
	return sum
}

// collectives returns the time of one forward TP all-reduce pair (or
// reduce-scatter + all-gather with SP, the same volume) and of one forward
// EP dispatch + combine all-to-all pair.
func (m *Model) collectives(k *kind, T float64, l Layout, rep float64) (tp, ep float64) {
	if l.TP > 1 {
		tp = 2 * m.net.allReduce(T*m.Shape.Hidden*2, l.TP, m.net.members(l.TP, 1))
	}
	if k.nExp > 0 && l.EP > 1 {
		ep = 2 * m.net.dispatch(T*m.Shape.Hidden*2/rep, k.topK, l.EP, m.net.members(l.EP, l.TP))
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
		fwd = f/(m.attnPeak*eff.Flash) + eff.Kernel
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
func (m *Model) head(T float64, l Layout) float64 {
	s := m.Shape
	t := float64(l.TP)
	g := m.gemmTime(T, s.Vocab/t, s.Hidden)
	return 3*g + 16*T*s.Vocab/t/m.bw
}
