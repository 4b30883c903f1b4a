package deploy

import (
	"sync"

	"github.com/flopsdev/flops/engine"
)

// sim is one simulated candidate.
type sim struct {
	cand candidate
	res  *engine.Result // nil when the estimate failed
	err  error
}

// simulator runs engine.Estimate on candidates, each at most once, on a
// fixed number of goroutines, and counts the runs for progress.
type simulator struct {
	mu      sync.Mutex
	done    map[candidate]*sim
	workers int
	count   *counter
	config  func(candidate) engine.Config
}

// counter is the simulations done and planned over a whole search.
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
	c.done++
	d, t := c.done, c.total
	c.mu.Unlock()
	if c.progress != nil {
		c.progress(d, t)
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
	parallel(len(todo), s.workers, func(j int) {
		i := todo[j]
		r, err := engine.Estimate(s.config(cs[i]))
		out[i] = &sim{cand: cs[i], res: r, err: err}
		s.count.tick()
	})
	s.mu.Lock()
	for _, i := range todo {
		s.done[cs[i]] = out[i]
	}
	s.mu.Unlock()
	return out
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

// parallel calls f(0 … n−1) on at most workers goroutines.
func parallel(n, workers int, f func(int)) {
	if n == 0 {
		return
	}
	if workers <= 1 || n == 1 {
		for i := range n {
			f(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
