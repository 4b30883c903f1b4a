package serving

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/engine"
)

// TestFitHoldsOutTheModel checks that a model's leave-one-model-out
// predictions do not depend on that model's measurements: its rows are
// scaled threefold and every held-out prediction of it must stay exactly
// the same. A refit warm-started from the full fit (which saw the rows)
// fails this.
func TestFitHoldsOutTheModel(t *testing.T) {
	ps := profiles(t)
	sub := vllmSample(t, ps, 3)
	held := sub[0].Model
	opts := FitOptions{Evals: 12, LOMOEvals: 12}
	a := Fit(ps["vllm"], sub, sub, opts)
	moved := make([]Case, len(sub))
	copy(moved, sub)
	for i := range moved {
		if moved[i].Model == held {
			moved[i].Row.TPOT *= 3
			moved[i].Row.TTFT *= 3
		}
	}
	b := Fit(ps["vllm"], moved, moved, opts)
	if a.Profile.StepOverhead == b.Profile.StepOverhead && a.Profile.BandwidthEff == b.Profile.BandwidthEff {
		t.Fatalf("the full fit did not move when %s's rows tripled: the check has no power", held)
	}
	n := 0
	for _, c := range sub {
		if c.Model != held {
			continue
		}
		pa, okA := a.Held[c.ID]
		pb, okB := b.Held[c.ID]
		if !okA || !okB {
			t.Fatalf("%s: no held-out prediction", c.ID)
		}
		if pa != pb {
			t.Errorf("%s: held-out prediction moved with its own measurements: %v → %v", c.ID, pa, pb)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no held-out rows checked")
	}
}

// TestPriorIgnoresFittedConstants checks that Prior gives the same
// constants whatever profile it starts from.
func TestPriorIgnoresFittedConstants(t *testing.T) {
	ps := profiles(t)
	a, b := Prior(ps["trtllm"]), Prior(ps["sglang"])
	for _, q := range params {
		if q.get(&a) != q.get(&b) {
			t.Errorf("%s: prior %g from trtllm, %g from sglang", q.name, q.get(&a), q.get(&b))
		}
		if v := q.get(&a); v < q.lo || v > q.hi {
			t.Errorf("%s: prior %g outside its range [%g, %g]", q.name, v, q.lo, q.hi)
		}
	}
}

// TestShrinkagePulls checks the hierarchical fit: with an anchor weighing
// a million rows, every constant the cases inform stays at the anchor's
// value (within 0.01 in the fitting space), while with no anchor the
// same fit moves at least one of them; and each leave-one-model-out refit
// is pulled toward the anchor refitted without the same model, so a
// held-out model's rows reach its predictions neither directly nor
// through the anchor (TestFitHoldsOutTheModel's check, anchored).
func TestShrinkagePulls(t *testing.T) {
	ps := profiles(t)
	sub := vllmSample(t, ps, 2)
	generic, err := engine.LookupProfile("generic")
	if err != nil {
		t.Fatal(err)
	}
	heavy := fitProfile(ps["vllm"], &anchor{generic, 1e6}, sub, 40)
	free := fitProfile(ps["vllm"], &anchor{generic, 0}, sub, 40)
	moved := false
	for _, q := range relevant(sub) {
		a, h, f := q.toX(q.get(&generic)), q.toX(q.get(&heavy)), q.toX(q.get(&free))
		if math.Abs(h-a) > 0.01 {
			t.Errorf("%s: %g under a million-row anchor at %g", q.name, q.get(&heavy), q.get(&generic))
		}
		moved = moved || math.Abs(f-a) > 0.01
	}
	if !moved {
		t.Fatal("without the anchor's pull the fit moved no constant: the check has no power")
	}

	// Anchored leave-one-model-out: the anchor's held-out profile for the
	// model is a different profile than its full fit, and the held-out
	// predictions must come from a refit toward it.
	held := sub[0].Model
	sh := &Shrinkage{Profile: Prior(generic), Held: map[string]engine.Profile{held: generic}, Rows: 1e6}
	res := Fit(ps["vllm"], sub, sub, FitOptions{Evals: 1, LOMOEvals: 12, Toward: sh})
	got := res.HeldProfiles[held]
	for _, q := range relevant(sub) {
		if math.Abs(q.toX(q.get(&got))-q.toX(q.get(&generic))) > 0.01 {
			t.Errorf("%s without %s: %g, want the anchor's held-out %g", q.name, held, q.get(&got), q.get(&generic))
		}
	}
}

// vllmSample returns the first perModel aggregated vLLM cases of each
// model in the measured sample: a small, fast fitting set of several
// models (at least three, or it fails the test).
func vllmSample(t *testing.T, ps map[string]engine.Profile, perModel int) []Case {
	t.Helper()
	rows, err := Rows()
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := Cases(rows, ps)
	var sub []Case
	per := map[string]int{}
	for _, c := range cs {
		if c.Backend == "vllm" && c.Config.Disagg == nil && per[c.Model] < perModel {
			per[c.Model]++
			sub = append(sub, c)
		}
	}
	if len(per) < 3 {
		t.Fatalf("need three models among the vLLM rows, have %d", len(per))
	}
	return sub
}
