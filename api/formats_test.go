package api

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/infer"
)

// TestWeightFormatsAgree holds the two weight-format readers to one answer:
// the static roofline (infer.ParseDtype, bits per element) and the serving
// engine (engine.ParseFormat, bits plus compute precision) must give the
// same bits for every name both accept, so --weights int4 sizes memory
// the same with and without a load flag.
func TestWeightFormatsAgree(t *testing.T) {
	for _, name := range []string{"bf16", "fp16", "fp8", "int8", "int4", "w4a16", "w8a8", "fp4", "nvfp4", "mxfp4", "bfloat16", "float16"} {
		d, err := infer.ParseDtype(name)
		if err != nil {
			t.Errorf("infer.ParseDtype(%q): %v", name, err)
			continue
		}
		f, err := engine.ParseFormat(name)
		if err != nil {
			t.Errorf("engine.ParseFormat(%q): %v", name, err)
			continue
		}
		if math.Abs(d.Bits-f.Bits) > 1e-12 {
			t.Errorf("%s: static roofline reads %g bits per weight, serving engine %g", name, d.Bits, f.Bits)
		}
	}
}
