package scaling

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Point is one (N, D, loss) on an iso-FLOP curve.
type Point struct {
	Params units.Params `json:"params"`
	Tokens units.Tokens `json:"tokens"`
	Loss   float64      `json:"loss"`
}

// IsoFLOPCurve is a law's loss against N at fixed compute C, with
// D = C/(6·N), and its minimum (found numerically; for parametric laws it
// coincides with eq. 4).
type IsoFLOPCurve struct {
	Law          string      `json:"law"`
	ComputeFLOPs units.FLOPs `json:"compute_flops"`
	Optimal      Point       `json:"optimal"`
	// OffOptimum are the points at N_opt × 1/4, 1/2, 2 and 4: what missing
	// the optimum by that factor costs in loss.
	OffOptimum []Offset `json:"off_optimum"`
	Points     []Point  `json:"points"`
}

// Offset is a point at N_opt × Factor on an iso-FLOP curve.
type Offset struct {
	Factor float64 `json:"factor"`
	Point
}

// IsoFLOPConfig asks for iso-FLOP curves of some laws at some budgets.
// Points (default 41, at most 1,000) are log-spaced over N_opt/Span ..
// N_opt·Span (Span default 10).
type IsoFLOPConfig struct {
	Laws    []Law
	Budgets []units.FLOPs
	Points  int
	Span    float64
}

// IsoFLOPResult holds one curve per law and budget.
type IsoFLOPResult struct {
	Curves []IsoFLOPCurve `json:"curves"`
	explain.Trace
}

// DefaultIsoFLOPLaws are the laws iso-FLOP curves use when none is named:
// Approach 3 rounded and precise, and Epoch's refit.
func DefaultIsoFLOPLaws() []Law { return []Law{approach3(false), approach3(true), epoch()} }

// IsoFLOP computes the curves; laws without a loss are an error.
func IsoFLOP(cfg IsoFLOPConfig) (*IsoFLOPResult, error) {
	if len(cfg.Laws) == 0 {
		cfg.Laws = DefaultIsoFLOPLaws()
	}
	if cfg.Points == 0 {
		cfg.Points = 41
	}
	if cfg.Span == 0 {
		cfg.Span = 10
	}
	if cfg.Points < 3 || cfg.Points > 1000 || !(cfg.Span > 1) || cfg.Span > 1e6 {
		return nil, fmt.Errorf("isoflop: points %d must be in 3..1000 and span %g in (1, 1e6]", cfg.Points, cfg.Span)
	}
	if len(cfg.Budgets) == 0 || len(cfg.Budgets) > 100 {
		return nil, fmt.Errorf("isoflop: give 1 to 100 compute budgets (got %d)", len(cfg.Budgets))
	}
	r := &IsoFLOPResult{}
	r.Assume("iso-FLOP constraint", "D = C/(6·N)", "docs/formulas.md §2.2")
	for _, l := range cfg.Laws {
		if !l.HasLoss() {
			return nil, fmt.Errorf("isoflop: law %s defines no loss; use one of %s", l.ID, lossLawIDs())
		}
		for _, c := range cfg.Budgets {
			if _, err := checkPositive("isoflop budget", c); err != nil {
				return nil, fmt.Errorf("isoflop: %w", err)
			}
			if c < 1e9 {
				return nil, fmt.Errorf("isoflop: budget %g FLOPs is too small for a language model (minimum 1e9)", float64(c))
			}
			curve := isoFLOPCurve(l, c, cfg.Points, cfg.Span)
			r.Add("iso-FLOP optimum ("+l.ID+")", "argmin_N L(N, C/(6N))", fmt.Sprintf("C = %.4g", float64(c)),
				float64(curve.Optimal.Params), "params", curve.Optimal.Params.String())
			r.Curves = append(r.Curves, curve)
		}
	}
	return r, nil
}

func isoFLOPCurve(l Law, c units.FLOPs, points int, span float64) IsoFLOPCurve {
	opt := IsoFLOPOptimum(l, c)
	curve := IsoFLOPCurve{Law: l.ID, ComputeFLOPs: c, Optimal: opt}
	for _, f := range []float64{0.25, 0.5, 2, 4} {
		curve.OffOptimum = append(curve.OffOptimum, Offset{f, isoPoint(l, c, units.Params(float64(opt.Params)*f))})
	}
	lo, hi := math.Log(float64(opt.Params)/span), math.Log(float64(opt.Params)*span)
	for i := 0; i < points; i++ {
		n := units.Params(math.Exp(lo + (hi-lo)*float64(i)/float64(points-1)))
		curve.Points = append(curve.Points, isoPoint(l, c, n))
	}
	return curve
}

func isoPoint(l Law, c units.FLOPs, n units.Params) Point {
	d := units.Tokens(float64(c) / (FLOPsPerParamToken * float64(n)))
	loss, _ := l.Loss(n, d)
	return Point{Params: n, Tokens: d, Loss: loss}
}

// IsoFLOPOptimum returns the N minimising law l's loss at compute c with
// D = C/(6·N), found numerically over 1 ≤ N ≤ C/6 (at least one token).
func IsoFLOPOptimum(l Law, c units.FLOPs) Point {
	f := func(n float64) float64 { return isoPoint(l, c, units.Params(n)).Loss }
	n := minimizeLog(f, 1, float64(c)/FLOPsPerParamToken, 400)
	return isoPoint(l, c, units.Params(n))
}
