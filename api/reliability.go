package api

import (
	"errors"
	"strings"

	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/units"
)

// Reliability is the failure model's settings as text (package goodput),
// one field per flag of "flops train", "flops plan" and "flops goodput"
// (JSON names = flag names). Empty fields are not given: the documented
// defaults apply and are listed as assumptions.
type Reliability struct {
	GPUMTBF             string `json:"gpu_mtbf"`              // per accelerator, e.g. "50000h", "5.8y"
	CheckpointBandwidth string `json:"checkpoint_bandwidth"`  // aggregate storage write, e.g. "2TB/s"
	CheckpointWriteTime string `json:"checkpoint_write_time"` // replaces the computed write time, e.g. "30s"
	RestartTime         string `json:"restart_time"`          // interruption to training again, e.g. "10m" (0 allowed)
	CheckpointInterval  string `json:"checkpoint_interval"`   // compute between checkpoints, e.g. "30m", or "optimal" (default)
	AsyncCheckpoint     string `json:"async_checkpoint"`      // on or off (default): overlap the write with training
	InMemoryCheckpoint  string `json:"in_memory_checkpoint"`  // on or off (default): checkpoints in peers' host memory
}

// options parses the fields into goodput.Options; a bad value is an
// *InputError naming its flag.
func (r Reliability) options() (goodput.Options, error) {
	var o goodput.Options
	var err error
	durations := []struct {
		flag, text string
		dst        *units.Seconds
	}{{"gpu-mtbf", r.GPUMTBF, &o.GPUMTBF}, {"checkpoint-write-time", r.CheckpointWriteTime, &o.WriteTime}}
	for _, d := range durations {
		if *d.dst, err = optionalDuration(d.flag, d.text); err != nil {
			return o, err
		}
	}
	if o.Interval, err = parseInterval(r.CheckpointInterval); err != nil {
		return o, err
	}
	if o.Restart, err = parseRestart(r.RestartTime); err != nil {
		return o, err
	}
	if strings.TrimSpace(r.CheckpointBandwidth) != "" {
		if o.Bandwidth, err = positive(r.CheckpointBandwidth, units.ParseByteRate); err != nil {
			return o, &InputError{Flag: "checkpoint-bandwidth", Value: r.CheckpointBandwidth, Err: err}
		}
	}
	if o.Async, err = onOff("async-checkpoint", r.AsyncCheckpoint, false); err != nil {
		return o, err
	}
	if o.InMemory, err = onOff("in-memory-checkpoint", r.InMemoryCheckpoint, false); err != nil {
		return o, err
	}
	return o, r.inputError(o.Check(true))
}

// inputError is a goodput.OptionError as the *InputError of its flag,
// with the text given for it; other errors pass through.
func (r Reliability) inputError(err error) error {
	var oe *goodput.OptionError
	if !errors.As(err, &oe) {
		return err
	}
	text := map[string]string{"async-checkpoint": r.AsyncCheckpoint, "in-memory-checkpoint": r.InMemoryCheckpoint,
		"checkpoint-write-time": r.CheckpointWriteTime, "checkpoint-bandwidth": r.CheckpointBandwidth}[oe.Flag]
	return &InputError{Flag: oe.Flag, Value: text, Err: oe.Err}
}

// optionalDuration parses a positive duration ("50000h", "30s", "1.5y"; a
// plain number is seconds), or returns 0 for empty text.
func optionalDuration(flag, s string) (units.Seconds, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	v, err := positive(s, units.ParseSeconds)
	if err != nil {
		return 0, &InputError{Flag: flag, Value: s, Err: err}
	}
	return v, nil
}

// parseInterval reads --checkpoint-interval: a positive duration, or
// "optimal" (or empty) for Daly's optimum, returned as 0.
func parseInterval(s string) (units.Seconds, error) {
	if strings.EqualFold(strings.TrimSpace(s), "optimal") {
		return 0, nil
	}
	return optionalDuration("checkpoint-interval", s)
}

// parseRestart reads --restart-time: a duration ≥ 0 ("0" means an
// instant restart), or nil for the default.
func parseRestart(s string) (*units.Seconds, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	v, err := units.ParseSeconds(s)
	if err != nil {
		return nil, &InputError{Flag: "restart-time", Value: s, Err: err}
	}
	if v < 0 {
		return nil, &InputError{Flag: "restart-time", Value: s, Err: errors.New("must be 0 or more")}
	}
	return &v, nil
}

// checkSize reports, as an input error naming the flag, reliability
// settings that need the checkpoint's size when the request cannot give
// it (no parameter count, e.g. train --flops): goodput.Options.Check.
func (r Reliability) checkSize(haveParams bool) error {
	o, err := r.options()
	if haveParams || err != nil || !o.Given() {
		return err // a bad value was reported by options already
	}
	return r.inputError(o.Check(false))
}
