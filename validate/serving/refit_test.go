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
	a, b := fitTripled(ps["vllm"], sub, held)
	if a.Profile.StepOverhead == b.Profile.StepOverhead && a.Profile.BandwidthEff == b.Profile.BandwidthEff {
		t.Fatalf("the full fit did not move when %s's rows tripled: the check has no power", held)
	}
	if heldStill(t, sub, held, a.Held, b.Held) == 0 {
		t.Fatal("no held-out rows checked")
	}
}

// heldStill checks that every held-out prediction of model's rows is the
// same in a and b (one profile's Held or HeldFamily, before and after some
// measurements moved) and returns how many it checked.
func heldStill(t *testing.T, cs []Case, model string, a, b map[string][2]float64) int {
	t.Helper()
	n := 0
	for _, c := range cs {
		if c.Model != model {
			continue
		}
		pa, okA := a[c.ID]
		pb, okB := b[c.ID]
		if !okA || !okB {
			t.Fatalf("%s: no held-out prediction", c.ID)
		}
		if pa != pb {
			t.Errorf("%s: held-out prediction moved with measurements it must not have seen: %v → %v", c.ID, pa, pb)
		}
		n++
	}
	return n
}

// fitTripled fits base on the cases (12 evaluations per fit), then again
// with the measured TTFT and TPOT of the checkpoint model's rows tripled.
func fitTripled(base engine.Profile, cs []Case, model string) (FitResult, FitResult) {
	opts := FitOptions{Evals: 12, LOMOEvals: 12}
	a := Fit(base, cs, cs, opts)
	moved := make([]Case, len(cs))
	copy(moved, cs)
	for i := range moved {
		if moved[i].Model == model {
			moved[i].Row.TPOT *= 3
			moved[i].Row.TTFT *= 3
		}
	}
	return a, Fit(base, moved, moved, opts)
}

// TestFitHoldsOutTheFamily checks leave-one-family-out the same way: the
// vLLM rows hold two Llama 3.1 models (70B, and the 8B in FP8), so
// tripling the 8B's measurements must leave every family-held-out
// prediction of the 70B exactly as it was, while its model-held-out
// predictions, fitted with the 8B's rows, move.
func TestFitHoldsOutTheFamily(t *testing.T) {
	ps := profiles(t)
	sub := vllmSample(t, ps, 3)
	const big, small = "meta-llama/Llama-3.1-70B", "nvidia/Llama-3.1-8B-Instruct-FP8"
	a, b := fitTripled(ps["vllm"], sub, small)
	if heldStill(t, sub, big, a.HeldFamily, b.HeldFamily) == 0 {
		t.Fatal("no Llama 3.1 70B rows in the sample")
	}
	lomoMoved := false
	for _, c := range sub {
		lomoMoved = lomoMoved || c.Model == big && a.Held[c.ID] != b.Held[c.ID]
	}
	if !lomoMoved {
		t.Fatal("the 70B's model-held-out predictions did not move with the 8B's rows: the check has no power")
	}
}

// TestFoldsGroupCheckpoints checks the folds: DeepSeek-R1 and the
// database dump's "DeepSeek-V3" (InferenceMAX's R1 runs) are left out
// together, and families of several models get a fold of their own
// while a one-model family's fold is its model's.
func TestFoldsGroupCheckpoints(t *testing.T) {
	var cs []Case
	for _, m := range []string{"deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3", "meta-llama/Llama-3.1-70B",
		"meta-llama/Llama-3.1-8B-Instruct", "MiniMaxAI/MiniMax-M2.5"} {
		cs = append(cs, Case{Row: Row{Model: m}})
	}
	got := map[string]fold{}
	for _, f := range folds(cs) {
		got[f.key] = f
	}
	want := map[string]struct {
		out        string
		model, fam bool
	}{
		"DeepSeek-V3/R1":         {"deepseek-ai/DeepSeek-R1, deepseek-ai/DeepSeek-V3", true, true},
		"Llama 3.1 70B":          {"meta-llama/Llama-3.1-70B", true, false},
		"Llama 3.1 8B":           {"meta-llama/Llama-3.1-8B-Instruct", true, false},
		"family Llama 3.1":       {"meta-llama/Llama-3.1-70B, meta-llama/Llama-3.1-8B-Instruct", false, true},
		"MiniMaxAI/MiniMax-M2.5": {"MiniMaxAI/MiniMax-M2.5", true, true},
	}
	if len(got) != len(want) {
		t.Errorf("%d folds, want %d", len(got), len(want))
	}
	for k, w := range want {
		f, ok := got[k]
		if !ok {
			t.Errorf("no fold %q", k)
			continue
		}
		if f.leftOut() != w.out || f.model != w.model || f.fam != w.fam {
			t.Errorf("fold %q: leaves out %q (model %v, family %v), want %q (%v, %v)", k, f.leftOut(), f.model, f.fam, w.out, w.model, w.fam)
		}
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
	held := heldOutModel(sub[0].Model)
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
