package scaling

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// FLOPsPerParamToken is the 6 in the training-compute rule C ≈ 6·N·D
// (2 FLOPs per parameter per token forward, 4 backward; formulas.md §2.2).
const FLOPsPerParamToken = 6

// PFDay is one petaFLOP/s-day in FLOPs: 1e15 FLOP/s × 86,400 s = 8.64e19
// (Kaplan et al. 2020 §1.3 measures compute in PF-days).
const PFDay = 8.64e19

// PowerLaw is y = Coef · (C / CUnit)^Exp with C in FLOPs. CUnit is the unit
// the paper fitted C in (1 for FLOPs, PFDay for Kaplan et al.); 0 means 1.
type PowerLaw struct {
	Coef  float64 `json:"coef"`
	Exp   float64 `json:"exp"`
	CUnit float64 `json:"c_unit_flops,omitempty"`
}

// At evaluates the power law at compute c (FLOPs).
func (p PowerLaw) At(c units.FLOPs) float64 {
	u := p.CUnit
	if u == 0 {
		u = 1
	}
	return p.Coef * math.Pow(float64(c)/u, p.Exp)
}

// Parametric is Hoffmann et al.'s (2022, eq. 2) parametric loss
// L̂(N, D) = E + A/N^α + B/D^β, in nats per token, with N parameters and D
// training tokens.
type Parametric struct {
	E     float64 `json:"e"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
}

// Loss returns L̂(N, D) = E + A/N^α + B/D^β in nats per token.
func (p Parametric) Loss(n units.Params, d units.Tokens) float64 {
	return p.E + p.A/math.Pow(float64(n), p.Alpha) + p.B/math.Pow(float64(d), p.Beta)
}

// Frontier returns the constants of the efficient frontier (Hoffmann et
// al. 2022, eq. 4) under C = 6·N·D: N_opt = G·(C/6)^a, D_opt = G⁻¹·(C/6)^b
// with G = (αA/(βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β).
func (p Parametric) Frontier() (g, a, b float64) {
	s := p.Alpha + p.Beta
	g = math.Pow(p.Alpha*p.A/(p.Beta*p.B), 1/s)
	return g, p.Beta / s, p.Alpha / s
}

// Optimal returns the loss-minimising N and D for compute c under
// C = 6·N·D, in closed form (eq. 4).
func (p Parametric) Optimal(c units.FLOPs) (units.Params, units.Tokens) {
	g, a, b := p.Frontier()
	x := float64(c) / FLOPsPerParamToken
	return units.Params(g * math.Pow(x, a)), units.Tokens(math.Pow(x, b) / g)
}

// TokensForLoss returns the D at which L̂(n, D) = loss, or +Inf when no
// finite D reaches it at this n (loss ≤ E + A/n^α).
func (p Parametric) TokensForLoss(n units.Params, loss float64) units.Tokens {
	r := loss - p.E - p.A/math.Pow(float64(n), p.Alpha)
	if r <= 0 {
		return units.Tokens(math.Inf(1))
	}
	return units.Tokens(math.Pow(p.B/r, 1/p.Beta))
}

// Validate reports constants that make the law meaningless: E < 0, or a
// non-positive or non-finite A, B, α or β.
func (p Parametric) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"A", p.A}, {"B", p.B}, {"alpha", p.Alpha}, {"beta", p.Beta}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("parametric law: %s = %g must be a positive finite number", f.name, f.v)
		}
	}
	if !(p.E >= 0) || math.IsInf(p.E, 0) {
		return fmt.Errorf("parametric law: E = %g must be a finite number ≥ 0 (the irreducible loss, nats/token)", p.E)
	}
	for _, c := range []units.FLOPs{1, 1e40} {
		n, d := p.Optimal(c)
		if !(n > 0 && d > 0) || math.IsInf(float64(n), 0) || math.IsInf(float64(d), 0) {
			return fmt.Errorf("parametric law: constants give no finite compute-optimal split at C = %g FLOPs (eq. 4); check A, B, alpha, beta", float64(c))
		}
	}
	return nil
}

// Kaplan is the Kaplan et al. 2020 (§4, eq. 4.1 and Table 2) joint loss
// L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D with N non-embedding
// parameters, in nats per token on WebText2.
type Kaplan struct {
	NC     float64 `json:"n_c"`
	DC     float64 `json:"d_c"`
	AlphaN float64 `json:"alpha_n"`
	AlphaD float64 `json:"alpha_d"`
}

// Loss returns L(N, D) in nats per token.
func (k Kaplan) Loss(n units.Params, d units.Tokens) float64 {
	t := math.Pow(k.NC/float64(n), k.AlphaN/k.AlphaD) + k.DC/float64(d)
	return math.Pow(t, k.AlphaD)
}

// KaplanLossN is Kaplan et al. 2020 eq. 1.1, the converged loss of a model
// with n non-embedding parameters trained without data limit:
// L(N) = (8.8e13/N)^0.076 nats/token.
func KaplanLossN(n units.Params) float64 { return math.Pow(8.8e13/float64(n), 0.076) }

// KaplanLossD is Kaplan et al. 2020 eq. 1.2, the early-stopped loss of a
// large model trained on d tokens: L(D) = (5.4e13/D)^0.095 nats/token.
func KaplanLossD(d units.Tokens) float64 { return math.Pow(5.4e13/float64(d), 0.095) }
