package plot

import (
	"bytes"
	"testing"

	"github.com/flopsdev/flops/hardware"
)

func TestRooflinePointsBendAtRidge(t *testing.T) {
	// H100 SXM: 989.4e12 FLOP/s bf16 dense, 3.35e12 B/s (NVIDIA datasheet);
	// ridge = 989.4e12 / 3.35e12 = 295.3 FLOP/byte.
	m := Machine{Name: "h100", Peak: 989.4e12, Bandwidth: 3.35e12}
	xys := rooflinePoints(m, 1, 1e4, 1e12)
	for _, p := range xys {
		want := min(989.4, p.X*3.35)
		if d := p.Y - want; d > 1e-9 || d < -1e-9 {
			t.Fatalf("at I=%g: %g TFLOP/s, want min(989.4, I×3.35) = %g", p.X, p.Y, want)
		}
	}
	found := false
	for _, p := range xys {
		if p.X > 295.2 && p.X < 295.4 && p.Y == 989.4 {
			found = true
		}
	}
	if !found {
		t.Errorf("no point at the ridge 295.3 FLOP/byte")
	}
}

func TestCompareAccelerators(t *testing.T) {
	cat := hardware.Default()
	var accs []hardware.Accelerator
	for _, id := range []string{"h100", "v100", "mi300x"} {
		a, err := cat.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		accs = append(accs, a)
	}
	p, skipped, err := CompareAccelerators(accs, hardware.BF16)
	if err != nil {
		t.Fatal(err)
	}
	// V100 has no bf16 (Volta tensor cores are fp16 only; datasheet).
	if len(skipped) != 1 || skipped[0] != accs[1].ID {
		t.Errorf("skipped = %v, want [%s]", skipped, accs[1].ID)
	}
	svg, err := Render(p, "svg")
	if err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("render: %v", err)
	}
	if _, _, err := CompareAccelerators(accs[1:2], hardware.BF16); err == nil {
		t.Error("no accelerator with bf16: want an error")
	}
}
