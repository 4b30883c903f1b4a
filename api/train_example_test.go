package api_test

import (
	"fmt"

	"github.com/flopsdev/flops/api"
)

// The same request the CLI and the JSON API take, as text: flops train
// --params 7B --tokens 1T --gpu h100-sxm --mfu 0.5 --price 2.
func ExampleTrainRequest_Run() {
	req := api.TrainRequest{Params: "7B", Tokens: "1T", MFU: "50%", Price: "$2/h", HW: api.HW{GPU: "h100-sxm"}}
	r, err := req.Run(api.Env{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2g FLOPs, %.0f GPU-hours, $%.0f, %s\n", float64(r.TrainingFLOPs), r.GPUHours, float64(*r.Cost), r.CO2)

	_, err = api.TrainRequest{Params: "7X", Tokens: "1T"}.Run(api.Env{})
	fmt.Println(err)
	// Output:
	// 4.2e+22 FLOPs, 23583 GPU-hours, $47167, 7.92 t CO2e
	// --params "7X": unknown suffix "X" (want a number with optional K, M, B, T suffix, e.g. 7B, 1.5T, 7e9)
}
