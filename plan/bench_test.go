package plan

import (
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
)

// evalModel compiles GPT-3 175B on 1,024 A100s, global batch 1,536.
func evalModel(b *testing.B) *perf.Model {
	r := request(gpt("gpt3-175b", 12288, 96, 96), 1024, 1536)
	s, err := perf.NewShape(r.Arch, 2048, r.Options)
	if err != nil {
		b.Fatal(err)
	}
	m, err := perf.Compile(s, r.Cluster, r.Training)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

var sink float64

// BenchmarkEvaluate measures evaluations per second on one core.
func BenchmarkEvaluate(b *testing.B) {
	m := evalModel(b)
	l := perf.Layout{TP: 8, PP: 8, DP: 16, EP: 1, MicroBatch: 1, VPP: 3, Recompute: perf.RecomputeSelective, SeqParallel: true, ZeRO: 1}
	b.ReportAllocs()
	for b.Loop() {
		sink += m.Evaluate(l).StepTime
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkEvaluateParallel measures evaluations per second on all cores.
func BenchmarkEvaluateParallel(b *testing.B) {
	m := evalModel(b)
	l := perf.Layout{TP: 8, PP: 8, DP: 16, EP: 1, MicroBatch: 1, VPP: 3, Recompute: perf.RecomputeSelective, SeqParallel: true, ZeRO: 1}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		s := 0.0
		for pb.Next() {
			s += m.Evaluate(l).StepTime
		}
		_ = s
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

func benchSearch(b *testing.B, r Request) {
	r.Workers = 2
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Run(r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Evaluated), "evaluated")
	b.ReportMetric(float64(res.Space), "layouts")
	// Search speed: layouts visited per second of wall time (the issue-14
	// target is ≥ 10^6 layouts/s).
	b.ReportMetric(float64(res.Space)*float64(b.N)/b.Elapsed().Seconds(), "layouts/s")
}

// BenchmarkSearch175B is the full search for GPT-3 175B on 1,024 A100s.
func BenchmarkSearch175B(b *testing.B) {
	benchSearch(b, request(gpt("gpt3-175b", 12288, 96, 96), 1024, 1536))
}

// BenchmarkSearch1T is the full search for Megatron 1T on 4,096 A100s.
func BenchmarkSearch1T(b *testing.B) {
	benchSearch(b, request(gpt("megatron-1t", 25600, 160, 128), 4096, 4096))
}

// BenchmarkSearchDeepSeekV3 is the MoE search of the README: DeepSeek-V3
// on 2,048 H800-class GPUs (FP8), EP and PP free, DualPipe stack.
func BenchmarkSearchDeepSeekV3(b *testing.B) {
	e, err := model.Lookup("deepseek-v3")
	if err != nil {
		b.Fatal(err)
	}
	acc, err := hardware.Default().Lookup("h800")
	if err != nil {
		b.Fatal(err)
	}
	c, err := perf.NewCluster(acc, hardware.FP8, 2048)
	if err != nil {
		b.Fatal(err)
	}
	tr := perf.DefaultTraining(15360, 4096)
	tr.Stack, _ = perf.LookupStack("hai-llm")
	arch := e.Arch
	benchSearch(b, Request{Arch: &arch, Options: perf.ShapeOptions{FlashAttention: true}, Cluster: c, Training: tr, Top: 5,
		Fixed: Constraints{TP: 1}})
}
