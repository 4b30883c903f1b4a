package plot_test

import (
	"bytes"
	"fmt"

	"github.com/flopsdev/flops/plot"
)

// A compute-optimal frontier N = 0.0893·C^0.5 (near Chinchilla Approach 1)
// with Chinchilla marked at 6 × 70e9 × 1.4e12 = 5.88e23 FLOPs.
func ExampleNewFrontier() {
	line := plot.FrontierLine{Name: "approach 1", Compute: []float64{1e20, 1e22, 1e24, 1e26},
		Params: []float64{8.93e8, 8.93e9, 8.93e10, 8.93e11}}
	p, err := plot.NewFrontier("frontier", []plot.FrontierLine{line},
		[]plot.FrontierModel{{Name: "Chinchilla", Compute: 5.88e23, Params: 70e9}})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := plot.Render(p, "svg")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.X.Label.Text, "|", p.Y.Label.Text, "|", bytes.Contains(svg, []byte("Chinchilla")))
	// Output: training compute C (FLOP) | parameters N | true
}
