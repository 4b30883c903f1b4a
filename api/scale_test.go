package api

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestScaleOptimalRequestJSON decodes a request as the server would and
// checks the paper's 40B for Gopher's budget under the precise constants
// (Hoffmann et al. 2022 Fig. 4 caption; formulas.md §6.3), ±2%.
func TestScaleOptimalRequestJSON(t *testing.T) {
	var r ScaleOptimalRequest
	if err := json.Unmarshal([]byte(`{"compute":"5.76e23","law":"chinchilla-3-precise"}`), &r); err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Laws) != 1 || math.Abs(float64(res.Laws[0].ParamsOptimal)/40e9-1) > 0.02 || res.Hardware != nil {
		t.Errorf("got %+v, want one law with N_opt ≈ 40B and no hardware", res.Laws)
	}
}

// TestScaleOptimalDefaultHardware: a GPU-hours budget without --gpu uses
// the default H100 SXM (989.4 TFLOP/s dense BF16) at MFU 0.4, both
// recorded as assumptions: 1000 h × 3600 × 989.4e12 × 0.4 = 1.4247e21 FLOPs.
func TestScaleOptimalDefaultHardware(t *testing.T) {
	res, err := ScaleOptimalRequest{GPUHours: "1000", ScaleLaws: ScaleLaws{Law: "epoch"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(float64(res.ComputeFLOPs)/1.4247e21-1) > 1e-3 {
		t.Errorf("compute = %.5g, want 1.4247e21", float64(res.ComputeFLOPs))
	}
	names := map[string]bool{}
	for _, a := range res.Assumptions {
		names[a.Name] = true
	}
	if !names["accelerator"] || !names["MFU"] {
		t.Errorf("assumptions %+v lack the default accelerator and MFU", res.Assumptions)
	}
}

func TestScaleRequestsInputErrors(t *testing.T) {
	for name, run := range map[string]func() error{
		"no budget": func() error { _, err := ScaleOptimalRequest{}.Run(Env{}); return err },
		"bad mfu":   func() error { _, err := ScaleOptimalRequest{GPUHours: "5", MFU: "1.5"}.Run(Env{}); return err },
		"custom only": func() error {
			_, err := ScaleOptimalRequest{Compute: "1e21", ScaleLaws: ScaleLaws{Law: "custom"}}.Run(Env{})
			return err
		},
		"loss no D": func() error { _, err := ScaleLossRequest{Params: "7B"}.Run(Env{}); return err },
		"two laws": func() error {
			_, err := ScaleInferenceRequest{Loss: "2", InferenceTokens: "1T", ScaleLaws: ScaleLaws{Law: "all"}}.Run(Env{})
			return err
		},
		"bad points": func() error { _, err := ScaleIsoFLOPRequest{Budgets: "1e21", Points: "2"}.Run(Env{}); return err },
		"infer priced": func() error {
			_, err := ScaleInferenceRequest{Loss: "2", InferenceTokens: "1T", InferMFU: "0.2"}.Run(Env{})
			return err
		},
	} {
		var ie *InputError
		if err := run(); !errors.As(err, &ie) {
			t.Errorf("%s: error %v, want an *InputError", name, err)
		}
	}
}

// TestFrontierModels: the catalog supplies the marked models, with
// Chinchilla at 1.4T tokens (Hoffmann et al. 2022 §4).
func TestFrontierModels(t *testing.T) {
	ms := FrontierModels()
	found := false
	for _, m := range ms {
		if m.Name == "chinchilla-70b" {
			found = m.Tokens == 1.4e12 && math.Abs(float64(m.Params)/70e9-1) < 0.01
		}
	}
	if len(ms) < 5 || !found {
		t.Errorf("FrontierModels() = %+v, want ≥ 5 models incl. chinchilla-70b at 70B × 1.4T", ms)
	}
}

// TestScaleBudgetConflictNamesFlags: two budgets name both flags given
// (QA: "--budget 1M --gpu-hours 5" was reported against --compute).
func TestScaleBudgetConflictNamesFlags(t *testing.T) {
	_, err := ScaleOptimalRequest{Budget: "1M", GPUHours: "5"}.Run(Env{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Flag != "gpu-hours" || !strings.Contains(err.Error(), "conflicts with --budget") {
		t.Errorf("err = %v, want an InputError for --gpu-hours naming --budget", err)
	}
	_, err = ScaleOptimalRequest{}.Run(Env{})
	if !errors.As(err, &ie) || ie.Flag != "compute" || !strings.Contains(err.Error(), "missing") {
		t.Errorf("no budget: err = %v, want an InputError for --compute saying missing", err)
	}
}

// TestScaleLawsDeduplicated: a law named twice is evaluated once (QA:
// "--law epoch-2024,epoch-2024" printed two identical rows, and scale
// inference rejected it as two laws).
func TestScaleLawsDeduplicated(t *testing.T) {
	res, err := ScaleOptimalRequest{Compute: "5.76e23", ScaleLaws: ScaleLaws{Law: "epoch-2024,Epoch-2024"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Laws) != 1 {
		t.Errorf("got %d laws, want 1", len(res.Laws))
	}
}
