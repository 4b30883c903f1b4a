package validate

import (
	"testing"

	"github.com/flopsdev/flops/perf"
)

func TestPrintCalib(t *testing.T) {
	k, err := Korthikanti()
	if err != nil {
		t.Fatal(err)
	}
	n, err := Narayanan()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range append(k, n...) {
		t.Logf("%-45s %-38s pub %8.2f pred %8.2f err %6.1f%% mfu %.3f hfu %.3f", r.ID, r.Layout, r.Published, r.Predicted, r.ErrorPct, r.MFU, r.HFU)
	}
	t.Logf("%+v", summarize("k", k))
	t.Logf("%+v", summarize("n", n))
}

func TestPrintCalculon(t *testing.T) {
	arch := gptArch("megatron-1t", 25600, 102400, 160, 128, 51200, 2048)
	l := perf.Layout{TP: 4, PP: 64, DP: 12, EP: 1, VPP: 1, MicroBatch: 4, Recompute: perf.RecomputeFull, SeqParallel: true, ZeRO: 1}
	e, err := evaluate(arch, 2048, 3072, l, seleneA100(3072))
	t.Logf("%+v %v bubble %.3f mem %.1f GiB", e, err, e.Bubble/e.StepTime, e.MemTotal/(1<<30))
}
