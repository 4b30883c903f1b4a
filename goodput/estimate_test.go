package goodput

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// llama405 is Llama 3.1 405B's parameter count, 405,853,388,800 (counted
// from its config.json; Hugging Face safetensors total).
const llama405 = 405.853e9

// run estimates cfg and fails the test on error.
func run(t *testing.T, cfg Config) *Result {
	t.Helper()
	r, err := Estimate(cfg, nil)
	if err != nil {
		t.Fatalf("Estimate(%+v): %v", cfg, err)
	}
	return r
}

// llamaAt is the Llama 3.1 405B checkpoint on k accelerators with opts.
func llamaAt(k int, opts Options) Config {
	return Config{Options: opts, Accelerators: k, CheckpointBytes: StateBytes(llama405, StateBytesPerParam, k)}
}

// clusterSizes are the sizes of the sweep, 64 to 1,000,000, and beyond.
var clusterSizes = []int{64, 128, 256, 512, 1024, 4096, 16384, 65536, 262144, 1000000, 10000000}

func TestGoodputFallsWithClusterSize(t *testing.T) {
	fixed := Options{Bandwidth: 2e12}
	for _, opts := range []Options{{}, fixed, {Async: true}, {InMemory: true}} {
		prev := 2.0
		for _, k := range clusterSizes {
			g := run(t, llamaAt(k, opts)).Goodput
			if g > prev || (g == prev && g > 0) {
				t.Errorf("%+v: goodput at K=%d is %.6f, not below %.6f at the previous size", opts, k, g, prev)
			}
			prev = g
		}
	}
}

func TestGoodputRisesWithBandwidth(t *testing.T) {
	prev := -1.0
	for _, b := range []units.ByteRate{1e9, 1e10, 1e11, 1e12, 1e13, 1e14} {
		g := run(t, llamaAt(16384, Options{Bandwidth: b})).Goodput
		if g <= prev {
			t.Errorf("bandwidth %s: goodput %.6f, not above %.6f at the lower bandwidth", b, g, prev)
		}
		prev = g
	}
}

// checkSane fails when any number in r is NaN, infinite or negative, or
// goodput is outside [0, 1].
func checkSane(t *testing.T, what string, r *Result) {
	t.Helper()
	v := reflect.ValueOf(*r)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		if f.CanFloat() {
			if x := f.Float(); math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				t.Errorf("%s: %s = %v", what, v.Type().Field(i).Name, x)
			}
		}
	}
	if r.Goodput > 1 {
		t.Errorf("%s: goodput %v above 1", what, r.Goodput)
	}
}

func TestNoNaNOrNegative(t *testing.T) {
	// The bounds: any K up to 1e7 and any per-accelerator MTBF down
	// to one second give finite, non-negative figures; a run that cannot
	// progress says so.
	mtbfs := []units.Seconds{1, 60, 3600, DefaultGPUMTBF, 1e15}
	for _, k := range append([]int{1, 2, 63}, clusterSizes...) {
		for _, m := range mtbfs {
			for _, opts := range []Options{{GPUMTBF: m}, {GPUMTBF: m, Async: true}, {GPUMTBF: m, InMemory: true}, {GPUMTBF: m, Interval: 3600}} {
				cfg := llamaAt(k, opts)
				cfg.Work = 30 * 86400
				cfg.Price = 2
				r := run(t, cfg)
				checkSane(t, "", r)
				if m == 1 && (r.CanProgress || !strings.Contains(r.NoProgress, "cannot make progress")) {
					t.Errorf("K=%d, MTBF 1 s: can progress %v (%q), want a run that cannot make progress", k, r.CanProgress, r.NoProgress)
				}
				if !r.CanProgress && (r.WallClockWithFailures != nil || r.GPUHoursWithFailures != nil) {
					t.Errorf("K=%d, MTBF %s: no progress but a wall-clock or GPU-hours with failures", k, m)
				}
			}
		}
	}
}

