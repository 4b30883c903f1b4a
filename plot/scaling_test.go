package plot

import (
	"bytes"
	"math"
	"testing"
)

// parabola returns an iso-FLOP-like series: loss = 2 + (log10 N − 10)²/10
// over N = 1e9..1e11, minimum 2 at N = 1e10 (hand-made, not a law).
func parabola(name string) IsoFLOPSeries {
	s := IsoFLOPSeries{Name: name, OptParams: 1e10, OptLoss: 2}
	for e := 9.0; e <= 11.0001; e += 0.25 {
		s.Params = append(s.Params, math.Pow(10, e))
		s.Loss = append(s.Loss, 2+(e-10)*(e-10)/10)
	}
	return s
}

func TestNewIsoFLOP(t *testing.T) {
	p, err := NewIsoFLOP("iso", parabola("law A · 1e21 FLOP"), parabola("law B · 1e22 FLOP"))
	if err != nil {
		t.Fatal(err)
	}
	// Axes: x spans whole decades around 1e9..1e11; y pads the 2.0..2.1 loss
	// range by 5% below and 5% + 2 × 4% (legend room for two series) above.
	if p.X.Min != 1e9 || p.X.Max != 1e11 || math.Abs(p.Y.Min-1.995) > 1e-9 || math.Abs(p.Y.Max-2.113) > 1e-9 {
		t.Errorf("axes x [%g, %g] y [%g, %g], want x [1e9, 1e11] y [1.995, 2.113]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	svg, err := Render(p, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"law A · 1e21 FLOP", "law B · 1e22 FLOP", "10.0B"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
}

func TestNewFrontier(t *testing.T) {
	line := FrontierLine{Name: "N = 0.09·C^0.5", Compute: []float64{1e20, 1e26}, Params: []float64{9e8, 9e11}}
	p, err := NewFrontier("frontier", []FrontierLine{line}, []FrontierModel{{"Chinchilla 70B", 5.88e23, 70e9}})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 1e20 || p.X.Max != 1e26 || p.Y.Min != 1e8 || p.Y.Max != 1e14 {
		t.Errorf("axes x [%g, %g] y [%g, %g], want [1e20, 1e26] [1e8, 1e14] (two spare decades for the legend)", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	svg, err := Render(p, "svg")
	if err != nil || !bytes.Contains(svg, []byte("Chinchilla 70B")) {
		t.Errorf("svg lacks the model label (err %v)", err)
	}
}

func TestScalingPlotErrors(t *testing.T) {
	bad := parabola("bad")
	bad.Loss = bad.Loss[:2]
	nan := parabola("nan")
	nan.Loss[3] = math.NaN()
	if _, err := NewIsoFLOP("x"); err == nil {
		t.Error("NewIsoFLOP with no series: no error")
	}
	for _, s := range []IsoFLOPSeries{bad, nan} {
		if _, err := NewIsoFLOP("x", s); err == nil {
			t.Errorf("NewIsoFLOP(%s): no error", s.Name)
		}
	}
	if _, err := NewFrontier("x", nil, nil); err == nil {
		t.Error("NewFrontier with no lines: no error")
	}
	one := FrontierLine{Name: "one", Compute: []float64{1e20}, Params: []float64{1e9}}
	if _, err := NewFrontier("x", []FrontierLine{one}, nil); err == nil {
		t.Error("NewFrontier with a one-point line: no error")
	}
	ok := FrontierLine{Name: "ok", Compute: []float64{1e20, 1e21}, Params: []float64{1e9, 3e9}}
	if _, err := NewFrontier("x", []FrontierLine{ok}, []FrontierModel{{"zero", 0, 1e9}}); err == nil {
		t.Error("NewFrontier with a zero-compute model: no error")
	}
}

func TestDecimalTicksTellLossesApart(t *testing.T) {
	// Losses on an iso-FLOP curve span e.g. 1.90–2.10 nats: the labels must
	// not all round to "2".
	seen := map[string]bool{}
	for _, tk := range (decimalTicks{}).Ticks(1.9, 2.1) {
		if tk.Label == "" {
			continue
		}
		if seen[tk.Label] {
			t.Errorf("duplicate tick label %q", tk.Label)
		}
		seen[tk.Label] = true
	}
	if len(seen) < 2 {
		t.Errorf("labels %v: want at least two distinct", seen)
	}
}
