package api_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/hardware"
)

func TestHWResolve(t *testing.T) {
	cases := []struct {
		name      string
		hw        api.HW
		id        string
		prec      hardware.Precision
		peak, bw  float64
		memory    float64
		sourceHas string
	}{
		// NVIDIA H100 datasheet: 989.4 TFLOP/s dense bf16, 3.35 TB/s, 80 GB.
		{"default chip", api.HW{}, "h100-sxm", "bf16", 989.4e12, 3.35e12, 80e9, "hpctech"},
		{"lenient name", api.HW{GPU: "A100_80GB"}, "a100-sxm4-80gb", "bf16", 312e12, 2.039e12, 80e9, "A100 datasheet"},
		{"precision", api.HW{GPU: "h100", Precision: "FP8"}, "h100-sxm", "fp8", 1978.9e12, 3.35e12, 80e9, ""},
		{"v100 fp16", api.HW{GPU: "v100", Precision: "fp16"}, "v100-sxm2-32gb", "fp16", 125e12, 0.9e12, 32e9, ""},
		// Ad hoc: the numbers typed (issue 2: --peak 500TFLOP/s --bandwidth 2TB/s --memory 96GB).
		{"custom", api.HW{Peak: "500TFLOP/s", Bandwidth: "2TB/s", Memory: "96GB"}, "custom", "bf16", 500e12, 2e12, 96e9, "command-line"},
		{"custom peak only", api.HW{Peak: "1 PFLOPS", Precision: "fp8"}, "custom", "fp8", 1e15, 0, 0, "command-line"},
		{"override", api.HW{GPU: "h100", Peak: "800 TFLOP/s", Memory: "80GiB"}, "h100-sxm", "bf16", 800e12, 3.35e12, 80 << 30, "overridden on the command line: bf16 peak 800 TFLOP/s, memory 85.9 GB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, p, err := c.hw.Resolve(api.Env{})
			if err != nil {
				t.Fatal(err)
			}
			peak, _ := a.Peak(p)
			if a.ID != c.id || p != c.prec || float64(peak) != c.peak || float64(a.Bandwidth) != c.bw || float64(a.Memory) != c.memory {
				t.Errorf("got %s %s peak %g bw %g mem %g; want %s %s %g %g %g",
					a.ID, p, float64(peak), float64(a.Bandwidth), float64(a.Memory), c.id, c.prec, c.peak, c.bw, c.memory)
			}
			if !strings.Contains(a.Source, c.sourceHas) {
				t.Errorf("source %q lacks %q", a.Source, c.sourceHas)
			}
		})
	}
}