func TestWorkAndWindow(t *testing.T) {
	// Work: T_w = T_s / G and N = T_w / M; window: N = window / M.
	cfg := llamaAt(16384, Options{})
	cfg.Work, cfg.Price = 60*86400, 2
	r := run(t, cfg)
	w := float64(*r.WallClockWithFailures)
	if !within(w, 60*86400/r.Goodput, 1e-12) || !within(*r.ExpectedInterruptions, w/float64(r.ClusterMTBF), 1e-12) {
		t.Errorf("work: wall %g, interruptions %g; want T_s/G = %g and T_w/M", w, *r.ExpectedInterruptions, 60*86400/r.Goodput)
	}
	if !within(*r.GPUHoursWithFailures, w*16384/3600, 1e-12) || !within(float64(*r.CostWithFailures), 2**r.GPUHoursWithFailures, 1e-12) {
		t.Errorf("work: GPU-hours %g, cost %g", *r.GPUHoursWithFailures, float64(*r.CostWithFailures))
	}
	cfg.Work, cfg.Window = 0, 54*86400
	r = run(t, cfg)
	if !within(*r.ExpectedInterruptions, 54*86400/float64(r.ClusterMTBF), 1e-12) || r.WallClockWithFailures != nil {
		t.Errorf("window: interruptions %g, wall %v", *r.ExpectedInterruptions, r.WallClockWithFailures)
	}
}

func TestAsyncAndInMemory(t *testing.T) {
	// An asynchronous checkpoint stalls only for the host copy (347 MB per
	// rank at 32 GB/s = 10.8 ms) and so checkpoints far more often; goodput
	// rises. In memory, the shard goes to a peer at 50 GB/s (6.9 ms).
	sync := run(t, llamaAt(16384, Options{}))
	async := run(t, llamaAt(16384, Options{Async: true}))
	mem := run(t, llamaAt(16384, Options{InMemory: true}))
	shard := float64(StateBytes(llama405, StateBytesPerParam, 16384)) / 16384
	if !within(float64(async.CheckpointStall), shard/32e9, 1e-9) || async.CheckpointWrite != sync.CheckpointWrite {
		t.Errorf("async: stall %g s, write %g s; want %g s and the synchronous write %g s",
			float64(async.CheckpointStall), float64(async.CheckpointWrite), shard/32e9, float64(sync.CheckpointWrite))
	}
	if !within(float64(mem.CheckpointWrite), shard/50e9, 1e-9) {
		t.Errorf("in memory: write %g s, want %g s", float64(mem.CheckpointWrite), shard/50e9)
	}
	if !(async.Goodput > sync.Goodput && mem.Goodput > sync.Goodput) || async.Interval < async.CheckpointWrite {
		t.Errorf("goodput sync %.4f, async %.4f (τ %s), in memory %.4f", sync.Goodput, async.Goodput, async.Interval, mem.Goodput)
	}
}

func TestIntervalInWholeSteps(t *testing.T) {
	// Daly's τ for the Llama 3 default is ~250 s; with 13 s steps the
	// checkpoint falls every round(250/13) = 19 steps = 247 s.
	cfg := llamaAt(16384, Options{})
	cfg.Step = 13
	r := run(t, cfg)
	want := math.Round(float64(r.DalyInterval)/13) * 13
	if r.IntervalSteps != int(want/13) || float64(r.Interval) != want {
		t.Errorf("got %d steps, τ = %g s; want %g s", r.IntervalSteps, float64(r.Interval), want)
	}
}

