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
func (w *worker) receive() {
	if !w.hasWork() && w.inbox.len() > 0 {
		w.now = math.Max(w.now, w.inbox.next())
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
	case w.prefilling.len() > 0: // mixed: with every decode; otherwise decode waits
		return w.promptStep(firsts, dones)
	case w.decoding.len() > 0:
		return firsts, w.decodeSteps(horizon, dones)
	}
	return firsts, dones
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
// horizon, or a waiting request that can now start.
func (w *worker) decodeSteps(horizon float64, dones []*request) []*request {
	n := w.decoding.len()
	if n == 0 {
		return dones
	}
	k := int(w.decoding.peek().doneAt - w.steps)
	k = max(k, 1)
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
