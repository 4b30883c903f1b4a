package scaling

import (
	"math"

	"github.com/flopsdev/flops/units"
)

// Projection is one row of a paper's table of compute-optimal projections:
// a model size, the training FLOPs it is optimal for, and its tokens.
type Projection struct {
	Params units.Params `json:"params"`
	FLOPs  units.FLOPs  `json:"flops"`
	Tokens units.Tokens `json:"tokens"`
}

// Table3 is Hoffmann et al. 2022 Table 3 (Approach 1 projections),
// arXiv:2203.15556 p. 8. The 67B row sits at Gopher's budget; it is the
// only row where 6·N·D differs from the FLOPs column by more than 1%
// (6 × 67e9 × 1.5e12 = 6.03e23, +4.7%).
func Table3() []Projection {
	return []Projection{
		{400e6, 1.92e19, 8.0e9}, {1e9, 1.21e20, 20.2e9}, {10e9, 1.23e22, 205.1e9},
		{67e9, 5.76e23, 1.5e12}, {175e9, 3.85e24, 3.7e12}, {280e9, 9.90e24, 5.9e12},
		{520e9, 3.43e25, 11.0e12}, {1e12, 1.27e26, 21.2e12}, {10e12, 1.30e28, 216.2e12},
	}
}

// TableA3Approach2 is the Approach 2 half of Hoffmann et al. 2022 Table A3
// (App. D.3), as printed in two independent copies of the paper text.
func TableA3Approach2() []Projection {
	return []Projection{
		{400e6, 1.84e19, 7.7e9}, {1e9, 1.20e20, 20.0e9}, {10e9, 1.32e22, 219.5e9},
		{67e9, 6.88e23, 1.7e12}, {175e9, 4.54e24, 4.3e12}, {280e9, 1.18e25, 7.1e12},
		{520e9, 4.19e25, 13.4e12}, {1e12, 1.59e26, 26.5e12}, {10e12, 1.75e28, 292.0e12},
	}
}

// GopherFLOPs is Gopher's (and Chinchilla's) training budget, 5.76e23 FLOPs
// (Hoffmann et al. 2022 Table 3 and Fig. 2).
const GopherFLOPs units.FLOPs = 5.76e23

// anchored returns the coefficient k of y = k·C^exp through (c, y).
func anchored(y float64, c units.FLOPs, exp float64) float64 {
	return y / math.Pow(float64(c), exp)
}

// fitCoef returns the least-squares coefficient k of log y = log k +
// exp·log C over rows (the geometric mean of y_i / C_i^exp), with the
// exponent held fixed.
func fitCoef(rows []Projection, y func(Projection) float64, exp float64) float64 {
	var s float64
	for _, r := range rows {
		s += math.Log(y(r)) - exp*math.Log(float64(r.FLOPs))
	}
	return math.Exp(s / float64(len(rows)))
}

func approach1() Law {
	const a, b = 0.50, 0.50 // Table 2, Approach 1
	return Law{
		ID: ChinchillaApproach1, Name: "Hoffmann et al. 2022, Approach 1 (training-curve envelope)",
		Source: "arXiv:2203.15556 Table 2 (a = b = 0.50) with coefficients anchored on Table 3's " +
			"row at Gopher's budget: 67B parameters, 1.5T tokens at 5.76e23 FLOPs",
		Validity: "runs of 70M–10B parameters (§3.1); " + chinchillaValidity,
		Notes: []string{
			"the anchor row spends 6·N·D = 6.03e23 FLOPs, 4.7% over its 5.76e23; so does every allocation of this law",
			"the other Table 3 rows agree within 3.5% in N; their D lies 4–9% below this law's, since they keep 6·N·D = C",
		},
		ParamsMeaning: chinchillaParamsMeaning,
		Params:        &PowerLaw{Coef: anchored(67e9, GopherFLOPs, a), Exp: a},
		Tokens:        &PowerLaw{Coef: anchored(1.5e12, GopherFLOPs, b), Exp: b},
	}
}

