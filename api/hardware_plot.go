package api

import (
	gonumplot "gonum.org/v1/plot"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/plot"
)

// Plot draws the compared accelerators' rooflines side by side at the
// requested precision, or at bf16 when none was requested (entries without
// it are left out). The CLI's `hw compare --plot` and the web page's
// hardware chart both call it.
func (r *HWCompareResult) Plot() (*gonumplot.Plot, error) {
	prec := hardware.BF16
	if len(r.Precisions) == 1 {
		prec = r.Precisions[0]
	}
	accs := make([]hardware.Accelerator, len(r.Accelerators))
	for i, e := range r.Accelerators {
		accs[i] = e.Accelerator
	}
	p, _, err := plot.CompareAccelerators(accs, prec)
	return p, err
}
