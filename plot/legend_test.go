package plot

import (
	"testing"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/flopsdev/flops/deploy"
)

// rightmost is the largest x any stroke or fill of p reaches when drawn
// at the default size (an arc counts to its centre plus its radius).
func rightmost(p *gonumplot.Plot) vg.Length {
	var c recorder.Canvas
	p.Draw(draw.NewCanvas(&c, DefaultWidth, DefaultHeight))
	var right vg.Length
	for _, a := range c.Actions {
		var path vg.Path
		switch a := a.(type) {
		case *recorder.Stroke:
			path = a.Path
		case *recorder.Fill:
			path = a.Path
		}
		for _, pc := range path {
			x := pc.Pos.X
			if pc.Type == vg.ArcComp {
				x += pc.Radius
			}
			right = max(right, x)
		}
	}
	return right
}

// TestRightLegendInsideFigure: a legend at the top right (the deploy and
// iso-FLOP charts) is drawn within the figure, thumbnails and the deploy
// chart's ring included (New's left inset, kept, pushed them 8 pt past the
// right edge, cutting the ring).
func TestRightLegendInsideFigure(t *testing.T) {
	pt := func(acc, mode string, user, gpu float64) deploy.Point {
		return deploy.Point{Accelerator: acc, Mode: mode, TP: 1, OutputTokensPerSecondPerUser: user, OutputTokensPerSecondPerGPU: gpu}
	}
	best := pt("b200", "aggregated", 35, 1300)
	r := &deploy.Result{Model: "m", Prompt: 1024, Output: 256, Targets: deploy.Targets{TPOT: 0.03, Percentile: deploy.Mean}, Best: &best,
		Pareto: []deploy.Point{pt("h100-sxm", "aggregated", 10, 700), pt("h100-sxm", "aggregated", 70, 50), best, pt("b200", "aggregated", 100, 20)}}
	dp, err := DeployPareto(r)
	if err != nil {
		t.Fatal(err)
	}
	iso, err := NewIsoFLOP("iso", parabola("law A · 1e21 FLOP"), parabola("law B · 1e22 FLOP"))
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*gonumplot.Plot{"deploy": dp, "isoflop": iso} {
		if p.Legend.Left {
			t.Errorf("%s: legend at the left; this test is for a right-hand legend", name)
		}
		if x := rightmost(p); x > DefaultWidth {
			t.Errorf("%s: drawn out to x = %.1f pt, past the figure's %.1f pt", name, x.Points(), DefaultWidth.Points())
		}
	}
}
