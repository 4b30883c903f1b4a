package engine

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
)

// system is the workers of one simulated deployment and the load driving
// them.
type system struct {
	front    []*worker // where new requests go: replicas' engines or prefill workers
	back     []*worker // disaggregated decode workers (nil when aggregated)
	all      []*worker
	transfer float64 // s to move one request's KV cache from a prefill to a decode worker
	frontend float64 // s a request spends outside the engine (RequestOverhead)

	closed   bool      // closed loop: a finishing request is replaced at once
	burst    int       // requests issued at the start (the closed loop's concurrency)
	stagger  float64   // s over which the burst is spread (0: all at time 0)
	arrivals []float64 // open loop: arrival times, ascending
	next     int       // next open-loop arrival
	issued   int
	total    int // requests to issue; 0: keep issuing until the window has finished
	rr       int // round-robin cursor over the front

	// from and to bound the issue order (seq) of the requests measured.
	// With steady set, [from, to) is the first of successive windows of
	// the same size: the run goes on until two windows in a row agree
	// (see settle) and measures the last.
	from, to int
	steady   bool
	measured []*request // finished requests in [from, to)
	prevLat  float64    // mean latency of the window before, s (steady)
	rounds   int        // windows measured (steady)
	bySeq    []*request // finished requests by issue order (steady: a new window may have finished ones)
	finished int
	events   int
	ctx      context.Context // nil: never stopped
	slab     []request       // the current block of requests
	lengths  lengths         // each request's prompt and output tokens
}

// lengths draws each request's prompt and output tokens: uniform over
// pLo … p and gLo … g, or exactly p and g without a generator.
type lengths struct {
	p, g, pLo, gLo int
	rng            *rand.Rand // nil: fixed lengths
}

// newLengths returns the lengths of requests of p prompt and g output
// tokens at range ratio r (see Load.RangeRatio), drawn with seed.
func newLengths(p, g int, r float64, seed uint64) lengths {
	l := lengths{p: p, g: g, pLo: p, gLo: g}
	if r > 0 && r < 1 {
		l.pLo, l.gLo = max(1, int(r*float64(p))), max(1, int(r*float64(g)))
		l.rng = rand.New(rand.NewPCG(seed, 0x6a09e667f3bcc909))
	}
	return l
}

// draw returns the next request's prompt and output tokens.
func (l *lengths) draw() (int, int) {
	if l.rng == nil {
		return l.p, l.g
	}
	return l.pLo + l.rng.IntN(l.p-l.pLo+1), l.gLo + l.rng.IntN(l.g-l.gLo+1)
}

// errTooLarge is a run that would need more than maxSimEvents events.
var errTooLarge = errors.New("the simulation needs more than 67 million events: lower --requests or the output length")

// run simulates until every measured request has finished.
func (s *system) run() error {
	n := s.burst
	if s.total > 0 {
		n = min(s.total, n)
	}
	for i := range n {
		s.issue(s.stagger * float64(i) / float64(n))
	}
	var firsts, dones []*request
	for len(s.measured) < s.to-s.from {
		if s.events++; s.events > maxSimEvents {
			return errTooLarge
		}
		if s.ctx != nil && s.events%ctxEvents == 0 && s.ctx.Err() != nil {
			return s.ctx.Err()
		}
		w, t := s.earliest(nil)
		if a := s.nextArrival(); a <= t {
			s.next++
			s.issue(a)
			continue
		}
		if w == nil {
			return errors.New("engine: simulation stalled with requests outstanding (no worker can hold one request)")
		}
		horizon := s.horizon(w)
		firsts, dones = w.step(horizon, firsts[:0], dones[:0])
		for _, r := range firsts {
			if w.role == prefillOnly {
				r.ready = w.now + s.transfer
				r.first = r.ready // the decode worker emits the first token once the KV cache is there
				s.leastLoaded(s.back).inbox.push(r)
			}
		}
		for _, r := range dones {
			s.finished++
			if r.seq >= s.from && r.seq < s.to {
				s.measured = append(s.measured, r)
			}
			if s.steady {
				s.keep(r)
				if len(s.measured) == s.to-s.from && !s.settle() {
					s.nextWindow()
				}
			}
			if s.closed && (s.total == 0 || s.issued < s.total) {
				s.issue(r.done)
			}
		}
	}
	return nil
}

