package train

import (
	"fmt"

	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/units"
)

// Reliability is the failure model's estimate for a run (package goodput).
type Reliability = goodput.Result

// srcBilling says what the figures with failures count.
const srcBilling = "every accelerator is billed and powered for the whole wall-clock, restarts and rework included"

// failures adds the reliability figures (package goodput) when the run has
// at least goodput.ShowFrom accelerators or a reliability option was
// given: the checkpoint holds N·14 bytes plus each rank's RNG state, the
// run's failure-free time is the ideal wall-clock T, and the price, power
// and PUE are the run's own. The ideal figures are left as they are.
func (r *Result) failures(cfg Config) error {
	opts := cfg.Reliability
	if r.GPUs < goodput.ShowFrom && !opts.Given() {
		return nil
	}
	gc := goodput.Config{Options: opts, Accelerators: r.GPUs, Work: r.WallClock}
	if r.Price != nil {
		gc.Price = *r.Price
	}
	gc.CheckpointBytes = r.checkpointBytes(cfg)
	if gc.CheckpointBytes == 0 && !opts.Given() { // given options without a size are Options.Check's to refuse
		r.Warnings = append(r.Warnings, "no goodput with failures: the checkpoint size needs the parameters "+
			"(--params or --model), or give --checkpoint-write-time")
		return nil
	}
	g, err := goodput.Estimate(gc, &r.Trace)
	if err != nil {
		return err
	}
	r.Reliability = g
	r.Assume("billing with failures", "whole wall-clock", srcBilling)
	if !g.CanProgress {
		r.Warnings = append(r.Warnings, g.NoProgress)
	}
	r.energyWithFailures(cfg)
	r.deadlineWithFailures(cfg)
	return nil
}

// checkpointBytes is N·StateBytesPerParam + K·RNG, with N the stored
// parameters (CheckpointParams, else Params); 0 when N is unknown.
func (r *Result) checkpointBytes(cfg Config) units.Bytes {
	n, src := cfg.CheckpointParams, "all stored parameters"
	if n == 0 {
		n, src = r.Params, "N (a dense model; --model counts every expert of an MoE)"
	}
	if n == 0 {
		return 0
	}
	b := goodput.StateBytes(n, goodput.StateBytesPerParam, r.GPUs)
	r.Assume("checkpoint", fmt.Sprintf("%s params × %d B + %d × %.0f kB RNG = %s", n, goodput.StateBytesPerParam, r.GPUs,
		goodput.RNGBytesPerRank/1e3, b), src+"; "+goodput.StateSource)
	return b
}

// energyWithFailures records GPU-hours with failures · P · PUE.
func (r *Result) energyWithFailures(cfg Config) {
	h := r.GPUHoursWithFailures
	if h == nil || r.EnergyKWh == nil {
		return
	}
	e := r.Add("energy with failures", "E_w = GPU-h_w · P · PUE",
		fmt.Sprintf("%s h × %s kW × %s", num(*h), num(float64(r.Power)/1000), num(r.PUE)), *h*float64(r.Power)/1000*r.PUE, "kWh", "")
	r.EnergyKWhWithFailures = &e
	r.setDisplay(units.Joules(e * 3.6e6).String())
}

// deadlineWithFailures warns when failures push the run past a deadline
// that its ideal time meets.
func (r *Result) deadlineWithFailures(cfg Config) {
	w := r.WallClockWithFailures
	if cfg.Deadline == 0 || w == nil || *w <= cfg.Deadline {
		return
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf("with failures (goodput %.1f%%) the run takes %s, past the %s deadline: "+
		"plan for more accelerators or time", 100*r.Goodput, *w, cfg.Deadline))
}
