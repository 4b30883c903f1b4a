package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/train"
	"github.com/flopsdev/flops/units"
)

// reliabilityHelp documents the reliability flags and output fields for
// the help text of train, plan and goodput; its defaults are package
// goodput's.
var reliabilityHelp = fmt.Sprintf(`
With failures (shown from %d accelerators, or whenever a reliability flag is
given): failures are a Poisson process with a per-accelerator MTBF (default
%s h, calibrated on Llama 3 405B's unexpected interruptions,
arXiv:2407.21783 §3.3.4); a checkpoint saves %d bytes per parameter plus
each rank's RNG state to storage (default %s per accelerator, Llama 3's
storage bandwidth per GPU, scaled with the cluster); a restart takes %s
plus loading the checkpoint; the interval is Daly's higher-order optimum.
Goodput G = τ / (M·e^{R/M}·(e^{(τ+δ)/M} − 1)) ≈ 1 − δ/τ − (τ/2 + R)/M, and
time, GPU-hours and cost with failures are the ideal ones / G.
--in-memory-checkpoint copies each shard to a peer's host memory over its
NIC instead (Gemini, SOSP 2023), so --checkpoint-bandwidth and
--checkpoint-write-time do not go with it.

Output fields with failures (--json):
  gpu_mtbf_seconds, cluster_mtbf_seconds   per accelerator m and M = m/K
  interruptions_per_day, expected_interruptions  86,400/M and over the run
  checkpoint_bytes, checkpoint_bandwidth_bytes_per_second, checkpoint_write_seconds,
  checkpoint_stall_seconds, restart_seconds                    δ, the pause, R
  young_interval_seconds, daly_interval_seconds, checkpoint_interval_seconds (τ)
  goodput, lost_seconds_per_interruption, can_make_progress, no_progress
  wall_clock_seconds_with_failures, gpu_hours_with_failures, cost_usd_with_failures`,
	goodput.ShowFrom, report.Grouped(goodput.DefaultGPUMTBF.Hours()), goodput.StateBytesPerParam,
	goodput.DefaultBandwidthPerGPU, goodput.DefaultRestart)

// onFlag is a boolean flag stored as "on" in a request's text field.
type onFlag struct{ dst *string }

func (f onFlag) String() string {
	if f.dst == nil {
		return ""
	}
	return *f.dst
}

func (f onFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*f.dst = "off"
	if b {
		*f.dst = "on"
	}
	return nil
}

func (f onFlag) IsBoolFlag() bool { return true }

// bindReliability binds the reliability flags to r's text fields.
func bindReliability(fs *flag.FlagSet, r *api.Reliability) {
	fs.StringVar(&r.GPUMTBF, "gpu-mtbf", "", "mean time between job-interrupting failures of one accelerator, e.g. 50000h (default "+
		report.Grouped(goodput.DefaultGPUMTBF.Hours())+" h, Llama 3)")
	fs.StringVar(&r.CheckpointBandwidth, "checkpoint-bandwidth", "", "aggregate storage write bandwidth, e.g. 2TB/s (default "+
		goodput.DefaultBandwidthPerGPU.String()+" × accelerators)")
	fs.StringVar(&r.CheckpointWriteTime, "checkpoint-write-time", "", "time to write one checkpoint, replacing bytes / bandwidth, e.g. 30s")
	fs.StringVar(&r.RestartTime, "restart-time", "", "interruption to training again, e.g. 5m (default "+goodput.DefaultRestart.String()+
		" + loading the checkpoint)")
	fs.StringVar(&r.CheckpointInterval, "checkpoint-interval", "", "compute between checkpoints, `DURATION` or optimal (default optimal: Daly 2006)")
	fs.Var(onFlag{&r.AsyncCheckpoint}, "async-checkpoint", "overlap checkpoint writes with training (stall only for the host copy)")
	fs.Var(onFlag{&r.InMemoryCheckpoint}, "in-memory-checkpoint", "checkpoint to peers' host memory over the network instead of storage")
}

// idealRun is what a run's figures with failures are compared with.
type idealRun struct {
	wall, window      units.Seconds
	gpuHours          float64
	energyKWh, energy *float64 // ideal and with failures; nil when unknown
}

