package serving

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/engine"
)

// TestAccuracy holds the estimator's error on the silicon sample (the
// AIConfigurator silicon sample, Apache-2.0): in sample with the shipped
// profiles, leave-one-model-out with each model's rows predicted by the
// profile refitted without them (data/heldout.json), and
// leave-one-family-out (data/heldout_family.json), both written by the
// fit. The bounds are the figures measured when the profiles were last
// fitted (flops validate --table serving, 2026-12-06, every InferenceMAX
// row, its database dump's included, run as its client and servers ran
// them, DeepSeek-R1 held out with its runs labelled DeepSeek-V3: in sample
// TPOT 17.1 %; held out by model TPOT 18.7 %, ratio 1.00, 73.4 % within
// ±25 %, TTFT 72 %, aggregated 18.7 %, disaggregated 19.2 %; held out by
// family TPOT 22.6 %, TTFT 76 %). The model-held-out TPOT bounds are issue
// 12's targets themselves (TPOT MAPE ≤ 20 %, ratio 0.9–1.1, ≥ 70 % within
// ±25 %, aggregated and disaggregated rows both); the in-sample, TTFT and
// family bounds are the measured figures with a small margin, so a change
// that makes the estimator worse fails here (the TTFT target, ≤ 35 %, is
// not met; see the README).
func TestAccuracy(t *testing.T) {
	rep, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4350 || rep.Expressed < 2600 {
		t.Errorf("rows %d, expressed %d: want 4350 rows, ≥ 2,600 expressed", rep.Rows, rep.Expressed)
	}
	lo, in, fam := rep.Overall.LeaveOneModelOut, rep.Overall.InSample, rep.Overall.LeaveOneFamilyOut
	checks := []struct {
		name      string
		got, want float64
		atMost    bool
	}{
		{"in-sample TPOT MAPE", in.TPOTMAPE, 0.175, true},
		{"held-out TPOT MAPE", lo.TPOTMAPE, 0.20, true},
		{"held-out TPOT within ±25 %", lo.TPOTWithin25, 0.70, false},
		{"held-out TPOT ratio ≥", lo.TPOTGeoMean, 0.90, false},
		{"held-out TPOT ratio ≤", lo.TPOTGeoMean, 1.10, true},
		{"held-out TTFT MAPE", lo.TTFTMAPE, 0.75, true},
		{"family-held-out TPOT MAPE", fam.TPOTMAPE, 0.235, true},
		{"family-held-out TTFT MAPE", fam.TTFTMAPE, 0.80, true},
	}
	for _, m := range rep.Modes {
		checks = append(checks, struct {
			name      string
			got, want float64
			atMost    bool
		}{m.Key + " held-out TPOT MAPE", m.LeaveOneModelOut.TPOTMAPE, modeTPOTBound[m.Key], true})
	}
	for _, c := range checks {
		if math.IsNaN(c.got) || (c.atMost && c.got > c.want) || (!c.atMost && c.got < c.want) {
			t.Errorf("%s = %.3f, want %s %.2f", c.name, c.got, map[bool]string{true: "≤", false: "≥"}[c.atMost], c.want)
		}
	}
}

// modeTPOTBound is the held-out TPOT MAPE each mode is held to: issue 12's
// 20 % (see TestAccuracy).
var modeTPOTBound = map[string]float64{"aggregated": 0.20, "disaggregated": 0.20}

// TestFitRecorded: the in-sample score each profile records (written by
// the fit) is what the shipped constants give now, so the constants, the
// code and the recorded errors agree.
func TestFitRecorded(t *testing.T) {
	rows, err := Rows()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"trtllm", "vllm", "sglang"} {
		p, err := engine.LookupProfile(n)
		if err != nil {
			t.Fatal(err)
		}
		if p.Fit == nil {
			t.Fatalf("%s: no fit recorded", n)
		}
		cs, _ := Cases(rows, map[string]engine.Profile{n: p})
		cs = only(cs, map[string]engine.Profile{n: p})
		s, _ := Score(Predict(cs))
		if math.Abs(s.TPOTMAPE-p.Fit.InSample.TPOTMAPE) > 0.005 || s.Rows != p.Fit.InSample.Rows {
			t.Errorf("%s: TPOT MAPE %.4f over %d rows now, %.4f over %d recorded: refit (go test ./validate/serving -run FitProfiles -fit)",
				n, s.TPOTMAPE, s.Rows, p.Fit.InSample.TPOTMAPE, p.Fit.InSample.Rows)
		}
	}
}
