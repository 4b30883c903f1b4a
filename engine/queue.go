package engine

import "container/heap"

// request is one request's progress through the engine.
type request struct {
	seq     int     // issue order, from 0
	arrival float64 // when the client sent it, s
	first   float64 // when its first output token was produced, s
	done    float64 // when its last output token was produced, s
	left    int     // prompt tokens not yet prefilled
	doneAt  int64   // the decode-step count at which its last token comes out
	ready   float64 // when it reaches a decode worker (disaggregated), s
	p, g    int     // its prompt and output tokens
	order   int64   // when it started decoding, for ties in byDone
}

// fifo is a first-in first-out queue of requests.
type fifo struct {
	items []*request
	head  int
}

func (q *fifo) len() int { return len(q.items) - q.head }

func (q *fifo) push(r *request) { q.items = append(q.items, r) }

func (q *fifo) peek() *request { return q.items[q.head] }

func (q *fifo) at(i int) *request { return q.items[q.head+i] }

func (q *fifo) pop() *request {
	r := q.items[q.head]
	q.items[q.head] = nil
	q.head++
	if q.head > 1024 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return r
}

// byReady is a min-heap of requests by the time they reach a worker.
type byReady []*request

func (h byReady) Len() int           { return len(h) }
func (h byReady) Less(i, j int) bool { return h[i].ready < h[j].ready }
func (h byReady) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *byReady) Push(x any)        { *h = append(*h, x.(*request)) }
func (h *byReady) Pop() any {
	old := *h
	r := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return r
}

// inbox holds requests on their way to a worker, earliest first.
type inbox struct{ h byReady }

func (b *inbox) len() int { return len(b.h) }

func (b *inbox) push(r *request) { heap.Push(&b.h, r) }

func (b *inbox) next() float64 { return b.h[0].ready }

func (b *inbox) pop() *request { return heap.Pop(&b.h).(*request) }

// byDone is a min-heap of decoding requests by the step their last token
// comes out, ties in the order they started decoding: with every request
// of one length it pops in first-in first-out order.
type byDone []*request

func (h byDone) Len() int { return len(h) }
func (h byDone) Less(i, j int) bool {
	return h[i].doneAt < h[j].doneAt || h[i].doneAt == h[j].doneAt && h[i].order < h[j].order
}
func (h byDone) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *byDone) Push(x any)   { *h = append(*h, x.(*request)) }
func (h *byDone) Pop() any {
	old := *h
	r := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return r
}

// decodeSet holds the decoding requests, the next to finish first.
type decodeSet struct {
	h      byDone
	pushed int64
}

func (d *decodeSet) len() int { return len(d.h) }

func (d *decodeSet) push(r *request) {
	r.order = d.pushed
	d.pushed++
	heap.Push(&d.h, r)
}

func (d *decodeSet) peek() *request { return d.h[0] }

func (d *decodeSet) pop() *request { return heap.Pop(&d.h).(*request) }
