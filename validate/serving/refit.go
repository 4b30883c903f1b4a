package serving

import (
	"math"

	"github.com/flopsdev/flops/engine"
)

// FitOptions bounds a fit's work.
type FitOptions struct {
	// Evals is the objective evaluations of the full fit, which starts from
	// the given profile's constants; 0 keeps them and only rescores.
	Evals int
	// LOMOEvals is the evaluations of each refit that leaves a model or a
	// family out. Each starts from Prior, the hand-set constants that
	// predate any fit, never from the full fit: that fit saw the held-out
	// rows, and starting from it would carry them into the held-out
	// prediction.
	LOMOEvals int
	// Toward, when set, shrinks the fits toward another profile's fit (see
	// anchor): the full fit toward Toward.Profile, and each refit toward
	// Toward.Held[fold], that profile refitted without the same model or
	// family, so no held-out row reaches its prediction through the anchor.
	Toward *Shrinkage
	Log    func(format string, args ...any)
}

// Shrinkage is the anchor of a hierarchical fit: a fitted profile, its
// refits by fold (fold.key), and the anchor's weight in rows.
type Shrinkage struct {
	Profile engine.Profile
	Held    map[string]engine.Profile
	Rows    float64
}

// toward is the shrinkage's anchor for the refit of fold m ("" for the
// full fit); nil without shrinkage.
func (s *Shrinkage) toward(m string) *anchor {
	if s == nil {
		return nil
	}
	if m == "" {
		return &anchor{s.Profile, s.Rows}
	}
	p, ok := s.Held[m]
	if !ok {
		// the anchor never held m out (it had no rows of m), so its full
		// fit never saw m's rows either
		p = s.Profile
	}
	return &anchor{p, s.Rows}
}

// FitResult is a fitted profile with its in-sample and held-out
// predictions.
type FitResult struct {
	Profile engine.Profile
	// Held maps a row ID to its leave-one-model-out prediction (TTFT,
	// TPOT seconds): the profile refitted without that row's model (see
	// heldOutModel).
	Held map[string][2]float64
	// HeldFamily maps a row ID to its leave-one-family-out prediction: the
	// profile refitted without that row's family (see heldOutFamily).
	HeldFamily map[string][2]float64
	// HeldProfiles maps a fold (a model or family left out, fold.key) to
	// the profile refitted without its rows.
	HeldProfiles map[string]engine.Profile
}

// Fit fits profile base on the cases cs of one framework (or of all for
// the generic profile; cs may be a subsample of all), then refits it once
// per fold, leaving out one model or one family (see folds), and predicts
// the left-out rows of all.
func Fit(base engine.Profile, cs, all []Case, o FitOptions) FitResult {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	p := fitProfile(base, o.Toward.toward(""), cs, o.Evals)
	in, _ := Score(predictWith(cs, p))
	logf("%s: %d rows in sample: TPOT MAPE %.3f, TTFT MAPE %.3f", base.Name, in.Rows, in.TPOTMAPE, in.TTFTMAPE)
	res := FitResult{Profile: p, Held: map[string][2]float64{}, HeldFamily: map[string][2]float64{}, HeldProfiles: map[string]engine.Profile{}}
	for _, f := range folds(all) {
		var train, test []Case
		for _, c := range cs {
			if !f.out[c.Model] {
				train = append(train, c)
			}
		}
		for _, c := range all {
			if f.out[c.Model] {
				test = append(test, c)
			}
		}
		q := Prior(base)
		if len(train) > 0 {
			q = fitProfile(q, o.Toward.toward(f.key), train, o.LOMOEvals)
		}
		res.HeldProfiles[f.key] = q
		held := predictWith(test, q)
		for _, h := range held {
			if math.IsNaN(h.TPOT) { // an estimate that failed (does not fit) has no prediction
				continue
			}
			v := [2]float64{h.TTFT, h.TPOT}
			if f.model {
				res.Held[h.ID] = v
			}
			if f.fam {
				res.HeldFamily[h.ID] = v
			}
		}
		s, _ := Score(held)
		logf("%s without %s (%s): %d rows: TPOT MAPE %.3f, TTFT MAPE %.3f", base.Name, f.key, f.leftOut(), s.Rows, s.TPOTMAPE, s.TTFTMAPE)
	}
	return res
}

// predictWith predicts cases under profile p.
func predictWith(cs []Case, p engine.Profile) []Prediction {
	for i := range cs {
		cs[i].Config.Profile = p
	}
	return Predict(cs)
}

// HeldOut returns a case's stored held-out prediction (held: one
// profile's map of Held or HeldFamily).
func HeldOut(held map[string][2]float64, c Case) (ttft, tpot float64, ok bool) {
	v, ok := held[c.ID]
	if !ok {
		return math.NaN(), math.NaN(), false
	}
	return v[0], v[1], true
}
