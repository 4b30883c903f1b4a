package serving

import (
	"flag"

	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

var series = flag.String("series", "llama_3_1_70b", "id substring for TestSeries")

// TestDiag prints grouped errors (diagnostic; run with -v).
func TestDiag(t *testing.T) {
	rows, _ := Rows()
	cs, _ := Cases(rows, profiles(t))
	ps := Predict(cs)
	group := func(name string, key func(Prediction) string) {
		g := map[string][]Prediction{}
		for _, p := range ps {
			if !math.IsNaN(p.TPOT) {
				g[key(p)] = append(g[key(p)], p)
			}
		}
		var ks []string
		for k := range g {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			s, _ := Score(g[k])
			t.Logf("%-8s %-40s n=%4d TPOT mape %.2f geo %.2f w25 %.2f | TTFT mape %.2f geo %.2f w25 %.2f", name, k, s.Rows, s.TPOTMAPE, s.TPOTGeoMean, s.TPOTWithin25, s.TTFTMAPE, s.TTFTGeoMean, s.TTFTWithin25)
		}
	}
	group("source", func(p Prediction) string { return p.Source + " " + p.Backend + " " + p.Mode })
	group("backend", func(p Prediction) string { return p.Backend + " " + p.Mode })
	group("model", func(p Prediction) string { return p.Model + " " + p.Backend })
	group("system", func(p Prediction) string { return p.System + " " + p.GEMMQuant })
	group("conc", func(p Prediction) string {
		return fmt.Sprintf("%s c%05d", p.Mode, 1<<int(math.Ceil(math.Log2(float64(p.Concurrency)))))
	})
	group("shape", func(p Prediction) string { return fmt.Sprintf("%s %dx%d", p.Backend, p.ISL, p.OSL) })
}

func TestWorst(t *testing.T) {
	rows, _ := Rows()
	cs, _ := Cases(rows, profiles(t))
	ps := Predict(cs)
	sort.Slice(ps, func(i, j int) bool {
		return math.Abs(math.Log(ps[i].TTFT/ps[i].Row.TTFT)) > math.Abs(math.Log(ps[j].TTFT/ps[j].Row.TTFT))
	})
	for _, p := range ps[:40] {
		t.Logf("%-70s c=%5d ttft %8.3f meas %8.3f | tpot %.4f meas %.4f %s", p.ID, p.Concurrency, p.TTFT, p.Row.TTFT, p.TPOT, p.Row.TPOT, p.Err)
	}
}

func TestSeries(t *testing.T) {
	rows, _ := Rows()
	cs, _ := Cases(rows, profiles(t))
	ps := Predict(cs)
	sel := map[string][]Prediction{}
	for _, p := range ps {
		if !strings.Contains(p.ID, *series) || math.IsNaN(p.TTFT) {
			continue
		}
		k := fmt.Sprintf("%s %s %s %s tp%d adp%d ep%d %dx%d", p.Model, p.System, p.Backend, p.GEMMQuant, p.TP, p.AttentionDP, p.MoEEP, p.ISL, p.OSL)
		if p.Mode == "disagg" {
			k = fmt.Sprintf("%s %s %s %s P%dx%+v D%dx%+v %dx%d", p.Model, p.System, p.Backend, p.GEMMQuant, p.PrefillWorkers, p.Prefill, p.DecodeWorks, p.Decode, p.ISL, p.OSL)
		}
		sel[k] = append(sel[k], p)
	}
	var ks []string
	for k := range sel {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		v := sel[k]
		sort.Slice(v, func(i, j int) bool { return v[i].Concurrency < v[j].Concurrency })
		s := ""
		for _, p := range v {
			s += fmt.Sprintf(" %d:%.0f/%.0f,%.1f/%.1f", p.Concurrency, 1000*p.TTFT, 1000*p.Row.TTFT, 1000*p.TPOT, 1000*p.Row.TPOT)
		}
		t.Log(k, s)
	}
}

var kreq = flag.Int("kreq", 0, "requests as a multiple of concurrency")
var burst = flag.Bool("burst", false, "clients start together")

func init() {
	warmHook = func(c *Case) {
		if *kreq > 0 {
			c.Config.Load.Requests = *kreq * c.Concurrency
			c.Config.Load.Burst = *burst
		}
		if *kreq < 0 {
			c.Config.Load.Requests, c.Config.Load.Burst = 0, false
		}
	}
}

func TestOver(t *testing.T) {
	rows, _ := Rows()
	cs, _ := Cases(rows, profiles(t))
	ps := Predict(cs)
	var over []Prediction
	n := 0
	for _, p := range ps {
		if math.IsNaN(p.TTFT) {
			continue
		}
		n++
		if p.TTFT/p.Row.TTFT > 2 {
			over = append(over, p)
		}
	}
	sort.Slice(over, func(i, j int) bool { return over[i].TTFT/over[i].Row.TTFT > over[j].TTFT/over[j].Row.TTFT })
	sum := 0.0
	for _, p := range over {
		sum += p.TTFT/p.Row.TTFT - 1
	}
	t.Logf("%d of %d rows over-predict TTFT by 2x+, contributing %.3f to MAPE", len(over), n, sum/float64(n))
	for _, p := range over[:min(30, len(over))] {
		t.Logf("%-70s c=%5d ttft %8.3f meas %8.3f | tpot %.4f meas %.4f", p.ID, p.Concurrency, p.TTFT, p.Row.TTFT, p.TPOT, p.Row.TPOT)
	}
}