func approach2() Law {
	const a, b = 0.49, 0.51 // Table 2, Approach 2
	rows := TableA3Approach2()
	return Law{
		ID: ChinchillaApproach2, Name: "Hoffmann et al. 2022, Approach 2 (IsoFLOP profiles)",
		Source: "arXiv:2203.15556 Table 2 (a = 0.49, b = 0.51) with coefficients fitted (least squares in log space, " +
			"exponents fixed) to the nine Approach 2 rows of Table A3",
		Validity:      "IsoFLOP budgets 6e18–3e21 FLOPs, models up to 16B parameters (§3.2); " + chinchillaValidity,
		Notes:         []string{"Table A3's 67B row lies 3.3% below this fit in N; the other rows agree within 1%"},
		FitMaxFLOPs:   3e21, // §3.2: nine budgets from 6e18 to 3e21 FLOPs
		ParamsMeaning: chinchillaParamsMeaning,
		Params:        &PowerLaw{Coef: fitCoef(rows, func(p Projection) float64 { return float64(p.Params) }, a), Exp: a},
		Tokens:        &PowerLaw{Coef: fitCoef(rows, func(p Projection) float64 { return float64(p.Tokens) }, b), Exp: b},
	}
}

func approach3(precise bool) Law {
	l := Law{
		ID: ChinchillaApproach3, Name: "Hoffmann et al. 2022, Approach 3 (parametric fit, rounded constants)",
		Source: "arXiv:2203.15556 eq. 2 and App. D.2 eq. 10: E=1.69, A=406.4, B=410.7, α=0.34, β=0.28; " +
			"allocation by eq. 4 under C = 6·N·D",
		Validity:      chinchillaValidity,
		Notes:         []string{approach3RoundingNote, approachesDisagreeWarning},
		ParamsMeaning: chinchillaParamsMeaning, LossData: chinchillaLossData,
	}
	p := approach3Rounded()
	if precise {
		p = approach3TeX()
		l.ID = ChinchillaApproach3TeX
		l.Name = "Hoffmann et al. 2022, Approach 3 (TeX-precise constants)"
		l.Source = "arXiv:2203.15556 TeX source via Epoch AI's notebook (epoch-research/analyzing-chinchilla): " +
			"E=e^0.5267228, A=e^6.0073404, B=e^6.0179186, α=0.33917084, β=0.2849083; allocation by eq. 4"
	}
	l.Parametric = &p
	return l
}

func epoch() Law {
	p := epoch2024()
	return Law{
		ID: EpochRefit, Name: "Besiroglu et al. 2024 (Epoch AI) refit of Approach 3",
		Source: "arXiv:2404.10102, refit of eq. 2 on data digitised from Chinchilla Fig. 4: " +
			"E=1.8169, A=482.01, B=2085.43, α=0.3478, β=0.3658; allocation by eq. 4",
		Validity: "the same runs as Hoffmann et al. (digitised, 240 points) " +
			"[secondary count]; " + chinchillaValidity,
		Notes: []string{"standard errors are large (A ±124.5, B ±1293, α ±0.015, β ±0.021); " +
			"implies ~20 tokens/parameter, consistent with Approaches 1–2"},
		ParamsMeaning: chinchillaParamsMeaning, LossData: chinchillaLossData,
		Parametric: &p,
	}
}

func twentyTokens() Law {
	return Law{
		ID: TwentyTokensPerParam, Name: "~20 tokens per parameter rule",
		Source:        "D = 20·N with C = 6·N·D: N = √(C/120), D = √(20·C/6) (docs/formulas.md §6.4; Chinchilla 70B × 1.4T)",
		Validity:      "a summary of Approaches 1–2 near Chinchilla's budget, not a fit",
		ParamsMeaning: chinchillaParamsMeaning,
		Params:        &PowerLaw{Coef: 1 / math.Sqrt(20*FLOPsPerParamToken), Exp: 0.5},
	}
}
