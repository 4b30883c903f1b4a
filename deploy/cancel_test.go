package deploy

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/flopsdev/flops/engine"
)

// engineSpy replaces runEngine for one test: it counts the simulations a
// search starts, and cancels the search's context at the end of the first
// run that trigger selects.
type engineSpy struct {
	mu            sync.Mutex
	cancel        context.CancelFunc
	trigger       func(engine.Config) bool
	cancelled     bool
	before, after int // runs started before and after the cancel
}

func (s *engineSpy) run(c engine.Config) (*engine.Result, error) {
	s.mu.Lock()
	if s.cancelled {
		s.after++
	} else {
		s.before++
	}
	s.mu.Unlock()
	r, err := engine.Estimate(c)
	s.mu.Lock()
	if !s.cancelled && s.trigger(c) {
		s.cancelled = true
		s.cancel()
	}
	s.mu.Unlock()
	return r, err
}

// spyOn installs a spy for the test's duration and returns it with the
// context it cancels.
func spyOn(t *testing.T, trigger func(engine.Config) bool) (*engineSpy, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &engineSpy{cancel: cancel, trigger: trigger}
	runEngine = s.run
	t.Cleanup(func() { runEngine = engine.Estimate; cancel() })
	return s, ctx
}

// settleGoroutines waits up to a second for the goroutine count to fall
// back to base and reports a leak if it does not.
func settleGoroutines(t *testing.T, base int) {
	t.Helper()
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(time.Second); n > base && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	if n > base {
		t.Errorf("%d goroutines after the search returned, %d before: the search leaked some", n, base)
	}
}

// TestCancelDuringGPUSearch cancels a GPU-budget search after its third
// simulation: Search returns the context's error, starts no simulation
// after the cancel beyond those already on their way on other workers
// (at most Workers − 1), and leaves no goroutine behind.
func TestCancelDuringGPUSearch(t *testing.T) {
	runs := 0
	spy, ctx := spyOn(t, func(engine.Config) bool { runs++; return runs == 3 })
	c := question(t, "llama-3.1-70b", "h100-sxm")
	c.TotalGPUs, c.Targets, c.Workers, c.Context = 16, Targets{TTFT: 0.5, TPOT: 0.03}, 2, ctx
	base := runtime.NumGoroutine()
	start := time.Now()
	_, err := Search(c)
	t.Logf("returned after %v: %d simulations before the cancel, %d after", time.Since(start), spy.before, spy.after)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if !spy.cancelled {
		t.Fatal("the search ended before its third simulation: nothing was cancelled mid-search")
	}
	if spy.after > c.Workers-1 {
		t.Errorf("%d simulations started after the cancel, want at most %d (one per other worker)", spy.after, c.Workers-1)
	}
	settleGoroutines(t, base)
}

// TestCancelDuringRateSearch cancels a rate search during its first
// open-loop check at the rate: the checks run one after another, so no
// simulation may start after it.
func TestCancelDuringRateSearch(t *testing.T) {
	spy, ctx := spyOn(t, func(c engine.Config) bool { return c.Load.Rate > 0 })
	c := question(t, "llama-3.1-8b", "h100-sxm")
	c.Rate, c.Targets, c.Mode, c.Workers, c.Context = 10, Targets{TTFT: 0.5, TPOT: 0.02}, Aggregated, 2, ctx
	base := runtime.NumGoroutine()
	_, err := Search(c)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if !spy.cancelled {
		t.Fatal("no open-loop check ran: the rate path was not exercised")
	}
	if spy.after != 0 {
		t.Errorf("%d simulations started after the cancel in the open-loop checks, want 0", spy.after)
	}
	settleGoroutines(t, base)
}

// TestProgressSerial: Progress is called one call at a time, with done
// never decreasing, and last with done = total, however many workers run
// simulations. The callback keeps plain (unsynchronized) state, so the
// race detector (go test -race) reports overlapping calls.
func TestProgressSerial(t *testing.T) {
	c := question(t, "llama-3.1-8b", "h100-sxm")
	c.TotalGPUs, c.Targets, c.Workers = 4, Targets{TTFT: 0.3, TPOT: 0.015}, 3
	var calls, last, lastTotal int64
	monotonic := true
	c.Progress = func(done, total int64) {
		calls++
		if done < last {
			monotonic = false
		}
		last, lastTotal = done, total
	}
	search(t, c)
	if calls == 0 || last != lastTotal || !monotonic {
		t.Errorf("%d calls, last %d of %d, done never decreasing %v: want calls ending at done = total, in order", calls, last, lastTotal, monotonic)
	}
}
