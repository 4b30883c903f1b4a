package engine

import (
	"fmt"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// buildDisagg makes the prefill and decode pools. Prompts go to the least
// loaded prefill worker; a finished prompt's KV cache moves to the least
// loaded decode worker over the transfer link; TTFT runs to the end of the
// transfer, when the decode worker can emit the first token.
func (st *setup) buildDisagg(r *Result) (*system, bool) {
	d := st.cfg.Disagg
	pl, dl := d.Prefill.withDefaults(), d.Decode.withDefaults()
	pm := st.memoryFor(pl, st.p, st.p)
	dm := st.memoryFor(dl, st.p+st.g, st.reserved())
	r.Serving, r.Memory = "disaggregated", dm
	r.Prefill = &Pool{Layout: pl, Workers: d.PrefillWorkers, GPUs: pl.GPUs() * d.PrefillWorkers, Memory: pm}
	r.Decode = &Pool{Layout: dl, Workers: d.DecodeWorkers, GPUs: dl.GPUs() * d.DecodeWorkers, Memory: dm}
	r.GPUs = r.Prefill.GPUs + r.Decode.GPUs
	for _, m := range []struct {
		pool string
		m    Memory
	}{{"prefill", pm}, {"decode", dm}} {
		if !m.m.Fits {
			// The result does not fit as an aggregated one does: its
			// memory account is the pool's that does not.
			r.Memory = m.m
			r.Memory.Hint = m.pool + " worker: " + m.m.Hint
			r.Warnings = append(r.Warnings, "does not fit: "+r.Memory.Hint)
			return nil, false
		}
	}
	sys := &system{transfer: st.transferTime(pl, dl, &r.Trace), frontend: st.frontend()}
	for range d.PrefillWorkers {
		w := st.newWorker(pl, prefillOnly, pm.Slots)
		sys.front = append(sys.front, w)
	}
	for range d.DecodeWorkers {
		sys.back = append(sys.back, st.newWorker(dl, decodeOnly, dm.Slots))
	}
	sys.all = append(append(sys.all, sys.front...), sys.back...)
	// The requests the pools hold at once, prompts and decodes: an
	// offline run is sized by it (by the prefill pool's few prompt slots
	// alone, it held 24 requests where one decode worker holds 1,141).
	st.load(sys, 1, pm.Slots*d.PrefillWorkers+dm.Slots*d.DecodeWorkers, &r.Trace)
	r.Requests = sys.to - sys.from
	return sys, true
}

// transferTime is the time to move one request's KV cache (prompt tokens)
// from a prefill worker to a decode worker: bytes / (β · sending GPUs),
// plus one collective latency.
func (st *setup) transferTime(pl, dl Layout, tr *explain.Trace) float64 {
	c := st.cfg
	beta := float64(c.Disagg.TransferBandwidth)
	if beta == 0 {
		beta = st.beta(pl.GPUs() + dl.GPUs())
	}
	bytes := st.s.kvElemsAt(float64(st.p)) * st.kvBytes
	gpus := float64(pl.TP * pl.PP) // the KV of one request lives on one attention rank's GPUs
	beta *= st.prof.LinkEff
	t := bytes/(beta*gpus) + st.prof.TransferOverhead
	tr.Add("KV transfer per request", "KV(P) / (β · u_link · sending GPUs) + o_transfer",
		fmt.Sprintf("%s / (%s × %g) + %s", units.Bytes(bytes), units.ByteRate(beta), gpus, units.Seconds(st.prof.TransferOverhead)), t, "s", units.Seconds(t).String())
	return t
}
