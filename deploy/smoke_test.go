package deploy

import (
	"encoding/json"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
)

func TestSmoke(t *testing.T) {
	e, _ := model.Lookup("llama-3.1-70b")
	arch := e.Arch
	var gpus []GPU
	for _, id := range []string{"h100-sxm"} {
		a, _ := hardware.Default().Lookup(id)
		gpus = append(gpus, GPU{Accelerator: a, Price: 4.245, PriceSource: "test"})
	}
	r, err := Search(Config{Model: &arch, GPUs: gpus, Prompt: 1024, Output: 256, TotalGPUs: 64, Targets: Targets{TTFT: 0.5, TPOT: 0.03}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(r.Best, "", " ")
	t.Logf("best %s", b)
	t.Logf("why %+v", r.Why)
	t.Logf("evaluated %d simulated %d elapsed %.3f", r.Evaluated, r.Simulated, r.Elapsed)
	for _, p := range r.Pareto {
		t.Logf("pareto %s %s c=%d user %.1f gpu %.0f ttft %.3f", p.Mode, p.LayoutText(), p.Concurrency, p.OutputTokensPerSecondPerUser, p.OutputTokensPerSecondPerGPU, p.TTFT)
	}
	for _, p := range r.Accelerators[0].Top {
		t.Logf("top %s c=%d gpu %.0f tpot %.4f ttft %.3f", p.LayoutText(), p.Concurrency, p.OutputTokensPerSecondPerGPU, p.TPOT, p.TTFT)
	}
}
