package plan

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// MaxSpace is the default bound on the layouts one search may visit
// (about 10 s on two cores); larger requests must fix some dimensions.
const MaxSpace = 40_000_000

// noPruneBelow is the search size under which every layout is priced
// (no memory pruning): then a request that fixes the layout, or a small
// space where nothing fits, still reports the fastest non-fitting layout.
const noPruneBelow = 100_000

// outer is one (tp, pp, dp) split of the GPUs (with the fixed cp).
type outer struct{ tp, pp, dp, cp int }

// Run searches the layouts of r.
func Run(r Request) (*Result, error) {
	start := time.Now()
	shape, err := perf.NewShape(r.Arch, r.Training.Seq, r.Options)
	if err != nil {
		return nil, err
	}
	m, err := perf.Compile(shape, r.Cluster, r.Training)
	if err != nil {
		return nil, err
	}
	r.defaults()
	res := &Result{Model: shape.Name, GPU: r.Cluster.GPU.ID, GPUs: r.Cluster.GPUs, GlobalBatch: r.Training.GlobalBatch,
		Seq: r.Training.Seq, Rejected: map[string]int64{}}
	outers := r.outers(m, res)
	s := &searcher{req: &r, m: m, canon: newCanon(r.Fixed)}
	s.total = s.countLeaves(outers)
	s.prune = s.total > noPruneBelow
	if s.total > r.MaxSpace {
		return nil, fmt.Errorf("plan: the search space has %d layouts, more than %d: fix some dimensions (--tp, --pp, --ep, --micro-batch, --zero, --recompute)", s.total, r.MaxSpace)
	}
	s.run(outers)
	if err := r.stopErr(); err != nil {
		return nil, err
	}
	s.merge(res)
	res.Elapsed = time.Since(start).Seconds()
	if err := s.finish(res); err != nil {
		return nil, err
	}
	return res, nil
}

// defaults fills unset request fields.
func (r *Request) defaults() {
	if r.Top <= 0 {
		r.Top = 10
	}
	if r.MaxSpace <= 0 {
		r.MaxSpace = MaxSpace
	}
	if r.Workers <= 0 {
		r.Workers = 1
	}
	if r.Fixed.MaxMicroBatch <= 0 {
		r.Fixed.MaxMicroBatch = 16
	}
	if r.Fixed.MaxVPP <= 0 {
		r.Fixed.MaxVPP = 8
	}
}

// outers lists the (tp, pp, dp) splits that pass the divisibility rules,
// counting the ones that do not (one per split) in res.Rejected.
func (r *Request) outers(m *perf.Model, res *Result) []outer {
	f, cp := r.Fixed, max(r.Fixed.CP, 1)
	if r.Cluster.GPUs%cp != 0 {
		return nil
	}
	g := r.Cluster.GPUs / cp // GPUs left for tp·pp·dp
	var out []outer
	divs := divisors(g)
	for _, tp := range divs {
		if f.TP > 0 && tp != f.TP {
			continue
		}
		for _, pp := range divs {
			if (g/tp)%pp != 0 || (f.PP > 0 && pp != f.PP) || (f.DP > 0 && g/tp/pp != f.DP) {
				continue
			}
			dp := g / tp / pp
			probe := perf.Layout{TP: tp, CP: cp, PP: pp, DP: dp, EP: 1, MicroBatch: 1, VPP: 1}
			if why := m.Valid(probe); why == perf.RejectHeads || why == perf.RejectLayers || why == perf.RejectCP {
				res.Rejected[why]++
				continue
			}
			out = append(out, outer{tp, pp, dp, cp})
		}
	}
	return out
}

// searcher holds the shared state of one search.
type searcher struct {
	req    *Request
	m      *perf.Model
	canon  canon
	prune  bool // skip sub-trees by the memory bound (off for small spaces, so a fixed layout is always priced)
	total  int64
	done   atomic.Int64
	minMem float64
	parts  []*partial
}

// run searches the outer splits on the request's workers, reporting
// progress at most every 200 ms.
func (s *searcher) run(outers []outer) {
	jobs := make(chan outer)
	var wg sync.WaitGroup
	for range s.req.Workers {
		p := newPartial(s.req.Top)
		s.parts = append(s.parts, p)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range jobs {
				s.walk(o, p)
			}
		}()
	}
	stop := s.progress()
	for _, o := range outers {
		if s.stopped() {
			break
		}
		jobs <- o
	}
	close(jobs)
	wg.Wait()
	stop()
}

// progress starts the throttled progress reporter; the returned function
// stops it and reports the final count.
func (s *searcher) progress() func() {
	if s.req.Progress == nil {
		return func() {}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				s.req.Progress(s.done.Load(), s.total)
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
		s.req.Progress(s.done.Load(), s.total)
	}
}

// finish explains the winner or why there is none.
func (s *searcher) finish(res *Result) error {
	res.Assume("global batch", fmt.Sprintf("%d sequences of %d tokens", res.GlobalBatch, res.Seq), "held fixed by the planner")
	res.Assumef("search bounds", "plan defaults", "micro-batch ≤ %d, virtual stages ≤ %d", s.req.Fixed.MaxMicroBatch, s.req.Fixed.MaxVPP)
	win := res.Top
	if len(res.Top) == 0 {
		res.Infeasible = s.why(res)
		if len(res.Over) == 0 {
			return nil
		}
		res.Infeasible += fmt.Sprintf("; the fastest layout that does not fit (%s per GPU) is reported with fits=false",
			units.Bytes(res.Over[0].MemTotal))
		win = res.Over
	}
	res.Candidate = &win[0]
	best, err := s.m.Result(win[0].Layout)
	if err != nil {
		return err
	}
	res.Best = best
	return nil
}

// divisors lists the divisors of n in increasing order (trial division up
// to √n, so a bounded loop for any GPU count).
func divisors(n int) []int {
	var lo, hi []int
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			lo = append(lo, d)
			if d*d != n {
				hi = append(hi, n/d)
			}
		}
	}
	for i := len(hi) - 1; i >= 0; i-- {
		lo = append(lo, hi[i])
	}
	return lo
}