func TestHWResolveOverrideDropsSparse(t *testing.T) {
	// A peak above the catalog's 2:4 sparse figure (1978.8e12) must not leave
	// a sparse figure below the dense one.
	a, _, err := api.HW{GPU: "h100", Peak: "2.5 PFLOP/s"}.Resolve(api.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Sparse[hardware.BF16]; ok {
		t.Errorf("sparse bf16 %g kept below the new dense peak", float64(a.Sparse[hardware.BF16]))
	}
	if d, _ := hardware.Default().Lookup("h100"); d.Dense[hardware.BF16] != 989.4e12 {
		t.Errorf("override changed the default catalog")
	}
}

func TestHWResolveErrors(t *testing.T) {
	cases := []struct {
		name string
		hw   api.HW
		want string
	}{
		{"unknown gpu", api.HW{GPU: "h10"}, `gpu: unknown accelerator "h10" (nearest: h100-pcie`},
		{"v100 has no bf16", api.HW{GPU: "v100"}, "has no bf16 peak (it has fp64, fp32, fp16)"},
		{"bad precision", api.HW{Precision: "fp12"}, "precision: unknown precision"},
		// QA: these read "peak: parse FLOP/s ..." (exit 1) while every other
		// bad flag value is `--flag "text": reason (want ...)` (exit 2).
		{"bad peak", api.HW{Peak: "7X"}, `--peak "7X": unknown suffix "X" (want a rate`},
		{"peak without unit", api.HW{Peak: "500"}, `--peak "500": 500 FLOP/s is below 1 GFLOP/s; give a unit`},
		{"bad bandwidth", api.HW{GPU: "h100", Bandwidth: "2TB"}, `--bandwidth "2TB": unknown suffix "TB" (want a bandwidth`},
		{"bad memory", api.HW{GPU: "h100", Memory: "80G"}, `--memory "80G": unknown suffix "G" (want a size`},
		{"tiny memory", api.HW{GPU: "h100", Memory: "80"}, `--memory "80": 80.0 B is below 1 MB`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := c.hw.Resolve(api.Env{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	_, _, err := api.HW{Peak: "7X"}.Resolve(api.Env{})
	if ie := (*api.InputError)(nil); !errors.As(err, &ie) || ie.Flag != "peak" {
		t.Errorf("bad --peak: got %T %v, want an *api.InputError for peak (a usage error, exit 2)", err, err)
	}
	_, _, err = api.HW{GPU: "v100"}.Resolve(api.Env{})
	var h interface{ Hint() string }
	if !errors.As(err, &h) || !strings.Contains(h.Hint(), "--precision fp16") {
		t.Errorf("V100 bf16 error: got %v, want a hint naming --precision fp16", err)
	}
}

func TestHWRequests(t *testing.T) {
	list, err := api.HWListRequest{Vendor: "google"}.Run(api.Env{})
	if err != nil || len(list.Accelerators) < 5 {
		t.Fatalf("list google: got %v, %v; want ≥ 5 TPU entries (v3, v4, v5e, v5p, v6e, 7x)", list, err)
	}
	for _, e := range list.Accelerators {
		if e.Vendor != "Google" {
			t.Errorf("vendor filter let %s (%s) through", e.ID, e.Vendor)
		}
	}
	show, err := api.HWShowRequest{ID: "tpu-v6e"}.Run(api.Env{})
	// Google TPU v6e docs: 918 TFLOP/s bf16 ÷ 1638 GB/s = 560.4 FLOP/byte.
	if err != nil || show.Ridge[hardware.BF16] < 560.3 || show.Ridge[hardware.BF16] > 560.5 {
		t.Errorf("show tpu-v6e: got ridge %v, %v; want bf16 560.4", show, err)
	}
	cmp, err := api.HWCompareRequest{IDs: []string{"a100", "v100"}}.Run(api.Env{})
	// A100 has fp64 fp32 tf32 bf16 fp16 int8; V100 fp64 fp32 fp16 (datasheets).
	if err != nil || fmt.Sprint(cmp.Precisions) != "[fp64 fp32 tf32 bf16 fp16 int8]" {
		t.Errorf("compare: got %v, %v; want precisions [fp64 fp32 tf32 bf16 fp16 int8]", cmp, err)
	}
	if _, err := (api.HWCompareRequest{}).Run(api.Env{}); !errors.Is(err, api.ErrNoIDs) {
		t.Errorf("compare without IDs: got %v, want ErrNoIDs", err)
	}
}

// Resolve a catalog chip by name and an ad-hoc chip from typed numbers.
func ExampleHW_Resolve() {
	a, p, _ := api.HW{GPU: "h100"}.Resolve(api.Env{})
	peak, _ := a.Peak(p)
	fmt.Println(a.ID, p, peak, a.Bandwidth)

	c, p, _ := api.HW{Peak: "500TFLOP/s", Bandwidth: "2TB/s", Memory: "96GB"}.Resolve(api.Env{})
	ridge, _ := c.Ridge(p)
	fmt.Println(c.ID, p, c.Dense[p], c.Bandwidth, c.Memory, ridge)
	// Output:
	// h100-sxm bf16 989 TFLOP/s 3.35 TB/s
	// custom bf16 500 TFLOP/s 2.00 TB/s 96.0 GB 250
}
