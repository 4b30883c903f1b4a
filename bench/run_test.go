package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/flopsdev/flops/bench/kernels"
	"github.com/flopsdev/flops/units"
)

// TestRunSmall runs every measurement at toy sizes and checks the physics
// that must hold however loaded the machine is: every rate positive, no
// GEMM above the theoretical peak and, where the FMA units come from the
// table, no peak FMA loop above it either (the clock is timed by CPU time,
// so preemption cannot make it read low), no bandwidth above 10 TB/s.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("measures for about a second")
	}
	cfg := Config{Threads: 2, Duration: 10 * time.Millisecond, GemmSizes: []int{50}, StreamBytes: 3 * 8 * 20000}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 2 || res.Runs[0].Threads != 1 || res.Runs[1].Threads != 2 {
		t.Fatalf("got %d runs, want a 1-thread and a 2-thread run", len(res.Runs))
	}
	for _, run := range res.Runs {
		for _, p := range run.Peak {
			if p.FLOPPerSecond.Best <= 0 || p.FLOPPerSecond.Reps < 5 {
				t.Errorf("%d threads peak %s: %+v, want a positive best over at least 5 reps", run.Threads, p.Precision, p.FLOPPerSecond)
			}
			if res.Core != "" && p.Achieved > 1 {
				t.Errorf("%d threads peak %s at %.1f%% of the theoretical peak, want at most 100%%", run.Threads, p.Precision, 100*float64(p.Achieved))
			}
		}
		for _, g := range run.Gemm {
			pk := run.PeakOf(g.Precision)
			if g.FLOPPerSecond.Best <= 0 || g.OfTheoretical > 1 {
				t.Errorf("%d threads GEMM %s: %g FLOP/s against a theoretical %g", run.Threads, g.Precision, g.FLOPPerSecond.Best, float64(pk.Theoretical))
			}
		}
		if len(run.Stream) != 4 {
			t.Errorf("%d threads: %d STREAM figures, want 4", run.Threads, len(run.Stream))
		}
		for _, s := range run.Stream {
			if b := s.BytesPerSecond.Best; b <= 0 || b > 1e13 {
				t.Errorf("%d threads STREAM %s: %g B/s", run.Threads, s.Kernel, b)
			}
		}
	}
	if res.ISA != kernels.Best().String() {
		t.Errorf("ISA %q, want the best available %q", res.ISA, kernels.Best())
	}
}

func TestConfigErrors(t *testing.T) {
	m := Machine{LogicalCPUs: 2, MemAvailable: 8e9}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"negative threads", Config{Threads: -1}, "threads"},
		{"zero size", Config{GemmSizes: []int{0}}, "gemm size 0"},
		{"huge size", Config{GemmSizes: []int{100000}}, "gemm size 100000"},
		// 16384² × 24 bytes = 6 GiB, more than half of the 8 GB available.
		{"no memory", Config{GemmSizes: []int{16384}}, "more than half"},
		{"bad isa", Config{ISA: "sse9"}, "unknown instruction set"},
		{"negative duration", Config{Duration: -time.Second}, "negative"},
	}
	for _, tc := range cases {
		_, err := tc.cfg.resolve(m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestStreamBytes(t *testing.T) {
	cases := []struct {
		want, avail, got float64
	}{
		{0, 0, DefaultStreamBytes}, // default, memory unknown
		{0, 2e9, 0.5e9},            // capped at a quarter of 2 GB
		{1, 0, minStreamBytes},     // floor of three 1024-element arrays
		{6e8, 24e9, 6e8},           // as asked
	}
	for _, tc := range cases {
		if g := float64(streamBytes(unitsBytes(tc.want), unitsBytes(tc.avail))); g != tc.got {
			t.Errorf("streamBytes(%g, %g) = %g, want %g", tc.want, tc.avail, g, tc.got)
		}
	}
}

func unitsBytes(v float64) units.Bytes { return units.Bytes(v) }
