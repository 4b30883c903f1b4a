package scaling

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Allocation is one law's compute-optimal split of a budget.
type Allocation struct {
	Law            string       `json:"law"` // law ID
	Name           string       `json:"name"`
	Source         string       `json:"source"`
	Validity       string       `json:"validity"`
	ParamsMeaning  string       `json:"params_meaning"`
	ParamsOptimal  units.Params `json:"params_optimal"`
	TokensOptimal  units.Tokens `json:"tokens_optimal"`
	TokensPerParam float64      `json:"tokens_per_param"`
	// PredictedLoss is L(N_opt, D_opt) in nats/token on LossData; nil when
	// the law defines no loss.
	PredictedLoss *float64     `json:"predicted_loss"`
	LossData      string       `json:"loss_data,omitempty"`
	ComputeFLOPs  units.FLOPs  `json:"compute_flops"`           // the budget C
	TrainingFLOPs units.FLOPs  `json:"training_flops_6nd"`      // 6·N_opt·D_opt (≠ C for separately fitted N and D laws)
	ExponentA     float64      `json:"exponent_a"`              // N_opt ∝ C^a
	ExponentB     float64      `json:"exponent_b"`              // D_opt ∝ C^b
	Cost          *Cost        `json:"cost,omitempty"`          // of TrainingFLOPs on the given hardware
	Constants     *Parametric  `json:"constants,omitempty"`     // E, A, B, α, β of parametric laws
	LearningRate  float64      `json:"learning_rate,omitempty"` // compute-optimal peak LR, where the law fits one
	BatchTokens   units.Tokens `json:"batch_tokens,omitempty"`  // compute-optimal batch size, tokens
	Notes         []string     `json:"notes,omitempty"`
}

// Allocate returns law l's compute-optimal allocation of c FLOPs.
func Allocate(l Law, c units.FLOPs) Allocation {
	n, d := l.Optimal(c)
	a, b := l.Exponents()
	al := Allocation{
		Law: l.ID, Name: l.Name, Source: l.Source, Validity: l.Validity, ParamsMeaning: l.ParamsMeaning,
		ParamsOptimal: n, TokensOptimal: d, TokensPerParam: float64(d) / float64(n),
		ComputeFLOPs: c, TrainingFLOPs: units.FLOPs(FLOPsPerParamToken * float64(n) * float64(d)),
		ExponentA: a, ExponentB: b, Notes: l.Notes,
	}
	if l.Parametric != nil {
		p := *l.Parametric
		al.Constants = &p
	}
	if l.LearningRate != nil && l.BatchTokens != nil {
		al.LearningRate, al.BatchTokens = l.LearningRate.At(c), units.Tokens(l.BatchTokens.At(c))
	}
	if l.FitMaxFLOPs > 0 && float64(c) > 10*l.FitMaxFLOPs {
		al.Notes = append(append([]string(nil), l.Notes...), fmt.Sprintf(
			"extrapolation: C is %.3g× the largest budget the law was fitted on (%.2g FLOPs)", float64(c)/l.FitMaxFLOPs, l.FitMaxFLOPs))
	}
	if loss, ok := l.Loss(n, d); ok {
		al.PredictedLoss = &loss
		al.LossData = l.LossData
	}
	return al
}

// Disagreement states how far the laws are apart at one budget: the range
// and ratio of N_opt, D_opt and tokens per parameter, with the law at each
// end.
type Disagreement struct {
	ParamsMin         units.Params `json:"params_min"`
	ParamsMinLaw      string       `json:"params_min_law"`
	ParamsMax         units.Params `json:"params_max"`
	ParamsMaxLaw      string       `json:"params_max_law"`
	ParamsRatio       float64      `json:"params_ratio"` // max / min
	TokensMin         units.Tokens `json:"tokens_min"`
	TokensMax         units.Tokens `json:"tokens_max"`
	TokensRatio       float64      `json:"tokens_ratio"`
	TokensPerParamMin float64      `json:"tokens_per_param_min"`
	TokensPerParamMax float64      `json:"tokens_per_param_max"`
	Statement         string       `json:"statement"`
}

