package goodput

import (
	"errors"
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// maxAccelerators bounds K (a billion accelerators is far past any cluster).
const maxAccelerators = 1e9

// validate checks that every quantity is finite and in range and that the
// checkpoint's cost can be found. Messages use the CLI's flag names.
func (c Config) validate() error {
	if c.Accelerators < 1 || c.Accelerators > maxAccelerators {
		return fmt.Errorf("accelerators must be from 1 to 1e9, got %d", c.Accelerators)
	}
	checks := []struct {
		name string
		v    float64
	}{
		{"gpu-mtbf", float64(c.GPUMTBF)}, {"checkpoint-bandwidth", float64(c.Bandwidth)},
		{"checkpoint-write-time", float64(c.WriteTime)}, {"checkpoint-interval", float64(c.Interval)},
		{"run time", float64(c.Work)}, {"days", float64(c.Window)}, {"checkpoint size", float64(c.CheckpointBytes)},
		{"NIC bandwidth", float64(c.WriterBandwidth)}, {"step time", float64(c.Step)}, {"price", float64(c.Price)},
	}
	if c.Restart != nil {
		checks = append(checks, struct {
			name string
			v    float64
		}{"restart-time", float64(*c.Restart)})
	}
	for _, ch := range checks {
		if math.IsNaN(ch.v) || math.IsInf(ch.v, 0) || ch.v < 0 {
			return fmt.Errorf("%s must be a finite number ≥ 0, got %v", ch.name, ch.v)
		}
	}
	if c.Writers < 0 {
		return fmt.Errorf("checkpoint writers must be positive, got %d", c.Writers)
	}
	if c.Work > 0 && c.Window > 0 {
		return errors.New("give either the run's failure-free time or a wall-clock window, not both")
	}
	return c.validateCheckpoint()
}

// validateCheckpoint requires what the checkpoint cost is computed from.
func (c Config) validateCheckpoint() error {
	switch {
	case (c.Async || c.InMemory) && c.CheckpointBytes == 0:
		return errors.New("asynchronous and in-memory checkpoints need the checkpoint size: give the model (--model) or its parameters (--params)")
	case c.CheckpointBytes == 0 && c.WriteTime == 0:
		return errors.New("the checkpoint size is unknown: give the model (--model) or its parameters (--params), or --checkpoint-write-time")
	}
	return nil
}

// StateBytes is the size of one checkpoint of params parameters saved at
// bytesPerParam (StateBytesPerParam for mixed-precision Adam) by ranks
// ranks, each adding its random-number state:
//
//	bytes = N · bytes per parameter + ranks · RNGBytesPerRank
func StateBytes(params units.Params, bytesPerParam float64, ranks int) units.Bytes {
	return units.Bytes(float64(params)*bytesPerParam + float64(ranks)*RNGBytesPerRank)
}
