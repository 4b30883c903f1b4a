package serving

import (
	"testing"
)

// TestFitHoldsOutTheModel checks that a model's leave-one-model-out
// predictions do not depend on that model's measurements: its rows are
// scaled threefold and every held-out prediction of it must stay exactly
// the same. A refit warm-started from the full fit (which saw the rows)
// fails this.
func TestFitHoldsOutTheModel(t *testing.T) {
	rows, err := Rows()
	if err != nil {
		t.Fatal(err)
	}
	ps := profiles(t)
	cs, _ := Cases(rows, ps)
	var sub []Case
	per := map[string]int{}
	for _, c := range cs {
		if c.Backend == "vllm" && c.Config.Disagg == nil && per[c.Model] < 3 {
			per[c.Model]++
			sub = append(sub, c)
		}
	}
	if len(per) < 3 {
		t.Fatalf("need three models among the vLLM rows, have %d", len(per))
	}
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
