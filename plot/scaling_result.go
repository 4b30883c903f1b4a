package plot

import (
	"fmt"

	gonumplot "gonum.org/v1/plot"

	"github.com/flopsdev/flops/scaling"
)

// IsoFLOPCurves draws the iso-FLOP curves of r (predicted loss against N at
// each fixed compute, one series per law and budget, optimum marked). The
// CLI's `flops scale isoflop --plot` and the web page both use it.
func IsoFLOPCurves(r *scaling.IsoFLOPResult) (*gonumplot.Plot, error) {
	if r == nil || len(r.Curves) == 0 {
		return nil, fmt.Errorf("iso-FLOP plot: no curves")
	}
	series := make([]IsoFLOPSeries, 0, len(r.Curves))
	for _, c := range r.Curves {
		s := IsoFLOPSeries{Name: fmt.Sprintf("%s · %.3g FLOP", c.Law, float64(c.ComputeFLOPs)),
			OptParams: float64(c.Optimal.Params), OptLoss: c.Optimal.Loss}
		for _, pt := range c.Points {
			s.Params, s.Loss = append(s.Params, float64(pt.Params)), append(s.Loss, pt.Loss)
		}
		series = append(series, s)
	}
	return NewIsoFLOP("Iso-FLOP curves: predicted loss against N at fixed compute", series...)
}
