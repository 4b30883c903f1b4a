package plot

import (
	"fmt"
	"math"

	gonumplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// SweepPoint is one configuration of a serving sweep (usually one batch
// size): aggregate throughput in tokens/s across all sequences, and the
// latency per output token in seconds that each sequence sees.
type SweepPoint struct {
	Label           string  // e.g. "B=8"; "" for no label
	TokensPerSecond float64 // aggregate output tokens/s
	SecondsPerToken float64 // per-sequence time per output token, s
}

// SweepSeries is one curve of a sweep (e.g. one accelerator or one
// quantization), its points in sweep order.
type SweepSeries struct {
	Name   string
	Points []SweepPoint
}

// NewSweep draws the latency–throughput trade-off of a batch sweep: x =
// aggregate tokens/s, y = milliseconds per output token, both log scale,
// one joined curve per series with its points labelled. Up and to the
// right costs latency for throughput; a curve that runs flat and then turns
// up marks the batch where decode stops being memory-bound.
func NewSweep(title string, series ...SweepSeries) (*gonumplot.Plot, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("sweep plot: no series given")
	}
	p := New(title, "aggregate throughput (tokens/s)", "latency per output token (ms)")
	xlo, xhi, ylo, yhi := math.Inf(1), 0.0, math.Inf(1), 0.0
	for i, s := range series {
		if len(s.Points) == 0 {
			return nil, fmt.Errorf("sweep plot: series %q has no points", s.Name)
		}
		xys := make(plotter.XYs, len(s.Points))
		labels := make([]string, len(s.Points))
		for j, pt := range s.Points {
			if !positive(pt.TokensPerSecond) || !positive(pt.SecondsPerToken) {
				return nil, fmt.Errorf("sweep plot: series %q point %q: tokens/s %g and s/token %g must be positive and finite",
					s.Name, pt.Label, pt.TokensPerSecond, pt.SecondsPerToken)
			}
			ms := pt.SecondsPerToken * 1e3
			xys[j] = plotter.XY{X: pt.TokensPerSecond, Y: ms}
			labels[j] = pt.Label
			xlo, xhi = math.Min(xlo, pt.TokensPerSecond), math.Max(xhi, pt.TokensPerSecond)
			ylo, yhi = math.Min(ylo, ms), math.Max(yhi, ms)
		}
		if err := addSeries(p, i, s.Name, xys, labels, true); err != nil {
			return nil, fmt.Errorf("sweep plot: %w", err)
		}
	}
	logAxis(&p.X, xlo, xhi*1.5)
	logAxis(&p.Y, ylo, yhi*1.5)
	return p, nil
}
