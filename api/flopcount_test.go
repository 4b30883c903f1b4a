package api

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/validate"
)

// TestOneFLOPCount: train --model, plan and validate count the same run
// the same way (issue 14): Llama 3 8B on 15T tokens at its 8,192-token
// pretraining context, full attention (PaLM App. B). The three must agree
// to 1e-9; the value, 5.791e10 FLOPs per token × 15e12 = 8.687e23, is the
// exact count of package model.
func TestOneFLOPCount(t *testing.T) {
	tr, err := TrainRequest{Model: "llama-3-8b", Tokens: "15T", HW: HW{GPU: "h100"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := PlanRequest{Model: "llama-3-8b", GPUs: "64", HW: HW{GPU: "h100"}, Top: "1"}.Run(Env{})
	if err != nil || pl.Best == nil {
		t.Fatalf("plan: %v", err)
	}
	if pl.Seq != 8192 {
		t.Errorf("plan's default sequence %d, want Llama 3's 8,192 pretraining context", pl.Seq)
	}
	runs, err := validate.Runs()
	if err != nil {
		t.Fatal(err)
	}
	var exact float64
	for _, r := range runs {
		if r.ID == "llama3-8b" {
			exact = r.ExactFLOPs
		}
	}
	planFLOPs := pl.Best.ModelFLOPsPerToken * 15e12
	for name, got := range map[string]float64{"plan": planFLOPs, "validate": exact} {
		if math.Abs(got-float64(tr.TrainingFLOPs)) > 1e-9*got {
			t.Errorf("%s counts %.6g FLOPs, train --model %.6g", name, got, float64(tr.TrainingFLOPs))
		}
	}
	if math.Abs(float64(tr.TrainingFLOPs)-8.687e23) > 1e-3*8.687e23 {
		t.Errorf("train --model: %.4g FLOPs, want 8.687e23", float64(tr.TrainingFLOPs))
	}
}
