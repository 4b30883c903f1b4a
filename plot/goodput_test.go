package plot

import (
	"math"
	"strings"
	"testing"
)

// goodputCurve is a made-up falling curve for the drawing tests.
func goodputCurve(name string) GoodputCurve {
	return GoodputCurve{Name: name, GPUs: []float64{64, 1024, 16384, 1e6}, Goodput: []float64{0.98, 0.97, 0.93, 0.04}}
}

func TestNewGoodput(t *testing.T) {
	runs := []GoodputRun{{Name: "Llama 3 405B", GPUs: 16384, Goodput: 0.9, AtLeast: true}, {Name: "OPT-175B", GPUs: 992, Goodput: 0.59}}
	p, err := NewGoodput("goodput", []GoodputCurve{goodputCurve("default"), goodputCurve("restart 1 min")}, runs)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min != 64 || p.X.Max != 1e6 || p.Y.Min != 0 {
		t.Errorf("axes x %g..%g, y from %g; want 64..1e6 and 0", p.X.Min, p.X.Max, p.Y.Min)
	}
	b, err := Render(p, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"restart 1 min", "Llama 3 405B: ≥ 90%", "OPT-175B: 59%", "10K", "100%"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("SVG has no %q", want)
		}
	}
}

func TestNewGoodputBadInput(t *testing.T) {
	bad := goodputCurve("bad")
	bad.Goodput[1] = math.NaN()
	short := GoodputCurve{Name: "short", GPUs: []float64{64}, Goodput: []float64{0.9}}
	for name, c := range map[string]struct {
		curves []GoodputCurve
		runs   []GoodputRun
	}{
		"no curve":        {nil, nil},
		"NaN goodput":     {[]GoodputCurve{bad}, nil},
		"one point":       {[]GoodputCurve{short}, nil},
		"run above 100 %": {[]GoodputCurve{goodputCurve("ok")}, []GoodputRun{{Name: "x", GPUs: 10, Goodput: 1.5}}},
		"run at K = 0":    {[]GoodputCurve{goodputCurve("ok")}, []GoodputRun{{Name: "x", GPUs: 0, Goodput: 0.5}}},
	} {
		if _, err := NewGoodput("t", c.curves, c.runs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
