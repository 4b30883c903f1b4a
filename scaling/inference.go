package scaling

import (
	"errors"
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// InferenceFLOPsPerParamToken is the 2 in inference compute 2·N per token
// (forward pass only; formulas.md §2.10, Sardana et al. 2023 eq. 1).
const InferenceFLOPsPerParamToken = 2

// InferenceConfig asks for the model that reaches a loss at the least
// lifetime compute (Sardana, Doubov & Frankle 2023, arXiv:2401.00448):
//
//	minimise 6·N·D_tr + 2·N·D_inf  subject to  L(N, D_tr) = ℓ,
//
// and, when both prices are set, the same with training and inference
// FLOPs priced differently: p_tr·6·N·D_tr + p_inf·2·N·D_inf.
type InferenceConfig struct {
	Law Law
	// TargetLoss ℓ in the law's nats/token; ignored when Reference is set.
	TargetLoss float64
	// Reference, if set, is a model (N, D) whose loss is the target.
	Reference *Plan
	// InferenceTokens is D_inf, the tokens served over the model's life.
	InferenceTokens units.Tokens
	// TrainUSDPerFLOP and InferUSDPerFLOP are the prices of one training
	// and one inference FLOP (e.g. $/h ÷ (3600·peak·MFU)); 0 means unpriced.
	TrainUSDPerFLOP float64
	InferUSDPerFLOP float64
}

// Plan is one way to reach the target loss: parameters, training tokens
// and the lifetime FLOPs (and dollars, when priced) it costs.
type Plan struct {
	Params         units.Params `json:"params"`
	Tokens         units.Tokens `json:"tokens"`
	TokensPerParam float64      `json:"tokens_per_param"`
	TrainingFLOPs  units.FLOPs  `json:"training_flops"`  // 6·N·D_tr
	InferenceFLOPs units.FLOPs  `json:"inference_flops"` // 2·N·D_inf
	TotalFLOPs     units.FLOPs  `json:"total_flops"`
	CostUSD        units.USD    `json:"cost_usd,omitempty"`
}

// InferenceResult compares the compute-optimal (Chinchilla) model for the
// target loss with the lifetime-FLOP-optimal and (when priced) the
// lifetime-cost-optimal ones.
type InferenceResult struct {
	Law             string       `json:"law"`
	TargetLoss      float64      `json:"target_loss"`
	InferenceTokens units.Tokens `json:"inference_tokens"`
	Reference       *Plan        `json:"reference,omitempty"`
	ComputeOptimal  Plan         `json:"compute_optimal"`   // least training FLOPs
	InferenceAware  Plan         `json:"inference_optimal"` // least training + inference FLOPs
	CostOptimal     *Plan        `json:"cost_optimal,omitempty"`
	SavedFLOPs      units.FLOPs  `json:"saved_flops"`    // ComputeOptimal.Total − InferenceAware.Total
	SavedFraction   float64      `json:"saved_fraction"` // SavedFLOPs / ComputeOptimal.Total
	SavedUSD        units.USD    `json:"saved_usd,omitempty"`
	explain.Trace
}

// Inference solves InferenceConfig by 1-D minimisation over N, with D_tr
// from the loss constraint (see minimizeLog).
func Inference(cfg InferenceConfig) (*InferenceResult, error) {
	l := cfg.Law
	if !l.HasLoss() {
		return nil, fmt.Errorf("inference-aware sizing: law %s defines no loss L(N, D); use one of %s",
			l.ID, lossLawIDs())
	}
	if err := cfg.checkInputs(); err != nil {
		return nil, fmt.Errorf("inference-aware sizing: %w", err)
	}
	r := &InferenceResult{Law: l.ID, TargetLoss: cfg.TargetLoss, InferenceTokens: cfg.InferenceTokens}
	if ref := cfg.Reference; ref != nil {
		r.TargetLoss, _ = l.Loss(ref.Params, ref.Tokens)
		p := cfg.plan(ref.Params, ref.Tokens)
		r.Reference = &p
		r.Add("target loss", lossFormula(l), fmt.Sprintf("L(%.4g, %.4g)", float64(ref.Params), float64(ref.Tokens)),
			r.TargetLoss, "nats/token", fmt.Sprintf("%.4f", r.TargetLoss))
	}
	lo, err := minFeasibleParams(l, r.TargetLoss)
	if err != nil {
		return nil, fmt.Errorf("inference-aware sizing: %w", err)
	}
	solve := func(pTr, pInf float64) Plan {
		cost := func(n float64) float64 {
			d := float64(mustTokens(l, units.Params(n), r.TargetLoss))
			return pTr*FLOPsPerParamToken*n*d + pInf*InferenceFLOPsPerParamToken*n*float64(cfg.InferenceTokens)
		}
		n := units.Params(minimizeLog(cost, lo, lo*1e6, 600))
		return cfg.plan(n, mustTokens(l, n, r.TargetLoss))
	}
	r.ComputeOptimal = solve(1, 0)
	r.InferenceAware = solve(1, 1)
	if cfg.TrainUSDPerFLOP > 0 && cfg.InferUSDPerFLOP > 0 {
		p := solve(cfg.TrainUSDPerFLOP, cfg.InferUSDPerFLOP)
		r.CostOptimal = &p
		r.SavedUSD = r.ComputeOptimal.CostUSD - p.CostUSD
	}
	for _, p := range []Plan{r.ComputeOptimal, r.InferenceAware} {
		if !finite(float64(p.Params), float64(p.Tokens), float64(p.TotalFLOPs)) {
			return nil, fmt.Errorf("inference-aware sizing: no finite solution for loss %.4g and %g inference tokens under %s",
				r.TargetLoss, float64(cfg.InferenceTokens), l.ID)
		}
	}
	r.SavedFLOPs = r.ComputeOptimal.TotalFLOPs - r.InferenceAware.TotalFLOPs
	r.SavedFraction = float64(r.SavedFLOPs) / float64(r.ComputeOptimal.TotalFLOPs)
	r.addInferenceSteps(cfg)
	return r, nil
}

func (cfg InferenceConfig) checkInputs() error {
	if cfg.Reference == nil && !(cfg.TargetLoss > 0) {
		return errors.New("give a target loss (nats/token, > 0) or a reference model")
	}
	if ref := cfg.Reference; ref != nil && !(ref.Params > 0 && ref.Tokens > 0) {
		return fmt.Errorf("reference model needs positive params and tokens (got %g, %g)", float64(ref.Params), float64(ref.Tokens))
	}
	if !(cfg.InferenceTokens >= 0) || math.IsInf(float64(cfg.InferenceTokens), 0) {
		return fmt.Errorf("inference tokens %g must be a finite number ≥ 0", float64(cfg.InferenceTokens))
	}
	if cfg.TrainUSDPerFLOP < 0 || cfg.InferUSDPerFLOP < 0 {
		return errors.New("prices per FLOP must not be negative")
	}
	return nil
}

// plan fills in the FLOPs and cost of (n, d) under cfg.
func (cfg InferenceConfig) plan(n units.Params, d units.Tokens) Plan {
	tr := FLOPsPerParamToken * float64(n) * float64(d)
	inf := InferenceFLOPsPerParamToken * float64(n) * float64(cfg.InferenceTokens)
	return Plan{Params: n, Tokens: d, TokensPerParam: float64(d) / float64(n),
		TrainingFLOPs: units.FLOPs(tr), InferenceFLOPs: units.FLOPs(inf), TotalFLOPs: units.FLOPs(tr + inf),
		CostUSD: units.USD(tr*cfg.TrainUSDPerFLOP + inf*cfg.InferUSDPerFLOP)}
}

// finite reports whether every value is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func mustTokens(l Law, n units.Params, loss float64) units.Tokens {
	d, _ := l.TokensForLoss(n, loss)
	return d
}

