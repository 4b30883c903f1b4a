package perf

import "testing"

// TestUtilize reproduces two published utilisations.
func TestUtilize(t *testing.T) {
	// PaLM 540B (Chowdhery et al. 2022, App. B / Table 3; formulas.md §2.4):
	// 6N + 12·L·H·Q·T with N = 540.35e9, L 118, H 48, Q 256, T 2048
	// = 3.2421e12 + 3.5632e10 = 3.2777e12 FLOPs/token; 6,144 TPU v4 at
	// 275 TFLOP/s (accelerators.csv). MFU 46.2% ⇔ 0.462·6144·275e12 /
	// 3.2777e12 = 238,150 tokens/s.
	palm := 6*540.35e9 + 12*118*48*256*2048.0
	u, err := Utilize(Throughput{ModelFLOPsPerToken: palm, Peak: 275e12, GPUs: 6144, MFU: 0.462})
	if err != nil {
		t.Fatal(err)
	}
	if !within(u.TokensPerSecond, 238150, 1e-3) {
		t.Errorf("PaLM tokens/s at 46.2%% MFU got %.0f, want 238,150", u.TokensPerSecond)
	}
	u, err = Utilize(Throughput{ModelFLOPsPerToken: palm, Peak: 275e12, GPUs: 6144, TokensPerSecond: 238150})
	if err != nil {
		t.Fatal(err)
	}
	if !within(u.MFU, 0.462, 1e-3) {
		t.Errorf("PaLM MFU got %.4f, want 0.462", u.MFU)
	}
	// Llama-2-7B (formulas.md §7): 6·6.74e9 FLOPs/token, 2e12 tokens in
	// 184,320 A100-hours = 3,014 tokens/s per GPU ⇒ 122 TFLOP/s = 39% of 312.
	u, err = Utilize(Throughput{ModelFLOPsPerToken: 6 * 6.74e9, Peak: 312e12, GPUs: 1, TokensPerSecond: 2e12 / (184320 * 3600)})
	if err != nil {
		t.Fatal(err)
	}
	if !within(u.MFU, 0.39, 0.01) || !within(u.AchievedFLOPsPerGPU, 122e12, 0.01) {
		t.Errorf("Llama-2-7B MFU got %.4f (%.4g FLOP/s), want 0.39 (122 TFLOP/s)", u.MFU, u.AchievedFLOPsPerGPU)
	}
}

func TestUtilizeErrors(t *testing.T) {
	for i, in := range []Throughput{{}, {ModelFLOPsPerToken: 1, Peak: 1, GPUs: 1},
		{ModelFLOPsPerToken: 1, Peak: 0, GPUs: 1, MFU: 0.4}, {ModelFLOPsPerToken: 1, Peak: 1, GPUs: 1, TokensPerSecond: -1}} {
		if _, err := Utilize(in); err == nil {
			t.Errorf("input %d: no error", i)
		}
	}
}
