package server

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// cost classes an endpoint as cheap or expensive. Expensive requests take
// a slot of their class's pool; cheap ones (microseconds of arithmetic)
// are bounded by their input sizes alone.
type cost int

const (
	cheap   cost = iota
	compute      // milliseconds of CPU and up to megabytes of result: curves, sweeps, charts
	search       // seconds of CPU: a plan or deploy search
)

// pool bounds the requests of one cost class: at most cap(slots) run at
// once and at most cap(queue) wait for a slot, each at most wait; the rest
// are turned away after queueGrace (503 with Retry-After), so a burst
// costs a few goroutines, not memory and CPU per request.
type pool struct {
	slots, queue chan struct{}
	wait         time.Duration
	retryAfter   int // seconds, for the 503
}

func newPool(slots, queue int, wait time.Duration, retryAfter int) *pool {
	return &pool{slots: make(chan struct{}, slots), queue: make(chan struct{}, queue), wait: wait, retryAfter: retryAfter}
}

// defaultPools sizes the pools for this machine: half the cores for each
// expensive class (at least one), so calculators always find a core free;
// a queue of eight per slot; a wait of at most 5 s.
func defaultPools() map[cost]*pool {
	n := max(1, runtime.GOMAXPROCS(0)/2)
	return map[cost]*pool{
		compute: newPool(n, 8*n, 5*time.Second, 1),
		search:  newPool(n, 8*n, 5*time.Second, 5),
	}
}

// errBusy is a request turned away by a full pool.
var errBusy = errors.New("busy")

// acquire takes a slot, waiting in the queue if there is room. It returns
// errBusy when the queue is full or the wait runs out, and ctx's error when
// the client goes away first: a request whose client left is never run.
func (p *pool) acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-p.slots }
	select {
	case p.slots <- struct{}{}:
		if err := ctx.Err(); err != nil {
			release()
			return nil, err
		}
		return release, nil
	default:
	}
	if err := p.enqueue(ctx); err != nil {
		return nil, err
	}
	defer func() { <-p.queue }()
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		if err := ctx.Err(); err != nil {
			release()
			return nil, err
		}
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, errBusy
	}
}

// queueGrace is how long a request waits for a place in a full queue: a
// burst whose clients have just gone away (their requests are leaving the
// queue) does not turn the next request away.
const queueGrace = 250 * time.Millisecond

// enqueue takes a place in the queue, waiting at most queueGrace.
func (p *pool) enqueue(ctx context.Context) error {
	select {
	case p.queue <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(queueGrace)
	defer t.Stop()
	select {
	case p.queue <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errBusy
	}
}

// retry is the Retry-After of the pool's 503s, seconds (5 for no pool).
func (p *pool) retry() int {
	if p == nil {
		return 5
	}
	return p.retryAfter
}
