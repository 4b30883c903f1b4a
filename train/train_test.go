package train

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// h100 is the H100 SXM as the tests need it: 989.4 TFLOP/s dense BF16
// (NVIDIA H100 Tensor Core GPU Architecture whitepaper, Table 3; the
// 1,979 figure is 2:4 sparse) and 700 W TDP (NVIDIA H100 datasheet).
var h100 = hardware.Accelerator{
	ID:    "h100-sxm",
	Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12, hardware.FP8: 1978.9e12},
	TDP:   700,
}

// within reports whether got is within rel (relative) of want.
func within(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func TestEstimateWorkedExample(t *testing.T) {
	// formulas.md §8: 7B × 1T on H100 SXM at 50 % MFU, $2/GPU-hour.
	// C = 6 × 7e9 × 1e12 = 4.2e22; r = 989.4e12 × 0.5 = 4.947e14 FLOP/s;
	// GPU-s = 4.2e22 / 4.947e14 = 8.490e7 s = 23,583 h; cost = 23,583 × 2 = $47,167;
	// energy = 23,583 h × 0.7 kW × 1.2 = 19,810 kWh; CO2 = 19,810 × 0.4 = 7,924 kg (§7).
	r, err := Estimate(Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Price: 2})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		got, want float64
	}{
		{"training_flops", float64(r.TrainingFLOPs), 4.2e22},
		{"effective_flops_per_second", float64(r.EffectiveFLOPS), 4.947e14},
		{"gpu_seconds", float64(r.GPUSeconds), 8.490e7},
		{"gpu_hours", r.GPUHours, 23583},
		{"wall_clock_seconds (1 GPU)", float64(r.WallClock), 8.490e7},
		{"cost_usd", float64(*r.Cost), 47167},
		{"energy_kwh", *r.EnergyKWh, 19810},
		{"co2_kg", float64(*r.CO2), 7924},
	}
	for _, c := range cases {
		if !within(c.got, c.want, 1e-3) {
			t.Errorf("%s: got %g, want %g (±0.1%%)", c.name, c.got, c.want)
		}
	}
	if r.GPUs != 1 || r.Precision != hardware.BF16 || r.PUE != 1.2 || r.Power != 700 {
		t.Errorf("defaults: got gpus %d precision %s pue %g power %g, want 1 bf16 1.2 700", r.GPUs, r.Precision, r.PUE, r.Power)
	}
}

func TestEstimateVariants(t *testing.T) {
	base := Config{Params: 7e9, Tokens: 1e12, Accelerator: h100}
	tests := []struct {
		name  string
		edit  func(*Config)
		field func(*Result) float64
		want  float64
	}{
		// Default MFU 0.4: 4.2e22 / (989.4e12 × 0.4) / 3600 = 29,479 h (formulas.md §8 item 5).
		{"default mfu", func(c *Config) {}, func(r *Result) float64 { return r.GPUHours }, 29479},
		// 512 GPUs at 50 %: 8.490e7 s / 512 = 1.658e5 s ≈ 46 h (formulas.md §8 item 4).
		{"512 gpus", func(c *Config) { c.MFU, c.GPUs = 0.5, 512 }, func(r *Result) float64 { return float64(r.WallClock) / 3600 }, 46.06},
		// Cluster rate: 512 × 4.947e14 = 2.533e17 FLOP/s.
		{"cluster rate", func(c *Config) { c.MFU, c.GPUs = 0.5, 512 }, func(r *Result) float64 { return float64(r.ClusterFLOPS) }, 2.533e17},
		// FP8 peak 1978.9e12 at 0.5: 4.2e22 / 9.8945e14 / 3600 = 11,791 h.
		{"fp8", func(c *Config) { c.MFU, c.Precision = 0.5, hardware.FP8 }, func(r *Result) float64 { return r.GPUHours }, 11791},
		// Given FLOPs: 4.2e22 directly, same hours as 6ND at 0.5: 23,583 h.
		{"flops given", func(c *Config) { c.Params, c.Tokens, c.FLOPs, c.MFU = 0, 0, 4.2e22, 0.5 }, func(r *Result) float64 { return r.GPUHours }, 23583},
		// Exact per-token count 4.6e10 (6N + 6.4e9 attention, formulas.md §8 item 1 rounded):
		// C = 4.6e10 × 1e12 = 4.6e22.
		{"flops per token", func(c *Config) { c.FLOPsPerToken = 4.6e10 }, func(r *Result) float64 { return float64(r.TrainingFLOPs) }, 4.6e22},
		{"six_nd next to exact", func(c *Config) { c.FLOPsPerToken = 4.6e10 }, func(r *Result) float64 { return float64(r.SixNDFLOPs) }, 4.2e22},
		// Power 500 W, PUE 1.5, grid 0.1 at 0.5 MFU: 23,583 h × 0.5 kW × 1.5 = 17,687 kWh; × 0.1 = 1,769 kg.
		{"energy inputs", func(c *Config) { c.MFU, c.Power, c.PUE, c.Grid = 0.5, 500, 1.5, 0.1 }, func(r *Result) float64 { return float64(*r.CO2) }, 1768.7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.edit(&cfg)
			r, err := Estimate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.field(r); !within(got, tt.want, 2e-3) {
				t.Errorf("got %g, want %g (±0.2%%)", got, tt.want)
			}
		})
	}
}