// Disagree summarises the spread of allocations; nil for fewer than two.
// When Kaplan et al. is among them, the statement also gives the range
// without it (its N excludes embeddings and its data differ).
func Disagree(as []Allocation) *Disagreement {
	if len(as) < 2 {
		return nil
	}
	d := spread(as)
	d.Statement = fmt.Sprintf("N_opt ranges from %s (%s) to %s (%s), a %.1f× spread; tokens per parameter from %.3g to %.3g",
		d.ParamsMin, d.ParamsMinLaw, d.ParamsMax, d.ParamsMaxLaw, d.ParamsRatio, d.TokensPerParamMin, d.TokensPerParamMax)
	var rest []Allocation
	for _, a := range as {
		if a.Law != KaplanLaw {
			rest = append(rest, a)
		}
	}
	if len(rest) >= 2 && len(rest) < len(as) {
		r := spread(rest)
		d.Statement += fmt.Sprintf("; without Kaplan et al. (non-embedding N, WebText2) N_opt spans %s to %s (%.1f×), %.3g to %.3g tokens per parameter",
			r.ParamsMin, r.ParamsMax, r.ParamsRatio, r.TokensPerParamMin, r.TokensPerParamMax)
	}
	return &d
}

func spread(as []Allocation) Disagreement {
	d := Disagreement{ParamsMin: as[0].ParamsOptimal, ParamsMax: as[0].ParamsOptimal,
		ParamsMinLaw: as[0].Law, ParamsMaxLaw: as[0].Law,
		TokensMin: as[0].TokensOptimal, TokensMax: as[0].TokensOptimal,
		TokensPerParamMin: as[0].TokensPerParam, TokensPerParamMax: as[0].TokensPerParam}
	for _, a := range as[1:] {
		if a.ParamsOptimal < d.ParamsMin {
			d.ParamsMin, d.ParamsMinLaw = a.ParamsOptimal, a.Law
		}
		if a.ParamsOptimal > d.ParamsMax {
			d.ParamsMax, d.ParamsMaxLaw = a.ParamsOptimal, a.Law
		}
		d.TokensMin = units.Tokens(math.Min(float64(d.TokensMin), float64(a.TokensOptimal)))
		d.TokensMax = units.Tokens(math.Max(float64(d.TokensMax), float64(a.TokensOptimal)))
		d.TokensPerParamMin = math.Min(d.TokensPerParamMin, a.TokensPerParam)
		d.TokensPerParamMax = math.Max(d.TokensPerParamMax, a.TokensPerParam)
	}
	d.ParamsRatio = float64(d.ParamsMax) / float64(d.ParamsMin)
	d.TokensRatio = float64(d.TokensMax) / float64(d.TokensMin)
	return d
}

// OptimalConfig asks for the compute-optimal model of a budget under some
// laws (empty Laws: all built-in laws).
type OptimalConfig struct {
	Budget Budget
	Laws   []Law
}

// OptimalResult is the compute-optimal allocation under each law, the
// spread between them and the derivation.
type OptimalResult struct {
	ComputeFLOPs units.FLOPs   `json:"compute_flops"`
	Hardware     *Hardware     `json:"hardware,omitempty"`
	Cost         *Cost         `json:"cost,omitempty"` // of the budget C itself
	Laws         []Allocation  `json:"laws"`
	Disagreement *Disagreement `json:"disagreement,omitempty"`
	explain.Trace
}

// Optimal resolves the budget to FLOPs and allocates it under each law.
func Optimal(cfg OptimalConfig) (*OptimalResult, error) {
	r := &OptimalResult{}
	c, err := cfg.Budget.Compute(&r.Trace)
	if err != nil {
		return nil, fmt.Errorf("scaling optimal: %w", err)
	}
	laws := cfg.Laws
	if len(laws) == 0 {
		laws = Laws()
	}
	r.ComputeFLOPs = c
	r.Hardware = cfg.Budget.Hardware
	if h := r.Hardware; h != nil {
		cost := CostOf(c, *h)
		r.Cost = &cost
	}
	r.Assume("training compute", "C = 6·N·D", "docs/formulas.md §2.2; Chinchilla counts N incl. embeddings (App. F)")
	for _, l := range laws {
		a := Allocate(l, c)
		if h := r.Hardware; h != nil {
			cost := CostOf(a.TrainingFLOPs, *h)
			a.Cost = &cost
		}
		r.addSteps(l, a)
		r.Laws = append(r.Laws, a)
	}
	r.Disagreement = Disagree(r.Laws)
	return r, nil
}
