package api

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestTrainRequestRun(t *testing.T) {
	// formulas.md §8: 6 × 7e9 × 1e12 = 4.2e22 FLOP; / (989.4e12 × 0.5) / 3600 = 23,583 GPU-h;
	// × $2 = $47,167. The catalog's h100-sxm is 989.4 TFLOP/s dense BF16.
	res, err := TrainRequest{Params: "7B", Tokens: "1T", MFU: "50%", Price: "$2/h", HW: HW{GPU: "h100-sxm"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.GPUHours, 23583.0; math.Abs(got-want) > 0.001*want {
		t.Errorf("gpu_hours: got %g, want %g (±0.1%%)", got, want)
	}
	if res.Cost == nil || math.Abs(float64(*res.Cost)-47167) > 47 {
		t.Errorf("cost_usd: got %v, want 47167 (±0.1%%)", res.Cost)
	}
}

func TestTrainRequestDays(t *testing.T) {
	// 23,583 GPU-h in 30 days = 720 h → ⌈32.75⌉ = 33 GPUs; "720h" is the same deadline.
	for _, days := range []string{"30", "30d", "720h"} {
		res, err := TrainRequest{Params: "7B", Tokens: "1T", MFU: "0.5", Days: days, HW: HW{GPU: "h100-sxm"}}.Run(Env{})
		if err != nil {
			t.Fatalf("days %q: %v", days, err)
		}
		if res.GPUsNeeded != 33 || res.GPUs != 33 {
			t.Errorf("days %q: got gpus_needed %d gpus %d, want 33 and 33", days, res.GPUsNeeded, res.GPUs)
		}
	}
}

func TestTrainRequestDefaultGPU(t *testing.T) {
	res, err := TrainRequest{Params: "7B", Tokens: "1T"}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range res.Assumptions {
		found = found || (a.Name == "accelerator" && a.Value == DefaultGPU)
	}
	if res.Accelerator != DefaultGPU || !found {
		t.Errorf("got accelerator %q, assumptions %v; want %s recorded as an assumption", res.Accelerator, res.Assumptions, DefaultGPU)
	}
}

func TestTrainRequestErrors(t *testing.T) {
	ok := TrainRequest{Params: "7B", Tokens: "1T", HW: HW{GPU: "h100-sxm"}}
	tests := []struct {
		name  string
		edit  func(*TrainRequest)
		want  string // the error text starts with this
		input bool   // an *InputError (a usage error in the CLI)
	}{
		{"bad suffix", func(r *TrainRequest) { r.Params = "7X" }, `--params "7X": unknown suffix`, true},
		{"negative", func(r *TrainRequest) { r.Tokens = "-1T" }, `--tokens "-1T": negative value`, true},
		{"zero", func(r *TrainRequest) { r.Price = "0" }, `--price "0": must be greater than 0`, true},
		{"mfu percent", func(r *TrainRequest) { r.MFU = "140%" }, `--mfu "140%"`, true},
		{"gpus fraction", func(r *TrainRequest) { r.GPUs = "2.5" }, `--gpus "2.5": must be a whole number`, true},
		{"pue", func(r *TrainRequest) { r.PUE = "0.8" }, `--pue "0.8": must be between 1 and 10`, true},
		{"days", func(r *TrainRequest) { r.Days = "soon" }, `--days "soon"`, true},
		// QA: strconv.ParseFloat accepted "1_000" (1000 days), "0x10" (16 days)
		// and "0x1p4" as plain day counts; only plain decimals are days.
		{"days underscore", func(r *TrainRequest) { r.Days = "1_000" }, `--days "1_000": unknown suffix "_000" (want a number of days, e.g. 30`, true},
		{"days hex", func(r *TrainRequest) { r.Days = "0x10" }, `--days "0x10": unknown suffix "x10" (want a number of days, e.g. 30`, true},
		{"days zero", func(r *TrainRequest) { r.Days = "0" }, `--days "0": must be greater than 0`, true},
		{"missing tokens", func(r *TrainRequest) { r.Tokens = "" }, "--tokens: missing", true},
		{"missing params", func(r *TrainRequest) { r.Params = "" }, "--params: missing", true},
		{"both flops and nd", func(r *TrainRequest) { r.FLOPs = "4.2e22" }, `--flops "4.2e22": give either`, true},
		{"budget without price, chip not in the price catalog", func(r *TrainRequest) { r.Params, r.Tokens, r.Budget, r.GPU, r.Peak = "7B", "", "10k", "", "500TFLOP/s" }, "--price: missing", true},
		{"seq without model", func(r *TrainRequest) { r.Seq = "2048" }, `--seq "2048": only applies with --model`, true},
		{"unknown gpu", func(r *TrainRequest) { r.GPU = "nosuch" }, "gpu: ", false},
		{"precision", func(r *TrainRequest) { r.Precision = "fp4" }, "accelerator h100-sxm", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			_, err := r.Run(Env{})
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to start with %q", err, tt.want)
			}
			var ie *InputError
			if errors.As(err, &ie) != tt.input {
				t.Errorf("error %q: got InputError %v, want %v", err, !tt.input, tt.input)
			}
		})
	}
}

