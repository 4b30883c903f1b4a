package hardware_test

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
)

// Look up a chip by any of its names and read its dense peak and ridge point.
func Example() {
	h100, err := hardware.Default().Lookup("H100_SXM")
	if err != nil {
		fmt.Println(err)
		return
	}
	peak, _ := h100.Peak(hardware.BF16)
	ridge, _ := h100.Ridge(hardware.BF16)
	fmt.Printf("%s: %s dense bf16 (%s with 2:4 sparsity, never used by default)\n", h100.Name, peak, h100.Sparse[hardware.BF16])
	fmt.Printf("%s at %s, ridge %.0f FLOP/byte\n", h100.Memory, h100.Bandwidth, ridge)
	// Output:
	// H100 SXM5 80GB: 989 TFLOP/s dense bf16 (1.98 PFLOP/s with 2:4 sparsity, never used by default)
	// 80.0 GB at 3.35 TB/s, ridge 295 FLOP/byte
}

func ExampleCatalog_Lookup_unknown() {
	_, err := hardware.Default().Lookup("mi300")
	fmt.Println(err)
	// Output: unknown accelerator "mi300" (nearest: mi300x, b300, gb300)
}
