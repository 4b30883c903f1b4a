package plot

import (
	"fmt"
	"math"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GoodputCurve is one series of a goodput sweep: goodput (fraction of
// wall-clock time spent on useful training) against cluster size.
type GoodputCurve struct {
	Name    string
	GPUs    []float64 // accelerators, ascending
	Goodput []float64 // in [0, 1]
}

// GoodputRun is a published run's measured goodput at its cluster size;
// AtLeast marks a lower bound.
type GoodputRun struct {
	Name    string
	GPUs    float64
	Goodput float64
	AtLeast bool
}

// NewGoodput draws goodput against cluster size (log x, linear y from 0 to
// 1), one line per curve, with the published runs as labelled points (a
// triangle for a lower bound).
func NewGoodput(title string, curves []GoodputCurve, runs []GoodputRun) (*gonumplot.Plot, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("goodput plot: no curve given")
	}
	p := New(title, "accelerators in the job", "goodput (useful training / wall-clock)")
	lo, hi := math.Inf(1), 0.0
	dashes := [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}}
	for i, c := range curves {
		xys, err := goodputXYs(c)
		if err != nil {
			return nil, err
		}
		lo, hi = math.Min(lo, xys[0].X), math.Max(hi, xys[len(xys)-1].X)
		if err := addLine(p, i, c.Name, xys, dashes[i%len(dashes)]); err != nil {
			return nil, fmt.Errorf("goodput plot: %w", err)
		}
	}
	if err := addRuns(p, runs); err != nil {
		return nil, err
	}
	logAxis(&p.X, lo, hi)
	p.X.Min, p.X.Max = lo, hi
	p.X.Tick.Marker = gonumplot.TickerFunc(countTicks)
	p.Y.Min, p.Y.Max = 0, 1.35 // room above 1 for the legend
	p.Y.Tick.Marker = gonumplot.ConstantTicks(percentTicks())
	p.Legend.Left, p.Legend.Top = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return p, nil
}

// goodputXYs checks a curve and returns its points.
func goodputXYs(c GoodputCurve) (plotter.XYs, error) {
	if len(c.GPUs) < 2 || len(c.GPUs) != len(c.Goodput) {
		return nil, fmt.Errorf("goodput plot: curve %q needs at least two (K, goodput) points of equal count", c.Name)
	}
	xys := make(plotter.XYs, len(c.GPUs))
	for i := range c.GPUs {
		g := c.Goodput[i]
		if !positive(c.GPUs[i]) || math.IsNaN(g) || g < 0 || g > 1 {
			return nil, fmt.Errorf("goodput plot: curve %q point %d: K %g must be positive and goodput %g in [0, 1]", c.Name, i, c.GPUs[i], g)
		}
		xys[i] = plotter.XY{X: c.GPUs[i], Y: g}
	}
	return xys, nil
}

// addRuns marks the published runs in black with their names below and
// left of the points (the curves run above them): a disc for a measured goodput, a
// triangle for a lower bound.
func addRuns(p *gonumplot.Plot, runs []GoodputRun) error {
	legend := map[bool]bool{}
	for _, r := range runs {
		if !positive(r.GPUs) || !(r.Goodput >= 0 && r.Goodput <= 1) {
			return fmt.Errorf("goodput plot: run %q: K %g, goodput %g out of range", r.Name, r.GPUs, r.Goodput)
		}
		xy := plotter.XYs{{X: r.GPUs, Y: r.Goodput}}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return fmt.Errorf("goodput plot: run %q: %w", r.Name, err)
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = Color(6), vg.Points(4), draw.CircleGlyph{}
		label, entry := fmt.Sprintf("%s: %.0f%%", r.Name, 100*r.Goodput), "measured (published runs)"
		if r.AtLeast {
			sc.GlyphStyle.Shape = draw.TriangleGlyph{}
			label, entry = fmt.Sprintf("%s: ≥ %.0f%%", r.Name, 100*r.Goodput), "measured lower bound (published)"
		}
		p.Add(sc)
		if !legend[r.AtLeast] {
			p.Legend.Add(entry, sc)
			legend[r.AtLeast] = true
		}
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: []string{label}})
		if err != nil {
			return fmt.Errorf("goodput plot: %w", err)
		}
		l.TextStyle[0].Font.Size = vg.Points(7)
		l.TextStyle[0].XAlign = draw.XRight // left of the point, clear of the falling curves
		l.Offset = vg.Point{X: -vg.Points(5), Y: -vg.Points(11)}
		p.Add(l)
	}
	return nil
}

// countTicks labels powers of ten as accelerator counts ("100", "10K", "1M").
func countTicks(lo, hi float64) []gonumplot.Tick {
	ticks := tenTicks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = countLabel(ticks[i].Value)
		}
	}
	return ticks
}

// countLabel writes 1e4 as "10K", 1e6 as "1M".
func countLabel(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%gB", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gK", v/1e3)
	}
	return fmt.Sprintf("%g", v)
}

// percentTicks labels 0 to 100 % every 10 %.
func percentTicks() []gonumplot.Tick {
	var ts []gonumplot.Tick
	for i := 0; i <= 10; i++ {
		ts = append(ts, gonumplot.Tick{Value: float64(i) / 10, Label: fmt.Sprintf("%d%%", 10*i)})
	}
	return ts
}
