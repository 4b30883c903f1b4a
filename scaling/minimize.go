package scaling

import "math"

// minimizeLog returns the x in [lo, hi] (0 < lo < hi) that minimises f,
// robustly: it evaluates f at n log-spaced points, keeps the best finite
// one and refines between its neighbours by golden-section search in
// log x. f may return +Inf where x is infeasible. It returns NaN when f is
// nowhere finite on the grid.
func minimizeLog(f func(float64) float64, lo, hi float64, n int) float64 {
	if n < 3 {
		n = 3
	}
	llo, lhi := math.Log(lo), math.Log(hi)
	step := (lhi - llo) / float64(n-1)
	best, bestF := -1, math.Inf(1)
	for i := 0; i < n; i++ {
		if v := f(math.Exp(llo + step*float64(i))); v < bestF {
			best, bestF = i, v
		}
	}
	if best < 0 {
		return math.NaN()
	}
	a := llo + step*float64(max(best-1, 0))
	b := llo + step*float64(min(best+1, n-1))
	return math.Exp(goldenSection(func(t float64) float64 { return f(math.Exp(t)) }, a, b))
}

// goldenSection minimises a unimodal g on [a, b] to a bracket of 1e-12
// (at most 200 iterations).
func goldenSection(g func(float64) float64, a, b float64) float64 {
	const r = 0.6180339887498949 // (√5 − 1)/2
	c, d := b-r*(b-a), a+r*(b-a)
	gc, gd := g(c), g(d)
	for i := 0; i < 200 && b-a > 1e-12; i++ {
		if gc <= gd {
			b, d, gd = d, c, gc
			c = b - r*(b-a)
			gc = g(c)
		} else {
			a, c, gc = c, d, gd
			d = a + r*(b-a)
			gd = g(d)
		}
	}
	return (a + b) / 2
}