func TestEstimateInverse(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field func(*Result) float64
		want  float64
	}{
		// $47,000 at $2/h = 23,500 h; C_B = 23,500 × 3600 × 4.947e14 = 4.185e22;
		// D = 4.185e22 / (6 × 7e9) = 9.965e11 tokens.
		{"tokens for budget", Config{Params: 7e9, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 47000},
			func(r *Result) float64 { return float64(r.TokensAffordable) }, 9.965e11},
		// The filled-in run costs the budget: 23,500 h × $2 = $47,000.
		{"run costs the budget", Config{Params: 7e9, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 47000},
			func(r *Result) float64 { return float64(*r.Cost) }, 47000},
		// N = 4.185e22 / (6 × 1e12) = 6.975e9 params.
		{"params for budget", Config{Tokens: 1e12, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 47000},
			func(r *Result) float64 { return float64(r.ParamsAffordable) }, 6.975e9},
		// 23,583 GPU-h in 30 days (720 h): ⌈32.75⌉ = 33 GPUs.
		{"gpus for 30 days", Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Deadline: 30 * 86400},
			func(r *Result) float64 { return float64(r.GPUsNeeded) }, 33},
		// and the wall clock then uses 33 GPUs: 8.490e7 s / 33 / 86400 = 29.78 days.
		{"wall clock on gpus needed", Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Deadline: 30 * 86400},
			func(r *Result) float64 { return float64(r.WallClock) / 86400 }, 29.78},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Estimate(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.field(r); !within(got, tt.want, 2e-3) {
				t.Errorf("got %g, want %g (±0.2%%)", got, tt.want)
			}
		})
	}
}

