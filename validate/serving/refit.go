package serving

import (
	"math"
	"sort"

	"github.com/flopsdev/flops/engine"
)

// FitOptions bounds a fit's work.
type FitOptions struct {
	// Evals is the objective evaluations of the full fit, which starts from
	// the given profile's constants; 0 keeps them and only rescores.
	Evals int
	// LOMOEvals is the evaluations of each leave-one-model-out refit. Each
	// starts from Prior, the hand-set constants that predate any fit, never
	// from the full fit: that fit saw the held-out model's rows, and starting
	// from it would carry them into the held-out prediction.
	LOMOEvals int
	// Toward, when set, shrinks the fits toward another profile's fit (see
	// anchor): the full fit toward Toward.Profile, and each
	// leave-one-model-out refit toward Toward.Held[model], that profile
	// refitted without the same model, so no held-out row reaches its
	// prediction through the anchor.
	Toward *Shrinkage
	Log    func(format string, args ...any)
}

// Shrinkage is the anchor of a hierarchical fit: a fitted profile, its
// leave-one-model-out refits, and the anchor's weight in rows.
type Shrinkage struct {
	Profile engine.Profile
	Held    map[string]engine.Profile
	Rows    float64
}

// toward is the shrinkage's anchor for the refit without model m ("" for
// the full fit); nil without shrinkage.
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
	// TPOT seconds): the profile refitted without that row's model.
	Held map[string][2]float64
	// HeldProfiles maps a model to the profile refitted without its rows.
	HeldProfiles map[string]engine.Profile
}

// Fit fits profile base on the cases cs of one framework (or of all for
// the generic profile; cs may be a subsample of all), then refits it once
// per model with that model's rows left out and predicts every case of
// all of that model.
func Fit(base engine.Profile, cs, all []Case, o FitOptions) FitResult {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	p := fitProfile(base, o.Toward.toward(""), cs, o.Evals)
	in, _ := Score(predictWith(cs, p))
	logf("%s: %d rows in sample: TPOT MAPE %.3f, TTFT MAPE %.3f", base.Name, in.Rows, in.TPOTMAPE, in.TTFTMAPE)
	res := FitResult{Profile: p, Held: map[string][2]float64{}, HeldProfiles: map[string]engine.Profile{}}
	for _, m := range models(all) {
		var train, test []Case
		for _, c := range cs {
			if c.Model != m {
				train = append(train, c)
			}
		}
		for _, c := range all {
			if c.Model == m {
				test = append(test, c)
			}
		}
		q := Prior(base)
		if len(train) > 0 {
			q = fitProfile(q, o.Toward.toward(m), train, o.LOMOEvals)
		}
		res.HeldProfiles[m] = q
		held := predictWith(test, q)
		for _, h := range held {
			if !math.IsNaN(h.TPOT) { // an estimate that failed (does not fit) has no prediction
				res.Held[h.ID] = [2]float64{h.TTFT, h.TPOT}
			}
		}
		s, _ := Score(held)
		logf("%s without %s: %d rows: TPOT MAPE %.3f, TTFT MAPE %.3f", base.Name, m, s.Rows, s.TPOTMAPE, s.TTFTMAPE)
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

// models lists the distinct models of the cases, sorted.
func models(cs []Case) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c.Model] {
			seen[c.Model] = true
			out = append(out, c.Model)
		}
	}
	sort.Strings(out)
	return out
}

// HeldOut returns the stored leave-one-model-out prediction of a case.
func HeldOut(held map[string][2]float64, c Case) (ttft, tpot float64, ok bool) {
	v, ok := held[c.ID]
	if !ok {
		return math.NaN(), math.NaN(), false
	}
	return v[0], v[1], true
}
