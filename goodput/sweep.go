package goodput

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// SweepSizes returns cluster sizes from lo to hi in steps of √2 (every
// other one a doubling of lo), rounded to whole accelerators, hi included.
func SweepSizes(lo, hi int) ([]int, error) {
	if lo < 1 || hi < lo || hi > maxAccelerators {
		return nil, fmt.Errorf("sweep: sizes %d to %d: want 1 ≤ from ≤ to ≤ 1e9", lo, hi)
	}
	var sizes []int
	for i := 0; ; i++ {
		k := int(math.Round(float64(lo) * math.Pow(2, float64(i)/2)))
		if k >= hi {
			break
		}
		if len(sizes) == 0 || k > sizes[len(sizes)-1] {
			sizes = append(sizes, k)
		}
	}
	return append(sizes, hi), nil
}

// Sweep estimates opts at each cluster size, for a checkpoint of params
// parameters at StateBytesPerParam plus each rank's RNG state (params 0:
// opts.WriteTime must be set). Only the rates are computed: goodput does
// not depend on the run's length.
func Sweep(params units.Params, opts Options, sizes []int) ([]*Result, error) {
	out := make([]*Result, 0, len(sizes))
	for _, k := range sizes {
		cfg := Config{Options: opts, Accelerators: k}
		if params > 0 {
			cfg.CheckpointBytes = StateBytes(params, StateBytesPerParam, k)
		}
		r, err := Estimate(cfg, nil)
		if err != nil {
			return nil, fmt.Errorf("sweep at %d accelerators: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}
