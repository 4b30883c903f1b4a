package engine

import (
	"math"
)

// role is what a worker runs.
type role int

const (
	aggregated  role = iota // prompts and decode (chunked prefill)
	prefillOnly             // prompts only (disaggregated prefill worker)
	decodeOnly              // decode only (disaggregated decode worker)
)

// worker is one engine instance (a replica or a disaggregated worker) and
// its scheduler state.
type worker struct {
	role   role
	cost   *stepCost
	adp    float64 // attention data-parallel ranks
	budget int     // tokens one rank may process per step
	mixed  bool    // prompt chunks share steps with decode
	slots  int     // requests it may hold at once (KV cache and framework limit)
	wait   BatchWait
	waited int // steps the prompts have been held back (batch waiting)

	recvEvery int // takes in new requests every recvEvery decode steps (0: every step)
	sinceRecv int // decode steps since it last took them in; a multiple of recvEvery: it does now

	now        float64
	inbox      inbox     // requests on their way in
	waiting    fifo      // arrived, not yet admitted
	prefilling fifo      // admitted, prompt not done
	decoding   decodeSet // generating, the next to finish first
	held       int       // admitted requests (prefilling + decoding)
	ctx        float64
	steps      int64 // decode steps run

	busySeconds   float64 // time spent in steps (for utilisation)
	promptSeconds float64 // the part of it prompts cost: a step's time less the same step without its prompt tokens
	decodeBatch   float64 // Σ decode batch × step time, for the mean batch
	gpus          int     // GPUs of this worker
}

// hasWork reports whether the worker can run a step now.
func (w *worker) hasWork() bool {
	return w.prefilling.len() > 0 || w.decoding.len() > 0 || (w.waiting.len() > 0 && w.held < w.slots)
}

// nextEvent is the time of the worker's next step or arrival, +Inf if none.
func (w *worker) nextEvent() float64 {
	if w.hasWork() {
		return w.now
	}
	if w.inbox.len() > 0 {
		return math.Max(w.now, w.inbox.next())
	}
	return math.Inf(1)
}

// receive moves the requests that have arrived by the worker's clock from
// the inbox to the waiting queue, advancing an idle clock to the first.
// While it decodes, a worker with a take-in interval does so only every
// recvEvery decode steps (see Config.RecvInterval).
func (w *worker) receive() {
	if !w.hasWork() && w.inbox.len() > 0 {
		w.now = math.Max(w.now, w.inbox.next())
	}
	if w.recvEvery > 1 && w.decoding.len() > 0 {
		if w.sinceRecv%w.recvEvery != 0 {
			return
		}
		w.sinceRecv = 0
	}
	for w.inbox.len() > 0 && w.inbox.next() <= w.now {
		w.waiting.push(w.inbox.pop())
	}
}

// admit moves waiting requests into the engine while slots remain.
func (w *worker) admit() {
	for w.waiting.len() > 0 && w.held < w.slots {
		r := w.waiting.pop()
		w.held++
		if w.role == decodeOnly {
			w.startDecode(r)
			continue
		}
		r.left = r.p
		w.prefilling.push(r)
	}
}

// startDecode puts a request whose first token exists into the decode set.
func (w *worker) startDecode(r *request) {
	r.doneAt = w.steps + int64(r.g-1)
	w.ctx += float64(r.p + 1)
	w.decoding.push(r)
}

// step runs one engine iteration, or several identical decode iterations
// when nothing can change before horizon (the next outside event), and
// returns the requests that finished prompts (first token) and those that
// finished.
func (w *worker) step(horizon float64, firsts, dones []*request) ([]*request, []*request) {
	w.receive()
	w.admit()
	switch {
	case w.prefilling.len() > 0:
		if k := w.holdFor(); k > 0 {
			before := w.steps
			dones = w.decodeSteps(horizon, w.runLimit(k), dones)
			w.waited += int(w.steps - before)
			return firsts, dones
		}
		firsts, dones = w.promptStep(firsts, dones) // mixed: with every decode; otherwise decode waits
		w.sinceRecv = w.recvEvery                   // the scheduler takes in new requests after a prompt step
		return firsts, dones
	case w.decoding.len() > 0:
		return firsts, w.decodeSteps(horizon, w.runLimit(0), dones)
	}
	return firsts, dones
}

// runLimit is the most decode steps a run may take before the scheduler
// looks again, given hold (0: no prompt held): the held prompts' limit,
// and the next take-in of new requests when any wait in the inbox.
func (w *worker) runLimit(hold int) int {
	if w.recvEvery > 1 && w.inbox.len() > 0 {
		next := w.recvEvery - w.sinceRecv%w.recvEvery
		if hold == 0 || next < hold {
			return next
		}
	}
	return hold
}

// holdFor is how many more steps the admitted prompts are held back (see
// BatchWait), 0 when they start now. Prompts are held only beside running
// decodes and before the first has started; once released, the count
// starts again.
func (w *worker) holdFor() int {
	if w.decoding.len() == 0 || w.prefilling.peek().left < w.prefilling.peek().p {
		return 0
	}
	limit, release := 0, false
	switch {
	case w.adp > 1:
		limit = w.wait.BalanceIters
		release = w.ranksWithout(w.prefilling.len()) < 0.5 || w.decoding.len() < int(w.adp)
	default:
		prompts := 0
		for i := 0; i < w.prefilling.len() && prompts < w.budget; i++ {
			prompts += w.prefilling.at(i).left
		}
		limit = w.wait.Iters
		release = w.wait.Tokens > 0 && min(prompts, w.budget)+w.decoding.len() >= w.wait.Tokens
	}
	if limit == 0 || release || w.waited >= limit {
		w.waited = 0
		return 0
	}
	return limit - w.waited
}

