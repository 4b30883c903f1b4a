package engine

import "slices"

// pwl is a piecewise-linear function of context c ≥ 0, exact for the
// model's accounting, which is linear in c between attention breakpoints
// (sliding windows, sparse-attention top-k) and linear beyond the last.
type pwl struct {
	xs, ys []float64 // breakpoints and values, xs[0] = 0
	slope  float64   // beyond the last breakpoint
}

// sample builds f's pwl from its values at 0, each breakpoint and one
// point past the last.
func sample(breaks []int, f func(int) float64) pwl {
	xs := []int{0}
	for _, b := range breaks {
		if b > 0 && !slices.Contains(xs, b) {
			xs = append(xs, b)
		}
	}
	slices.Sort(xs)
	p := pwl{}
	for _, x := range xs {
		p.xs = append(p.xs, float64(x))
		p.ys = append(p.ys, f(x))
	}
	last := xs[len(xs)-1]
	const step = 4096
	p.slope = (f(last+step) - p.ys[len(p.ys)-1]) / step
	return p
}

// at is f(c).
func (p *pwl) at(c float64) float64 {
	n := len(p.xs)
	if c >= p.xs[n-1] {
		return p.ys[n-1] + p.slope*(c-p.xs[n-1])
	}
	i := 1
	for p.xs[i] <= c {
		i++
	}
	x0, x1 := p.xs[i-1], p.xs[i]
	return p.ys[i-1] + (p.ys[i]-p.ys[i-1])*(c-x0)/(x1-x0)
}

// sum is Σ f(c) over the integers c = from … to (inclusive), exact on each
// linear piece (the trapezoid rule is exact for integer points of a line).
func (p *pwl) sum(from, to float64) float64 {
	if to < from {
		return 0
	}
	total := 0.0
	lo := from
	for _, x := range p.xs[1:] {
		if x <= lo {
			continue
		}
		if x > to {
			break
		}
		// integers lo … x−1 lie on one piece
		total += (x - lo) * (p.at(lo) + p.at(x-1)) / 2
		lo = x
	}
	return total + (to-lo+1)*(p.at(lo)+p.at(to))/2
}