func TestTrainRequestModel(t *testing.T) {
	// Llama-2-7B (V 32000, d 4096, L 32, H 32, h_d 128, f 11008, untied; Touvron et al. 2023):
	// matmul params = 32·(4·4096² + 3·4096·11008) + 32000·4096 = 6.607e9;
	// full attention (PaLM App. B, the MFU convention) at T = 4096, Llama 2's
	// pretraining context: 32 layers · 4·32·128 · 4096 = 2.147e9 FLOP;
	// training per token = 3·(2·6.607e9 + 2.147e9) = 4.608e10 FLOP.
	// D = 2T: C = 9.217e22; 6·N·D with N = 6.738e9 = 8.086e22.
	res, err := TrainRequest{Model: "llama-2-7b", Tokens: "2T", HW: HW{GPU: "a100"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		got, want float64
	}{
		{"training_flops_per_token", float64(res.FLOPsPerToken), 4.608e10},
		{"training_flops", float64(res.TrainingFLOPs), 9.217e22},
		{"six_nd_flops", float64(res.SixNDFLOPs), 8.086e22},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-3*c.want {
			t.Errorf("%s: got %g, want %g (±0.1%%)", c.name, c.got, c.want)
		}
	}
	if len(res.Steps) == 0 || !strings.HasPrefix(res.Steps[0].Name, "training FLOPs per token") {
		t.Errorf("first step: got %+v, want the per-token count", res.Steps[0])
	}
	// --seq 2048: attention halves to 1.074e9; per token 3·(1.3214e10 + 1.074e9) = 4.286e10.
	res, err = TrainRequest{Model: "llama-2-7b", Tokens: "2T", Seq: "2048", HW: HW{GPU: "a100"}}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(res.FLOPsPerToken); math.Abs(got-4.286e10) > 1e-3*4.286e10 {
		t.Errorf("seq 2048: training_flops_per_token got %g, want 4.286e10", got)
	}
}

func TestTrainRequestModelErrors(t *testing.T) {
	tests := []struct {
		name string
		req  TrainRequest
		want string
	}{
		{"unknown model", TrainRequest{Model: "llama-9", Tokens: "1T"}, "--model: unknown model"},
		{"params and model", TrainRequest{Model: "llama-2-7b", Params: "7B", Tokens: "1T"}, "--params \"7B\": give either --params or --model"},
		{"bad seq", TrainRequest{Model: "llama-2-7b", Tokens: "1T", Seq: "0"}, `--seq "0": want a whole number of tokens`},
		{"path refused", TrainRequest{Model: "/etc/passwd", Tokens: "1T"}, "--model: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.req.Run(Env{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want it to start with %q", err, tt.want)
			}
		})
	}
}

// TestTrainSeqUsesTokenLength checks --seq reads "8k" as 8192 tokens, as
// --context and --prompt do (context windows are powers of two).
func TestTrainSeqUsesTokenLength(t *testing.T) {
	a := TrainRequest{Model: "llama-3-8b", Tokens: "1T", Seq: "8k"}
	b := TrainRequest{Model: "llama-3-8b", Tokens: "1T", Seq: "8192"}
	ra, err := a.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if ra.TrainingFLOPs != rb.TrainingFLOPs {
		t.Errorf("--seq 8k gives %g FLOPs, --seq 8192 gives %g: want equal", float64(ra.TrainingFLOPs), float64(rb.TrainingFLOPs))
	}
}

// TestInputErrorBoundsEcho checks that a huge bad value is not echoed in
// full: the message stays one short line.
func TestInputErrorBoundsEcho(t *testing.T) {
	_, err := TrainRequest{Params: strings.Repeat("9", 100000) + "X", Tokens: "1T"}.Run(Env{})
	if err == nil || len(err.Error()) > 400 {
		t.Errorf("error of %d bytes: want an error under 400 bytes", len(fmt.Sprint(err)))
	}
}
