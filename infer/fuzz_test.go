package infer

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/units"
)

// FuzzParseBatches: any input gives an error or 1 … MaxSweep sizes, each
// within 1 … MaxBatch; never a panic.
func FuzzParseBatches(f *testing.F) {
	for _, s := range []string{"8", "1,2,4", "1-512", "3-20", "1-4, 96", "", "0", "8-4", "1-99999999999", "-", ",,", "1-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs, err := ParseBatches(s)
		if err != nil {
			return
		}
		if len(bs) == 0 || len(bs) > MaxSweep {
			t.Fatalf("ParseBatches(%q) gave %d sizes", s, len(bs))
		}
		for _, b := range bs {
			if b < 1 || b > MaxBatch {
				t.Fatalf("ParseBatches(%q) gave size %d", s, b)
			}
		}
	})
}

// FuzzParseDtype: any input gives an error or a finite positive bit width
// of at most 64.
func FuzzParseDtype(f *testing.F) {
	for _, s := range []string{"bf16", "Q4_K_M", "q3_k_l", "4.25", "NaN", "1e400", "-1", "int4", "e4m3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDtype(s)
		if err != nil {
			return
		}
		if !(d.Bits > 0 && d.Bits <= 64) || math.IsNaN(d.Bits) {
			t.Fatalf("ParseDtype(%q) = %g bits", s, d.Bits)
		}
	})
}

// FuzzEstimate: any numbers give an error or a result whose times are
// finite and non-negative; never a panic or a hang.
func FuzzEstimate(f *testing.F) {
	f.Add(1, 1, 1024, 256, 0.5, 0.7)
	f.Add(8, 512, 1, 1, 1.0, 1.0)
	f.Add(4096, 1<<24, 1<<29, 1<<29, 0.01, 0.01)
	f.Add(-1, 0, -5, 0, 2.0, -1.0)
	f.Fuzz(func(t *testing.T, gpus, batch, prompt, output int, uc, um float64) {
		for _, a := range []*Config{
			{Model: deepseekV3(), Accelerator: h100()},
			{Model: mistral7b(), Accelerator: h100()},
			{Params: 7e9, Accelerator: a100()},
		} {
			c := *a
			c.GPUs, c.Batch, c.Prompt, c.Output = gpus, batch, prompt, output
			c.ComputeEff, c.BandwidthEff = units.Fraction(uc), units.Fraction(um)
			r, err := Estimate(c)
			if err != nil {
				continue
			}
			for _, v := range []float64{float64(r.TTFT), float64(r.SecondsPerOutputToken), float64(r.LatencySeconds)} {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("%+v: time %g", c, v)
				}
			}
		}
	})
}
