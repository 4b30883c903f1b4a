package plot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/units"
)

func TestSaveInference(t *testing.T) {
	// 70B parameters at bf16 on an H100 SXM (989.4 TFLOP/s, 3.35 TB/s):
	// decode at batch B sits at intensity ≈ B FLOP/byte.
	acc := hardware.Accelerator{ID: "h100-sxm", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12},
		Bandwidth: 3.35e12, Memory: 80e9}
	rs, err := infer.Sweep(infer.Config{Params: 70e9, Accelerator: acc}, []int{1, 8, 64})
	if err != nil {
		t.Fatal(err)
	}
	roof, err := InferRoofline(rs)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := Render(roof, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"B=1", "B=64", "B=8", "prefill", "decode"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("roofline svg lacks %q", want)
		}
	}
	path := filepath.Join(t.TempDir(), "infer.png")
	if err := SaveInference(rs, path); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("SaveInference wrote no PNG: %v", err)
	}
	if b, err := RenderInference(rs, "svg"); err != nil || !bytes.Contains(b, []byte("latency per output token")) {
		t.Errorf("RenderInference: %v", err)
	}
	if _, err := InferRoofline(nil); err == nil {
		t.Error("InferRoofline(nil) succeeded")
	}
}
