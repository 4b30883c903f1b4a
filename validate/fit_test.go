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
