package api

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// llamaTrain is the Llama 3.1 405B pre-training run: 15.6T tokens on
// 16,384 H100 (Llama 3 paper §3.3), at 40 % MFU.
var llamaTrain = TrainRequest{Model: "llama-3.1-405b", Tokens: "15.6T", GPUs: "16384", MFU: "0.4", Price: "2", HW: HW{GPU: "h100"}}

func TestTrainWithFailures(t *testing.T) {
	res, err := llamaTrain.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Reliability
	if g == nil || g.WallClockWithFailures == nil || g.CostWithFailures == nil || res.EnergyKWhWithFailures == nil {
		t.Fatalf("16,384 GPUs: no figures with failures: %+v", g)
	}
	// The ideal figures are untouched and the ones with failures are them / G.
	w := float64(res.WallClock)
	if !near(float64(*g.WallClockWithFailures), w/g.Goodput, 1e-12) || !near(*g.GPUHoursWithFailures, res.GPUHours/g.Goodput, 1e-9) ||
		!near(float64(*g.CostWithFailures), float64(*res.Cost)/g.Goodput, 1e-9) || !near(*res.EnergyKWhWithFailures, *res.EnergyKWh/g.Goodput, 1e-9) {
		t.Errorf("with failures: wall %v, GPU-h %v, cost %v, energy %v; want the ideal ones / %.4f", *g.WallClockWithFailures,
			*g.GPUHoursWithFailures, *g.CostWithFailures, *res.EnergyKWhWithFailures, g.Goodput)
	}
	// A checkpoint holds all 405,853,388,800 parameters at 14 B plus 16,384 × 10 kB.
	if !near(float64(g.CheckpointBytes), 405853388800*14+16384*10e3, 1e-9) {
		t.Errorf("checkpoint bytes %g", float64(g.CheckpointBytes))
	}
	b, _ := json.Marshal(res)
	for _, f := range []string{"expected_interruptions", "checkpoint_interval_seconds", "goodput", "wall_clock_seconds_with_failures",
		"gpu_hours_with_failures", "cost_usd_with_failures", "energy_kwh_with_failures"} {
		if !strings.Contains(string(b), `"`+f+`":`) {
			t.Errorf("JSON has no %q field", f)
		}
	}
}

