package kernels_test

import (
	"fmt"

	"github.com/flopsdev/flops/bench/kernels"
)

func ExampleGemm() {
	// [1 2]   [5 6]   [1·5+2·7 1·6+2·8]   [19 22]
	// [3 4] × [7 8] = [3·5+4·7 3·6+4·8] = [43 50]
	a := []float64{1, 2, 3, 4}
	b := []float64{5, 6, 7, 8}
	c := make([]float64, 4)
	if err := kernels.Gemm(kernels.Best(), 2, kernels.Blocking{}, 2, 2, 2, a, 2, b, 2, c, 2); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)
	// Output: [19 22 43 50]
}

func ExamplePeak() {
	// 3 trips × 4 rounds = 12 steps of x = x/2 + 1 from x = 1 give
	// 2 − 2⁻¹² = 1.999755859375 in every lane.
	lanes := kernels.Peak[float64](kernels.Best(), 3, 1, 0.5, 1)
	fmt.Println(lanes[0], lanes[len(lanes)-1])
	// Output: 1.999755859375 1.999755859375
}

func ExampleStream() {
	a := []float64{1, 2, 3}
	b := []float64{10, 20, 30}
	dst := make([]float64, 3)
	kernels.Stream(kernels.Best(), kernels.Triad, dst, a, b, 3) // dst = a + 3·b
	fmt.Println(dst)
	// Output: [31 62 93]
}