// ranksWithout is the expected number of attention ranks that hold none
// of n waiting prompts, R·(1 − 1/R)^n for R ranks: a closed loop's new
// request goes to the rank whose request just finished (the one with the
// fewest), which is any rank alike, so every rank has a prompt only after
// about R·H_R of them (21.7 for 8 ranks), not R. Balancing releases the
// prompts once fewer than half a rank is expected to be without one.
func (w *worker) ranksWithout(n int) float64 {
	return w.adp * math.Pow(1-1/w.adp, float64(n))
}

// rankShare is the busiest attention rank's share of n decode sequences:
// ceil(n/adp)/n.
func (w *worker) rankShare(n int) (float64, float64) {
	if n == 0 {
		return 0, 0
	}
	dec := math.Ceil(float64(n) / w.adp)
	return dec, w.ctx * dec / float64(n)
}

// promptStep runs one step with prompt chunks (and, when mixed, every
// running decode).
func (w *worker) promptStep(firsts, dones []*request) ([]*request, []*request) {
	n := 0
	if w.mixed && w.role == aggregated {
		n = w.decoding.len()
	}
	room := w.budget
	if w.mixed {
		room = max(w.budget-int(math.Ceil(float64(n)/w.adp)), 0)
	}
	var b batch
	b.decode, b.ctx = w.rankShare(n)
	total, largest := 0.0, 0.0
	finishing := 0
	capacity := float64(room) * w.adp
	for i := 0; i < w.prefilling.len() && total < capacity; i++ {
		r := w.prefilling.at(i)
		take := math.Min(float64(min(r.left, room)), capacity-total)
		done := float64(r.p - r.left)
		b.prefillAtt += w.cost.s.prefillAttn(done, done+take)
		b.prefillKV += w.cost.s.kvElemsAt(done + take)
		total += take
		largest = math.Max(largest, take)
		if int(take) == r.left {
			finishing++
		}
	}
	crit := math.Min(math.Max(total/w.adp, largest), float64(room))
	if total > 0 {
		b.prefillAtt *= crit / total
		b.prefillKV *= crit / total
	}
	b.prefill, b.moeTokens, b.logits = crit, float64(n)+total, b.decode+float64(finishing)
	dt := w.cost.time(b)
	w.promptSeconds += dt
	if n > 0 {
		w.promptSeconds -= w.cost.time(batch{decode: b.decode, ctx: b.ctx, moeTokens: float64(n), logits: b.decode})
	}
	w.advance(dt, n, 1)
	firsts = w.takePrompts(total, firsts, &dones)
	if n > 0 {
		dones = w.finish(dones)
	}
	return firsts, dones
}

// takePrompts consumes total prompt tokens FCFS and returns the requests
// whose prompts finished (their first token is out at w.now).
func (w *worker) takePrompts(total float64, firsts []*request, dones *[]*request) []*request {
	for total > 0 && w.prefilling.len() > 0 {
		r := w.prefilling.peek()
		take := min(r.left, int(total))
		if take <= 0 {
			break
		}
		r.left -= take
		total -= float64(take)
		if r.left > 0 {
			break
		}
		w.prefilling.pop()
		r.first = w.now
		switch {
		case r.g <= 1:
			r.done = w.now
			w.held--
			*dones = append(*dones, r)
		case w.role == prefillOnly:
			w.held--
			firsts = append(firsts, r)
		default:
			w.startDecode(r)
			firsts = append(firsts, r)
		}
	}
	return firsts
}

// decodeSteps runs decode-only steps up to the next finishing request, the
// horizon, a waiting request that can now start, or limit steps (0: no
// limit).
func (w *worker) decodeSteps(horizon float64, limit int, dones []*request) []*request {
	n := w.decoding.len()
	if n == 0 {
		return dones
	}
	k := int(w.decoding.peek().doneAt - w.steps)
	k = max(k, 1)
	if limit > 0 {
		k = min(k, limit)
	}
	dec, ctx := w.rankShare(n)
	one := w.cost.time(batch{decode: dec, ctx: ctx, moeTokens: float64(n), logits: dec})
	if room := horizon - w.now; room < float64(k)*one && !math.IsInf(horizon, 1) {
		k = max(1, min(k, int(room/one)))
	}
	dt := w.cost.decodeRun(dec, ctx, float64(n), k)
	w.advance(dt, n, k)
	return w.finish(dones)
}

// advance moves the clock by dt spent in k steps with n decode sequences.
func (w *worker) advance(dt float64, n, k int) {
	w.now += dt
	w.busySeconds += dt
	w.decodeBatch += dt * float64(n)
	if n > 0 {
		w.steps += int64(k)
		w.ctx += float64(n * k)
		w.sinceRecv += k
	}
}

// finish removes the requests whose last token came out.
func (w *worker) finish(dones []*request) []*request {
	for w.decoding.len() > 0 && w.decoding.peek().doneAt <= w.steps {
		r := w.decoding.pop()
		r.done = w.now
		w.ctx -= float64(r.p + r.g)
		w.held--
		dones = append(dones, r)
	}
	if w.decoding.len() == 0 {
		w.ctx = 0 // no drift from float sums
	}
	return dones
}
