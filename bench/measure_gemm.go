package bench

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/hardware"
)

// measureGemm times C = A·B on n×n matrices of random values in [−1, 1)
// with t threads, and checks one entry of C against a dot product.
func measureGemm(c resolved, t, n int, p hardware.Precision) (Stat, error) {
	if p == hardware.FP32 {
		return gemmOf[float32](c, t, n)
	}
	return gemmOf[float64](c, t, n)
}

func gemmOf[T kernels.Float](c resolved, t, n int) (Stat, error) {
	r := rand.New(rand.NewPCG(uint64(n), 1))
	a, b, out := make([]T, n*n), make([]T, n*n), make([]T, n*n)
	for i := range a {
		a[i], b[i] = T(r.Float64()*2-1), T(r.Float64()*2-1)
	}
	var err error
	flop := 2 * float64(n) * float64(n) * float64(n)
	st := repeat(c.rule(3), func() (float64, float64) {
		t0 := time.Now()
		if e := kernels.Gemm(c.isa, t, kernels.Blocking{}, n, n, n, a, n, b, n, out, n); e != nil {
			err = e
		}
		return flop, time.Since(t0).Seconds()
	})
	if err != nil {
		return st, err
	}
	return st, checkEntry(a, b, out, n, r.IntN(n), r.IntN(n))
}

// checkEntry compares C[i][j] with the dot product of row i of A and column
// j of B in float64, within 2·n·u·Σ|a·b| (the forward error bound of a
// length-n dot product, Higham 2002, eq. 3.5, doubled for the float64
// reference's own rounding), u the unit roundoff of T.
func checkEntry[T kernels.Float](a, b, c []T, n, i, j int) error {
	want, mag := 0.0, 0.0
	for p := 0; p < n; p++ {
		x := float64(a[i*n+p]) * float64(b[p*n+j])
		want += x
		mag += abs(x)
	}
	u := 0x1p-53
	if elemSize[T]() == 4 {
		u = 0x1p-24
	}
	if got := float64(c[i*n+j]); abs(got-want) > 2*float64(n)*u*mag {
		return fmt.Errorf("gemm %d: C[%d][%d] is %g, want %g: %w", n, i, j, got, want, ErrWrongResult)
	}
	return nil
}

func elemSize[T kernels.Float]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
