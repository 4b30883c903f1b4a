package benchplot

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/bench"
	"github.com/flopsdev/flops/plot"
)

func result() *bench.Result {
	st := func(v float64) bench.Stat { return bench.Stat{Best: v, Reps: 3} }
	return &bench.Result{
		Machine: bench.Machine{ModelName: "Test CPU"},
		Runs: []bench.ThreadRun{{
			Threads: 2,
			Peak:    []bench.PeakFigure{{Precision: "fp64", FLOPPerSecond: st(170e9)}, {Precision: "fp32", FLOPPerSecond: st(340e9)}},
			Gemm:    []bench.GemmFigure{{Precision: "fp64", N: 2048, FLOPPerSecond: st(130e9)}, {Precision: "fp32", N: 1024, FLOPPerSecond: st(250e9)}},
			Stream:  []bench.StreamFigure{{Kernel: "triad", BytesPerSecond: st(30e9)}},
		}},
	}
}

func TestRoofline(t *testing.T) {
	rl, err := Roofline(result())
	if err != nil {
		t.Fatal(err)
	}
	if len(rl.Roofs) != 2 || len(rl.Slopes) != 1 || len(rl.Points) != 3 {
		t.Fatalf("got %d roofs, %d slopes, %d points; want 2, 1, 3", len(rl.Roofs), len(rl.Slopes), len(rl.Points))
	}
	// GEMM fp64 n=2048: 2·2048 / (3·8) = 170.67 FLOP/byte; fp32 n=1024:
	// 2·1024 / (3·4) = 170.67; triad: 2 FLOP / 24 B = 0.0833 at 30e9·2/24 = 2.5e9 FLOP/s.
	want := []float64{4096.0 / 24, 2048.0 / 12, 2.0 / 24}
	for i, w := range want {
		if math.Abs(rl.Points[i].Intensity-w) > 1e-9 {
			t.Errorf("point %d intensity %v, want %v", i, rl.Points[i].Intensity, w)
		}
	}
	if r := float64(rl.Points[2].Rate); math.Abs(r-2.5e9) > 1 {
		t.Errorf("triad point rate %v, want 2.5e9", r)
	}
	if _, err := plot.NewRoofline(rl); err != nil {
		t.Errorf("plot.NewRoofline: %v", err)
	}
}

func TestRooflineNeedsTriad(t *testing.T) {
	r := result()
	r.Runs[0].Stream = nil
	if _, err := Roofline(r); err == nil {
		t.Error("got nil error for a result without a triad, want one")
	}
}
