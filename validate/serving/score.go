package serving

import (
	"math"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/internal/parallel"
)

// Prediction is one case's predicted TTFT and TPOT, seconds (NaN when the
// estimate failed or the deployment does not fit).
type Prediction struct {
	Case
	TTFT, TPOT float64
	Err        string
}

// Predict estimates every case, in parallel.
func Predict(cs []Case) []Prediction {
	out := make([]Prediction, len(cs))
	parallel.For(len(cs), 0, func(i int) { out[i] = predict(cs[i]) })
	return out
}

func predict(c Case) Prediction {
	p := Prediction{Case: c, TTFT: math.NaN(), TPOT: math.NaN()}
	r, err := engine.Estimate(c.Config)
	switch {
	case err != nil:
		p.Err = err.Error()
	case !r.Memory.Fits:
		p.Err = "does not fit"
	default:
		p.TTFT, p.TPOT = float64(r.TTFT), float64(r.TPOT)
	}
	return p
}

// Score summarises predictions against measurements. Rows whose estimate
// failed count as unexpressed (in Failed), not as errors of 0 or 100 %.
func Score(ps []Prediction) (engine.Score, int) {
	var s engine.Score
	var tpot, ttft errStats
	failed := 0
	for _, p := range ps {
		if math.IsNaN(p.TPOT) {
			failed++
			continue
		}
		s.Rows++
		tpot.add(p.TPOT, p.Row.TPOT)
		ttft.add(p.TTFT, p.Row.TTFT)
	}
	s.TPOTMAPE, s.TPOTGeoMean, s.TPOTWithin25 = tpot.result()
	s.TTFTMAPE, s.TTFTGeoMean, s.TTFTWithin25 = ttft.result()
	return s, failed
}

// errStats accumulates |pred/meas − 1|, log(pred/meas) and the share
// within ±25 %.
type errStats struct {
	n, abs, logs, within float64
}

func (e *errStats) add(pred, meas float64) {
	if !(meas > 0) || !(pred > 0) {
		return
	}
	q := pred / meas
	e.n++
	e.abs += math.Abs(q - 1)
	e.logs += math.Log(q)
	if math.Abs(q-1) <= 0.25 {
		e.within++
	}
}

func (e *errStats) result() (mape, geo, within float64) {
	if e.n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return e.abs / e.n, math.Exp(e.logs / e.n), e.within / e.n
}
