package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveGemm is the reference: C = A·B by the triple loop, accumulated in
// float64 whatever T is.
func naiveGemm[T Float](m, n, k int, a []T, lda int, b []T, ldb int) []float64 {
	c := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			av := float64(a[i*lda+p])
			for j := 0; j < n; j++ {
				c[i*n+j] += av * float64(b[p*ldb+j])
			}
		}
	}
	return c
}

func randMat[T Float](r *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(r.Float64()*2 - 1)
	}
	return x
}

// checkGemmCase multiplies random matrices with every usable ISA and
// compares with naiveGemm. The tolerance is the standard forward error
// bound of a dot product of length k with entries in [-1, 1]:
// |error| ≤ k·u·Σ|a||b| ≤ k²·u (Higham, "Accuracy and Stability of
// Numerical Algorithms", 2nd ed., eq. 3.5), u = 2⁻⁵³ (fp64) or 2⁻²⁴ (fp32).
func checkGemmCase[T Float](t *testing.T, m, n, k, threads int, bl Blocking) {
	r := rand.New(rand.NewPCG(uint64(m*1000+n), uint64(k)))
	lda, ldb, ldc := k+1, n+3, n+2 // strides wider than the rows
	a := randMat[T](r, max(1, m*lda))
	b := randMat[T](r, max(1, k*ldb))
	want := naiveGemm(m, n, k, a, lda, b, ldb)
	u := math.Ldexp(1, -53)
	if elemSize[T]() == 4 {
		u = math.Ldexp(1, -24)
	}
	tol := float64(k*k)*u + 1e-300
	for _, isa := range Supported() {
		c := randMat[T](r, max(1, m*ldc)) // garbage that must be overwritten
		if err := Gemm(isa, threads, bl, m, n, k, a, lda, b, ldb, c, ldc); err != nil {
			t.Fatalf("%v %dx%dx%d: %v", isa, m, n, k, err)
		}
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				if got := float64(c[i*ldc+j]); math.Abs(got-want[i*n+j]) > tol {
					t.Fatalf("%v %dx%dx%d threads=%d: C[%d][%d] got %g, want %g (tol %g)", isa, m, n, k, threads, i, j, got, want[i*n+j], tol)
				}
			}
		}
	}
}

func TestGemm(t *testing.T) {
	small := Blocking{KC: 16, MC: 16, NC: 48} // forces every blocking edge
	cases := []struct {
		m, n, k, threads int
		bl               Blocking
	}{
		{1, 1, 1, 1, Blocking{}},
		{8, 24, 4, 1, Blocking{}},   // exactly one AVX-512 fp64 tile
		{7, 23, 5, 1, Blocking{}},   // one partial tile
		{13, 50, 37, 2, small},      // edges in every loop
		{64, 96, 64, 2, Blocking{}}, // multiples of every tile
		{65, 97, 300, 2, Blocking{}},
		{33, 129, 70, 3, small},
		{5, 3, 0, 1, Blocking{}}, // k = 0: C = 0
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%dx%dx%d", tc.m, tc.n, tc.k), func(t *testing.T) {
			checkGemmCase[float64](t, tc.m, tc.n, tc.k, tc.threads, tc.bl)
			checkGemmCase[float32](t, tc.m, tc.n, tc.k, tc.threads, tc.bl)
		})
	}
}

func TestGemmErrors(t *testing.T) {
	x := make([]float64, 10)
	cases := []struct {
		name          string
		m, n, k       int
		lda, ldb, ldc int
	}{
		{"negative", -1, 2, 2, 2, 2, 2},
		{"short A", 4, 2, 3, 3, 2, 2},
		{"stride below cols", 2, 2, 3, 2, 2, 2},
	}
	for _, tc := range cases {
		if err := Gemm(Best(), 1, Blocking{}, tc.m, tc.n, tc.k, x, tc.lda, x, tc.ldb, x, tc.ldc); err == nil {
			t.Errorf("%s: got nil error, want one", tc.name)
		}
	}
}

func TestSplitRows(t *testing.T) {
	// 100 rows in 8-row slivers: 13 slivers, split 6/7 → rows [0,48) and [48,100).
	got := splitRows(100, 8, 2)
	want := [][2]int{{0, 48}, {48, 100}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("splitRows(100, 8, 2) = %v, want %v", got, want)
	}
}
