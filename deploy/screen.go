package deploy

import (
	"math"
	"sync"

	"github.com/flopsdev/flops/engine"
)

// estimate is a candidate's screened steady state: means, per replica or
// xPyD unit.
type estimate struct {
	ttft, tpot float64 // s
	rps        float64 // requests per second
	perGPU     float64 // output tokens/s per GPU
	perUser    float64 // output tokens/s per user, 1/TPOT
}

// screener is the steady-state closed-loop model of one accelerator: the
// engine's step cost (engine.Costs) with the scheduler replaced by token
// accounting. Where the simulation follows every request, the screen
// takes the mean step: in steady state each decoding request gets one
// token per step and, over the G − 1 steps of its decode, every running
// request's prompt passes through the engine once, so each step carries on
// average q̄ = n_d·P/(G − 1) prompt tokens, in chunks of at most the token
// budget. It is within a few tens of per cent of the simulation (see
// TestScreenAgainstSimulation), which is all a screen needs: the reported
// figures are simulated.
type screener struct {
	mu       sync.Mutex // for locked: engine.Costs caches per layout
	k        *engine.Costs
	prof     engine.Profile
	p, g     float64 // prompt, output tokens
	budget   float64 // tokens per attention rank per step
	transfer map[[2]engine.Layout]float64
}

func newScreener(k *engine.Costs) *screener {
	p, g := k.Tokens()
	return &screener{k: k, prof: k.Profile(), p: float64(p), g: float64(g), budget: float64(k.TokenBudget()),
		transfer: map[[2]engine.Layout]float64{}}
}

// screen estimates one candidate.
func (s *screener) screen(c candidate) estimate {
	if c.disagg {
		return s.disagg(c)
	}
	return s.agg(c)
}

// locked is screen for use from several goroutines.
func (s *screener) locked(c candidate) estimate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screen(c)
}

// decodeSteps is G − 1, at least 1.
func (s *screener) decodeSteps() float64 { return math.Max(s.g-1, 1) }

// agg is one aggregated replica in closed loop at c.conc requests: n of
// them admitted (the KV cache holds c.slots), n_d of those decoding. With
// mixed (chunked) prefill a fraction f of the steps carries a prompt chunk
// of k tokens:
//
//	TPOT = (1 − f)·step(n_d, 0) + f·step(n_d, k),  k = min(room, max(P, q̄)), f = min(1, q̄/k)
//
// and without it (prompts first, decode paused) TPOT = step(n_d, 0) +
// (q̄/k)·step(0, k). TTFT = the request overhead + its prompt's chunks +
// the wait for the prefill queue (ρ/(1 − ρ) half-steps, ρ = q̄/room) + the
// wait for a slot; requests/s X = n / (engine time per request) (Little).
func (s *screener) agg(c candidate) estimate {
	n := float64(min(c.conc, c.slots))
	G := s.decodeSteps()
	adp := float64(c.layout.AttentionDP)
	nd := n
	var tpot, ttft, x float64
	for range 4 {
		td := s.k.Step(c.layout, nd, 0)
		qbar := nd * s.p / G
		var tk, chunks, rho float64
		if s.prof.MixedPrefill {
			room := math.Max(s.budget-math.Ceil(nd/adp), 1) * adp
			k := math.Min(room, math.Max(math.Min(s.p, room), qbar))
			f := math.Min(1, qbar/k)
			tk = s.k.Step(c.layout, nd, k)
			tpot = (1-f)*td + f*tk
			chunks, rho = math.Ceil(s.p/room), math.Min(qbar/room, 0.95)
		} else {
			room := s.budget * adp
			k := math.Min(room, math.Max(s.p, qbar))
			tk = s.k.Step(c.layout, 0, k)
			tpot = td + qbar/k*tk
			chunks, rho = math.Ceil(s.p/room), math.Min(qbar/room, 0.95)
			tk += td / 2 // a new prompt waits for the running decode step
		}
		ttft = chunks*tk + rho/(1-rho)*tk/2
		engine := ttft + G*tpot
		x = math.Min(float64(c.conc)/(s.prof.RequestOverhead+engine), n/engine)
		nd = math.Max(x*G*tpot, 1)
	}
	// Little: the clients beyond what the slots hold wait for one.
	wait := math.Max(float64(c.conc)/x-s.prof.RequestOverhead-ttft-G*tpot, 0)
	ttft += s.prof.RequestOverhead + s.frontendWait(x) + wait
	return s.finish(ttft, tpot, x, c.gpus)
}

// disagg is one xPyD unit in closed loop: prompts on x prefill workers
// (each step up to the token budget per attention rank), the KV cache over
// the link, decode on y workers of n_d = X·(G − 1)·TPOT / y requests each.
// TTFT = request overhead + the prompt + the prefill queue (M/D/1,
// ρ/(2(1 − ρ)) services) + the transfer; X is capped by the prefill pool's
// capacity x·room/(P·step(0, room)) and the decode slots.
func (s *screener) disagg(c candidate) estimate {
	pl, dl := c.layout, c.decode
	room := s.budget * float64(pl.AttentionDP)
	single := math.Ceil(s.p/room) * s.k.Step(pl, 0, math.Min(s.p, room))
	capacity := c.prefillRPS
	transfer := s.transferTime(pl, dl)
	G := s.decodeSteps()
	conc, y := float64(c.conc), float64(c.y)
	nd := math.Min(conc/y, float64(c.slots))
	var tpot, ttft0, x float64
	for range 4 {
		tpot = s.k.Step(dl, nd, 0)
		rho := math.Min(x/capacity, 0.95)
		ttft0 = s.prof.RequestOverhead + single*(1+rho/(2*(1-rho))) + transfer
		x = math.Min(conc/(ttft0+G*tpot), 0.98*capacity)
		x = math.Min(x, y*float64(c.slots)/(G*tpot))
		nd = math.Max(math.Min(x*G*tpot/y, float64(c.slots)), 1)
	}
	ttft := math.Max(ttft0, conc/x-G*tpot) + s.frontendWait(x)
	return s.finish(ttft, tpot, x, c.gpus)
}

// prefillCapacity is the prompts per second one prefill worker in layout
// pl finishes with every step full: room / (P · step(0, room)), room the
// token budget of all its attention ranks.
func (s *screener) prefillCapacity(pl engine.Layout) float64 {
	room := s.budget * float64(pl.AttentionDP)
	return room / s.p / s.k.Step(pl, 0, room)
}

// transferTime is the KV transfer of one request, cached per layout pair.
func (s *screener) transferTime(pl, dl engine.Layout) float64 {
	key := [2]engine.Layout{pl, dl}
	t, ok := s.transfer[key]
	if !ok {
		t = s.k.Transfer(pl, dl)
		s.transfer[key] = t
	}
	return t
}

// frontendWait is the serving front end's mean queueing at x requests per
// second, as the engine charges it.
func (s *screener) frontendWait(x float64) float64 { return s.k.FrontendWait(x) }

func (s *screener) finish(ttft, tpot, x float64, gpus int) estimate {
	return estimate{ttft: ttft, tpot: tpot, rps: x, perGPU: x * s.g / float64(gpus), perUser: 1 / tpot}
}
