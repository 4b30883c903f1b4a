package serving

import (
	"flag"
	"testing"
	"time"
)

var fitEvals = flag.Int("fitevals", 0, "run TestFitTry with this many evaluations per framework")

func TestFitTry(t *testing.T) {
	if *fitEvals == 0 {
		t.Skip("give -fitevals N")
	}
	rows, _ := Rows()
	ps := profiles(t)
	cs, _ := Cases(rows, ps)
	for _, fw := range []string{"trtllm", "vllm", "sglang"} {
		var sub []Case
		for _, c := range cs {
			if c.Backend == fw {
				sub = append(sub, c)
			}
		}
		t0 := time.Now()
		before := objective(sub, ps[fw])
		p := fitProfile(ps[fw], nil, sub, *fitEvals)
		after := objective(sub, p)
		s, _ := Score(Predict(sub))
		t.Logf("%s: %d rows, loss %.4f -> %.4f in %v", fw, len(sub), before, after, time.Since(t0))
		for _, q := range params {
			t.Logf("   %-20s %.4g", q.name, q.get(&p))
		}
		t.Logf("   score %+v", s)
	}
}