// failuresTable lays out a reliability estimate beside the ideal figures.
func failuresTable(g *goodput.Result, ideal idealRun) *report.Table {
	title := "With failures"
	if !g.CanProgress {
		title += ": " + g.NoProgress
	}
	t := &report.Table{Title: title}
	t.AddRow(interruptionsRow(g)...)
	t.AddRow("checkpoint every", intervalText(g), checkpointDetail(g))
	t.AddRow("restart", g.Restart.String(), restartDetail(g))
	t.AddRow("goodput", percent(g.Goodput), "useful training / wall-clock")
	if u := g.Useful; u != nil {
		t.AddRow("useful training", u.String(), "of "+ideal.window.String())
	}
	if w := g.WallClockWithFailures; w != nil {
		t.AddRow("wall-clock", w.String(), "ideal "+ideal.wall.String())
		t.AddRow("GPU-hours", report.Grouped(*g.GPUHoursWithFailures), "ideal "+report.Grouped(ideal.gpuHours))
	}
	if c := g.CostWithFailures; c != nil {
		t.AddRow("cost", "$"+report.Grouped(float64(*c)), "at the same price")
	}
	if ideal.energy != nil {
		t.AddRow("energy", report.Grouped(*ideal.energy)+" kWh", "ideal "+report.Grouped(*ideal.energyKWh)+" kWh")
	}
	return t
}

// interruptionsRow is the expected count over the run, or the rate.
func interruptionsRow(g *goodput.Result) []string {
	detail := fmt.Sprintf("one every %s (cluster MTBF; %s h per accelerator)", g.ClusterMTBF, report.Grouped(g.GPUMTBF.Hours()))
	if n := g.ExpectedInterruptions; n != nil && g.CanProgress {
		return []string{"interruptions", report.Grouped(*n) + " expected", detail}
	}
	return []string{"interruptions", report.Grouped(g.InterruptionsPerDay) + " per day", detail}
}

// intervalText is τ, with its steps when known.
func intervalText(g *goodput.Result) string {
	if g.IntervalSteps > 0 {
		return fmt.Sprintf("%s (%s steps)", g.Interval, report.Grouped(float64(g.IntervalSteps)))
	}
	return g.Interval.String()
}

// checkpointDetail says how long a checkpoint takes and how τ was chosen.
func checkpointDetail(g *goodput.Result) string {
	s := "written in " + g.CheckpointWrite.String()
	if g.CheckpointBytes > 0 {
		s = fmt.Sprintf("%s %s", g.CheckpointBytes, s)
	}
	if g.CheckpointBandwidth > 0 {
		s += " at " + g.CheckpointBandwidth.String()
	}
	if g.CheckpointStall < g.CheckpointWrite {
		s += fmt.Sprintf(", training pauses %s", g.CheckpointStall)
	}
	return fmt.Sprintf("%s; Daly %s, Young %s", s, g.DalyInterval, g.YoungInterval)
}

// restartDetail gives the loss per interruption.
func restartDetail(g *goodput.Result) string {
	if g.LostPerInterruption == nil {
		return "per interruption"
	}
	rework := max(0, *g.LostPerInterruption-g.Restart)
	return fmt.Sprintf("per interruption, plus %s of lost work on average", rework)
}

// writeTrainFailures prints a training run's figures with failures, if any.
func writeTrainFailures(w io.Writer, r *train.Result) error {
	if r.Reliability == nil {
		return nil
	}
	fmt.Fprintln(w)
	return failuresTable(r.Reliability, idealRun{wall: r.WallClock, gpuHours: r.GPUHours,
		energyKWh: r.EnergyKWh, energy: r.EnergyKWhWithFailures}).Write(w)
}

// writePlanFailures prints the winning layout's figures with failures, if any.
func writePlanFailures(w io.Writer, r *plan.Result) error {
	if r.Reliability == nil || r.Best == nil {
		return nil
	}
	fmt.Fprintln(w)
	return failuresTable(r.Reliability, idealRun{wall: units.Seconds(r.Best.TimeToTrain), gpuHours: r.Best.GPUHours}).Write(w)
}
