package bench

import (
	"fmt"

	"github.com/flopsdev/flops/bench/kernels"
)

// streamArrays are STREAM's three arrays.
type streamArrays struct{ a, b, c []float64 }

// newStreamArrays allocates three arrays of n float64 and fills them on t
// threads (so pages land near the threads that use them, STREAM's way).
func newStreamArrays(n, t int) streamArrays {
	s := streamArrays{make([]float64, n), make([]float64, n), make([]float64, n)}
	parallel(t, func(i int) {
		lo, hi := chunk(n, t, i)
		for j := lo; j < hi; j++ {
			s.a[j], s.b[j], s.c[j] = 1, 2, 0
		}
	})
	return s
}

// chunk is thread i's share [lo, hi) of n elements, cut at multiples of
// 16 elements (two cache lines) so every share but the last starts aligned
// like the array.
func chunk(n, t, i int) (lo, hi int) {
	lo = n * i / t / 16 * 16
	hi = n * (i + 1) / t / 16 * 16
	if i == t-1 {
		hi = n
	}
	return lo, hi
}

// streamScalar is STREAM's scalar (3.0 in McCalpin's stream.c).
const streamScalar = 3.0

// measureStream times one kernel over the arrays on t threads. The kernels
// run in STREAM's order, so each reads what the one before wrote: copy
// c = a, scale b = s·c, add c = a + b, triad a = b + s·c.
func measureStream(c resolved, s streamArrays, t int, op kernels.StreamOp) Stat {
	n := len(s.a)
	bytes := float64(op.Arrays() * 8 * n)
	dst, x, y := s.operands(op)
	return repeat(c.rule(5), func() (float64, float64) {
		sec := parallel(t, func(i int) {
			lo, hi := chunk(n, t, i)
			kernels.Stream(c.isa, op, dst[lo:hi], x[lo:hi], y[lo:hi], streamScalar)
		})
		return bytes, sec
	})
}

// operands maps a kernel to STREAM's arrays: copy c←a, scale b←c,
// add c←a+b, triad a←b+s·c.
func (s streamArrays) operands(op kernels.StreamOp) (dst, x, y []float64) {
	switch op {
	case kernels.Copy:
		return s.c, s.a, s.a
	case kernels.Scale:
		return s.b, s.c, s.c
	case kernels.Add:
		return s.c, s.a, s.b
	}
	return s.a, s.b, s.c
}

// check verifies the arrays after k rounds of the four kernels in order,
// as stream.c's checkSTREAMresults does, by replaying the rounds on one
// element: aj, bj, cj start at 1, 2, 0.
func (s streamArrays) check(rounds int) error {
	aj, bj, cj := 1.0, 2.0, 0.0
	for r := 0; r < rounds; r++ {
		cj = aj
		bj = streamScalar * cj
		cj = aj + bj
		aj = bj + streamScalar*cj
	}
	for _, v := range []struct {
		name string
		x    []float64
		want float64
	}{{"a", s.a, aj}, {"b", s.b, bj}, {"c", s.c, cj}} {
		for i := 0; i < len(v.x); i += max(1, len(v.x)/997) {
			if abs(v.x[i]-v.want) > 1e-13*abs(v.want) {
				return fmt.Errorf("stream: %s[%d] is %g, want %g: %w", v.name, i, v.x[i], v.want, ErrWrongResult)
			}
		}
	}
	return nil
}
