package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestTrainJSONWorkedExample(t *testing.T) {
	// Issue 2 "Checked by": training_flops 4.2e22, gpu_hours ≈ 23,580 (±1 %),
	// cost_usd ≈ 47,170 (±1 %). Hand arithmetic (formulas.md §8):
	// 6 × 7e9 × 1e12 = 4.2e22; / (989.4e12 × 0.5) / 3600 = 23,583 h; × $2 = $47,167.
	out, errOut, code := runCLI("train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm",
		"--mfu", "0.5", "--price", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		TrainingFLOPs float64  `json:"training_flops"`
		GPUHours      float64  `json:"gpu_hours"`
		Cost          *float64 `json:"cost_usd"`
		Wall          float64  `json:"wall_clock_seconds"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	check := func(name string, got, want, tol float64) {
		if math.Abs(got-want) > tol*want {
			t.Errorf("%s: got %g, want %g (±%g%%)", name, got, want, tol*100)
		}
	}
	check("training_flops", got.TrainingFLOPs, 4.2e22, 1e-9)
	check("gpu_hours", got.GPUHours, 23580, 0.01)
	if got.Cost == nil {
		t.Fatal("cost_usd: got null, want ≈ 47,170")
	}
	check("cost_usd", *got.Cost, 47170, 0.01)
	// One GPU: wall clock = GPU-seconds = 23,583 h × 3600 = 8.49e7 s.
	check("wall_clock_seconds", got.Wall, 8.49e7, 0.01)
}

func TestTrainNoPriceHint(t *testing.T) {
	out, errOut, code := runCLI("train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "flops: hint: add --price") {
		t.Errorf("stderr: got %q, want a hint to add --price", errOut)
	}
	if strings.Contains(out, "cost") {
		t.Errorf("stdout has a cost row without a price:\n%s", out)
	}
}

// TestTrainHelpDocumentsFields checks that every JSON field train can print
// is documented in "flops train -h", and that the help has examples.
func TestTrainHelpDocumentsFields(t *testing.T) {
	_, help, code := runCLI("train", "-h")
	if code != 0 {
		t.Fatalf("train -h: exit %d", code)
	}
	if !strings.Contains(help, "Examples:\n  flops train ") {
		t.Errorf("help has no Examples block:\n%s", help)
	}
	runs := [][]string{
		{"train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--price", "2", "--days", "30", "--json"},
		{"train", "--params", "7B", "--gpu", "h100-sxm", "--price", "2", "--budget", "10k", "--json"},
		{"train", "--params", "7B", "--tokens", "1T", "--peak", "500TFLOP/s", "--json"},
	}
	for _, args := range runs {
		out, errOut, code := runCLI(args...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		var fields map[string]any
		if err := json.Unmarshal([]byte(out), &fields); err != nil {
			t.Fatal(err)
		}
		for k := range fields {
			if !strings.Contains(help, k) {
				t.Errorf("JSON field %q (from %q) is not documented in train -h", k, args)
			}
		}
	}
}

func TestTrainModelPath(t *testing.T) {
	// testdata/tiny-llama/config.json: V 1000, d 64, L 2, H = K = 4, h_d 16, f 256, gated, untied,
	// max context 512, so T = 512 (the default 4096 capped). By hand:
	// params = 2·1000·64 (embedding, head) + 2·(4·64² + 3·64·256 + 2·64) + 64 = 259,392;
	// matmul = 2·(4·64² + 3·64·256) + 1000·64 = 195,072;
	// attention (full, PaLM App. B) = 2 layers · 4·4·16 · 512 = 262,144;
	// per token = 3·(2·195,072 + 262,144) = 1,956,864 FLOP; C = 1.956864e15 at D = 1B.
	out, errOut, code := runCLI("train", "--model", "testdata/tiny-llama/config.json", "--tokens", "1B", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Params   float64 `json:"params"`
		PerToken float64 `json:"training_flops_per_token"`
		FLOPs    float64 `json:"training_flops"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Params != 259392 || got.PerToken != 1956864 || math.Abs(got.FLOPs-1.956864e15) > 1 {
		t.Errorf("got params %g, per token %g, flops %g; want 259392, 1956864, 1.956864e15", got.Params, got.PerToken, got.FLOPs)
	}
}
