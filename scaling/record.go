package scaling

import (
	"math"

	"github.com/flopsdev/flops/units"
)

// Law is one published scaling law: its constants, where they come from
// and over what range they were fitted. How a law splits compute depends
// on which fields are set:
//
//   - Params and Tokens both set: N_opt and D_opt are separate power laws
//     in C (Hoffmann Approaches 1–2, Kaplan et al.).
//   - Params set with ParamsIsM: the power law gives DeepSeek's M, the
//     non-embedding FLOPs per token, and N_opt = M/6.
//   - Only Tokens set: N_opt = C/(6·D_opt) (Llama 3).
//   - Neither set and Parametric set: eq. 4 of Hoffmann et al. (closed form).
type Law struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Source   string   `json:"source"`   // paper, table or equation
	Validity string   `json:"validity"` // range the fit was made on
	Notes    []string `json:"notes,omitempty"`
	// ParamsMeaning says what N counts: "all parameters incl. embeddings",
	// "non-embedding parameters", ...
	ParamsMeaning string `json:"params_meaning"`
	// LossData names the data set and tokenizer losses are measured on.
	LossData string `json:"loss_data,omitempty"`
	// FitMaxFLOPs is the largest training compute among the runs the law
	// was fitted on, where the paper states it (0: not recorded).
	FitMaxFLOPs float64 `json:"fit_max_flops,omitempty"`

	Params     *PowerLaw   `json:"params_law,omitempty"`
	ParamsIsM  bool        `json:"params_law_gives_m,omitempty"`
	Tokens     *PowerLaw   `json:"tokens_law,omitempty"`
	Parametric *Parametric `json:"parametric,omitempty"`
	Kaplan     *Kaplan     `json:"kaplan,omitempty"`

	// LearningRate and BatchTokens are compute-optimal hyper-parameter
	// fits (peak learning rate; batch size in tokens), where the law has
	// them (DeepSeek LLM).
	LearningRate *PowerLaw `json:"learning_rate_law,omitempty"`
	BatchTokens  *PowerLaw `json:"batch_tokens_law,omitempty"`
}

// HasLoss reports whether the law predicts a loss L(N, D).
func (l Law) HasLoss() bool { return l.Parametric != nil || l.Kaplan != nil }

// Loss returns the law's predicted loss for n parameters trained on d
// tokens, in nats per token, and false if the law defines none.
func (l Law) Loss(n units.Params, d units.Tokens) (float64, bool) {
	switch {
	case l.Parametric != nil:
		return l.Parametric.Loss(n, d), true
	case l.Kaplan != nil:
		return l.Kaplan.Loss(n, d), true
	}
	return math.NaN(), false
}

// Optimal returns the law's compute-optimal parameters and training tokens
// for a budget of c FLOPs (see Law for the forms). For the power-law forms
// 6·N·D need not equal c exactly: the published fits of N and D are
// separate (Kaplan et al.'s pair spends 1.8·c).
func (l Law) Optimal(c units.FLOPs) (units.Params, units.Tokens) {
	switch {
	case l.Params != nil && l.ParamsIsM && l.Tokens != nil:
		return units.Params(l.Params.At(c) / FLOPsPerParamToken), units.Tokens(l.Tokens.At(c))
	case l.Params != nil && l.Tokens != nil:
		return units.Params(l.Params.At(c)), units.Tokens(l.Tokens.At(c))
	case l.Tokens != nil:
		d := l.Tokens.At(c)
		return units.Params(float64(c) / (FLOPsPerParamToken * d)), units.Tokens(d)
	case l.Params != nil:
		n := l.Params.At(c)
		return units.Params(n), units.Tokens(float64(c) / (FLOPsPerParamToken * n))
	case l.Parametric != nil:
		return l.Parametric.Optimal(c)
	}
	return units.Params(math.NaN()), units.Tokens(math.NaN())
}

// Exponents returns a and b of N_opt ∝ C^a and D_opt ∝ C^b.
func (l Law) Exponents() (a, b float64) {
	switch {
	case l.Params != nil && l.Tokens != nil:
		return l.Params.Exp, l.Tokens.Exp
	case l.Tokens != nil:
		return 1 - l.Tokens.Exp, l.Tokens.Exp
	case l.Params != nil:
		return l.Params.Exp, 1 - l.Params.Exp
	case l.Parametric != nil:
		_, a, b := l.Parametric.Frontier()
		return a, b
	}
	return math.NaN(), math.NaN()
}

// TokensForLoss returns the training tokens at which n parameters reach
// loss under the law, +Inf when no finite D does (loss at or below the
// law's limit for n), and false when the law defines no loss.
//
// Parametric: D = (B/(ℓ − E − A/N^α))^(1/β). Kaplan: D = D_c/(ℓ^(1/α_D) −
// (N_c/N)^(α_N/α_D)).
func (l Law) TokensForLoss(n units.Params, loss float64) (units.Tokens, bool) {
	switch {
	case l.Parametric != nil:
		return l.Parametric.TokensForLoss(n, loss), true
	case l.Kaplan != nil:
		k := l.Kaplan
		r := math.Pow(loss, 1/k.AlphaD) - math.Pow(k.NC/float64(n), k.AlphaN/k.AlphaD)
		if !(r > 0) {
			return units.Tokens(math.Inf(1)), true
		}
		return units.Tokens(k.DC / r), true
	}
	return units.Tokens(math.NaN()), false
}

// ComputeForParams returns the budget C at which law l's compute-optimal
// model has n parameters (bisection in log C over 1..1e40 FLOPs; N_opt
// increases with C under every law).
func ComputeForParams(l Law, n units.Params) units.FLOPs {
	lo, hi := 0.0, 40.0
	for hi-lo > 1e-12 {
		mid := (lo + hi) / 2
		if got, _ := l.Optimal(units.FLOPs(math.Pow(10, mid))); got < n {
			lo = mid
		} else {
			hi = mid
		}
	}
	return units.FLOPs(math.Pow(10, (lo+hi)/2))
}
