package api_test

import (
	"fmt"

	"github.com/flopsdev/flops/api"
)

// The explainer's 70B example through the request layer the CLI and the
// web server share: 140 GB / 3.35 TB/s per token on one H100 SXM.
func ExampleInferRequest_Run() {
	res, err := api.InferRequest{Params: "70B", Batch: "1", HW: api.HW{GPU: "h100-sxm"}}.Run(api.Env{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s per token, %s-bound, fits: %v\n", res.SecondsPerOutputToken, res.Bound, res.Fits)
	// Output: 41.8 ms per token, memory-bound, fits: false
}