func near(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

func TestTrainFailuresShownFrom64(t *testing.T) {
	// Below 64 accelerators the figures with failures appear only when a
	// reliability flag is given; from 64 always.
	for _, c := range []struct {
		gpus, restart string
		want          bool
	}{{"63", "", false}, {"64", "", true}, {"1", "5m", true}} {
		r := TrainRequest{Params: "7B", Tokens: "1T", GPUs: c.gpus, HW: HW{GPU: "h100"}, Reliability: Reliability{RestartTime: c.restart}}
		res, err := r.Run(Env{})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Reliability != nil; got != c.want {
			t.Errorf("gpus %s, restart %q: shown %v, want %v", c.gpus, c.restart, got, c.want)
		}
		b, _ := json.Marshal(res)
		if got := strings.Contains(string(b), `"goodput"`); got != c.want {
			t.Errorf("gpus %s: JSON goodput field %v, want %v", c.gpus, got, c.want)
		}
	}
}

func TestTrainMoECheckpointHoldsAllExperts(t *testing.T) {
	// Mixtral 8x7B: 12.9B active, 46.7B stored (model catalog); the
	// checkpoint holds 46,702,792,704 × 14 B + 64 × 10 kB.
	res, err := TrainRequest{Model: "mixtral-8x7b", Tokens: "1T", GPUs: "64", HW: HW{GPU: "h100"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 46702792704.0*14 + 64*10e3; !near(float64(res.CheckpointBytes), want, 1e-9) {
		t.Errorf("checkpoint %g bytes, want %g (all experts)", float64(res.CheckpointBytes), want)
	}
}

func TestReliabilityInputErrors(t *testing.T) {
	// Every bad value is an *InputError naming its flag (exit 2 in the CLI).
	for _, c := range []struct {
		edit func(*Reliability)
		flag string
	}{
		{func(r *Reliability) { r.GPUMTBF = "0" }, "gpu-mtbf"},
		{func(r *Reliability) { r.GPUMTBF = "-5h" }, "gpu-mtbf"},
		{func(r *Reliability) { r.GPUMTBF = "NaN" }, "gpu-mtbf"},
		{func(r *Reliability) { r.CheckpointBandwidth = "fast" }, "checkpoint-bandwidth"},
		{func(r *Reliability) { r.CheckpointBandwidth = "2TB" }, "checkpoint-bandwidth"},
		{func(r *Reliability) { r.CheckpointWriteTime = "0s" }, "checkpoint-write-time"},
		{func(r *Reliability) { r.RestartTime = "-1m" }, "restart-time"},
		{func(r *Reliability) { r.RestartTime = "soon" }, "restart-time"},
		{func(r *Reliability) { r.CheckpointInterval = "best" }, "checkpoint-interval"},
		{func(r *Reliability) { r.CheckpointInterval = "1e400s" }, "checkpoint-interval"},
		{func(r *Reliability) { r.AsyncCheckpoint = "maybe" }, "async-checkpoint"},
		{func(r *Reliability) { r.InMemoryCheckpoint = "2" }, "in-memory-checkpoint"},
		// In memory, neither a storage bandwidth nor a given write time has an effect.
		{func(r *Reliability) { r.InMemoryCheckpoint, r.CheckpointBandwidth = "on", "2TB/s" }, "in-memory-checkpoint"},
		{func(r *Reliability) { r.InMemoryCheckpoint, r.CheckpointWriteTime = "on", "30s" }, "in-memory-checkpoint"},
	} {
		req := llamaTrain
		c.edit(&req.Reliability)
		_, err := req.Run(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != c.flag {
			t.Errorf("%+v: got %v, want an input error naming --%s", req.Reliability, err, c.flag)
		}
	}
}

func TestReliabilityNeedsCheckpointSize(t *testing.T) {
	// --flops gives no parameter count: a reliability flag then needs
	// --checkpoint-write-time (and async needs the size itself).
	base := TrainRequest{FLOPs: "3.8e25", GPUs: "16384", HW: HW{GPU: "h100"}}
	for _, c := range []struct {
		rel  Reliability
		flag string
	}{{Reliability{RestartTime: "5m"}, "checkpoint-write-time"}, {Reliability{AsyncCheckpoint: "on", CheckpointWriteTime: "3s"}, "async-checkpoint"}} {
		req := base
		req.Reliability = c.rel
		_, err := req.Run(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != c.flag {
			t.Errorf("%+v: got %v, want an input error naming --%s", c.rel, err, c.flag)
		}
	}
	// Without reliability flags the run is estimated, with a warning.
	res, err := base.Run(Env{})
	if err != nil || res.Reliability != nil || len(res.Warnings) == 0 {
		t.Errorf("--flops at 16,384 GPUs: err %v, reliability %v, warnings %q; want a warning only", err, res.Reliability, res.Warnings)
	}
	req := base
	req.Reliability = Reliability{CheckpointWriteTime: "3s"}
	if res, err := req.Run(Env{}); err != nil || res.Reliability == nil || res.CheckpointWrite != 3 {
		t.Errorf("--flops with --checkpoint-write-time 3s: err %v, result %+v", err, res.Reliability)
	}
}

func TestGoodputRequest(t *testing.T) {
	// The Llama 3 snapshot from the defaults: 419 ± 25 % unexpected
	// interruptions in 54 days and goodput 0.85–0.95 (issue 16's target;
	// the rate is calibrated on the 419, the goodput is not).
	rep, err := GoodputRequest{Model: "llama-3.1-405b", GPUs: "16384", Days: "54"}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if n := *rep.ExpectedInterruptions; rep.GPUs != 16384 || !near(n, 419, 0.25) || rep.Goodput < 0.85 || rep.Goodput > 0.95 {
		t.Errorf("got %d GPUs, %.0f interruptions, goodput %.3f; want 16,384, 419 ± 25%%, 0.85-0.95", rep.GPUs, n, rep.Goodput)
	}
	if len(rep.Steps) == 0 || len(rep.Assumptions) == 0 {
		t.Error("no derivation or assumptions")
	}
}

func TestGoodputSweep(t *testing.T) {
	sw, err := GoodputRequest{Model: "llama-3.1-405b", GPUs: "64-1M", Reliability: Reliability{CheckpointBandwidth: "default,2TB/s", RestartTime: "default,1m"}}.Sweep(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Series) != 4 || len(sw.Published) == 0 {
		t.Fatalf("got %d series, %d published runs; want 4 and some", len(sw.Series), len(sw.Published))
	}
	for _, s := range sw.Series {
		pts := s.Points
		if pts[0].GPUs != 64 || pts[len(pts)-1].GPUs != 1000000 {
			t.Errorf("%s: sizes %d … %d, want 64 … 1,000,000", s.Name, pts[0].GPUs, pts[len(pts)-1].GPUs)
		}
		for i := 1; i < len(pts); i++ {
			if pts[i].Goodput >= pts[i-1].Goodput {
				t.Errorf("%s: goodput %.4f at %d is not below %.4f at %d", s.Name, pts[i].Goodput, pts[i].GPUs, pts[i-1].Goodput, pts[i-1].GPUs)
			}
		}
	}
}

func TestGoodputRequestErrors(t *testing.T) {
	for _, c := range []struct {
		req   GoodputRequest
		sweep bool
		flag  string
	}{
		{GoodputRequest{Model: "llama-3-8b"}, false, "gpus"},
		{GoodputRequest{Model: "llama-3-8b", GPUs: "0"}, false, "gpus"},
		{GoodputRequest{Model: "llama-3-8b", GPUs: "1M-64"}, true, "gpus"},
		{GoodputRequest{Model: "llama-3-8b", GPUs: "64-2e9"}, true, "gpus"},
		{GoodputRequest{Model: "llama-3-8b", GPUs: "64-1M"}, false, "gpus"},
		{GoodputRequest{GPUs: "1024"}, false, "model"},
		{GoodputRequest{Model: "nosuch", GPUs: "1024"}, false, "model"},
		{GoodputRequest{Model: "llama-3-8b", Params: "8B", GPUs: "1024"}, false, "params"},
		{GoodputRequest{Params: "8X", GPUs: "1024"}, false, "params"},
		{GoodputRequest{Params: "8B", GPUs: "1024", Days: "-1"}, false, "days"},
		{GoodputRequest{Params: "8B", GPUs: "64-1M", Days: "30"}, true, "days"},
		{GoodputRequest{Params: "8B", GPUs: "1024", Reliability: Reliability{RestartTime: "1m,2m"}}, false, "gpus"},
		{GoodputRequest{Params: "8B", GPUs: "64-1M", Reliability: Reliability{CheckpointBandwidth: "1,2,3", RestartTime: "1m,2m,3m"}}, true, "checkpoint-bandwidth"},
		{GoodputRequest{Params: "8B", GPUs: "64-1M", Reliability: Reliability{RestartTime: "1m,never"}}, true, "restart-time"},
	} {
		var err error
		if c.sweep {
			_, err = c.req.Sweep(Env{})
		} else {
			_, err = c.req.Run(Env{})
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != c.flag {
			t.Errorf("%+v: got %v, want an input error naming --%s", c.req, err, c.flag)
		}
	}
}

func TestPlanWithFailures(t *testing.T) {
	// The Llama 3 layout (TP8 PP16, ZeRO from the search) on 16,384 H100:
	// checkpoints on whole steps, every rank writing (ZeRO ≥ 1 shards the
	// optimizer), and the time to train with failures = ideal / G.
	r := PlanRequest{Model: "llama-3.1-405b", HW: HW{GPU: "h100"}, GPUs: "16384", TP: "8", PP: "16", GlobalBatch: "2048", Seq: "8192", Price: "2"}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Reliability
	if g == nil || g.WallClockWithFailures == nil || res.Best == nil {
		t.Fatalf("no figures with failures: %+v", g)
	}
	if g.IntervalSteps < 1 || !near(float64(g.Interval), float64(g.IntervalSteps)*res.Best.StepTime, 1e-12) {
		t.Errorf("interval %v is not %d steps of %g s", g.Interval, g.IntervalSteps, res.Best.StepTime)
	}
	if !near(float64(*g.WallClockWithFailures), res.Best.TimeToTrain/g.Goodput, 1e-12) || g.Goodput < 0.85 || g.Goodput > 0.95 {
		t.Errorf("wall with failures %v, ideal %g s, goodput %.3f", *g.WallClockWithFailures, res.Best.TimeToTrain, g.Goodput)
	}
	r.RestartTime = "never"
	if _, err := r.Run(Env{}); err == nil || !strings.Contains(err.Error(), "--restart-time") {
		t.Errorf("plan --restart-time never: got %v, want an error naming the flag", err)
	}
}

// TestGoodputBadValueWithoutModel: a bad reliability value with neither
// --model nor --params is reported as itself (an input error naming its
// flag, a 400 from the server), not hidden behind the missing model.
func TestGoodputBadValueWithoutModel(t *testing.T) {
	for _, c := range []struct {
		rel  Reliability
		flag string
	}{
		{Reliability{GPUMTBF: "fast"}, "gpu-mtbf"},
		{Reliability{CheckpointWriteTime: "30s", RestartTime: "soon"}, "restart-time"},
		{Reliability{CheckpointWriteTime: "30s", AsyncCheckpoint: "maybe"}, "async-checkpoint"},
		{Reliability{}, "model"},
	} {
		_, err := GoodputRequest{GPUs: "1024", Reliability: c.rel}.Run(Env{})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Flag != c.flag {
			t.Errorf("%+v: got %v, want an input error naming --%s", c.rel, err, c.flag)
		}
	}
}

// TestGoodputSweepInMemoryBandwidths: a sweep over storage bandwidths
// with in-memory checkpoints would draw the same curve twice (the copy
// goes over the NIC): refused, naming --in-memory-checkpoint.
func TestGoodputSweepInMemoryBandwidths(t *testing.T) {
	r := GoodputRequest{GPUs: "64-1M", Params: "70B", Reliability: Reliability{InMemoryCheckpoint: "on", CheckpointBandwidth: "default,2TB/s"}}
	_, err := r.Sweep(Env{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Flag != "in-memory-checkpoint" {
		t.Errorf("got %v, want an input error naming --in-memory-checkpoint", err)
	}
}
