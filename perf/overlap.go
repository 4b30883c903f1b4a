package perf

// Overlap arithmetic. A collective of c seconds that a stack runs beside a
// GEMM of g seconds lengthens the step by what the GEMM cannot cover, plus
// the overlap tax (Efficiency.OverlapTax) on the part it does cover: the
// communication kernels take SMs and HBM bandwidth from the GEMM. Nothing
// here is a fitted fraction: each exposed time follows from c, g and the
// way the software splits the work.

// ringExposed is the exposed time of a collective decomposed into n steps
// around a ring, each overlapped with 1/n of the GEMM (Transformer
// Engine's ring exchange, XLA's collective matmul): the local shard is
// computed while the first remote shard travels, so the step takes
// max(c, g·(n−1)/n) + g/n and c − g·(n−1)/n is exposed when positive.
func ringExposed(c, g, n float64) float64 { return max(0, c-g*(n-1)/n) }

// pipeExposed is the exposed time of a GEMM split into n chunks, each
// chunk's reduce-scatter overlapped with the next chunk's GEMM (Transformer
// Engine's pipelined overlap): the step takes max(c, g) + min(c, g)/n.
func pipeExposed(c, g, n float64) float64 { return max(0, c-g) + min(c, g)/n }

// bulkExposed is the exposed time of a collective run concurrently with an
// independent GEMM (Transformer Engine's bulk overlap in the backward pass).
func bulkExposed(c, g float64) float64 { return max(0, c-g) }

// teSplits is the number of chunks of Transformer Engine's pipelined
// reduce-scatter overlap (num_splits 4 in TE's initialize_ub defaults and
// in NeMo's userbuffers_* configurations).
const teSplits = 4

// tpTimes is a layer's exposed tensor-parallel time (tax included) and the
// communication hidden behind its GEMMs, forward and backward.
type tpTimes struct{ fwd, bwd, fwdHidden, bwdHidden float64 }

// tpExposed prices a layer's TP collectives, each of c seconds (one
// all-gather or reduce-scatter of the layer's activations), against the
// GEMMs they pair with. Without sequence parallelism: an all-reduce (2c)
// after each row-parallel GEMM, two forward and two backward, never hidden
// (the userbuffers and decomposed overlaps need sequence parallelism).
// With it, per block (attention, MLP): forward all-gather before the
// column-parallel GEMM and reduce-scatter after the row-parallel one;
// backward the all-gather of the saved input and the reduce-scatter of the
// input gradient around the column-parallel GEMM, and the all-gather of the
// output gradient before the row-parallel one (Korthikanti et al. 2022
// §4.2.2): 4c forward, 6c backward. Pairing, by method:
//   - TE (TransformerEngine initialize_ub defaults): forward all-gather ring
//     exchange with the column GEMM (n = tp), forward reduce-scatter
//     pipelined with the row GEMM (teSplits); backward all-gather and
//     reduce-scatter bulk-overlapped with the column block's dgrad and wgrad
//     GEMMs (each as long as the forward GEMM), the row block's all-gather
//     ring-exchanged with its dgrad GEMM;
//   - decomposed (collective matmul, async TP): every collective ring-
//     decomposed with the GEMM it feeds or drains.
func (m *Model) tpExposed(c float64, g gemmTimes, l Layout) tpTimes {
	if l.TP == 1 || c == 0 {
		return tpTimes{}
	}
	if !l.SeqParallel {
		return tpTimes{fwd: 4 * c, bwd: 4 * c}
	}
	rawF, rawB := 4*c, 6*c
	t := float64(l.TP)
	var f, b float64
	blocks := [2][2]float64{{g.attnCol, g.attnRow}, {g.mlpCol, g.mlpRow}}
	switch m.Training.Stack.TPOverlap {
	case TPOverlapTE:
		for _, blk := range blocks {
			col, row := blk[0], blk[1]
			f += ringExposed(c, col, t) + pipeExposed(c, row, teSplits)
			b += 2*bulkExposed(c, col) + ringExposed(c, row, t)
		}
	case TPOverlapDecomposed:
		for _, blk := range blocks {
			col, row := blk[0], blk[1]
			f += ringExposed(c, col, t) + ringExposed(c, row, t)
			b += 2*ringExposed(c, col, t) + ringExposed(c, row, t)
		}
	default:
		return tpTimes{fwd: rawF, bwd: rawB}
	}
	tax := m.Cluster.Eff.OverlapTax
	return tpTimes{fwd: f + tax*(rawF-f), bwd: b + tax*(rawB-b), fwdHidden: rawF - f, bwdHidden: rawB - b}
}

// epExposed is a layer's exposed expert all-to-all time (tax included) and
// the part hidden, when the stack overlaps the dispatch and combine of one
// micro-batch with the compute of another (DualPipe pairs a forward and a
// backward chunk, so the window is the layer's forward + backward
// compute, DeepSeek-V3 §3.2.1).
//
// A stack that reserves SMs for communication (Stack.CommSMs) slows the
// window itself instead: the compute runs on the remaining SMs, window/(1
// − r), and the communication hides behind that longer window with no
// further tax.
func (m *Model) epExposed(raw, window float64) (exposed, hidden float64) {
	st := &m.Training.Stack
	if raw == 0 || !st.EPOverlap {
		return raw, 0
	}
	if r := st.CommSMs; r > 0 {
		slow := window * r / (1 - r)
		e := max(0, raw-window-slow)
		return e + slow, raw - e
	}
	e := max(0, raw-window)
	h := raw - e
	return e + m.Cluster.Eff.OverlapTax*h, h
}

// ppExposed is the exposed pipeline send/receive time per micro-batch: v
// forward and v backward transfers of one activation (p2p seconds each).
// When the stack overlaps them (Megatron-Core --overlap-p2p-comm,
// DualPipe) each hides behind the next chunk's forward (fwd/v) or backward
// (bwd/v) compute.
func (m *Model) ppExposed(p2p, v, fwd, bwd float64) (exposed, hidden float64) {
	raw := 2 * v * p2p
	if raw == 0 || !m.Training.Stack.PPOverlap {
		return raw, 0
	}
	e := v * (max(0, p2p-fwd/v) + max(0, p2p-bwd/v))
	h := raw - e
	return e + m.Cluster.Eff.OverlapTax*h, h
}
