package perf

import "math"

// net prices collectives on the two network tiers (formulas.md §5.1, NCCL
// doc/PERFORMANCE.md): S bytes of the full array, n ranks of which g share
// a scale-up domain. Bandwidths are per GPU per direction, already scaled
// by the achieved-fraction constants.
type net struct {
	up, out, alpha float64
	node           int
}

// members is how many of a group's n ranks, placed at the given stride,
// share one scale-up domain.
func (c net) members(n, stride int) int {
	g := c.node / stride
	if g < 1 {
		return 1
	}
	return min(n, g)
}

// allReduce is a ring all-reduce, hierarchical when the group spans
// domains: 2(g−1)/g·S/B_up inside, then 2(n/g−1)/(n/g)·(S/g)/B_out across
// domains with the g ranks of a domain each using their own NIC.
func (c net) allReduce(s float64, n, g int) float64 {
	if n <= 1 || s <= 0 {
		return 0
	}
	fg, fn := float64(g), float64(n)
	t := 2 * (fg - 1) / fg * s / c.up
	if g < n {
		k := fn / fg
		t += 2 * (k - 1) / k * (s / fg) / c.out
	}
	return t + c.alpha*2*math.Log2(fn)
}

// gather is an all-gather or reduce-scatter: half an all-reduce.
func (c net) gather(s float64, n, g int) float64 {
	if n <= 1 {
		return 0
	}
	return c.allReduce(s, n, g) / 2
}

// dispatch is one MoE token dispatch (or combine) all-to-all over n
// expert-parallel ranks, g per scale-up domain: each of the tokens' s
// bytes (one copy of the hidden state) goes to k experts. Inside a domain
// the copies travel over the scale-up links, (g−1)/n·k·s; across domains
// the dispatch is hierarchical (DeepEP, Megatron-Core's flex dispatcher):
// one copy per distinct remote domain, then forwarded over NVLink. With
// N = n/g domains and k experts drawn evenly, a token reaches
// N·(1−(1−1/N)^k) distinct domains, (N−1)·(1−(1−1/N)^k) of them remote
// (DeepSeek-V3 §3.2.2 caps it at 4 nodes; balanced routing assumed).
func (c net) dispatch(s, k float64, n, g int) float64 {
	if n <= 1 || s <= 0 {
		return 0
	}
	fn, fg := float64(n), float64(g)
	up := (fg - 1) / fn * k * s / c.up
	out := 0.0
	if N := fn / fg; N > 1 {
		out = (N - 1) * (1 - math.Pow(1-1/N, k)) * s / c.out
	}
	return max(up, out) + c.alpha*fn
}

// p2p sends S bytes to one neighbour.
func (c net) p2p(s float64, sameDomain bool) float64 {
	if sameDomain {
		return s/c.up + c.alpha
	}
	return s/c.out + c.alpha
}