// minFeasibleParams returns the smallest N (to 1e-9 relative) at which some
// finite D reaches loss under l; an error when even 1e30 parameters do not.
func minFeasibleParams(l Law, loss float64) (float64, error) {
	feasible := func(n float64) bool { return !math.IsInf(float64(mustTokens(l, units.Params(n), loss)), 0) }
	lo, hi := 0.0, 30.0 // log10 N
	if !feasible(math.Pow(10, hi)) {
		return 0, fmt.Errorf("target loss %.4g nats/token is out of reach under law %s: it needs more than 1e30 parameters or is at or below the irreducible loss%s",
			loss, l.ID, irreducible(l))
	}
	if feasible(1) {
		return 1, nil
	}
	for hi-lo > 1e-10 {
		mid := (lo + hi) / 2
		if feasible(math.Pow(10, mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return math.Pow(10, hi) * (1 + 1e-9), nil
}

func irreducible(l Law) string {
	if l.Parametric != nil {
		return fmt.Sprintf(" E = %.4g", l.Parametric.E)
	}
	return ""
}

func lossLawIDs() string {
	s := ""
	for _, l := range Laws() {
		if l.HasLoss() {
			if s != "" {
				s += ", "
			}
			s += l.ID
		}
	}
	return s + " or a custom law"
}
