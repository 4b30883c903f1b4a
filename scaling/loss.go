package scaling

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// LossConfig asks what each law predicts for a model of Params trained on
// Tokens, and how far that pair is from compute-optimal.
type LossConfig struct {
	Params units.Params
	Tokens units.Tokens
	Laws   []Law // empty: all built-in laws
}

// LossRow is one law's view of a (N, D) pair.
type LossRow struct {
	Law           string   `json:"law"`
	PredictedLoss *float64 `json:"predicted_loss"` // nil when the law defines no loss
	LossData      string   `json:"loss_data,omitempty"`
	// ParamsOptimal, TokensOptimal: the law's compute-optimal split of the
	// same compute 6·N·D, and the loss it predicts for it.
	ParamsOptimal  units.Params `json:"params_optimal"`
	TokensOptimal  units.Tokens `json:"tokens_optimal"`
	TokensPerParam float64      `json:"tokens_per_param"` // of the optimal split
	LossAtOptimal  *float64     `json:"loss_at_optimal,omitempty"`
	// ComputeForSameLoss is the least compute reaching PredictedLoss on the
	// law's own frontier; SavedFraction = 1 − that / 6·N·D.
	ComputeForSameLoss *units.FLOPs `json:"compute_for_same_loss,omitempty"`
	SavedFraction      *float64     `json:"saved_fraction,omitempty"`
	ParamsRatio        float64      `json:"params_ratio"` // N / N_opt: > 1 means larger than compute-optimal
}

// LossResult is the predicted loss of one (N, D) pair under each law.
type LossResult struct {
	Params         units.Params `json:"params"`
	Tokens         units.Tokens `json:"tokens"`
	TokensPerParam float64      `json:"tokens_per_param"`
	ComputeFLOPs   units.FLOPs  `json:"compute_flops"` // 6·N·D
	Laws           []LossRow    `json:"laws"`
	explain.Trace
}

// Loss evaluates cfg under each law.
func Loss(cfg LossConfig) (*LossResult, error) {
	n, d := float64(cfg.Params), float64(cfg.Tokens)
	if !(n >= 1 && n <= 1e18) {
		return nil, fmt.Errorf("scaling loss: params %.4g outside 1 … 1e18", n)
	}
	if !(d >= 1 && d <= 1e20) {
		return nil, fmt.Errorf("scaling loss: tokens %.4g outside 1 … 1e20", d)
	}
	laws := cfg.Laws
	if len(laws) == 0 {
		laws = Laws()
	}
	r := &LossResult{Params: cfg.Params, Tokens: cfg.Tokens, TokensPerParam: d / n,
		ComputeFLOPs: units.FLOPs(FLOPsPerParamToken * n * d)}
	r.Add("compute", "C = 6·N·D", fmt.Sprintf("6 × %.4g × %.4g", n, d), float64(r.ComputeFLOPs), "FLOP", r.ComputeFLOPs.String())
	for _, l := range laws {
		r.Laws = append(r.Laws, r.row(l))
	}
	return r, nil
}

func (r *LossResult) row(l Law) LossRow {
	a := Allocate(l, r.ComputeFLOPs)
	row := LossRow{Law: l.ID, ParamsOptimal: a.ParamsOptimal, TokensOptimal: a.TokensOptimal,
		TokensPerParam: a.TokensPerParam, LossAtOptimal: a.PredictedLoss,
		ParamsRatio: float64(r.Params) / float64(a.ParamsOptimal)}
	loss, ok := l.Loss(r.Params, r.Tokens)
	if !ok {
		return row
	}
	row.PredictedLoss, row.LossData = &loss, l.LossData
	r.Add("loss ("+l.ID+")", lossFormula(l), fmt.Sprintf("L(%.4g, %.4g)", float64(r.Params), float64(r.Tokens)),
		loss, "nats/token", fmt.Sprintf("%.4f", loss))
	if c, ok := ComputeForLoss(l, loss); ok {
		saved := 1 - float64(c)/float64(r.ComputeFLOPs)
		row.ComputeForSameLoss, row.SavedFraction = &c, &saved
	}
	return row
}

// ComputeForLoss returns the least training compute 6·N·D at which law l
// reaches loss (minimising over N with D from the loss constraint), and
// false when the law has no loss or no model reaches it.
func ComputeForLoss(l Law, loss float64) (units.FLOPs, bool) {
	if !l.HasLoss() {
		return 0, false
	}
	lo, err := minFeasibleParams(l, loss)
	if err != nil {
		return 0, false
	}
	f := func(n float64) float64 { return n * float64(mustTokens(l, units.Params(n), loss)) }
	n := minimizeLog(f, lo, lo*1e6, 600)
	c := FLOPsPerParamToken * f(n)
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return 0, false
	}
	return units.FLOPs(c), true
}
