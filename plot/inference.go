package plot

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/units"
)

// InferRoofline places the prefill and decode phases of each result on the
// roofline of its accelerator (results of one sweep share the accelerator
// of the first). The roof is the dense peak at the result's precision, the
// slope the memory bandwidth, both at 100 %; a point's height is the FLOP/s
// one GPU attains in that phase (FLOPs ÷ (t · phase time)), so the gap
// below the roof shows the efficiencies and the all-reduce time.
func InferRoofline(rs []*infer.Result) (*Plot, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("inference roofline: no results")
	}
	r0 := rs[0]
	title := fmt.Sprintf("%s on %d× %s (%s)", r0.Model, r0.GPUs, r0.Accelerator, r0.Precision)
	roof := SimpleRoofline(title, r0.Precision+" dense", r0.PeakFLOPs, "memory", r0.Bandwidth)
	for _, r := range rs {
		for _, ph := range []struct {
			name string
			p    infer.Phase
		}{{"prefill", r.Prefill}, {"decode", r.Decode}} {
			if ph.p.Seconds <= 0 || ph.p.Intensity <= 0 {
				continue
			}
			rate := float64(ph.p.FLOPs) / (float64(r.GPUs) * float64(ph.p.Seconds))
			roof.Points = append(roof.Points, Point{Series: ph.name, Label: fmt.Sprintf("B=%d", r.Batch),
				Intensity: ph.p.Intensity, Rate: units.FLOPRate(rate)})
		}
	}
	thinLabels(roof.Points)
	return NewRoofline(roof)
}

// thinLabels blanks the label of a point that lies within a few percent
// (0.06 decades on both axes) of the last labelled point of its series,
// so that coinciding points (prefill at the chunk size) do not overprint.
func thinLabels(pts []Point) {
	last := map[string]Point{}
	for i, p := range pts {
		q, ok := last[p.Series]
		if ok && math.Abs(math.Log10(p.Intensity/q.Intensity)) < 0.06 && math.Abs(math.Log10(float64(p.Rate/q.Rate))) < 0.06 {
			pts[i].Label = ""
			continue
		}
		last[p.Series] = p
	}
}

// InferSweep draws latency per output token against aggregate decode
// throughput, one point per result (batch size).
func InferSweep(rs []*infer.Result) (*Plot, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("inference sweep plot: no results")
	}
	r0 := rs[0]
	s := SweepSeries{Name: fmt.Sprintf("%s, %d× %s", r0.Model, r0.GPUs, r0.Accelerator)}
	for _, r := range rs {
		s.Points = append(s.Points, SweepPoint{Label: fmt.Sprintf("B=%d", r.Batch),
			TokensPerSecond: r.TokensPerSecond, SecondsPerToken: float64(r.SecondsPerOutputToken)})
	}
	return NewSweep("decode: latency vs throughput", s)
}

// RenderInference renders the two-panel inference figure (see
// SaveInference) in format "svg" or "png" at the default size, for the web
// API.
func RenderInference(rs []*infer.Result, format string) ([]byte, error) {
	roof, err := InferRoofline(rs)
	if err != nil {
		return nil, err
	}
	sweep, err := InferSweep(rs)
	if err != nil {
		return nil, err
	}
	return RenderPanels([]*Plot{roof, sweep}, format)
}

// SaveInference writes the inference figure to path (.svg or .png): the
// roofline (left) and the latency–throughput curve (right) side by side in
// one file.
func SaveInference(rs []*infer.Result, path string) error {
	roof, err := InferRoofline(rs)
	if err != nil {
		return err
	}
	sweep, err := InferSweep(rs)
	if err != nil {
		return err
	}
	return SavePanels([]*Plot{roof, sweep}, path)
}
