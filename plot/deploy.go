package plot

import (
	"errors"
	"fmt"
	"math"

	"github.com/flopsdev/flops/deploy"
	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrNothingToDraw is a deployment plan with no simulated point to draw:
// no layout holds the model in memory.
var ErrNothingToDraw = errors.New("deployment plot: no simulated point to draw (no layout holds the model in memory)")

// DeployPareto draws a deployment plan's Pareto fronts: output tokens/s per
// GPU (y) against output tokens/s per user (x), one colour per accelerator,
// aggregated solid with discs, disaggregated dashed with triangles; the
// TPOT target as a dashed black vertical line at x = 1/TPOT (points right
// of it meet it), and the winner ringed. A target nothing meets is drawn
// too: the fronts that exist (none when no point meets the TTFT target),
// no winner, and the closest point crossed. A plan without any point
// (nothing fits in memory) is ErrNothingToDraw.
func DeployPareto(r *deploy.Result) (*gonumplot.Plot, error) {
	if r == nil || (len(r.Pareto) == 0 && closestOf(r) == nil) {
		return nil, ErrNothingToDraw
	}
	title := fmt.Sprintf("%s, %d in / %d out: Pareto fronts", r.Model, r.Prompt, r.Output)
	if !r.Feasible {
		title += "; nothing meets the targets"
	}
	p := New(title, "output tokens/s per user (1 / TPOT)", "output tokens/s per GPU")
	right, top := 0.0, 0.0
	colors := map[string]int{}
	for _, s := range paretoSeries(r.Pareto) {
		if _, ok := colors[s.accelerator]; !ok {
			colors[s.accelerator] = len(colors)
		}
		if err := addFront(p, colors[s.accelerator], s); err != nil {
			return nil, err
		}
		for _, xy := range s.xys {
			right, top = math.Max(right, xy.X), math.Max(top, xy.Y)
		}
	}
	c := closestOf(r)
	if c != nil {
		right, top = math.Max(right, c.OutputTokensPerSecondPerUser), math.Max(top, c.OutputTokensPerSecondPerGPU)
	}
	if t := float64(r.Targets.TPOT); t > 0 {
		right = math.Max(right, 1/t)
	}
	p.X.Min, p.X.Max = 0, right*1.05
	p.Y.Min, p.Y.Max = 0, top*1.35 // room above for the legend
	if err := addTarget(p, r, p.Y.Max); err != nil {
		return nil, err
	}
	if err := addBest(p, r.Best); err != nil {
		return nil, err
	}
	if err := addClosest(p, c); err != nil {
		return nil, err
	}
	legendRight(p)
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return p, nil
}

// series is one accelerator and mode's front.
type series struct {
	accelerator, mode string
	xys               plotter.XYs
}

// paretoSeries groups the points by accelerator and mode, in order.
func paretoSeries(ps []deploy.Point) []series {
	var out []series
	for _, q := range ps {
		if len(out) == 0 || out[len(out)-1].accelerator != q.Accelerator || out[len(out)-1].mode != q.Mode {
			out = append(out, series{accelerator: q.Accelerator, mode: q.Mode})
		}
		if positive(q.OutputTokensPerSecondPerUser) && positive(q.OutputTokensPerSecondPerGPU) {
			s := &out[len(out)-1]
			s.xys = append(s.xys, plotter.XY{X: q.OutputTokensPerSecondPerUser, Y: q.OutputTokensPerSecondPerGPU})
		}
	}
	return out
}

// addFront draws one front in colour ci: solid with discs (aggregated) or
// dashed with triangles (disaggregated).
func addFront(p *gonumplot.Plot, ci int, s series) error {
	if len(s.xys) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(s.xys)
	if err != nil {
		return fmt.Errorf("deployment plot: %w", err)
	}
	sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = Color(ci), vg.Points(3), draw.CircleGlyph{}
	l, err := plotter.NewLine(s.xys)
	if err != nil {
		return fmt.Errorf("deployment plot: %w", err)
	}
	l.Color, l.Width = Color(ci), vg.Points(1.2)
	if s.mode == "disaggregated" {
		sc.GlyphStyle.Shape = draw.TriangleGlyph{}
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l, sc)
	p.Legend.Add(s.accelerator+" "+s.mode, l, sc)
	return nil
}

// addTarget draws the TPOT target as a dashed vertical line.
func addTarget(p *gonumplot.Plot, r *deploy.Result, ymax float64) error {
	t := float64(r.Targets.TPOT)
	if !positive(t) {
		return nil
	}
	xys := plotter.XYs{{X: 1 / t, Y: 0}, {X: 1 / t, Y: ymax}}
	name := fmt.Sprintf("TPOT target %s (%s): meet it to the right", r.Targets.TPOT, r.Targets.Percentile)
	return addLine(p, 6, name, xys, []vg.Length{vg.Points(4), vg.Points(3)})
}

// addBest rings the winner and labels it.
func addBest(p *gonumplot.Plot, b *deploy.Point) error {
	if b == nil || !positive(b.OutputTokensPerSecondPerUser) || !positive(b.OutputTokensPerSecondPerGPU) {
		return nil
	}
	xy := plotter.XYs{{X: b.OutputTokensPerSecondPerUser, Y: b.OutputTokensPerSecondPerGPU}}
	sc, err := plotter.NewScatter(xy)
	if err != nil {
		return fmt.Errorf("deployment plot: %w", err)
	}
	sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = Color(6), vg.Points(7), draw.RingGlyph{}
	p.Add(sc)
	p.Legend.Add("best: "+b.Accelerator+" "+b.LayoutText(), sc)
	return nil
}

// closestOf is the point nearest the targets when nothing meets them and
// it has figures to draw, else nil.
func closestOf(r *deploy.Result) *deploy.Point {
	if r == nil || r.Feasible || r.Closest == nil {
		return nil
	}
	c := &r.Closest.Point
	if !positive(c.OutputTokensPerSecondPerUser) || !positive(c.OutputTokensPerSecondPerGPU) {
		return nil
	}
	return c
}

// addClosest crosses the point nearest the targets.
func addClosest(p *gonumplot.Plot, c *deploy.Point) error {
	if c == nil {
		return nil
	}
	sc, err := plotter.NewScatter(plotter.XYs{{X: c.OutputTokensPerSecondPerUser, Y: c.OutputTokensPerSecondPerGPU}})
	if err != nil {
		return fmt.Errorf("deployment plot: %w", err)
	}
	sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = Color(6), vg.Points(6), draw.CrossGlyph{}
	p.Add(sc)
	p.Legend.Add("closest to the targets: "+c.Accelerator+" "+c.LayoutText(), sc)
	return nil
}

// SaveDeploy writes DeployPareto to path (.svg or .png).
func SaveDeploy(r *deploy.Result, path string) error {
	p, err := DeployPareto(r)
	if err != nil {
		return err
	}
	return Save(p, path)
}
