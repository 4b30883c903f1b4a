package serving

import (
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/model"
)

func TestDebugSkips(t *testing.T) {
	rows, _ := Rows()
	cs, skips := Cases(rows, profiles(t))
	miss := map[string]int{}
	for _, s := range skips {
		if s.Reason == skipModel {
			miss[s.Model]++
		}
		if s.Reason == skipLayout {
			e, _ := model.Lookup(s.Model)
			a := e.Arch
			c, _ := toCaseDebug(s.Row, a)
			miss["layout "+s.Model+" "+fmt.Sprint(c)]++
		}
	}
	t.Log(miss)
	type tm struct {
		d time.Duration
		c Case
	}
	var ts []tm
	for _, c := range cs {
		t0 := time.Now()
		engine.Estimate(c.Config)
		ts = append(ts, tm{time.Since(t0), c})
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].d > ts[j].d })
	for _, x := range ts[:15] {
		t.Log(x.d, x.c.ID, x.c.Concurrency, x.c.ISL, x.c.OSL)
	}
	var tot time.Duration
	for _, x := range ts {
		tot += x.d
	}
	t.Log("total", tot, "median", ts[len(ts)/2].d)
	_ = math.Inf
}

func toCaseDebug(r Row, a model.Arch) (string, error) {
	l := layout(PoolCells{r.TP, r.PP, r.AttentionDP, r.MoETP, r.MoEEP}, a.MoE != nil)
	cfg := engine.Config{Model: &a, Layout: l, Load: engine.Load{Concurrency: 1}}
	err := engine.Check(cfg)
	return fmt.Sprint(l, err), err
}
