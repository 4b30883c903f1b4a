package engine

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
)

// Costs exports the step cost and the memory account of a configuration,
// resolved once, for searches that rank thousands of layouts analytically
// before simulating the few that matter (package deploy). It is the same
// cost model Estimate runs, without the scheduler. A Costs is not safe
// for concurrent use.
type Costs struct {
	st    *setup
	steps map[Layout]*stepCost
}

// NewCosts resolves c (model, accelerator, profile, formats, request
// shape, links); its Layout, Replicas, Disagg and Load are not used.
func NewCosts(c Config) (*Costs, error) {
	c.Layout, c.Replicas, c.Disagg, c.Load = Layout{}, 0, nil, Load{Concurrency: 1}
	var tr explain.Trace
	st, err := resolve(c, &tr)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return &Costs{st: st, steps: map[Layout]*stepCost{}}, nil
}

// Profile is the resolved framework profile.
func (k *Costs) Profile() Profile { return k.st.prof }

// Tokens is the request shape after defaults: prompt and output tokens.
func (k *Costs) Tokens() (prompt, output int) { return k.st.p, k.st.g }

// TokenBudget is the tokens one attention rank may process in one step.
func (k *Costs) TokenBudget() int {
	return k.st.prof.budget(float64(k.st.cfg.Accelerator.Memory) / (1 << 30))
}

// Memory is one GPU's memory account in layout l: of a prefill-only
// worker (disaggregated), which holds prompts, or of any other worker,
// which holds requests at their longest.
func (k *Costs) Memory(l Layout, prefillOnly bool) Memory {
	l = l.withDefaults()
	if prefillOnly {
		return k.st.memoryFor(l, k.st.p, k.st.p)
	}
	return k.st.memoryFor(l, k.st.p+k.st.g, k.st.reserved())
}

// Step is one engine step of a worker in layout l, seconds: decode
// sequences (over all attention ranks, at the mean decode context
// P + G/2) and prefill prompt tokens (chunks of whole prompts, at the
// prompt's mean position), as Estimate charges them.
func (k *Costs) Step(l Layout, decode, prefill float64) float64 {
	l = l.withDefaults()
	c, ok := k.steps[l]
	if !ok {
		c = k.st.costFor(l)
		k.steps[l] = c
	}
	p := float64(k.st.p)
	adp := float64(l.AttentionDP)
	dec := math.Ceil(decode / adp)
	b := batch{decode: dec, ctx: dec * (p + float64(k.st.g)/2), moeTokens: decode + prefill, logits: dec}
	if prefill > 0 {
		rank := math.Max(prefill/adp, math.Min(prefill, p))
		b.prefill = rank
		b.prefillAtt = k.st.s.prefillAttn(0, p) * rank / p
		b.prefillKV = k.st.s.kvElemsAt(math.Min(rank, p)) * math.Max(rank/p, 1)
		b.logits += math.Ceil(rank / p)
	}
	return c.time(b)
}

// Transfer is the time to move one request's KV cache from a prefill
// worker in layout pl to a decode worker in dl, seconds.
func (k *Costs) Transfer(pl, dl Layout) float64 {
	var tr explain.Trace
	st := *k.st
	if st.cfg.Disagg == nil {
		st.cfg.Disagg = &Disagg{}
	}
	return st.transferTime(pl.withDefaults(), dl.withDefaults(), &tr)
}

// FrontendWait is the mean time a request's first token waits in the
// serving front end when requestsPerSecond requests are served, seconds
// (the queue Estimate charges; see frontendWait).
func (k *Costs) FrontendWait(requestsPerSecond float64) float64 {
	var tr explain.Trace
	return k.st.frontendWait(requestsPerSecond*float64(k.st.g), &tr)
}
