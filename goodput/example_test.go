package goodput_test

import (
	"fmt"

	"github.com/flopsdev/flops/goodput"
)

// The Llama 3 405B snapshot from the defaults: 16,384 accelerators for 54
// days, a checkpoint of 405.85B parameters at 14 bytes each.
func ExampleEstimate() {
	k := 16384
	r, err := goodput.Estimate(goodput.Config{
		Accelerators:    k,
		Window:          54 * 86400,
		CheckpointBytes: goodput.StateBytes(405.853e9, goodput.StateBytesPerParam, k),
	}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("one interruption every %s, %.0f in 54 days\n", r.ClusterMTBF, *r.ExpectedInterruptions)
	fmt.Printf("checkpoint %s in %s, every %s\n", r.CheckpointBytes, r.CheckpointWrite, r.Interval)
	fmt.Printf("goodput %.1f%%\n", 100*r.Goodput)
	// Output:
	// one interruption every 3.09 h, 419 in 54 days
	// checkpoint 5.68 TB in 2.84 s, every 4.16 min
	// goodput 92.6%
}

// Young's interval for M = 3 h and δ = 60 s, and Daly's higher-order one.
func ExampleYoungInterval() {
	fmt.Printf("Young %.0f s, Daly %.0f s\n", goodput.YoungInterval(60, 3*3600), goodput.DalyInterval(60, 3*3600))
	// Output: Young 1138 s, Daly 1099 s
}
