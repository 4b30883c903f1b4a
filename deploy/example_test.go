package deploy_test

import (
	"fmt"

	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
)

// Serve Llama 3.1 8B on up to four H100s with the first token within
// 300 ms and 15 ms per output token.
func ExampleSearch() {
	e, _ := model.Lookup("llama-3.1-8b")
	h100, _ := hardware.Default().Lookup("h100-sxm")
	r, err := deploy.Search(deploy.Config{Model: &e.Arch, GPUs: []deploy.GPU{{Accelerator: h100, Price: 2}},
		TotalGPUs: 4, Targets: deploy.Targets{TTFT: 0.3, TPOT: 0.015}})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := r.Best
	fmt.Println("feasible:", r.Feasible)
	fmt.Println("within the targets:", b.TTFT <= 0.3 && b.TPOT <= 0.015, b.MeetsTargets)
	fmt.Println("GPUs used ≤ 4:", b.GPUs <= 4)
	fmt.Println("priced:", b.CostPerMillionOutput != nil)
	// Output:
	// feasible: true
	// within the targets: true true
	// GPUs used ≤ 4: true
	// priced: true
}
