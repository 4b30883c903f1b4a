package train_test

import (
	"fmt"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/train"
)

// The explainer's example done right: 7B parameters × 1T tokens on H100 SXM
// at 50 % MFU and $2 per GPU-hour: 4.2e22 FLOPs, ~23,600 GPU-hours, ~$47,000.
func ExampleEstimate() {
	h100, err := hardware.Default().Lookup("h100-sxm")
	if err != nil {
		panic(err)
	}
	r, err := train.Estimate(train.Config{
		Params:      7e9,
		Tokens:      1e12,
		Accelerator: h100,
		MFU:         0.5,
		Price:       2,
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("training FLOPs: %.2g\n", float64(r.TrainingFLOPs))
	fmt.Printf("peak:           %s (dense %s)\n", r.PeakFLOPS, r.Precision)
	fmt.Printf("GPU-hours:      %.0f\n", r.GPUHours)
	fmt.Printf("cost:           $%.0f\n", float64(*r.Cost))
	fmt.Printf("CO2e:           %s\n", r.CO2)
	// Output:
	// training FLOPs: 4.2e+22
	// peak:           989 TFLOP/s (dense bf16)
	// GPU-hours:      23583
	// cost:           $47167
	// CO2e:           7.92 t CO2e
}

// How many H100s finish 7B × 1T in 30 days, and what $10,000 buys.
func ExampleEstimate_inverse() {
	h100, err := hardware.Default().Lookup("h100")
	if err != nil {
		panic(err)
	}
	r, err := train.Estimate(train.Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Deadline: 30 * 86400})
	if err != nil {
		panic(err)
	}
	fmt.Printf("GPUs for 30 days: %d\n", r.GPUsNeeded)

	r, err = train.Estimate(train.Config{Params: 7e9, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 10000})
	if err != nil {
		panic(err)
	}
	fmt.Printf("$10k buys %s tokens\n", r.TokensAffordable)
	// Output:
	// GPUs for 30 days: 33
	// $10k buys 212B tokens
}
