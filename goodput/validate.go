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
	return c.Options.Check(c.CheckpointBytes > 0)
}

// OptionError is a reliability setting the model cannot price as given;
// Flag names the CLI flag at fault (the api turns it into an input error).
type OptionError struct {
	Flag string
	Err  error
}

func (e *OptionError) Error() string { return "--" + e.Flag + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// Check reports options that cannot be priced together and, when the
// checkpoint's size is unknown (sized false: no parameter count),
// options that need it. It is the one statement of these rules: Estimate
// applies it, and the api checks requests with it before any work.
//
// An in-memory checkpoint is copied to a peer's host memory over each
// rank's NIC, its time computed from the shard's bytes: a storage
// bandwidth does not apply, and a given write time would replace the very
// cost the option prices (the two options would leave it with no effect).
// Asynchronous and in-memory checkpoints price the shard, so they need
// the size; without it only a given write time prices a checkpoint.
func (o Options) Check(sized bool) error {
	switch {
	case o.InMemory && o.Bandwidth > 0:
		return &OptionError{"in-memory-checkpoint", errors.New("copies each shard to a peer's host memory over its NIC, not to storage: drop --checkpoint-bandwidth (or this flag)")}
	case o.InMemory && o.WriteTime > 0:
		return &OptionError{"in-memory-checkpoint", errors.New("prices the copy from the checkpoint's size at the NIC bandwidth: drop --checkpoint-write-time (or this flag, to use the time given)")}
	case sized:
		return nil
	case o.Async:
		return &OptionError{"async-checkpoint", errors.New("needs the checkpoint size: give --params or --model")}
	case o.InMemory:
		return &OptionError{"in-memory-checkpoint", errors.New("needs the checkpoint size: give --params or --model")}
	case o.WriteTime == 0:
		return &OptionError{"checkpoint-write-time", errors.New("missing: without --params or --model the checkpoint size is unknown; give its write time, e.g. --checkpoint-write-time 30s")}
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