func TestEstimateErrors(t *testing.T) {
	ok := Config{Params: 7e9, Tokens: 1e12, Accelerator: h100}
	tests := []struct {
		name string
		edit func(*Config)
		want string // substring of the error
	}{
		{"negative params", func(c *Config) { c.Params = -3e9 }, "params must be positive"},
		{"nan tokens", func(c *Config) { c.Tokens = units.Tokens(math.NaN()) }, "tokens must be a finite number"},
		{"inf flops", func(c *Config) { c.Params, c.Tokens, c.FLOPs = 0, 0, units.FLOPs(math.Inf(1)) }, "flops must be a finite"},
		{"mfu above 1", func(c *Config) { c.MFU = 40 }, "mfu must be a fraction in (0, 1]"},
		{"pue below 1", func(c *Config) { c.PUE = 0.9 }, "pue must be at least 1"},
		{"negative gpus", func(c *Config) { c.GPUs = -1 }, "gpus must be positive"},
		{"missing tokens", func(c *Config) { c.Tokens = 0 }, "missing tokens"},
		{"missing params", func(c *Config) { c.Params = 0 }, "missing params"},
		{"missing both", func(c *Config) { c.Params, c.Tokens = 0, 0 }, "missing params and tokens"},
		{"flops and nd", func(c *Config) { c.FLOPs = 1e22 }, "not both"},
		{"budget without price", func(c *Config) { c.Budget = 1000 }, "needs a price"},
		{"no accelerator", func(c *Config) { c.Accelerator = hardware.Accelerator{} }, "no accelerator peak"},
		{"no fp4 on h100", func(c *Config) { c.Precision = hardware.FP4 }, "has no fp4 peak"},
		{"overflow", func(c *Config) { c.Params, c.Tokens = 1e300, 1e300 }, "training FLOPs overflows"},
		{"tiny mfu", func(c *Config) { c.MFU = 1e-320 }, "overflows"},
		{"impossible deadline", func(c *Config) { c.Deadline = 1e-6 }, "allow more time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			r, err := Estimate(cfg)
			if err == nil {
				t.Fatalf("got result %+v, want error containing %q", r, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEstimateNoPriceNoPower(t *testing.T) {
	// An ad hoc accelerator with a peak but no TDP: cost and energy are null, with a warning.
	custom := hardware.Accelerator{Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 500e12}}
	r, err := Estimate(Config{Params: 1e9, Tokens: 1e10, Accelerator: custom})
	if err != nil {
		t.Fatal(err)
	}
	if r.Cost != nil || r.EnergyKWh != nil || r.CO2 != nil {
		t.Errorf("got cost %v energy %v co2 %v, want all nil", r.Cost, r.EnergyKWh, r.CO2)
	}
	if len(r.Warnings) != 1 || r.Accelerator != "custom" {
		t.Errorf("got warnings %q accelerator %q, want 1 warning and \"custom\"", r.Warnings, r.Accelerator)
	}
	// 6 × 1e9 × 1e10 / (500e12 × 0.4) = 3e5 s.
	if !within(float64(r.GPUSeconds), 3e5, 1e-9) {
		t.Errorf("gpu_seconds: got %g, want 3e5", float64(r.GPUSeconds))
	}
}

func TestEstimateTrace(t *testing.T) {
	r, err := Estimate(Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Price: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // step name → substituted text
		"training FLOPs":      "6 × 7e9 × 1e12",
		"accelerator-seconds": "4.2e22 / 4.947e14",
		"cost":                "2.358e4 × 2",
	}
	for _, s := range r.Steps {
		if sub, ok := want[s.Name]; ok {
			if s.Substituted != sub {
				t.Errorf("step %q: got substituted %q, want %q", s.Name, s.Substituted, sub)
			}
			delete(want, s.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing steps: %v", want)
	}
	names := map[string]bool{}
	for _, a := range r.Assumptions {
		if a.Source == "" {
			t.Errorf("assumption %q has no source", a.Name)
		}
		names[a.Name] = true
	}
	for _, n := range []string{"precision", "PUE", "grid carbon intensity", "power per accelerator"} {
		if !names[n] {
			t.Errorf("assumption %q missing; got %v", n, r.Assumptions)
		}
	}
}

func TestNum(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{7e9, "7e9"}, {4.2e22, "4.2e22"}, {989.4, "989.4"}, {0.5, "0.5"}, {3600, "3600"}, {1.5e-7, "1.5e-7"}, {23583.316, "2.358e4"}} {
		if got := num(c.in); got != c.want {
			t.Errorf("num(%g): got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEstimateBudgetBothGiven(t *testing.T) {
	// With N and D both given, a budget reports both inverse answers and
	// changes neither: $47,000 buys C_B = 23,500 h × 3600 × 4.947e14 = 4.185e22 FLOP,
	// D_B = 4.185e22 / 4.2e10 = 9.965e11 tokens, N_B = 4.185e22 / 6e12 = 6.975e9 params.
	r, err := Estimate(Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 47000})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		got, want float64
	}{
		{"tokens_affordable", float64(r.TokensAffordable), 9.965e11},
		{"params_affordable", float64(r.ParamsAffordable), 6.975e9},
		{"training_flops unchanged", float64(r.TrainingFLOPs), 4.2e22},
	}
	for _, c := range cases {
		if !within(c.got, c.want, 1e-3) {
			t.Errorf("%s: got %g, want %g (±0.1%%)", c.name, c.got, c.want)
		}
	}
}

func TestEstimateBudgetFillsOnlyMissing(t *testing.T) {
	// Given N only, the budget fills D and does not answer params_affordable.
	r, err := Estimate(Config{Params: 7e9, Accelerator: h100, MFU: 0.5, Price: 2, Budget: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if r.ParamsAffordable != 0 {
		t.Errorf("params_affordable: got %g, want 0 (N was given)", float64(r.ParamsAffordable))
	}
	// $10,000 / $2 = 5,000 h; C_B = 5000 × 3600 × 4.947e14 = 8.905e21; D = 8.905e21 / 4.2e10 = 2.120e11.
	if !within(float64(r.Tokens), 2.120e11, 1e-3) {
		t.Errorf("tokens: got %g, want 2.120e11", float64(r.Tokens))
	}
}

func TestEstimateFP16Fallback(t *testing.T) {
	// V100: no bf16; 125 TFLOP/s dense fp16 tensor (NVIDIA V100 datasheet, SXM2).
	// 6 × 1e9 × 1e10 / (125e12 × 0.4) = 1.2e6 s.
	v100 := hardware.Accelerator{ID: "v100", Dense: map[hardware.Precision]units.FLOPRate{hardware.FP16: 125e12}, TDP: 300}
	r, err := Estimate(Config{Params: 1e9, Tokens: 1e10, Accelerator: v100})
	if err != nil {
		t.Fatal(err)
	}
	if r.Precision != hardware.FP16 || !within(float64(r.GPUSeconds), 1.2e6, 1e-9) {
		t.Errorf("got precision %s, gpu_seconds %g; want fp16, 1.2e6", r.Precision, float64(r.GPUSeconds))
	}
}

func TestEstimateDeadlineWarning(t *testing.T) {
	// 7B × 1T at 0.4 MFU: 8.490e7 / 0.8 = 1.061e8 GPU-s; in one hour that is
	// ⌈1.061e8 / 3600⌉ = 29,480 GPUs (no warning); in one second 1.06e8 GPUs (warning).
	for _, c := range []struct {
		deadline units.Seconds
		warn     bool
	}{{3600, false}, {1, true}} {
		r, err := Estimate(Config{Params: 7e9, Tokens: 1e12, Accelerator: h100, Deadline: c.deadline})
		if err != nil {
			t.Fatal(err)
		}
		// Only the cluster-size warning is asked about: failures add their own
		// (the run with failures misses the one-hour deadline; see goodput_test.go).
		got := slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "largest clusters") })
		if got != c.warn {
			t.Errorf("deadline %gs: got warnings %q, want the cluster-size warning %v", float64(c.deadline), r.Warnings, c.warn)
		}
	}
}
