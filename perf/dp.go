package perf

// dpTimes is one step's data-parallel traffic: the gradient reduce-scatter
// and the parameter all-gather over the replicas of this GPU's weights
// (dense over dp·cp ranks, routed experts over dp·cp/ep ranks), and the
// time of one bucket of each (what the overlap never hides).
type dpTimes struct{ rs, ag, rsBucket, agBucket float64 }

// dpTraffic prices the data-parallel collectives of one step's worth of
// parameters (formulas.md §3.2, §5.4; ZeRO §7): a reduce-scatter or an
// all-gather moves half an all-reduce. The bucket is Training.BucketBytes,
// or one layer's parameters under ZeRO-3 (FSDP gathers a layer at a time).
func (m *Model) dpTraffic(l *lay) dpTimes {
	tr := &m.Training
	dense, expert := l.dense, l.expert
	var d dpTimes
	add := func(params float64, n, stride int) {
		if n <= 1 || params <= 0 {
			return
		}
		g := m.net.members(n, stride)
		d.rs += m.net.gather(params*tr.GradBytes, n, g)
		d.ag += m.net.gather(params*tr.WeightBytes, n, g)
	}
	add(dense, l.replicas(), l.TP)
	add(expert, l.replicas()/l.EP, l.TP*l.EP)
	if d.rs == 0 {
		return d
	}
	bucket := tr.BucketBytes
	if l.ZeRO == 3 {
		bucket = m.maxLayerParams(l.Layout) * tr.WeightBytes
	}
	n := l.replicas()
	g := m.net.members(n, l.TP)
	d.rsBucket = min(d.rs, m.net.gather(bucket, n, g))
	d.agBucket = min(d.ag, m.net.gather(bucket, n, g))
	return d
}

// dpExposed fills the step's data-parallel time: raw traffic per ZeRO
// stage, and with a stack that overlaps it (Stack.DPOverlap) the part the
// compute of one micro-batch cannot cover (fwd, bwd: the stage's forward
// and backward compute per micro-batch, bwd incl. recompute):
//   - ZeRO 0: a gradient all-reduce (reduce-scatter + all-gather volume)
//     during the last micro-batch's backward;
//   - ZeRO 1 (distributed optimizer): the gradient reduce-scatter during
//     the last backward, the updated parameters' all-gather during the
//     next step's first forward (Megatron-Core --overlap-param-gather);
//   - ZeRO 2: a reduce-scatter during every micro-batch's backward (the
//     gradients stay sharded) and one all-gather during the first forward;
//   - ZeRO 3 (FSDP): per micro-batch an all-gather during the forward and
//     an all-gather + reduce-scatter during the backward, prefetched one
//     layer ahead.
//
// The last reduce-scatter bucket and the first all-gather bucket wait for
// the compute to end or precede it, so they are always exposed. The hidden
// part pays the overlap tax.
func (m *Model) dpExposed(l *lay, mb, fwd, bwd float64, e *Estimate) {
	d := m.dpTraffic(l)
	if d.rs == 0 {
		return
	}
	var raw, exposed float64
	switch l.ZeRO {
	case 0:
		raw = d.rs + d.ag
		exposed = max(0, raw-bwd) + d.rsBucket + d.agBucket
	case 1:
		raw = d.rs + d.ag
		exposed = max(0, d.rs-bwd) + max(0, d.ag-fwd) + d.rsBucket + d.agBucket
	case 2:
		raw = mb*d.rs + d.ag
		exposed = mb*max(0, d.rs-bwd) + max(0, d.ag-fwd) + d.rsBucket + d.agBucket
	default:
		raw = mb * (d.rs + 2*d.ag)
		exposed = mb*(max(0, d.ag-fwd)+max(0, d.ag+d.rs-bwd)) + d.rsBucket + d.agBucket
	}
	if !m.Training.Stack.DPOverlap {
		e.DPComm = raw
		return
	}
	exposed = min(exposed, raw)
	e.DPOverlapped = raw - exposed
	e.DPComm = exposed + m.Cluster.Eff.OverlapTax*e.DPOverlapped
}
