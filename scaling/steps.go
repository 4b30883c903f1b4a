package scaling

import (
	"fmt"

	"github.com/flopsdev/flops/units"
)

// addSteps records how law l arrived at allocation a.
func (r *OptimalResult) addSteps(l Law, a Allocation) {
	c := float64(a.ComputeFLOPs)
	nf, ns, df, ds := allocationFormulas(l, c)
	r.Add("N_opt ("+l.ID+")", nf, ns, float64(a.ParamsOptimal), "params", a.ParamsOptimal.String())
	r.Add("D_opt ("+l.ID+")", df, ds, float64(a.TokensOptimal), "tokens", a.TokensOptimal.String())
	if a.PredictedLoss != nil {
		r.Add("loss ("+l.ID+")", lossFormula(l), fmt.Sprintf("L(%.4g, %.4g)", float64(a.ParamsOptimal), float64(a.TokensOptimal)),
			*a.PredictedLoss, "nats/token", fmt.Sprintf("%.4f", *a.PredictedLoss))
	}
}

// allocationFormulas returns the formulas of N_opt and D_opt under law l
// and their substitutions at compute c.
func allocationFormulas(l Law, c float64) (nf, ns, df, ds string) {
	pl := func(p *PowerLaw) string {
		if p.CUnit != 0 && p.CUnit != 1 {
			return fmt.Sprintf("%.5g × (%.4g / %.4g)^%.4g", p.Coef, c, p.CUnit, p.Exp)
		}
		return fmt.Sprintf("%.5g × %.4g^%.4g", p.Coef, c, p.Exp)
	}
	switch {
	case l.Params != nil && l.ParamsIsM && l.Tokens != nil:
		return "N = M_opt/6, M_opt = k·C^a", pl(l.Params) + " / 6", "D_opt = k·C^b", pl(l.Tokens)
	case l.Params != nil && l.Tokens != nil:
		return "N_opt = k·C^a", pl(l.Params), "D_opt = k·C^b", pl(l.Tokens)
	case l.Tokens != nil:
		d := l.Tokens.At(units.FLOPs(c))
		return "N = C/(6·D_opt)", fmt.Sprintf("%.4g / (6 × %.4g)", c, d), "D_opt = k·C^b", pl(l.Tokens)
	case l.Params != nil:
		n := l.Params.At(units.FLOPs(c))
		return "N_opt = k·C^a", pl(l.Params), "D = C/(6·N_opt)", fmt.Sprintf("%.4g / (6 × %.4g)", c, n)
	case l.Parametric != nil:
		g, a, b := l.Parametric.Frontier()
		return "N_opt = G·(C/6)^a, G = (αA/(βB))^(1/(α+β)), a = β/(α+β)",
			fmt.Sprintf("%.5g × (%.4g/6)^%.4f", g, c, a),
			"D_opt = G⁻¹·(C/6)^b, b = α/(α+β)",
			fmt.Sprintf("(%.4g/6)^%.4f / %.5g", c, b, g)
	}
	return "", "", "", ""
}

// lossFormula returns law l's loss formula with its constants.
func lossFormula(l Law) string {
	switch {
	case l.Parametric != nil:
		p := l.Parametric
		return fmt.Sprintf("L = E + A/N^α + B/D^β = %.4g + %.5g/N^%.4g + %.5g/D^%.4g", p.E, p.A, p.Alpha, p.B, p.Beta)
	case l.Kaplan != nil:
		k := l.Kaplan
		return fmt.Sprintf("L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, N_c=%.3g, D_c=%.3g, α_N=%.3g, α_D=%.3g",
			k.NC, k.DC, k.AlphaN, k.AlphaD)
	}
	return ""
}

// addInferenceSteps records the three plans of an inference-aware result.
func (r *InferenceResult) addInferenceSteps(cfg InferenceConfig) {
	r.Assume("inference compute", "2·N FLOPs per token", "forward pass only; Sardana et al. 2023 §2")
	r.Assume("training compute", "6·N·D FLOPs", "docs/formulas.md §2.2")
	r.Assume("optimisation", "1-D minimisation over N (log grid + golden section), D_tr from L(N, D_tr) = ℓ",
		"Sardana et al. 2023 solve the same problem numerically")
	for _, p := range []struct {
		name, objective string
		p               Plan
	}{{"compute-optimal", "argmin_N 6·N·D(N)", r.ComputeOptimal},
		{"inference-aware", "argmin_N 6·N·D(N) + 2·N·D_inf", r.InferenceAware}} {
		r.Add(p.name+" N", p.objective,
			fmt.Sprintf("ℓ = %.4f, D_inf = %.4g", r.TargetLoss, float64(cfg.InferenceTokens)),
			float64(p.p.Params), "params", p.p.Params.String())
		r.Add(p.name+" lifetime FLOPs", "6·N·D_tr + 2·N·D_inf",
			fmt.Sprintf("6 × %.4g × %.4g + 2 × %.4g × %.4g", float64(p.p.Params), float64(p.p.Tokens),
				float64(p.p.Params), float64(cfg.InferenceTokens)),
			float64(p.p.TotalFLOPs), "FLOP", p.p.TotalFLOPs.String())
	}
	r.Add("saved FLOPs", "total(compute-optimal) − total(inference-aware)",
		fmt.Sprintf("%.4g − %.4g", float64(r.ComputeOptimal.TotalFLOPs), float64(r.InferenceAware.TotalFLOPs)),
		float64(r.SavedFLOPs), "FLOP", r.SavedFLOPs.String())
}
