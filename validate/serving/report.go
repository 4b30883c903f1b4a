package serving

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/flopsdev/flops/engine"
)

//go:embed data/heldout.json
var heldoutJSON []byte

//go:embed data/heldout_family.json
var heldoutFamilyJSON []byte

// Source is the attribution of the measurements.
const Source = "AIConfigurator silicon sample (NVIDIA, ai-dynamo/aiconfigurator, aic-core/src/aiconfigurator_core/systems/silicon_sample.csv at commit 095f58a5, Apache-2.0)"

// Report scores the estimator on every row it can express: in sample (the
// shipped profiles), leave-one-model-out (each model's rows predicted by a
// profile refitted without them, stored by the fit in data/heldout.json)
// and leave-one-family-out (each family's rows predicted by a profile
// refitted without the family, data/heldout_family.json).
type Report struct {
	Source    string       `json:"source"`
	Rows      int          `json:"rows"`
	Expressed int          `json:"expressed"`
	Skipped   []SkipCount  `json:"skipped"`
	Failed    int          `json:"failed"` // expressed, but the estimate failed or did not fit
	Overall   Group        `json:"overall"`
	Modes     []Group      `json:"modes"`      // aggregated, disaggregated
	Framework []Group      `json:"frameworks"` // one per framework profile
	Generic   Group        `json:"generic"`    // every row with the generic profile
	Groups    []Group      `json:"groups"`     // model × GPU × framework × mode
	Profiles  []ProfileFit `json:"profiles"`
}

// SkipCount is how many rows one reason keeps out.
type SkipCount struct {
	Reason string `json:"reason"`
	Rows   int    `json:"rows"`
}

// Group is the in-sample and held-out error of a set of rows.
type Group struct {
	Key               string       `json:"key"`
	InSample          engine.Score `json:"in_sample"`
	LeaveOneModelOut  engine.Score `json:"leave_one_model_out"`
	LeaveOneFamilyOut engine.Score `json:"leave_one_family_out"`
}

// ProfileFit is a fitted profile's constants and its stored fit summary.
type ProfileFit struct {
	Name      string             `json:"name"`
	Constants map[string]float64 `json:"constants"`
	Fit       *engine.Fit        `json:"fit"`
}

// scored is one case with its in-sample, leave-one-model-out and
// leave-one-family-out predictions.
type scored struct {
	in, held, fam Prediction
}

// heldOutSets are the fit's stored held-out predictions: profile → row
// ID → (TTFT, TPOT) seconds, leaving models out and leaving families out.
type heldOutSets struct {
	model, family map[string]map[string][2]float64
}

// readHeldOutSets parses the embedded held-out predictions.
func readHeldOutSets() (heldOutSets, error) {
	var h heldOutSets
	if err := json.Unmarshal(heldoutJSON, &h.model); err != nil {
		return h, fmt.Errorf("held-out predictions: %w", err)
	}
	if err := json.Unmarshal(heldoutFamilyJSON, &h.family); err != nil {
		return h, fmt.Errorf("held-out predictions by family: %w", err)
	}
	return h, nil
}

// Build computes the report.
func Build() (*Report, error) {
	rows, err := Rows()
	if err != nil {
		return nil, err
	}
	held, err := readHeldOutSets()
	if err != nil {
		return nil, err
	}
	ps := map[string]engine.Profile{}
	for _, n := range []string{"trtllm", "vllm", "sglang"} {
		if ps[n], err = engine.LookupProfile(n); err != nil {
			return nil, err
		}
	}
	cs, skips := Cases(rows, ps)
	rep := &Report{Source: Source, Rows: len(rows), Expressed: len(cs), Skipped: countSkips(skips)}
	all := score(cs, held, "")
	for _, s := range all {
		if math.IsNaN(s.in.TPOT) {
			rep.Failed++
		}
	}
	rep.Overall = group("all", all)
	rep.Modes = groups(all, func(c Case) string { return map[string]string{"agg": "aggregated", "disagg": "disaggregated"}[c.Mode] })
	rep.Framework = groups(all, func(c Case) string { return c.Backend })
	rep.Groups = groups(all, func(c Case) string { return c.Model + " · " + c.System + " · " + c.Backend + " · " + c.Mode })
	gen, err := engine.LookupProfile("generic")
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].Config.Profile = gen
	}
	rep.Generic = group("generic profile", score(cs, held, "generic"))
	for _, n := range []string{"trtllm", "vllm", "sglang", "generic"} {
		p, _ := engine.LookupProfile(n)
		rep.Profiles = append(rep.Profiles, ProfileFit{Name: n, Constants: Constants(p), Fit: p.Fit})
	}
	return rep, nil
}

// score predicts the cases live and looks up their held-out predictions
// under profile (profile "": the case's own framework).
func score(cs []Case, held heldOutSets, profile string) []scored {
	preds := Predict(cs)
	out := make([]scored, len(preds))
	for i, p := range preds {
		name := profile
		if name == "" {
			name = p.Backend
		}
		tt, tp, _ := HeldOut(held.model[name], p.Case)
		ft, fp, _ := HeldOut(held.family[name], p.Case)
		out[i] = scored{in: p, held: Prediction{Case: p.Case, TTFT: tt, TPOT: tp}, fam: Prediction{Case: p.Case, TTFT: ft, TPOT: fp}}
	}
	return out
}

// group scores a set.
func group(key string, ss []scored) Group {
	in := make([]Prediction, len(ss))
	held := make([]Prediction, len(ss))
	fam := make([]Prediction, len(ss))
	for i, s := range ss {
		in[i], held[i], fam[i] = s.in, s.held, s.fam
	}
	g := Group{Key: key}
	g.InSample, _ = Score(in)
	g.LeaveOneModelOut, _ = Score(held)
	g.LeaveOneFamilyOut, _ = Score(fam)
	return g
}

// groups scores the sets keyed by key, sorted by key.
func groups(ss []scored, key func(Case) string) []Group {
	by := map[string][]scored{}
	for _, s := range ss {
		k := key(s.in.Case)
		by[k] = append(by[k], s)
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Group, 0, len(keys))
	for _, k := range keys {
		out = append(out, group(k, by[k]))
	}
	return out
}

func countSkips(skips []Skip) []SkipCount {
	n := map[string]int{}
	for _, s := range skips {
		n[s.Reason]++
	}
	var out []SkipCount
	for r, c := range n {
		out = append(out, SkipCount{r, c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rows > out[j].Rows })
	return out
}

// Constants lists a profile's fitted constants by name.
func Constants(p engine.Profile) map[string]float64 {
	m := map[string]float64{}
	for _, q := range params {
		m[q.name] = q.get(&p)
	}
	return m
}
