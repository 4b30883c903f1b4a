package serving

import (
	"encoding/json"
	"flag"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/flopsdev/flops/engine"
)

var (
	doFit     = flag.Bool("fit", false, "refit the serving profiles: rewrites ../../engine/profiles.json, data/heldout.json and data/heldout_family.json")
	fitN      = flag.Int("fit-evals", 250, "objective evaluations per full fit")
	fitLOMO   = flag.Int("fit-lomo-evals", 350, "objective evaluations per refit that leaves a model or a family out (each starts from the prior constants)")
	fitStride = flag.Int("fit-stride", 4, "profiles are fitted on every n-th case (the generic one on every 3n-th)")
	fitOnly   = flag.String("fit-profiles", "generic,trtllm,vllm,sglang", "comma-separated profiles to refit; the others keep their constants and held-out predictions (a framework's fit is anchored on generic's, so generic comes first)")
	fitShrink = flag.Float64("fit-shrink-rows", shrinkRows, "weight, in rows, of the pull of each framework's constants toward the generic profile's (0: independent fits)")
)

// The defaults, one row in four (the generic profile one in twelve) and
// 350 evaluations per held-out refit, keep a refit to about an hour on two
// cores since every InferenceMAX row is simulated with its ten requests
// per client (2026-12-06); before, with three requests per client for a
// third of them, it was one row in two and 500 evaluations.

// shrinkRows is the default weight of the generic anchor in a framework's
// fit: as much as 20 rows that each miss by one fitting-space unit. Set
// once, before the first anchored fit, not tuned on its held-out error.
const shrinkRows = 20

// TestFitProfiles refits every framework profile on the silicon sample and
// records in-sample and leave-one-model-out errors. It is the only writer
// of the fitted constants: go test ./validate/serving -run FitProfiles -fit -v -timeout 3h
// (-fit-evals 0 keeps the constants and recomputes only the held-out
// predictions and the scores.)
func TestFitProfiles(t *testing.T) {
	if !*doFit {
		t.Skip("maintenance: give -fit to refit the profiles")
	}
	rows, err := Rows()
	if err != nil {
		t.Fatal(err)
	}
	all, err := readProfiles("../../engine/profiles.json")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]engine.Profile{}
	for _, p := range all {
		byName[p.Name] = p
	}
	held, heldFam := map[string]map[string][2]float64{}, map[string]map[string][2]float64{}
	if err := json.Unmarshal(heldoutJSON, &held); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(heldoutFamilyJSON, &heldFam); err != nil {
		t.Fatal(err)
	}
	opts := FitOptions{Evals: *fitN, LOMOEvals: *fitLOMO, Log: t.Logf}
	var anchor *Shrinkage
	for _, fw := range strings.Split(*fitOnly, ",") {
		base, ok := byName[fw]
		if !ok {
			t.Fatalf("-fit-profiles: no profile %q", fw)
		}
		ps := map[string]engine.Profile{"trtllm": base, "vllm": base, "sglang": base}
		if fw != "generic" {
			ps = map[string]engine.Profile{fw: base}
		}
		cs, _ := Cases(rows, ps)
		cs = only(cs, ps)
		stride := *fitStride
		if fw == "generic" {
			stride *= 3
		}
		fitOn := every(cs, stride)
		o := opts
		if fw != "generic" && *fitShrink > 0 {
			if anchor == nil {
				t.Fatalf("-fit-profiles %s: a framework's fit is anchored on the generic profile's; list generic first", *fitOnly)
			}
			o.Toward = anchor
		}
		res := Fit(base, fitOn, cs, o)
		if fw == "generic" {
			anchor = &Shrinkage{Profile: res.Profile, Held: res.HeldProfiles, Rows: *fitShrink}
		}
		p := res.Profile
		p.Fit = fitInfo(cs, res, stride, o.Toward)
		byName[fw] = p
		held[fw], heldFam[fw] = res.Held, res.HeldFamily
		t.Logf("%s: %+v", fw, p.Fit)
	}
	for i, p := range all {
		all[i] = byName[p.Name]
	}
	if err := writeJSON("../../engine/profiles.json", all); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON("data/heldout.json", held); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON("data/heldout_family.json", heldFam); err != nil {
		t.Fatal(err)
	}
}

// only keeps the cases whose backend has a profile in ps.
func only(cs []Case, ps map[string]engine.Profile) []Case {
	var out []Case
	for _, c := range cs {
		if _, ok := ps[c.Backend]; ok {
			out = append(out, c)
		}
	}
	return out
}

// every keeps every n-th case (a stratified subsample: the rows are grouped
// by model and configuration in the file).
func every(cs []Case, n int) []Case {
	var out []Case
	for i := 0; i < len(cs); i += max(n, 1) {
		out = append(out, cs[i])
	}
	return out
}

// fitInfo scores the fitted profile on all its cases, in sample and held
// out.
func fitInfo(cs []Case, res FitResult, stride int, toward *Shrinkage) *engine.Fit {
	in, _ := Score(predictWith(cs, res.Profile))
	var heldPreds []Prediction
	for _, c := range cs {
		if tt, tp, ok := HeldOut(res.Held, c); ok {
			heldPreds = append(heldPreds, Prediction{Case: c, TTFT: tt, TPOT: tp})
		}
	}
	lomo, _ := Score(heldPreds)
	heldPreds = heldPreds[:0]
	for _, c := range cs {
		if tt, tp, ok := HeldOut(res.HeldFamily, c); ok {
			heldPreds = append(heldPreds, Prediction{Case: c, TTFT: tt, TPOT: tp})
		}
	}
	lofo, _ := Score(heldPreds)
	data := "AIConfigurator silicon sample (ai-dynamo/aiconfigurator, Apache-2.0), fitted on one row in " + itoa(stride) + ", scored on all"
	if toward != nil {
		data += "; each constant shrunk toward the generic profile's (weight: " + strconv.FormatFloat(toward.Rows, 'g', -1, 64) + " rows)"
	}
	return &engine.Fit{Data: data, Rows: len(cs), Models: checkpoints(cs), InSample: in, LeaveOneModelOut: lomo, LeaveOneFamilyOut: lofo}
}

// checkpoints lists the distinct checkpoints (Row.Model) of the cases,
// sorted.
func checkpoints(cs []Case) []string {
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

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func readProfiles(path string) ([]engine.Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ps []engine.Profile
	return ps, json.Unmarshal(b, &ps)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
