package plot

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// h100 is the roofline of an H100 SXM at dense BF16: 989.4 TFLOP/s and
// 3.35 TB/s (formulas.md §4.7, NVIDIA datasheet), ridge 295 FLOP/byte.
func h100(pts ...Point) Roofline {
	return SimpleRoofline("H100 SXM bf16", "bf16", 989.4e12, "HBM3", 3.35e12, pts...)
}

func TestRenderFormats(t *testing.T) {
	p, err := NewRoofline(h100(Point{Series: "decode", Label: "decode B=8", Intensity: 8, Rate: 8 * 3.35e12}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		format string
		magic  []byte
	}{
		{"svg", []byte("<?xml")},
		{".SVG", []byte("<?xml")},
		{"png", []byte("\x89PNG\r\n\x1a\n")}, // PNG signature, RFC 2083 §3.1
	}
	for _, tt := range tests {
		b, err := Render(p, tt.format)
		if err != nil {
			t.Fatalf("Render(%q): %v", tt.format, err)
		}
		if !bytes.HasPrefix(b, tt.magic) {
			t.Errorf("Render(%q) starts %q, want %q", tt.format, b[:min(len(b), 8)], tt.magic)
		}
	}
}

func TestRenderSVGHasLabels(t *testing.T) {
	p, err := NewRoofline(h100(
		Point{Series: "prefill", Label: "prefill B=1", Intensity: 1800, Rate: 0.6 * 989.4e12},
		Point{Series: "decode", Label: "decode B=8", Intensity: 8, Rate: 8 * 3.35e12},
	))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(p, "svg", 12*vg.Centimeter, 8*vg.Centimeter)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"decode B=8", "prefill B=1", "attainable TFLOP/s", "arithmetic intensity"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
}

func TestRooflineAxes(t *testing.T) {
	// Ridge 989.4e12/3.35e12 = 295.3 FLOP/B: x spans 2.95 → 2,953, widened
	// to whole decades 1 … 10,000. y: 1 FLOP/B × 3.35 TB/s = 3.35 TFLOP/s
	// floors to 1; 1.5 × 989.4 = 1,484 TFLOP/s ceils to 10,000.
	p, err := NewRoofline(h100())
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"x min", p.X.Min, 1}, {"x max", p.X.Max, 1e4},
		{"y min", p.Y.Min, 1}, {"y max", p.Y.Max, 1e4},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
}

func TestRooflineCPU(t *testing.T) {
	// A measured CPU roofline (an AMD Zen 5 with 2 cores: ~205 GFLOP/s fp64, ~408
	// GFLOP/s fp32, ~58 GB/s STREAM triad): y in GFLOP/s.
	r := Roofline{Title: "this CPU",
		Roofs:  []Roof{{"fp64 FMA", 205e9}, {"fp32 FMA", 408e9}},
		Slopes: []Slope{{"DRAM triad", 58e9}},
		Points: []Point{{Series: "dgemm", Label: "n=2048", Intensity: 170, Rate: 156e9}},
	}
	p, err := NewRoofline(r)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Y.Label.Text, "attainable GFLOP/s"; got != want {
		t.Errorf("y label = %q, want %q", got, want)
	}
}

func TestRooflineErrors(t *testing.T) {
	tests := []struct {
		name string
		r    Roofline
		want string
	}{
		{"no roof", Roofline{Slopes: []Slope{{"hbm", 1e12}}}, "at least one"},
		{"zero peak", SimpleRoofline("", "bf16", 0, "hbm", 1e12), "peak"},
		{"negative bandwidth", SimpleRoofline("", "bf16", 1e15, "hbm", -1), "bandwidth"},
		{"zero point", h100(Point{Label: "x", Intensity: 0, Rate: 1}), `point " x"`},
	}
	for _, tt := range tests {
		_, err := NewRoofline(tt.r)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	p := New("t", "x", "y")
	tests := []struct {
		name   string
		format string
		size   []vg.Length
		want   string
	}{
		{"pdf", "pdf", nil, "use svg or png"},
		{"one size", "svg", []vg.Length{10}, "width and height"},
		{"zero size", "svg", []vg.Length{0, 10}, "out of range"},
		{"huge size", "png", []vg.Length{1e6, 1e6}, "out of range"},
	}
	for _, tt := range tests {
		_, err := Render(p, tt.format, tt.size...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if _, err := Render(nil, "svg"); err == nil {
		t.Error("Render(nil) succeeded, want error")
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	p, err := NewSweep("sweep", SweepSeries{Name: "H100", Points: []SweepPoint{
		{"B=1", 190, 5.2e-3}, {"B=8", 1400, 5.7e-3}, {"B=64", 6000, 10.6e-3}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.svg", "b.PNG"} {
		path := filepath.Join(dir, name)
		if err := Save(p, path); err != nil {
			t.Fatalf("Save(%s): %v", name, err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("Save(%s) wrote nothing: %v", name, err)
		}
	}
	for _, bad := range []string{"noext", "x.jpg"} {
		err := Save(p, filepath.Join(dir, bad))
		if err == nil || !strings.Contains(err.Error(), ".svg") && !strings.Contains(err.Error(), "svg or png") {
			t.Errorf("Save(%s) err = %v, want one naming the accepted extensions", bad, err)
		}
	}
}

func TestSavePanels(t *testing.T) {
	r, err := NewRoofline(h100())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSweep("s", SweepSeries{Name: "a", Points: []SweepPoint{{"B=1", 10, 0.1}}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "both.svg")
	if err := SavePanels([]*Plot{r, s}, path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"attainable TFLOP/s", "latency per output token"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("combined svg lacks %q", want)
		}
	}
}

func TestSweepErrors(t *testing.T) {
	if _, err := NewSweep("x"); err == nil {
		t.Error("NewSweep with no series succeeded")
	}
	_, err := NewSweep("x", SweepSeries{Name: "a", Points: []SweepPoint{{"B=1", 0, 1}}})
	if err == nil || !strings.Contains(err.Error(), "B=1") {
		t.Errorf("err = %v, want it to name the point", err)
	}
}
