package plot

import (
	"fmt"
	"math"
	"strconv"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/flopsdev/flops/units"
)

// IsoFLOPSeries is one iso-FLOP curve of a scaling law: predicted loss
// (nats/token) against parameter count at a fixed compute budget, and the
// curve's minimum. Name labels it, e.g. "epoch-2024 · 1e21 FLOP".
type IsoFLOPSeries struct {
	Name      string
	Params    []float64 // N, parameters, ascending
	Loss      []float64 // loss at each N, nats/token
	OptParams float64   // N at the minimum
	OptLoss   float64   // loss at the minimum
}

// NewIsoFLOP draws iso-FLOP curves (Hoffmann et al. 2022, Fig. 3 and 4
// right): x = parameters (log), y = loss (linear), one joined curve per
// series with its minimum marked by a larger ring.
func NewIsoFLOP(title string, series ...IsoFLOPSeries) (*gonumplot.Plot, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("isoflop plot: no series given")
	}
	p := New(title, "parameters N", "predicted loss (nats/token)")
	xlo, xhi, ylo, yhi := math.Inf(1), 0.0, math.Inf(1), math.Inf(-1)
	for i, s := range series {
		xys, err := isoXYs(s)
		if err != nil {
			return nil, err
		}
		for _, xy := range xys {
			xlo, xhi = math.Min(xlo, xy.X), math.Max(xhi, xy.X)
			ylo, yhi = math.Min(ylo, xy.Y), math.Max(yhi, xy.Y)
		}
		if err := addLine(p, i, s.Name, xys, nil); err != nil {
			return nil, fmt.Errorf("isoflop plot: %w", err)
		}
		if err := addSeries(p, i, "", plotter.XYs{{X: s.OptParams, Y: s.OptLoss}}, []string{units.FormatCount(s.OptParams)}, false); err != nil {
			return nil, fmt.Errorf("isoflop plot: %w", err)
		}
	}
	logAxis(&p.X, xlo, xhi)
	pad := 0.05 * (yhi - ylo)
	top := 0.04 * float64(len(series)) * (yhi - ylo) // room for the legend above the curves
	p.Y.Min, p.Y.Max = ylo-pad, yhi+pad+top
	p.Y.Tick.Marker = decimalTicks{}
	legendRight(p)
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return p, nil
}

func isoXYs(s IsoFLOPSeries) (plotter.XYs, error) {
	if len(s.Params) == 0 || len(s.Params) != len(s.Loss) {
		return nil, fmt.Errorf("isoflop plot: series %q needs as many losses as parameter counts (got %d, %d)",
			s.Name, len(s.Loss), len(s.Params))
	}
	if !positive(s.OptParams) || math.IsNaN(s.OptLoss) || math.IsInf(s.OptLoss, 0) {
		return nil, fmt.Errorf("isoflop plot: series %q: minimum (%g, %g) must be finite with N > 0", s.Name, s.OptParams, s.OptLoss)
	}
	xys := make(plotter.XYs, len(s.Params))
	for j := range s.Params {
		if !positive(s.Params[j]) || math.IsNaN(s.Loss[j]) || math.IsInf(s.Loss[j], 0) {
			return nil, fmt.Errorf("isoflop plot: series %q point %d: N %g must be positive and loss %g finite",
				s.Name, j, s.Params[j], s.Loss[j])
		}
		xys[j] = plotter.XY{X: s.Params[j], Y: s.Loss[j]}
	}
	return xys, nil
}

// FrontierLine is one law's compute-optimal frontier: N_opt at each
// compute budget C (FLOPs), ascending in C.
type FrontierLine struct {
	Name    string
	Compute []float64 // C, FLOPs
	Params  []float64 // N_opt, parameters
}

// FrontierModel is a trained model marked on a frontier chart at its
// training compute (usually 6·N·D) and parameter count.
type FrontierModel struct {
	Name    string
	Compute float64 // FLOPs
	Params  float64 // parameters
}

// NewFrontier draws compute-optimal frontiers (Hoffmann et al. 2022,
// Fig. 1): x = training FLOPs, y = parameters, both log, one line per law,
// and published models as labelled points. A model above a law's line is
// larger (and trained on fewer tokens) than that law's optimum for its
// compute.
func NewFrontier(title string, lines []FrontierLine, models []FrontierModel) (*gonumplot.Plot, error) {
	if len(lines) == 0 {
		return nil, fmt.Errorf("frontier plot: no law given")
	}
	p := New(title, "training compute C (FLOP)", "parameters N")
	xlo, xhi, ylo, yhi := math.Inf(1), 0.0, math.Inf(1), 0.0
	dashes := [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}}
	for i, l := range lines {
		if len(l.Compute) < 2 || len(l.Compute) != len(l.Params) {
			return nil, fmt.Errorf("frontier plot: law %q needs at least two (C, N) points of equal count", l.Name)
		}
		xys := make(plotter.XYs, len(l.Compute))
		for j := range l.Compute {
			if !positive(l.Compute[j]) || !positive(l.Params[j]) {
				return nil, fmt.Errorf("frontier plot: law %q point %d: C %g and N %g must be positive and finite", l.Name, j, l.Compute[j], l.Params[j])
			}
			xys[j] = plotter.XY{X: l.Compute[j], Y: l.Params[j]}
			xlo, xhi = math.Min(xlo, l.Compute[j]), math.Max(xhi, l.Compute[j])
			ylo, yhi = math.Min(ylo, l.Params[j]), math.Max(yhi, l.Params[j])
		}
		if err := addLine(p, i, l.Name, xys, dashes[(i/7)%len(dashes)]); err != nil {
			return nil, fmt.Errorf("frontier plot: %w", err)
		}
	}
	xys, labels, err := modelXYs(models)
	if err != nil {
		return nil, err
	}
	if len(xys) > 0 {
		if err := addSeries(p, 6, "published models (6·N·D)", xys, labels, false); err != nil {
			return nil, fmt.Errorf("frontier plot: %w", err)
		}
	}
	logAxis(&p.X, xlo, xhi)
	logAxis(&p.Y, ylo, yhi*100) // two spare decades on top for the legend
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return p, nil
}

// modelXYs places the models; the axes follow the laws' lines, so callers
// should pick a compute range that covers their models.
func modelXYs(models []FrontierModel) (plotter.XYs, []string, error) {
	var xys plotter.XYs
	var labels []string
	for _, m := range models {
		if !positive(m.Compute) || !positive(m.Params) {
			return nil, nil, fmt.Errorf("frontier plot: model %q: C %g and N %g must be positive and finite", m.Name, m.Compute, m.Params)
		}
		xys = append(xys, plotter.XY{X: m.Compute, Y: m.Params})
		labels = append(labels, m.Name)
	}
	return xys, labels, nil
}

// decimalTicks are gonum's default tick positions labelled with enough
// decimals to tell them apart (losses differ in the second decimal, which
// the default labels round away: 1.9, 2.0, 2.1 all print as "2").
type decimalTicks struct{}

// Ticks implements gonumplot.Ticker.
func (decimalTicks) Ticks(lo, hi float64) []gonumplot.Tick {
	ticks := gonumplot.DefaultTicks{}.Ticks(lo, hi)
	prec := 0
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		for prec < 4 && math.Abs(t.Value-math.Round(t.Value*math.Pow(10, float64(prec)))/math.Pow(10, float64(prec))) > 1e-9 {
			prec++
		}
	}
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', prec, 64)
		}
	}
	return ticks
}
