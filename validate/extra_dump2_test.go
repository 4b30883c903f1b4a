package validate

import (
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/perf"
)

func TestDumpBreakdown(t *testing.T) {
	cat := hardware.Default()
	for _, c := range []struct{ gpu string; h, L, a, seq, mb, gb, gpus int; rc perf.Recompute }{
		{"a100-sxm4-80gb", 4096, 32, 32, 2048, 6, 96, 8, perf.RecomputeNone},
		{"h100-sxm", 4096, 32, 32, 2048, 6, 48, 8, perf.RecomputeNone},
		{"h100-sxm", 2048, 24, 16, 2048, 14, 112, 8, perf.RecomputeNone},
		{"a100-sxm4-80gb", 8192, 80, 64, 2048, 8, 2048, 64, perf.RecomputeFull},
		{"h100-sxm", 8192, 80, 64, 2048, 8, 2048, 64, perf.RecomputeFull},
	} {
		acc, _ := cat.Lookup(c.gpu)
		cl, _ := perf.NewCluster(acc, hardware.BF16, c.gpus)
		arch := mptArch("m", c.h, c.L, c.a, c.seq)
		s, _ := perf.NewShape(arch, c.seq, perf.ShapeOptions{FlashAttention: true})
		m, _ := perf.Compile(s, cl, perf.DefaultTraining(c.gb, c.seq))
		e := m.Evaluate(perf.Layout{TP: 1, PP: 1, DP: c.gpus, EP: 1, MicroBatch: c.mb, VPP: 1, Recompute: c.rc, ZeRO: 3})
		t.Logf("%s d%d: step %.3f comp %.3f rc %.3f dp %.3f dpov %.3f opt %.4f mfu %.3f mem %.1fGB", c.gpu, c.h, e.StepTime, e.Compute, e.Recompute, e.DPComm, e.DPOverlapped, e.Optimizer, e.MFU, e.MemTotal/1e9)
	}
}
