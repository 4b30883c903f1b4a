package parallel

import (
	"sync/atomic"
	"testing"
)

// TestForCallsEachOnce: every index is visited exactly once for any worker
// count, including none, one and more workers than iterations.
func TestForCallsEachOnce(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 4}, {1, 4}, {7, 1}, {100, 3}, {5, 0}, {3, 16}} {
		seen := make([]atomic.Int32, tc.n)
		For(tc.n, tc.workers, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times, want 1", tc.n, tc.workers, i, got)
			}
		}
	}
}
