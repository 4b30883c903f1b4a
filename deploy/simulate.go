package deploy

import (
	"context"
	"sync"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/internal/parallel"
)

// runEngine is engine.Estimate; the cancellation tests wrap it to count
// and interrupt the runs a search starts.
var runEngine = engine.Estimate

// sim is one simulated candidate.
type sim struct {
	cand     candidate
	res      *engine.Result // nil when the estimate failed
	err      error
	requests int // a finite run of this many requests (0: the steady-state window; see longRunNeeded)
}

// simulator runs engine.Estimate on candidates, each at most once, on a
// fixed number of goroutines, and counts the runs for progress.
type simulator struct {
	mu      sync.Mutex
	done    map[candidate]*sim
	workers int
	count   *counter
	config  func(candidate, int) engine.Config
	// estimate is the screen's steady state of a candidate (safe for
	// concurrent use); nil: windows are trusted.
	estimate func(candidate) estimate
	ctx      context.Context // nil: never stopped
}

// counter is the simulations done and planned over a whole search. It
// calls progress with its lock held, so one call at a time and in order,
// from whichever goroutine finished a simulation.
type counter struct {
	mu          sync.Mutex
	done, total int64
	progress    func(done, total int64)
}

func (c *counter) plan(n int) {
	c.mu.Lock()
	c.total += int64(n)
	c.mu.Unlock()
}

func (c *counter) tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done++
	if c.progress != nil {
		c.progress(c.done, c.total)
	}
}

// finish reports the search as done: done = total.
func (c *counter) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.progress != nil {
		c.progress(c.total, c.total)
	}
}

// run simulates every candidate of cs not simulated yet, in parallel,
// and returns their sims in the order of cs.
func (s *simulator) run(cs []candidate) []*sim {
	out := make([]*sim, len(cs))
	var todo []int
	s.mu.Lock()
	for i, c := range cs {
		if r, ok := s.done[c]; ok {
			out[i] = r
		} else {
			todo = append(todo, i)
		}
	}
	s.mu.Unlock()
	s.count.plan(len(todo))
	parallel.For(len(todo), s.workers, func(j int) {
		i := todo[j]
		out[i] = s.simulate(cs[i])
		s.count.tick()
	})
	s.mu.Lock()
	for _, i := range todo {
		s.done[cs[i]] = out[i]
	}
	s.mu.Unlock()
	return out
}

// A long run replaces the engine's steady-state window when the window
// has not settled (see unsettled): longRounds rounds of the concurrency,
// at least 3 and at most longRunRequests requests where that is more.
const (
	longRounds      = 10
	longRunRequests = 20000
)

// simulate runs one candidate: the engine's steady-state window, or a
// finite long run when the window has not settled.
func (s *simulator) simulate(c candidate) *sim {
	if s.ctx != nil && s.ctx.Err() != nil {
		return &sim{cand: c, err: s.ctx.Err()}
	}
	r, err := runEngine(s.config(c, 0))
	if err != nil || !s.unsettled(c, r) {
		return &sim{cand: c, res: r, err: err}
	}
	if s.ctx != nil && s.ctx.Err() != nil { // the long run takes up to 20,000 requests
		return &sim{cand: c, err: s.ctx.Err()}
	}
	n := max(3*c.conc, min(longRounds*c.conc, longRunRequests))
	r, err = runEngine(s.config(c, n))
	return &sim{cand: c, res: r, err: err, requests: n}
}

// unsettled reports whether a steady-state window served requests faster
// than the steady state allows: faster than a disaggregated unit's
// prefill pool can prefill them, or 15 % faster than the screen's
// steady-state estimate (whose tokens/s per GPU is within 7 % of settled
// runs on 90 % of candidates). The window measures one round of requests
// after the first; when a queue takes longer than that to build (a
// saturated prefill pool, more requests in flight than the window holds)
// it measures a transient. Llama 3.1 8B on B200 under SGLang, five prefill
// and three decode workers at 1,536 requests in flight: 6,200 output
// tokens/s per GPU at a mean decode batch of 308 in the window, 3,910 at
// 455 in a run of 15,360 requests; one prefill and seven decode workers
// at 448: 157 requests/s in the window, 85 and 89 in runs of 4,480 and
// 20,000 requests, against a pool that prefills 88 prompts/s.
func (s *simulator) unsettled(c candidate, r *engine.Result) bool {
	if r == nil || !r.Memory.Fits || s.estimate == nil {
		return false
	}
	if c.disagg && c.prefillRPS > 0 && r.RequestsPerSecond > 1.05*c.prefillRPS {
		return true
	}
	return r.RequestsPerSecond > 1.15*s.estimate(c).rps
}

// one simulates a single candidate.
func (s *simulator) one(c candidate) *sim { return s.run([]candidate{c})[0] }

// all returns every sim so far, in no particular order.
func (s *simulator) all() []*sim {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*sim, 0, len(s.done))
	for _, r := range s.done {
		out = append(out, r)
	}
	return out
}
