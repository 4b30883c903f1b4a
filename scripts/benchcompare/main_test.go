package main

import (
	"strings"
	"testing"

	"github.com/flopsdev/flops/bench"
)

func TestParseC(t *testing.T) {
	in := "C-gcc-O3 stream 2 triad 2.5e10\nCore: Prescott\nOpenBLAS-SkylakeX gemm fp64 2048 2 1.5e11\n"
	got, err := parseC(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].name != "triad" || got[1].name != "fp64 n=2048" || got[1].rate != 1.5e11 || got[1].threads != 2 {
		t.Errorf("parseC = %+v; want a triad and an fp64 n=2048 figure", got)
	}
	if _, err := parseC(strings.NewReader("x stream 2 triad fast\n")); err == nil {
		t.Error("got nil error for a non-numeric rate, want one")
	}
}

func TestReport(t *testing.T) {
	st := func(v float64) bench.Stat { return bench.Stat{Best: v} }
	res := &bench.Result{Runs: []bench.ThreadRun{{
		Threads: 2,
		Peak:    []bench.PeakFigure{{Precision: "fp64", FLOPPerSecond: st(180e9), Theoretical: 200e9, Achieved: 0.9}},
		Gemm:    []bench.GemmFigure{{Precision: "fp64", N: 2048, FLOPPerSecond: st(100e9)}},
		Stream:  []bench.StreamFigure{{Kernel: "triad", BytesPerSecond: st(27e9)}},
	}}}
	cs := []cFigure{
		{tag: "C-a", kind: "stream", name: "triad", threads: 2, rate: 30e9},
		{tag: "C-b", kind: "stream", name: "triad", threads: 2, rate: 20e9},
		{tag: "OB", kind: "gemm", name: "fp64 n=2048", threads: 2, rate: 200e9},
	}
	var b strings.Builder
	if err := report(&b, res, cs); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// triad 27 / 30 = 0.90 meets its target; GEMM 100 / 200 = 0.50 misses 0.60.
	norm := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"C-a 0.90 ≥ 0.90 ok", "OB 0.50 ≥ 0.60 MISSED", "all targets met: false"} {
		if !strings.Contains(norm, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestMergeAndKeepBest(t *testing.T) {
	st := func(v float64) bench.Stat { return bench.Stat{Best: v} }
	a := &bench.Result{Runs: []bench.ThreadRun{{Threads: 1,
		Peak:   []bench.PeakFigure{{Precision: "fp64", FLOPPerSecond: st(80), Theoretical: 100}},
		Stream: []bench.StreamFigure{{Kernel: "triad", BytesPerSecond: st(10)}}}}}
	b := &bench.Result{Runs: []bench.ThreadRun{{Threads: 1,
		Peak:   []bench.PeakFigure{{Precision: "fp64", FLOPPerSecond: st(90), Theoretical: 120}},
		Stream: []bench.StreamFigure{{Kernel: "triad", BytesPerSecond: st(9)}}}}}
	b.Runs[0].Peak[0].Achieved = 0.75
	merge(a, b)
	// The round with the higher rate, 90, with its own theoretical 120: 0.75.
	p := a.Runs[0].Peak[0]
	if p.FLOPPerSecond.Best != 90 || p.Theoretical != 120 || p.Achieved != 0.75 {
		t.Errorf("merged peak %+v; want best 90, theoretical 120, achieved 0.75", p)
	}
	if got := a.Runs[0].Stream[0].BytesPerSecond.Best; got != 10 {
		t.Errorf("merged triad %v, want 10", got)
	}
	cs, err := parseC(strings.NewReader("x stream 1 triad 5\nx stream 1 triad 7\nx stream 1 triad 6\n"))
	if err != nil || len(cs) != 1 || cs[0].rate != 7 {
		t.Errorf("parseC of three rounds = %+v, %v; want one figure of 7", cs, err)
	}
}
