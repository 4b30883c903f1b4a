package plot

import (
	"fmt"
	"math"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// Machine is one accelerator in a roofline comparison: its dense peak at
// the compared precision and its memory bandwidth.
type Machine struct {
	Name      string
	Peak      units.FLOPRate
	Bandwidth units.ByteRate
}

// NewRooflineComparison draws one roofline per machine on shared log-log
// axes: attainable FLOP/s = min(peak, intensity × bandwidth), so the ridge
// point (peak ÷ bandwidth, FLOP/byte) of each is where its line bends.
func NewRooflineComparison(title string, ms []Machine) (*gonumplot.Plot, error) {
	if len(ms) == 0 {
		return nil, fmt.Errorf("roofline comparison: no accelerators given")
	}
	loI, hiI, maxPeak := math.Inf(1), 0.0, 0.0
	for _, m := range ms {
		if !positive(float64(m.Peak)) || !positive(float64(m.Bandwidth)) {
			return nil, fmt.Errorf("roofline comparison: %s needs a positive peak and bandwidth", m.Name)
		}
		ridge := float64(m.Peak) / float64(m.Bandwidth)
		loI, hiI = math.Min(loI, ridge/30), math.Max(hiI, ridge*30)
		maxPeak = math.Max(maxPeak, float64(m.Peak))
	}
	div, prefix := siScale(maxPeak)
	p := New(title, "arithmetic intensity (FLOP/byte)", prefix+"FLOP/s (dense peak)")
	logAxis(&p.X, loI, hiI)
	minRate := math.Inf(1)
	for i, m := range ms {
		xys := rooflinePoints(m, loI, hiI, div)
		minRate = math.Min(minRate, xys[0].Y)
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("roofline comparison: %s: %w", m.Name, err)
		}
		l.Color = Color(i)
		l.Width = 2
		p.Add(l)
		ridge := float64(m.Peak) / float64(m.Bandwidth)
		p.Legend.Add(fmt.Sprintf("%s (ridge %.0f FLOP/B)", m.Name, ridge), l)
	}
	logAxis(&p.Y, minRate, maxPeak/div)
	p.Legend.Top, p.Legend.Left = false, false // the lower right is empty on a roofline
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), vg.Points(8)
	return p, nil
}

// rooflinePoints samples min(peak, I·bw) at 64 log-spaced intensities plus
// the ridge point, in units of div FLOP/s.
func rooflinePoints(m Machine, lo, hi, div float64) plotter.XYs {
	ridge := float64(m.Peak) / float64(m.Bandwidth)
	var xys plotter.XYs
	const n = 64
	for k := 0; k <= n; k++ {
		x := lo * math.Pow(hi/lo, float64(k)/n)
		if len(xys) > 0 && xys[len(xys)-1].X < ridge && x > ridge {
			xys = append(xys, plotter.XY{X: ridge, Y: float64(m.Peak) / div})
		}
		xys = append(xys, plotter.XY{X: x, Y: math.Min(float64(m.Peak), x*float64(m.Bandwidth)) / div})
	}
	return xys
}

// CompareAccelerators draws the rooflines of accs at precision p (the
// precision's dense peak and the memory bandwidth); entries without that
// precision are left out and named in the returned skip list.
func CompareAccelerators(accs []hardware.Accelerator, p hardware.Precision) (*gonumplot.Plot, []string, error) {
	var ms []Machine
	var skipped []string
	for _, a := range accs {
		peak, err := a.Peak(p)
		if err != nil || a.Bandwidth <= 0 {
			skipped = append(skipped, a.ID)
			continue
		}
		ms = append(ms, Machine{Name: a.ID, Peak: peak, Bandwidth: a.Bandwidth})
	}
	if len(ms) == 0 {
		return nil, skipped, fmt.Errorf("roofline comparison: no accelerator has a dense %s peak and a bandwidth", p)
	}
	plt, err := NewRooflineComparison(fmt.Sprintf("Rooflines at %s (dense)", p), ms)
	return plt, skipped, err
}