// steadyTolerance is how close the mean latencies of two windows in a row
// must be for the closed loop to count as settled; maxWindows bounds the
// windows a run simulates.
const (
	steadyTolerance = 0.02
	maxWindows      = 4
)

// settle reports whether the window just measured agrees with the one
// before (or the run has measured maxWindows): a closed loop whose
// queues are still filling (a saturated prefill pool) runs on.
func (s *system) settle() bool {
	var lat float64
	for _, r := range s.measured {
		lat += r.done - r.arrival
	}
	lat /= float64(len(s.measured))
	s.rounds++
	done := s.rounds > 1 && math.Abs(lat/s.prevLat-1) <= steadyTolerance || s.rounds >= maxWindows
	s.prevLat = lat
	return done
}

// keep records a finished request by its issue order.
func (s *system) keep(r *request) {
	for len(s.bySeq) <= r.seq {
		s.bySeq = append(s.bySeq, nil)
	}
	s.bySeq[r.seq] = r
}

// nextWindow moves the measured window on by its length, taking in the
// requests of the new window that have already finished.
func (s *system) nextWindow() {
	n := s.to - s.from
	s.from, s.to, s.measured = s.to, s.to+n, s.measured[:0]
	for seq := s.from; seq < min(s.to, len(s.bySeq)); seq++ {
		if r := s.bySeq[seq]; r != nil {
			s.measured = append(s.measured, r)
		}
	}
}

// issue sends a new request arriving at t to the front.
func (s *system) issue(t float64) {
	if len(s.slab) == cap(s.slab) {
		s.slab = make([]request, 0, 4096) // blocks, so that pointers stay valid
	}
	s.slab = append(s.slab, request{})
	r := &s.slab[len(s.slab)-1]
	*r = request{seq: s.issued, arrival: t, ready: t + s.frontend}
	r.p, r.g = s.lengths.draw()
	s.issued++
	w := s.front[s.rr%len(s.front)]
	if len(s.front) > 1 && s.back != nil {
		w = s.leastLoaded(s.front)
	}
	s.rr++
	w.inbox.push(r)
}

// nextArrival is the next open-loop arrival time, +Inf if none.
func (s *system) nextArrival() float64 {
	if s.closed || s.next >= len(s.arrivals) {
		return math.Inf(1)
	}
	return s.arrivals[s.next]
}

// horizon is the earliest time at which something outside w could change
// w's batch: a new request reaching it. Aggregated engines and prefill
// workers are fed by arrivals (and, closed loop, by their own finishing
// requests); decode workers by prefill workers finishing prompts, which
// land a transfer later.
func (s *system) horizon(w *worker) float64 {
	t := math.Inf(1)
	if w.inbox.len() > 0 {
		t = w.inbox.next()
	}
	if w.role != decodeOnly {
		if len(s.all) > 1 {
			_, o := s.earliest(w)
			t = math.Min(t, o)
		}
		return math.Min(t, s.nextArrival())
	}
	for _, p := range s.front {
		t = math.Min(t, p.nextEvent()+s.transfer)
	}
	return t
}

// earliest is the worker (other than skip) with the earliest next event.
func (s *system) earliest(skip *worker) (*worker, float64) {
	var best *worker
	t := math.Inf(1)
	for _, w := range s.all {
		if w == skip {
			continue
		}
		if e := w.nextEvent(); e < t {
			best, t = w, e
		}
	}
	return best, t
}

// leastLoaded is the worker holding and expecting the fewest requests.
func (s *system) leastLoaded(ws []*worker) *worker {
	best, load := ws[0], math.MaxInt
	for _, w := range ws {
		if l := w.held + w.waiting.len() + w.inbox.len(); l < load {
			best, load = w, l
		}
	}
	return best
}

// poisson returns n arrival times of a Poisson process of rate per second.
func poisson(n int, rate float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	ts := make([]float64, n)
	t := 0.0
	for i := range ts {
		t += rng.ExpFloat64() / rate
		ts[i] = t
	}
	return ts
}
