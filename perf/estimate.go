package perf

// Estimate is the priced outcome of one Layout: seconds, bytes per GPU and
// utilisation. Every time is per optimizer step.
type Estimate struct {
	Reject string `json:"reject,omitempty"` // why the layout cannot run (a Reject* reason), "" if it can

	StepTime     float64 `json:"step_time_seconds"`
	Compute      float64 `json:"compute_seconds"`        // GEMMs, attention and element-wise kernels, incl. recompute, on the slowest stage
	Recompute    float64 `json:"recompute_seconds"`      // the part of Compute spent recomputing activations
	TPComm       float64 `json:"tp_comm_seconds"`        // tensor-parallel all-reduce / reduce-scatter+all-gather, exposed
	EPComm       float64 `json:"ep_comm_seconds"`        // expert-parallel all-to-all, exposed
	CPComm       float64 `json:"cp_comm_seconds"`        // context-parallel KV ring not hidden behind attention
	PPComm       float64 `json:"pp_comm_seconds"`        // pipeline point-to-point sends, exposed
	Bubble       float64 `json:"bubble_seconds"`         // pipeline fill and drain: (p−1)/v stage times
	DPComm       float64 `json:"dp_comm_seconds"`        // gradient reduction (and ZeRO-3 gathers), exposed
	DPOverlapped float64 `json:"dp_overlapped_seconds"`  // data-parallel communication hidden behind compute
	HiddenComm   float64 `json:"hidden_comm_seconds"`    // all communication hidden behind compute (TP, EP, CP, PP, DP)
	Optimizer    float64 `json:"optimizer_seconds"`      // optimizer step (memory bound)
	MicroBatches int     `json:"micro_batches_per_step"` // m = global batch / (dp · micro batch)

	MemWeights     float64 `json:"memory_weights_bytes"`
	MemGrads       float64 `json:"memory_gradients_bytes"`
	MemOptimizer   float64 `json:"memory_optimizer_bytes"`
	MemActivations float64 `json:"memory_activations_bytes"`
	MemTotal       float64 `json:"memory_per_gpu_bytes"`
	Fits           bool    `json:"fits"`

	TokensPerSecond float64 `json:"tokens_per_second"`
	MFU             float64 `json:"mfu"`
	HFU             float64 `json:"hfu"`
}

// stage collects one pipeline stage's per-micro-batch times.
type stage struct {
	comp, rcomp, gemm, tp, ep, cp, bwd, hidden float64
}

// Evaluate prices l. It allocates nothing and is safe for concurrent use.
func (m *Model) Evaluate(l Layout) Estimate {
	if r := m.check(l); r != RejectNone {
		return Estimate{Reject: r}
	}
	var e Estimate
	x := m.newLay(l)
	m.memory(&x, &e)
	m.time(&x, &e)
	if !e.Fits {
		e.Reject = RejectMemory
	}
	return e
}

// stage sums the per-micro-batch times of the busiest pipeline stage for
// micro-batches of T tokens per GPU.
func (m *Model) stage(l *lay, T float64) stage {
	s := m.Shape
	var st stage
	n0 := l.sc / float64(l.PP)
	for i := range s.Layer {
		k := &s.Layer[i]
		n := k.count * n0
		ls := m.layer(k, T, l.Layout)
		st.comp += n * ls.comp
		st.rcomp += n * ls.rcomp
		st.gemm += n * ls.gemm
		st.tp += n * ls.tp
		st.ep += n * ls.ep
		st.cp += n * ls.cp
		st.bwd += n * ls.bwd
		st.hidden += n * ls.hidden
	}
	return st
}

