// Package benchplot draws a bench.Result as a roofline chart with package
// plot: the measured peak FMA rates as roofs, the measured STREAM triad as
// the bandwidth slope, and the GEMM and triad figures as points.
package benchplot

import (
	"fmt"

	"github.com/flopsdev/flops/bench"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/units"
)

// Roofline builds the roofline of the all-threads run of r. A GEMM of n×n
// matrices is placed at its minimum-traffic intensity 2n³ FLOP ÷ (3n² ×
// element bytes) = 2n ÷ (3 × element bytes) FLOP/byte (A and B read, C
// written once); the triad at 2 FLOP per 24 bytes. It fails when r has no
// peak or no triad figure.
func Roofline(r *bench.Result) (plot.Roofline, error) {
	run := r.AllThreads()
	if run == nil || run.Triad() == nil || len(run.Peak) == 0 {
		return plot.Roofline{}, fmt.Errorf("roofline: the result needs peak FMA and STREAM triad figures")
	}
	rl := plot.Roofline{Title: fmt.Sprintf("%s, %d threads (measured)", r.Machine.ModelName, run.Threads)}
	for _, p := range run.Peak {
		rl.Roofs = append(rl.Roofs, plot.Roof{Name: string(p.Precision) + " peak FMA", Peak: units.FLOPRate(p.FLOPPerSecond.Best)})
	}
	tr := run.Triad()
	bw := tr.BytesPerSecond.Best
	rl.Slopes = []plot.Slope{{Name: "STREAM triad", Bandwidth: units.ByteRate(bw)}}
	for _, g := range run.Gemm {
		eb := 8.0
		if g.Precision == "fp32" {
			eb = 4
		}
		rl.Points = append(rl.Points, plot.Point{
			Series:    "GEMM " + string(g.Precision),
			Label:     fmt.Sprintf("n=%d", g.N),
			Intensity: 2 * float64(g.N) / (3 * eb),
			Rate:      units.FLOPRate(g.FLOPPerSecond.Best),
		})
	}
	rl.Points = append(rl.Points, plot.Point{Series: "STREAM triad", Label: "triad", Intensity: 2.0 / 24, Rate: units.FLOPRate(bw * 2 / 24)})
	return rl, nil
}
