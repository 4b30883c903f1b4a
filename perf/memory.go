package perf

// stageParams returns the parameters one GPU holds on its largest stage:
// dense (sharded by TP only) and routed-expert (sharded by TP and EP).
// The first stage adds the input embedding, the last the output head (a
// separate copy under PP even when tied, as Megatron-LM does).
func (m *Model) stageParams(l *lay) (dense, expert float64) {
	s := m.Shape
	t, p := float64(l.TP), float64(l.PP)
	sc := l.sc
	for i := range s.Layer {
		k := &s.Layer[i]
		dense += k.count / p * sc * (k.paramsSplit/t + k.paramsRep)
		expert += k.count / p * sc * k.expertParams / (t * float64(l.EP))
	}
	embed, head := s.EmbedParams/t, s.HeadParams/t
	switch {
	case l.PP == 1 && s.HeadTied:
		dense += embed + s.HeadParams/t - s.Vocab*s.Hidden/t
	case l.PP == 1:
		dense += embed + head
	default:
		dense += max(embed, head)
	}
	if m.dualPipe(l.Layout) { // each rank holds its stage of both directions (DeepSeek-V3 Table 2)
		dense, expert = 2*dense, 2*expert
	}
	return dense, expert
}

// dualPipe reports a DualPipe schedule with a pipeline.
func (m *Model) dualPipe(l Layout) bool {
	return l.PP > 1 && m.Training.Stack.Schedule == ScheduleDualPipe
}

// stateShards is the number of ranks the ZeRO-sharded state of one copy of
// the weights spreads over: dp·cp (dense) and dp·cp/ep (experts), doubled
// under DualPipe, whose mirrored stage copies reduce their gradients
// together.
func (m *Model) stateShards(l Layout) (dense, expert float64) {
	dp, edp := float64(l.replicas()), float64(l.replicas()/l.EP)
	if m.dualPipe(l) {
		return 2 * dp, 2 * edp
	}
	return dp, edp
}

// memory fills the per-GPU memory breakdown (formulas.md §3.1–3.3).
func (m *Model) memory(l *lay, e *Estimate) {
	tr := &m.Training
	dense, expert := l.dense, l.expert
	dp, edp := m.stateShards(l.Layout)
	shard := func(stage int) float64 {
		if l.ZeRO >= stage {
			return dense/dp + expert/edp
		}
		return dense + expert
	}
	e.MemWeights = tr.WeightBytes * shard(3)
	if l.ZeRO == 3 {
		e.MemWeights += 2 * tr.WeightBytes * m.maxLayerParams(l.Layout) // gathered layer + prefetch
	}
	e.MemGrads = tr.GradBytes * shard(2)
	e.MemOptimizer = tr.OptimizerBytes * shard(1)
	e.MemActivations = m.activations(l)
	e.MemTotal = e.MemWeights + e.MemGrads + e.MemOptimizer + e.MemActivations
	e.Fits = e.MemTotal <= m.capacity
}

// optimizerParams is the number of parameters whose optimizer step this
// GPU runs (sharded over DP from ZeRO stage 1).
func (m *Model) optimizerParams(l *lay) float64 {
	if l.ZeRO >= 1 {
		dp, edp := m.stateShards(l.Layout)
		return l.dense/dp + l.expert/edp
	}
	return l.dense + l.expert
}

// activations is the peak activation memory of the first pipeline stage
// (or the last, if its logits make it larger), Korthikanti et al. 2022 §4:
// per layer and micro-batch s·b·(rep/t_sp + split/t + scores/t), where
// selective recompute drops the scores and full recompute keeps only the
// layer input (2·s·b·h, /t with SP) plus one layer's working set. The first
// stage holds min(p, m) micro-batches under 1F1B, ×(1 + (p−1)/(p·v)) when
// interleaved.
func (m *Model) activations(l *lay) float64 {
	s := m.Shape
	T := float64(l.MicroBatch) * s.Seq / float64(l.cp())
	t, p, v := float64(l.TP), float64(l.PP), float64(l.VPP)
	sc := l.sc
	rep := 1.0
	if l.SeqParallel {
		rep = t
	}
	perStage, work := 0.0, 0.0
	for i := range s.Layer {
		k := &s.Layer[i]
		full := T * (k.actRep/rep + k.actSplit/t + k.flashStats/t)
		scores := T * k.actScore * k.keysFull / t
		layer := full + scores
		lin := T * (k.linRep/rep + k.linSplit/t) // stored inputs of linear layers
		switch l.Recompute {
		case RecomputeSelective:
			layer = full - T*(k.selRep/rep+k.selSplit/t)
			lin = T * ((k.linRep-k.selRep)/rep + (k.linSplit-k.selLinSplit)/t)
		case RecomputeFull:
			layer = 2 * s.Hidden * T / rep
			work = max(work, full+scores)
			lin = 0
		}
		if lowPrecision(m.Cluster.Precision) {
			layer -= lin / 2 // kept in FP8: 1 byte instead of 2
		}
		perStage += k.count / p * sc * layer
	}
	mb := float64(m.Training.GlobalBatch / (l.DP * l.MicroBatch))
	inflight := min(p, mb)
	if m.dualPipe(l.Layout) {
		inflight = min(p+1, mb) // DeepSeek-V3 Table 2: PP + 1 micro-batches of activations
	}
	if l.VPP > 1 {
		inflight *= 1 + (p-1)/(p*v)
	}
	logits := 8 * T * s.Vocab / t // fp32 logits and their gradient
	first := perStage*inflight + work
	if l.PP == 1 {
		return first + logits
	}
	return max(first, perStage+work+logits)
}

// MinMemory is a lower bound of the memory per GPU of every layout that
// shares l's TP, PP, DP, EP and ZeRO stage: micro-batch 1, full recompute,
// sequence parallelism when TP > 1, no interleaving. The planner prunes a
// sub-tree when this exceeds the usable capacity.
func (m *Model) MinMemory(l Layout) float64 {
	l.MicroBatch, l.VPP, l.Recompute, l.SeqParallel = 1, 1, RecomputeFull, l.TP > 1
	var e Estimate
	x := m.newLay(l)
	m.memory(&x, &e)
	return e.MemTotal
}

// Capacity is the usable memory per GPU, bytes.
func (m *Model) Capacity() float64 { return m.capacity }

// Valid reports why l cannot run, or RejectNone, without pricing it.
func (m *Model) Valid(l Layout) string { return m.check(l) }

// TPOK reports whether t can split every layer's attention heads.
func (m *Model) TPOK(t int) bool { return m.tpOK(t) }

// maxLayerParams is the largest layer's parameters on one GPU before
// ZeRO-3 sharding (what an all-gather materialises).
func (m *Model) maxLayerParams(l Layout) float64 {
	t := float64(l.TP)
	big := 0.0
	for i := range m.Shape.Layer {
		k := &m.Shape.Layer[i]
		big = max(big, k.paramsSplit/t+k.paramsRep+k.expertParams/(t*float64(l.EP)))
	}
	return big
}
