// Package plot draws the charts of flops (rooflines, latency–throughput
// sweeps, and the chart constructors other packages add in their own files)
// on gonum.org/v1/plot, and renders them to SVG or PNG with one house style.
//
// Chart constructors return a *gonumplot.Plot (gonum's type) so callers may
// adjust it before rendering; Render and Save turn any plot into bytes or a
// file. Nothing here computes a model quantity: charts are drawn from
// numbers the compute packages already produced.
package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot is gonum's plot type, aliased so callers of this package need not
// import gonum to hold a chart.
type Plot = gonumplot.Plot

// Default figure size for Render without a size and for Save: 16 cm × 10 cm
// (about 605 × 378 px at the PNG back end's 96 dpi).
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// MaxSide bounds either side of a rendered figure (30 inches; a PNG that
// size is 2,880 px square at 96 dpi, about 33 MB of RGBA), so that a bad
// size cannot ask for an unbounded image.
const MaxSide = 30 * vg.Inch

// Formats lists the output formats Render and Save accept, by file
// extension without the dot.
func Formats() []string { return []string{"svg", "png"} }

// New returns an empty plot in the house style: the given title and axis
// labels, default fonts, a light grid, and the legend at the top left.
func New(title, xLabel, yLabel string) *gonumplot.Plot {
	p := gonumplot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
	p.Legend.YOffs = -vg.Points(4)
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 220}
	g.Horizontal.Color = color.Gray{Y: 220}
	p.Add(g)
	return p
}

// legendRight moves the legend to the top right, inset as New insets it at
// the left: New's offset, kept, would push the thumbnails (and the deploy
// chart's ring) past the right edge.
func legendRight(p *gonumplot.Plot) {
	p.Legend.Left = false
	p.Legend.XOffs = -vg.Points(8)
}

// Color returns the i-th colour of the house palette (a colour-blind-safe
// set after Okabe & Ito 2008), cycling when i exceeds its length.
func Color(i int) color.Color {
	palette := []color.RGBA{
		{0, 114, 178, 255},   // blue
		{213, 94, 0, 255},    // vermillion
		{0, 158, 115, 255},   // bluish green
		{204, 121, 167, 255}, // reddish purple
		{230, 159, 0, 255},   // orange
		{86, 180, 233, 255},  // sky blue
		{0, 0, 0, 255},       // black
	}
	if i < 0 {
		i = -i
	}
	return palette[i%len(palette)]
}

// Render draws p into an in-memory figure of the given format ("svg" or
// "png", case-insensitive, a leading dot allowed). size is optional: none
// means DefaultWidth × DefaultHeight, two values are width and height.
func Render(p *gonumplot.Plot, format string, size ...vg.Length) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("render plot: no plot given")
	}
	return RenderPanels([]*gonumplot.Plot{p}, format, size...)
}

// RenderPanels draws plots side by side, left to right, in one figure of
// the given format and total size (default: DefaultWidth per panel ×
// DefaultHeight).
func RenderPanels(plots []*gonumplot.Plot, format string, size ...vg.Length) ([]byte, error) {
	f, err := normFormat(format)
	if err != nil {
		return nil, err
	}
	if len(plots) == 0 {
		return nil, fmt.Errorf("render plot: no plot given")
	}
	for i, p := range plots {
		if p == nil {
			return nil, fmt.Errorf("render plot: panel %d is nil", i)
		}
	}
	w, h, err := figureSize(len(plots), size)
	if err != nil {
		return nil, err
	}
	c, err := draw.NewFormattedCanvas(w, h, f)
	if err != nil {
		return nil, fmt.Errorf("render plot: %w", err)
	}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Centimeter / 2}
	canvases := gonumplot.Align([][]*gonumplot.Plot{plots}, tiles, dc)
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("render plot: write %s: %w", f, err)
	}
	return buf.Bytes(), nil
}

// Save renders p at the default size to path, choosing the format from the
// extension (.svg or .png).
func Save(p *gonumplot.Plot, path string) error {
	if p == nil {
		return fmt.Errorf("save plot %s: no plot given", path)
	}
	return SavePanels([]*gonumplot.Plot{p}, path)
}

// SavePanels renders plots side by side (see RenderPanels) to path, the
// format chosen by its extension.
func SavePanels(plots []*gonumplot.Plot, path string) error {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	b, err := RenderPanels(plots, f)
	if err != nil {
		return fmt.Errorf("save plot %s: %w", path, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("save plot: %w", err)
	}
	return nil
}

// FormatOf returns the output format named by path's extension, or an
// error naming the accepted extensions.
func FormatOf(path string) (string, error) {
	ext := filepath.Ext(path)
	if ext == "" {
		return "", fmt.Errorf("plot file %q has no extension: use .svg or .png", path)
	}
	f, err := normFormat(ext)
	if err != nil {
		return "", fmt.Errorf("plot file %q: %w", path, err)
	}
	return f, nil
}

// normFormat lower-cases format, strips a leading dot and checks it.
func normFormat(format string) (string, error) {
	f := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(format), "."))
	for _, ok := range Formats() {
		if f == ok {
			return f, nil
		}
	}
	return "", fmt.Errorf("unsupported plot format %q: use %s", format, strings.Join(Formats(), " or "))
}

// figureSize resolves the optional size arguments for n panels.
func figureSize(n int, size []vg.Length) (w, h vg.Length, err error) {
	switch len(size) {
	case 0:
		w, h = DefaultWidth*vg.Length(n), DefaultHeight
	case 2:
		w, h = size[0], size[1]
	default:
		return 0, 0, fmt.Errorf("render plot: size needs width and height, got %d values", len(size))
	}
	if !(w > 0 && h > 0) || w > MaxSide*vg.Length(n) || h > MaxSide {
		return 0, 0, fmt.Errorf("render plot: size %.0f×%.0f pt out of range: each side must be positive and at most %.0f pt per panel",
			float64(w), float64(h), float64(MaxSide))
	}
	return w, h, nil
}
