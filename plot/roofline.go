package plot

import (
	"fmt"
	"math"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/flopsdev/flops/units"
)

// Roof is a horizontal compute ceiling of a roofline: a peak (or measured)
// FLOP/s, e.g. {"bf16 dense", 989.4e12}.
type Roof struct {
	Name string
	Peak units.FLOPRate
}

// Slope is a memory-bandwidth ceiling of a roofline: attainable FLOP/s =
// intensity (FLOP/byte) × bandwidth (bytes/s), e.g. {"HBM3", 3.35e12}.
type Slope struct {
	Name      string
	Bandwidth units.ByteRate
}

// Point is one kernel or phase placed on a roofline: its arithmetic
// intensity (FLOP per byte moved) and the FLOP/s it attains (predicted or
// measured). Points with the same Series share a colour, shape and legend
// entry; Label ("decode B=8") is written next to the point ("" for none).
type Point struct {
	Series    string
	Label     string
	Intensity float64
	Rate      units.FLOPRate
}

// Roofline describes a roofline chart (Williams, Waterman & Patterson,
// "Roofline", CACM 2009): attainable FLOP/s = min(roof, intensity ×
// bandwidth), drawn log-log, with ceilings and points. The same type serves
// an accelerator from the catalog (one roof at a precision, HBM bandwidth)
// and a measured CPU (several roofs, several bandwidths).
type Roofline struct {
	Title  string
	Roofs  []Roof  // at least one
	Slopes []Slope // at least one
	Points []Point
}

// SimpleRoofline is the common case: one compute roof, one bandwidth slope.
func SimpleRoofline(title, roofName string, peak units.FLOPRate, slopeName string, bw units.ByteRate, pts ...Point) Roofline {
	return Roofline{Title: title, Roofs: []Roof{{roofName, peak}}, Slopes: []Slope{{slopeName, bw}}, Points: pts}
}

// NewRoofline draws r. The y axis is in the SI prefix of the highest roof
// (e.g. TFLOP/s); the x axis spans whole decades from well below the lowest
// ridge point (roof ÷ bandwidth) to well above the highest, widened to
// include every point.
func NewRoofline(r Roofline) (*gonumplot.Plot, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	top := r.maxPeak()
	div, prefix := siScale(top)
	p := New(r.Title, "arithmetic intensity (FLOP/byte)", fmt.Sprintf("attainable %sFLOP/s", prefix))
	lo, hi := r.xRange()
	logAxis(&p.X, lo, hi)
	lo, hi = p.X.Min, p.X.Max
	ylo := lo * float64(r.minBandwidth()) / div
	for _, pt := range r.Points {
		ylo = math.Min(ylo, float64(pt.Rate)/div)
	}
	logAxis(&p.Y, ylo, 1.5*top/div)
	if err := r.addCeilings(p, lo, hi, div); err != nil {
		return nil, fmt.Errorf("roofline: %w", err)
	}
	if err := r.addPoints(p, div); err != nil {
		return nil, fmt.Errorf("roofline: %w", err)
	}
	return p, nil
}

// validate checks that every ceiling and point is positive and finite.
func (r Roofline) validate() error {
	if len(r.Roofs) == 0 || len(r.Slopes) == 0 {
		return fmt.Errorf("roofline: need at least one compute roof and one bandwidth slope")
	}
	for _, c := range r.Roofs {
		if !positive(float64(c.Peak)) {
			return fmt.Errorf("roofline: roof %q: peak %g FLOP/s must be positive and finite", c.Name, float64(c.Peak))
		}
	}
	for _, s := range r.Slopes {
		if !positive(float64(s.Bandwidth)) {
			return fmt.Errorf("roofline: slope %q: bandwidth %g B/s must be positive and finite", s.Name, float64(s.Bandwidth))
		}
	}
	for _, pt := range r.Points {
		if !positive(pt.Intensity) || !positive(float64(pt.Rate)) {
			return fmt.Errorf("roofline: point %q: intensity %g FLOP/B and rate %g FLOP/s must be positive and finite",
				pt.Series+" "+pt.Label, pt.Intensity, float64(pt.Rate))
		}
	}
	return nil
}

func (r Roofline) maxPeak() float64 {
	m := 0.0
	for _, c := range r.Roofs {
		m = math.Max(m, float64(c.Peak))
	}
	return m
}

func (r Roofline) minBandwidth() units.ByteRate {
	m := r.Slopes[0].Bandwidth
	for _, s := range r.Slopes {
		m = min(m, s.Bandwidth)
	}
	return m
}

func (r Roofline) maxBandwidth() units.ByteRate {
	m := r.Slopes[0].Bandwidth
	for _, s := range r.Slopes {
		m = max(m, s.Bandwidth)
	}
	return m
}

// xRange spans from 1/100 of the lowest ridge point to 10× the highest,
// widened to the points.
func (r Roofline) xRange() (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, c := range r.Roofs {
		for _, s := range r.Slopes {
			ridge := float64(c.Peak) / float64(s.Bandwidth)
			lo, hi = math.Min(lo, ridge/100), math.Max(hi, ridge*10)
		}
	}
	for _, pt := range r.Points {
		lo, hi = math.Min(lo, pt.Intensity/2), math.Max(hi, pt.Intensity*2)
	}
	return lo, hi
}

// addCeilings draws each slope up to the highest roof, and each roof from
// its ridge with the fastest slope to the right edge.
func (r Roofline) addCeilings(p *gonumplot.Plot, lo, hi, div float64) error {
	top := r.maxPeak()
	for i, s := range r.Slopes {
		bw := float64(s.Bandwidth)
		xys := plotter.XYs{{X: lo, Y: lo * bw / div}, {X: top / bw, Y: top / div}}
		if err := addLine(p, i, s.Name+" "+siFormat(bw, "B/s"), xys, nil); err != nil {
			return err
		}
	}
	bwMax := float64(r.maxBandwidth())
	for i, c := range r.Roofs {
		pk := float64(c.Peak)
		xys := plotter.XYs{{X: pk / bwMax, Y: pk / div}, {X: hi, Y: pk / div}}
		dash := []vg.Length{vg.Points(5), vg.Points(3)}
		if err := addLine(p, len(r.Slopes)+i, c.Name+" "+siFormat(pk, "FLOP/s"), xys, dash); err != nil {
			return err
		}
	}
	return nil
}

// addPoints draws the points grouped by series, in order of first use.
func (r Roofline) addPoints(p *gonumplot.Plot, div float64) error {
	var order []string
	groups := map[string][]Point{}
	for _, pt := range r.Points {
		if _, ok := groups[pt.Series]; !ok {
			order = append(order, pt.Series)
		}
		groups[pt.Series] = append(groups[pt.Series], pt)
	}
	base := len(r.Slopes) + len(r.Roofs)
	for i, name := range order {
		g := groups[name]
		xys := make(plotter.XYs, len(g))
		labels := make([]string, len(g))
		for j, pt := range g {
			xys[j] = plotter.XY{X: pt.Intensity, Y: float64(pt.Rate) / div}
			labels[j] = pt.Label
		}
		if err := addSeries(p, base+i, name, xys, labels, false); err != nil {
			return err
		}
	}
	return nil
}
