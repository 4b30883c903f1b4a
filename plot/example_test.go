package plot_test

import (
	"bytes"
	"fmt"

	"github.com/flopsdev/flops/plot"
)

// An H100 SXM roofline at dense BF16 (989.4 TFLOP/s, 3.35 TB/s) with a
// decode point at batch 8, rendered to SVG.
func ExampleNewRoofline() {
	r := plot.SimpleRoofline("H100 SXM", "bf16", 989.4e12, "HBM3", 3.35e12,
		plot.Point{Series: "decode", Label: "decode B=8", Intensity: 8, Rate: 8 * 3.35e12})
	p, err := plot.NewRoofline(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := plot.Render(p, "svg")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Y.Label.Text, bytes.Contains(svg, []byte("decode B=8")))
	// Output: attainable TFLOP/s true
}
