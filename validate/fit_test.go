package validate

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/perf"
)

// TestShippedFit refits every accelerator family on all its rows (package
// calibrate, the method "flops validate" uses for its held-out refits)
// and checks that the shipped constants (perf/cluster.go) are that fit,
// to the 0.01 grid the fit searches.
func TestShippedFit(t *testing.T) {
	entries, err := allEntries()
	if err != nil {
		t.Fatal(err)
	}
	set, err := newSet(entries)
	if err != nil {
		t.Fatal(err)
	}
	for g, e := range set.Fit(nil) {
		got := perf.FittedOf(e)
		want, ok := perf.FamilyFit(g)
		if !ok {
			t.Errorf("%s: no shipped fit", g)
			continue
		}
		if !near(got.Matmul, want.Matmul) || !near(got.MatmulFP8, want.MatmulFP8) || !near(got.Elementwise, want.Elementwise) || !near(got.Flash, want.Flash) {
			t.Errorf("%s: refit %+v, shipped %+v: update perf/cluster.go", g, got, want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// TestFitNotes recomputes, per accelerator family, the mean |error| of its
// rows in-sample, leave-one-out and leave-one-family-out, and checks the
// figures perf/cluster.go states with the constants (to the 0.1 printed).
func TestFitNotes(t *testing.T) {
	res := heldOut(t)
	entries, err := allEntries()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*perf.HeldOut{}
	for i, r := range res.Rows {
		g := entries[i].Group
		if got[g] == nil {
			got[g] = &perf.HeldOut{}
		}
		h := got[g]
		h.Rows++
		h.InSample += math.Abs(r.ErrorPct)
		h.LeaveOneOut += math.Abs(*r.LeaveOneOut)
		h.LeaveFamily += math.Abs(*r.LeaveOneFamilyOut)
	}
	for g, h := range got {
		n := float64(h.Rows)
		h.InSample, h.LeaveOneOut, h.LeaveFamily = h.InSample/n, h.LeaveOneOut/n, h.LeaveFamily/n
		want, ok := perf.FamilyHeldOut(g)
		if !ok || want.Rows != h.Rows || !within01(h.InSample, want.InSample) || !within01(h.LeaveOneOut, want.LeaveOneOut) || !within01(h.LeaveFamily, want.LeaveFamily) {
			t.Errorf("%s: measured %s; perf/cluster.go states %s", g, h, want)
		}
	}
}

// within01 reports a figure that prints the same to 0.1.
func within01(got, stated float64) bool { return math.Abs(got-stated) <= 0.05+1e-9 }
