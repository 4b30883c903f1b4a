package calibrate

import (
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// BenchmarkCalibrate64 is the largest file "flops calibrate" takes
// (MaxRuns): 64 H100 runs of eight catalog models at two cluster sizes
// and four batches, every layout cell empty so the planner chooses it, as
// in a runs file that gives only model, GPUs, batch and step time. One op
// is the whole calibration: the planner search per run, the fit and the
// 64 held-out refits.
func BenchmarkCalibrate64(b *testing.B) {
	acc, err := hardware.Default().Lookup("h100-sxm")
	if err != nil {
		b.Fatal(err)
	}
	models := []struct {
		name string
		gpus int
	}{{"llama-3-8b", 8}, {"llama-2-13b", 16}, {"llama-3-70b", 64}, {"mistral-7b", 8}, {"llama-2-70b", 64},
		{"llama-2-7b", 8}, {"gpt3-175b", 128}, {"llama-3-8b", 16}}
	var runs []Run
	var cases []Case
	for rep := range MaxRuns / len(models) {
		for _, m := range models {
			e, err := model.Lookup(m.name)
			if err != nil {
				b.Fatal(err)
			}
			gpus, gb := m.gpus*(1+rep%2), 128*(1+rep%4)
			c, err := perf.NewCluster(acc, hardware.BF16, gpus)
			if err != nil {
				b.Fatal(err)
			}
			arch := e.Arch
			req := plan.Request{Arch: &arch, Cluster: c, Training: perf.DefaultTraining(gb, 4096), Options: perf.ShapeOptions{FlashAttention: true}}
			step := 5 + 0.1*float64(len(runs))
			runs = append(runs, Run{Model: m.name, GPU: acc.ID, GPUs: gpus, GlobalBatch: gb, SeqLen: 4096, StepSeconds: step})
			cases = append(cases, Case{ID: m.name, Group: acc.ID, Family: m.name, Request: req, Metric: StepSeconds, Measured: step})
		}
	}
	for b.Loop() {
		if _, err := Calibrate(runs, cases, "megatron-core", nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
