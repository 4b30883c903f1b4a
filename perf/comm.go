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

// allToAll sends (n−1)/n of S per rank, the in-domain share over the
// scale-up links and the rest over the NIC, concurrently.
func (c net) allToAll(s float64, n, g int) float64 {
	if n <= 1 || s <= 0 {
		return 0
	}
	fn, fg := float64(n), float64(g)
	return max((fg-1)/fn*s/c.up, (fn-fg)/fn*s/c.out) + c.alpha*fn
}

// p2p sends S bytes to one neighbour.
func (c net) p2p(s float64, sameDomain bool) float64 {
	if sameDomain {
		return s/c.up + c.alpha
	}
	return s/c.out + c.alpha
}
