package infer

import "math"

// cost is the work of one forward step on the t GPUs: FLOPs and bytes
// summed over all GPUs (replicated KV counted on each GPU that reads it),
// and the per-GPU times.
type cost struct {
	flops   float64 // FLOPs, all GPUs
	wbytes  float64 // weight bytes read, all GPUs
	kvbytes float64 // KV bytes read or written, all GPUs
	comp    float64 // s: flops / (t·peak·u_c)
	mem     float64 // s: (wbytes + kvbytes) / (t·bandwidth·u_m)
	comm    float64 // s: tensor-parallel all-reduces
}

// time is the step time: max(compute, memory) + all-reduce (communication
// is not assumed to overlap, formulas.md §4.6).
func (c cost) time() float64 { return math.Max(c.comp, c.mem) + c.comm }

// bound names the larger of the compute and memory times.
func (c cost) bound() string {
	if c.comp > c.mem {
		return "compute"
	}
	return "memory"
}

// add returns the element-wise sum of two costs.
func (c cost) add(o cost) cost {
	return cost{c.flops + o.flops, c.wbytes + o.wbytes, c.kvbytes + o.kvbytes, c.comp + o.comp, c.mem + o.mem, c.comm + o.comm}
}

// scale returns the costs multiplied by k.
func (c cost) scale(k float64) cost {
	return cost{c.flops * k, c.wbytes * k, c.kvbytes * k, c.comp * k, c.mem * k, c.comm * k}
}

// decodeStep is one decode step at context c (keys each new token attends
// to, itself included) for B sequences:
//
//	FLOPs = B·(2·N_active + DecodeAttentionFLOPs(c))
//	bytes = readParams(B)·b_w + t·share·B·KVRead(c)
func (st *setup) decodeStep(c int) cost {
	b := float64(st.b)
	return st.step(b, b*(2*st.s.matmulActive+st.s.decodeAttention(float64(c))), b*st.s.kvReadBytes(c, st.kvB))
}

// prefillCost is the prefill of P prompt tokens for each of B sequences,
// in ⌈B·P / chunk⌉ forward steps of at most chunk tokens:
//
//	FLOPs = B·(2·N_active·P + Σ_{i=1..P} AttentionFLOPs(i))   (causal)
//	        B·(2·N_active·P + P·AttentionFLOPs(P))            (full)
//	bytes = chunks·readParams(chunk)·b_w + t·share·B·KV(P)  (weights read per chunk, KV written)
func (st *setup) prefillCost() cost {
	b, p := float64(st.b), float64(st.p)
	attn := p * st.s.attention(p)
	if st.conv != "full" {
		attn = sumAffine(1, st.p, st.s.windows, func(c int) float64 { return st.s.attention(float64(c)) })
	}
	n := b * p
	chunks := math.Ceil(n / float64(st.chunk))
	c := st.step(n/chunks, b*(2*st.s.matmulActive*p+attn)/chunks, b*st.s.kvBytes(st.p, st.kvB)/chunks)
	return c.scale(chunks)
}

// step builds the cost of one forward step over n tokens with the given
// FLOPs and logical KV bytes (one copy, before tensor-parallel replication).
func (st *setup) step(n, flops, kv float64) cost {
	t := float64(st.t)
	c := cost{flops: flops, wbytes: st.s.readParams(n) * st.wB, kvbytes: kv * st.s.kvShare(st.t) * t}
	c.comp = c.flops / (t * st.f)
	c.mem = (c.wbytes + c.kvbytes) / (t * st.w)
	c.comm = st.allReduce(n)
	return c
}

// allReduce is the tensor-parallel communication of one forward step over
// n tokens: two all-reduces per layer (after attention and after the MLP),
// each α + 2·(t−1)/t · n·d·b_act / β (ring all-reduce, nccl-tests
// PERFORMANCE.md; formulas.md §4.6, §5.1). Zero for t = 1 or without an
// architecture.
func (st *setup) allReduce(n float64) float64 {
	if st.t <= 1 || st.s.arch == nil {
		return 0
	}
	t := float64(st.t)
	msg := n * float64(st.s.hidden) * st.actB
	return 2 * float64(st.s.layers) * (st.alpha + 2*(t-1)/t*msg/st.beta)
}

// sumAffine returns Σ_{c=lo}^{hi} f(c) exactly for f affine between the
// breakpoints (f may bend after each c = w in breaks): on each affine piece
// [a, b] the sum is (b−a+1)·(f(a)+f(b))/2.
func sumAffine(lo, hi int, breaks []int, f func(int) float64) float64 {
	total := 0.0
	for _, seg := range segments(lo, hi, breaks) {
		n := float64(seg[1] - seg[0] + 1)
		total += n * (f(seg[0]) + f(seg[1])) / 2
	}
	return total
}

// segments splits [lo, hi] at each break w (lo ≤ w < hi) into [.., w] and
// [w+1, ..]. Empty when hi < lo.
func segments(lo, hi int, breaks []int) [][2]int {
	if hi < lo {
		return nil
	}
	var out [][2]int
	start := lo
	for _, w := range breaks {
		if w >= start && w < hi {
			out = append(out, [2]int{start, w})
			start = w + 1
		}
	}
	return append(out, [2]int{start, hi})
}

// decodeSum totals the decode steps at contexts lo … hi: every cost field
// summed, and the step times Σ max(compute, memory) + comm. Compute and
// memory time are each affine in c between window breakpoints, so the sum
// is exact: each piece is split once more where the two cross.
func (st *setup) decodeSum(lo, hi int) (sum cost, seconds float64) {
	for _, seg := range segments(lo, hi, st.s.windows) {
		s, sec := st.sumPiece(seg[0], seg[1], 0)
		sum, seconds = sum.add(s), seconds+sec
	}
	return sum, seconds
}

// sumPiece sums steps a … b on which all costs are affine in c.
func (st *setup) sumPiece(a, b, depth int) (cost, float64) {
	ca, cb := st.decodeStep(a), st.decodeStep(b)
	n := float64(b - a + 1)
	sum := ca.add(cb).scale(n / 2)
	da, db := ca.comp-ca.mem, cb.comp-cb.mem
	if da*db >= 0 || b == a || depth > 2 {
		return sum, n * (ca.time() + cb.time()) / 2
	}
	m := a + int(math.Floor(da/(da-db)*float64(b-a)))
	m = min(max(m, a), b-1)
	s1, t1 := st.sumPiece(a, m, depth+1)
	s2, t2 := st.sumPiece(m+1, b, depth+1)
	return s1.add(s2), t1 + t2
}
