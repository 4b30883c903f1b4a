package scaling

import (
	"strings"
	"testing"
)

// TestExtrapolationNote: Approach 2 was fitted on budgets up to 3e21 FLOPs
// (Hoffmann et al. 2022 §3.2); at Gopher's 5.76e23 the allocation says it
// extrapolates 192× (5.76e23 / 3e21); at 1e22 (under 10×) it does not.
func TestExtrapolationNote(t *testing.T) {
	l := mustLookup(t, ChinchillaApproach2)
	far := Allocate(l, GopherFLOPs)
	if last := far.Notes[len(far.Notes)-1]; !strings.Contains(last, "192×") {
		t.Errorf("notes at 5.76e23 = %q, want an extrapolation note of 192×", far.Notes)
	}
	near := Allocate(l, 1e22)
	for _, n := range near.Notes {
		if strings.Contains(n, "extrapolation") {
			t.Errorf("at 1e22 got note %q, want none", n)
		}
	}
	if len(l.Notes) != 1 {
		t.Errorf("Allocate modified the law's notes: %q", l.Notes)
	}
}