func TestGivenInputsAreUsed(t *testing.T) {
	restart := units.Seconds(60)
	r := run(t, Config{Options: Options{GPUMTBF: 1e8, WriteTime: 30, Restart: &restart, Interval: 1800}, Accelerators: 1000})
	if r.ClusterMTBF != 1e5 || r.CheckpointWrite != 30 || r.Restart != 60 || r.Interval != 1800 {
		t.Errorf("got M %g, δ %g, R %g, τ %g; want 1e5, 30, 60, 1800", float64(r.ClusterMTBF), float64(r.CheckpointWrite),
			float64(r.Restart), float64(r.Interval))
	}
	// G = 1800 / (1e5 · e^(60/1e5) · (e^(1830/1e5) − 1))
	//   = 1800 / (1e5 × 1.000600 × 0.0184685) = 1800 / 1847.96 = 0.97405.
	if !within(r.Goodput, 0.97405, 1e-4) {
		t.Errorf("goodput %.5f, want 0.97405", r.Goodput)
	}
}

func TestDerivationSteps(t *testing.T) {
	var tr explain.Trace
	cfg := llamaAt(16384, Options{})
	cfg.Work = 60 * 86400
	if _, err := Estimate(cfg, &tr); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range tr.Steps {
		names = append(names, s.Name)
	}
	want := []string{"cluster MTBF", "checkpoint write time", "restart time", "Young interval", "Daly interval",
		"checkpoint interval", "goodput", "wall-clock with failures", "expected interruptions", "accelerator-hours with failures"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("steps %q, want %q", names, want)
	}
	if len(tr.Assumptions) < 5 {
		t.Errorf("got %d assumptions, want the defaults with their sources", len(tr.Assumptions))
	}
}

func TestBadConfigs(t *testing.T) {
	neg := units.Seconds(-1)
	for name, cfg := range map[string]Config{
		"no accelerators":    {Accelerators: 0, CheckpointBytes: 1e12},
		"no checkpoint size": {Accelerators: 64},
		"async without size": {Options: Options{Async: true, WriteTime: 10}, Accelerators: 64},
		"NaN MTBF":           {Options: Options{GPUMTBF: units.Seconds(math.NaN())}, Accelerators: 64, CheckpointBytes: 1e12},
		"negative restart":   {Options: Options{Restart: &neg}, Accelerators: 64, CheckpointBytes: 1e12},
		"work and window":    {Accelerators: 64, CheckpointBytes: 1e12, Work: 1, Window: 1},
	} {
		if _, err := Estimate(cfg, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestOptionsCheck: the rules Estimate and the api share. In memory, a
// storage bandwidth or a given write time would have no effect; without
// the checkpoint's size, async and in-memory checkpoints cannot be priced
// and a write time must be given. Each error names its flag.
func TestOptionsCheck(t *testing.T) {
	for _, c := range []struct {
		o     Options
		sized bool
		flag  string
	}{
		{Options{}, true, ""},
		{Options{InMemory: true}, true, ""},
		{Options{InMemory: true, Bandwidth: 2e12}, true, "in-memory-checkpoint"},
		{Options{InMemory: true, WriteTime: 30}, true, "in-memory-checkpoint"},
		{Options{Async: true, WriteTime: 30}, true, ""},
		{Options{WriteTime: 30}, false, ""},
		{Options{Async: true, WriteTime: 30}, false, "async-checkpoint"},
		{Options{InMemory: true}, false, "in-memory-checkpoint"},
		{Options{GPUMTBF: 3600}, false, "checkpoint-write-time"},
	} {
		err := c.o.Check(c.sized)
		var oe *OptionError
		got := ""
		if errors.As(err, &oe) {
			got = oe.Flag
		} else if err != nil {
			got = "(not an OptionError)"
		}
		if got != c.flag {
			t.Errorf("%+v sized %v: %v, want an error naming %q", c.o, c.sized, err, c.flag)
		}
		cfg := Config{Options: c.o, Accelerators: 1024}
		if c.sized {
			cfg.CheckpointBytes = 1e12
		}
		if _, err := Estimate(cfg, nil); (err != nil) != (c.flag != "") {
			t.Errorf("%+v sized %v: Estimate error %v, want one: %v", c.o, c.sized, err, c.flag != "")
		}
	}
}
