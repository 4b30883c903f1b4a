package scaling

import (
	"math"
	"testing"
)

// TestKaplanExample checks formulas.md §6.1: C = 1e23 FLOPs = 1,157
// PF-days ⇒ N_opt ≈ 2.2e11 params, D_opt ≈ 1.3e11 tokens (0.6 tokens/param),
// printed to 2 digits: ±3%.
func TestKaplanExample(t *testing.T) {
	a := Allocate(mustLookup(t, KaplanLaw), 1e23)
	if relErr(float64(a.ParamsOptimal), 2.2e11) > 0.03 || relErr(float64(a.TokensOptimal), 1.3e11) > 0.04 {
		t.Errorf("Kaplan at 1e23: N=%.4g D=%.4g, want 2.2e11, 1.3e11", float64(a.ParamsOptimal), float64(a.TokensOptimal))
	}
	if relErr(a.TokensPerParam, 0.6) > 0.05 {
		t.Errorf("Kaplan tokens/param = %.3f, want 0.6 ±5%%", a.TokensPerParam)
	}
	// 1e23 / 8.64e19 = 1157.4 PF-days (formulas.md §6.1).
	if got := 1e23 / PFDay; math.Abs(got-1157.4) > 0.1 {
		t.Errorf("1e23 FLOPs = %.1f PF-days, want 1157.4", got)
	}
}

// TestKaplanLoss checks the Kaplan forms by hand arithmetic:
// L(N=8.8e13) = 1 by eq. 1.1's definition of N_c; L(D=5.4e13) = 1 (eq. 1.2);
// L(N, D) for Chinchilla's 70B/1.4T: (6.4e13/7e10)^(0.076/0.103) = 153.1,
// + 1.8e13/1.4e12 = 12.86, sum 165.9, ^0.103 = 1.693 (±0.002).
func TestKaplanLoss(t *testing.T) {
	if got := KaplanLossN(8.8e13); math.Abs(got-1) > 1e-12 {
		t.Errorf("KaplanLossN(N_c) = %g, want 1", got)
	}
	if got := KaplanLossD(5.4e13); math.Abs(got-1) > 1e-12 {
		t.Errorf("KaplanLossD(D_c) = %g, want 1", got)
	}
	got, ok := mustLookup(t, KaplanLaw).Loss(70e9, 1.4e12)
	if !ok || math.Abs(got-1.693) > 0.002 {
		t.Errorf("Kaplan L(70B, 1.4T) = %.4f, want 1.693 ±0.002", got)
	}
	// TokensForLoss inverts Loss.
	d, _ := mustLookup(t, KaplanLaw).TokensForLoss(70e9, got)
	if relErr(float64(d), 1.4e12) > 1e-9 {
		t.Errorf("Kaplan TokensForLoss round trip = %.6g, want 1.4e12", float64(d))
	}
}

// TestDeepSeekExample checks formulas.md §6.6: C = 1e23 ⇒ M_opt = 1.96e11
// FLOPs/token (≈ 33B non-embedding params by M/6), D_opt = 0.51T tokens
// (±1%, printed to 3 and 2 digits).
func TestDeepSeekExample(t *testing.T) {
	a := Allocate(mustLookup(t, DeepSeekLaw), 1e23)
	if m := 6 * float64(a.ParamsOptimal); relErr(m, 1.96e11) > 0.01 {
		t.Errorf("DeepSeek M_opt = %.4g, want 1.96e11 ±1%%", m)
	}
	if relErr(float64(a.ParamsOptimal), 33e9) > 0.02 || relErr(float64(a.TokensOptimal), 0.51e12) > 0.01 {
		t.Errorf("DeepSeek at 1e23: N=%.4g D=%.4g, want 33B, 0.51T", float64(a.ParamsOptimal), float64(a.TokensOptimal))
	}
	// Hyper-parameters, same example: η ≈ 4.2e-4, B ≈ 9.7M tokens (printed to
	// 2 digits: ±1.5%).
	if relErr(a.LearningRate, 4.2e-4) > 0.015 || relErr(float64(a.BatchTokens), 9.7e6) > 0.015 {
		t.Errorf("DeepSeek η = %.4g, B = %.4g, want 4.2e-4, 9.7e6", a.LearningRate, float64(a.BatchTokens))
	}
	// M·D = 0.1715·5.8316·C^(0.5243+0.4757) = 1.0001·C.
	if r := 6 * float64(a.ParamsOptimal) * float64(a.TokensOptimal) / 1e23; relErr(r, 1.0001) > 1e-4 {
		t.Errorf("DeepSeek M·D/C = %.5f, want 1.0001", r)
	}
}

// TestLlama3Disagreement checks formulas.md §6.7: the printed (0.53, 0.29)
// give 0.29·(3.8e25)^0.53 = 10.5T tokens (±1%), not the 16.55T the paper
// states for 3.8e25 FLOPs; and the stated 402B × 16.55T pair implies 5.71
// FLOPs per parameter-token, not 6.
func TestLlama3Disagreement(t *testing.T) {
	a := Allocate(mustLookup(t, Llama3Law), Llama3Budget)
	if relErr(float64(a.TokensOptimal), 10.5e12) > 0.01 {
		t.Errorf("Llama 3 D_opt at 3.8e25 = %.4g, want 10.5T ±1%%", float64(a.TokensOptimal))
	}
	if r := Llama3StatedTokens / float64(a.TokensOptimal); r < 1.5 || r > 1.65 {
		t.Errorf("stated/printed tokens = %.3f, want ≈1.58 (16.55T/10.46T)", r)
	}
	if got := Llama3Budget / (Llama3StatedParams * Llama3StatedTokens); math.Abs(got-5.71) > 0.01 {
		t.Errorf("implied FLOPs per param-token = %.3f, want 5.71", got)
	}
}
