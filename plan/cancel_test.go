package plan

import (
	"context"
	"errors"
	"testing"
	"time"
)

// bigSearch is a search of 1.56 million layouts (Megatron 1T on 20,160
// A100s, a global batch with many divisors, micro-batches up to 1,024):
// about half a second on one core.
func bigSearch() Request {
	r := request(gpt("megatron-1t", 25600, 160, 128), 20160, 735134400)
	r.Fixed.MaxMicroBatch = 1024
	return r
}

// TestCancelledBeforeStart: a request whose context is already done visits
// no layout and returns the context's error.
func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := bigSearch()
	var visited int64 = -1
	r.Context, r.Progress = ctx, func(done, total int64) { visited = done }
	_, err := Run(r)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if visited != 0 {
		t.Errorf("visited %d layouts after cancellation, want 0", visited)
	}
}

// TestCancelStopsSearch cancels a running search: Run returns the
// context's error before visiting every layout.
func TestCancelStopsSearch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := bigSearch()
	var visited, total int64
	r.Context, r.Progress = ctx, func(done, all int64) { visited, total = done, all }
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := Run(r)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if visited >= total {
		t.Errorf("visited %d of %d layouts: the search did not stop", visited, total)
	}
}

// BenchmarkCancelLatency is the time from cancelling a running search to
// Run's return. Target (issue 15): under 50 ms.
func BenchmarkCancelLatency(b *testing.B) {
	var worst time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		r := bigSearch()
		r.Context = ctx
		var at time.Time
		time.AfterFunc(50*time.Millisecond, func() { at = time.Now(); cancel() })
		if _, err := Run(r); !errors.Is(err, context.Canceled) {
			b.Fatalf("error %v, want context.Canceled", err)
		}
		worst = max(worst, time.Since(at))
	}
	b.ReportMetric(float64(worst.Microseconds()), "worst-stop-µs")
}
