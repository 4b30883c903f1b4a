package serving

import (
	"testing"

	"github.com/flopsdev/flops/engine"
)

func profiles(t testing.TB) map[string]engine.Profile {
	ps := map[string]engine.Profile{}
	for _, n := range []string{"trtllm", "vllm", "sglang"} {
		p, err := engine.LookupProfile(n)
		if err != nil {
			t.Fatal(err)
		}
		ps[n] = p
	}
	return ps
}

func TestScoreReport(t *testing.T) {
	rows, err := Rows()
	if err != nil {
		t.Fatal(err)
	}
	cs, skips := Cases(rows, profiles(t))
	reasons := map[string]int{}
	for _, s := range skips {
		reasons[s.Reason]++
	}
	t.Logf("rows %d, cases %d, skipped %v", len(rows), len(cs), reasons)
	ps := Predict(cs)
	s, failed := Score(ps)
	t.Logf("failed %d; score %+v", failed, s)
}