// time fills the step-time breakdown and the utilisations.
func (m *Model) time(l *lay, e *Estimate) {
	s, tr := m.Shape, &m.Training
	mb := float64(tr.GlobalBatch / (l.DP * l.MicroBatch))
	e.MicroBatches = int(mb)
	T := float64(l.MicroBatch) * s.Seq / float64(l.cp()) // tokens per GPU per micro-batch
	p, v := float64(l.PP), float64(l.VPP)
	st := m.stage(l, T)
	fwd, bwd := st.comp-st.bwd, st.bwd+st.rcomp // stage compute per micro-batch
	head := m.head(T, l.Layout) + m.mtp(T, l.Layout)
	p2p, ppHid := 0.0, 0.0
	if l.PP > 1 {
		one := m.net.p2p(T*s.Hidden*2/float64(l.TP), l.TP*l.cp()*l.DP < m.net.node)
		p2p, ppHid = m.ppExposed(one, v, fwd, bwd)
	}
	work := m.bottleneck(l, st.comp+st.rcomp, head)
	stageT := work + st.tp + st.ep + st.cp + p2p
	e.Compute = mb * work
	e.Recompute = mb * st.rcomp
	e.TPComm, e.EPComm, e.PPComm, e.CPComm = mb*st.tp, mb*st.ep, mb*p2p, mb*st.cp
	e.Bubble = m.bubble(p, v, stageT, fwd, bwd, st.gemm)
	m.dpExposed(l, mb, fwd, bwd, e)
	e.HiddenComm = mb*(st.hidden+ppHid) + e.DPOverlapped
	e.Optimizer = tr.OptimizerTraffic * m.optimizerParams(l) / m.bw
	e.StepTime = e.Compute + e.TPComm + e.EPComm + e.CPComm + e.PPComm + e.Bubble + e.DPComm + e.Optimizer
	tokens := float64(tr.GlobalBatch) * s.Seq
	e.TokensPerSecond = tokens / e.StepTime
	mf, hf := m.flopsPerToken(l.Recompute)
	peak := m.peak * float64(m.Cluster.GPUs)
	e.MFU = mf * e.TokensPerSecond / peak
	e.HFU = hf * e.TokensPerSecond / peak
}

// bottleneck is the compute of the slowest stage per micro-batch: the
// busiest stage's layers (layers, from the even split) plus the output
// head and MTP modules (head) on the last stage; a stack that balances the
// split moves layers off the last stage, down to the ideal share
// (all layers + head)/pp when the layer granularity allows.
func (m *Model) bottleneck(l *lay, layers, head float64) float64 {
	if l.PP == 1 || !m.Training.Stack.BalancedStages {
		return layers + head
	}
	p := float64(l.PP)
	return max(layers, (layers*p/l.sc+head)/p)
}

// bubble is the pipeline fill and drain of one step for a stage time
// stageT per micro-batch. 1F1B: (p−1)/v stage times (Narayanan et al.
// 2021 §2.2). DualPipe (DeepSeek-V3 Table 2): (p/2 − 1)(F&B + B − 3W),
// with the overlapped forward-and-backward chunk F&B = F + B (the overlap
// hides communication, not compute) and W the weight-gradient GEMMs (as
// long as the forward GEMMs), scaled by stageT/(F + B) for the exposed
// communication a stage also carries.
func (m *Model) bubble(p, v, stageT, fwd, bwd, wgrad float64) float64 {
	if p <= 1 {
		return 0
	}
	if m.Training.Stack.Schedule != ScheduleDualPipe {
		return (p - 1) / v * stageT
	}
	return (p/2 - 1) * (fwd + 2*bwd - 3*wgrad) * stageT / (fwd + bwd)
}

// flopsPerToken returns model and hardware FLOPs per trained token.
func (m *Model) flopsPerToken(r Recompute) (model, hw float64) {
	return m.Shape.FLOPsPerToken(r, m.Training.CausalFLOPs)
}

// FLOPsPerToken returns the model FLOPs per trained token (forward and
// backward: 6 per multiplied weight plus 3× the forward attention core,
// PaLM App. B, formulas.md §2.4/§2.7; with causal the attention keys are
// halved) and the hardware FLOPs, which add what recompute reruns: the whole
// forward pass of each layer for full recompute (Narayanan 2021's 96-form),
// the forward QKᵀ and A·V for selective recompute (none with flash
// attention, which recomputes inside its own backward).
func (s *Shape) FLOPsPerToken(r Recompute, causal bool) (model, hw float64) {
	model = s.ModelFLOPsFull
	if causal {
		model = s.ModelFLOPsCaus
	}
	hw = model
	for i := range s.Layer {
		k := &s.Layer[i]
		keys := k.keysFull
		if causal {
			keys = k.keysCausal
		}
		att := 2 * k.heads * (k.qkDim + k.vDim) * keys
		switch r {
		case RecomputeFull:
			hw += k.count * (2*(sumNK(k.dense)+k.topK*sumNK(k.expert)) + att)
		case RecomputeSelective:
			if !s.Opts.FlashAttention {
				hw += k.count * att
			}
		}
	}
	return model, hw
}
