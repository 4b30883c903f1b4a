package plot

import (
	"fmt"
	"math"
	"strconv"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// logAxis makes a a log-scale axis spanning whole decades around [lo, hi]
// (both must be positive and finite).
func logAxis(a *gonumplot.Axis, lo, hi float64) {
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	hi = math.Pow(10, math.Ceil(math.Log10(hi)))
	if hi <= lo {
		hi = lo * 10
	}
	a.Scale = gonumplot.LogScale{}
	a.Tick.Marker = gonumplot.TickerFunc(tenTicks)
	a.Min, a.Max = lo, hi
}

// tenTicks labels every power of ten in [lo, hi] ("0.1", "1", "100",
// "1e+04") with unlabelled minor ticks at 2–9 times each; unlike gonum's
// LogTicks it also labels decades below 1.
func tenTicks(lo, hi float64) []gonumplot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	var ticks []gonumplot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		v := math.Pow(10, e)
		ticks = append(ticks, gonumplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		for m := 2.0; m < 10; m++ {
			if m*v <= hi {
				ticks = append(ticks, gonumplot.Tick{Value: m * v})
			}
		}
	}
	return ticks
}

// positive reports whether v is a finite number > 0.
func positive(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// siScale picks a decimal SI prefix for values around v and returns the
// divisor and its prefix letter ("" for values below 1,000).
func siScale(v float64) (float64, string) {
	prefixes := []struct {
		f float64
		p string
	}{{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}
	for _, s := range prefixes {
		if v >= s.f {
			return s.f, s.p
		}
	}
	return 1, ""
}

// addSeries adds xys as glyphs (and a connecting line when joined) in the
// i-th house colour and shape, with optional per-point labels, and a
// legend entry named name (none when name is empty).
func addSeries(p *gonumplot.Plot, i int, name string, xys plotter.XYs, labels []string, joined bool) error {
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("series %q: %w", name, err)
	}
	sc.GlyphStyle.Color = Color(i)
	sc.GlyphStyle.Shape = glyph(i)
	sc.GlyphStyle.Radius = vg.Points(3)
	p.Add(sc)
	if joined && len(xys) > 1 {
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("series %q: %w", name, err)
		}
		l.Color = Color(i)
		p.Add(l)
	}
	if name != "" {
		p.Legend.Add(name, sc)
	}
	return addLabels(p, xys, labels)
}

// addLabels writes non-empty labels next to their points in a small font.
func addLabels(p *gonumplot.Plot, xys plotter.XYs, labels []string) error {
	var keep plotter.XYs
	var text []string
	for i, s := range labels {
		if s != "" && i < len(xys) {
			keep = append(keep, xys[i])
			text = append(text, s)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: keep, Labels: text})
	if err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = vg.Points(7)
	}
	l.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	p.Add(l)
	return nil
}

// glyph returns the i-th glyph shape, cycling.
func glyph(i int) draw.GlyphDrawer {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{},
		draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}}
	if i < 0 {
		i = -i
	}
	return shapes[i%len(shapes)]
}

// addLine adds a straight polyline in colour i with the given dash pattern
// and a legend entry.
func addLine(p *gonumplot.Plot, i int, name string, xys plotter.XYs, dashes []vg.Length) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("line %q: %w", name, err)
	}
	l.Color = Color(i)
	l.Width = vg.Points(1.5)
	l.Dashes = dashes
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}

// siFormat writes v with a decimal SI prefix and 3 significant digits,
// e.g. siFormat(3.35e12, "B/s") = "3.35 TB/s".
func siFormat(v float64, unit string) string {
	div, prefix := siScale(v)
	return fmt.Sprintf("%.3g %s%s", v/div, prefix, unit)
}
