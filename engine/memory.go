package engine

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// Memory is one GPU's memory account in a layout, bytes.
type Memory struct {
	Capacity  units.Bytes `json:"capacity_bytes_per_gpu"`
	Usable    units.Bytes `json:"usable_bytes_per_gpu"`    // capacity · the framework's memory fraction
	Weights   units.Bytes `json:"weights_bytes_per_gpu"`   // this GPU's shard of every weight
	Workspace units.Bytes `json:"workspace_bytes_per_gpu"` // activations of one full step
	KVCache   units.Bytes `json:"kv_cache_bytes_per_gpu"`  // what is left for the KV cache
	// PerRequest is one request's KV cache on one GPU at its longest
	// (prompt + output tokens).
	PerRequest units.Bytes `json:"kv_bytes_per_request_per_gpu"`
	// Slots is how many requests one replica or worker holds at once: the
	// KV cache ÷ PerRequest per attention rank, times the ranks, capped by
	// the framework's running-request limit.
	Slots int    `json:"max_requests_in_flight"`
	Fits  bool   `json:"fits"`
	Hint  string `json:"hint,omitempty"`
}

// memoryFor is the account of one GPU of a worker in layout l whose
// requests hold kvTokens of context at most, of which the scheduler
// reserves reserved at admission.
func (st *setup) memoryFor(l Layout, kvTokens, reserved int) Memory {
	s, a := &st.s, st.cfg.Accelerator
	t, pp := float64(l.TP), float64(l.PP)
	embed := s.headParams // input table V·d
	if !st.cfg.Model.TiedEmbeddings {
		embed *= 2 // and a separate head
	}
	replicated := s.attnParams*st.attnFmt.Bytes() + (s.denseParams+s.sharedParams)*st.mlpFmt.Bytes() + (s.routerParams+embed)*2
	experts := float64(s.moeLayers) * float64(s.experts) * s.expertParams * st.mlpFmt.Bytes() / float64(l.EP*l.MoETP())
	m := Memory{Capacity: a.Memory}
	m.Weights = units.Bytes((replicated/t + experts) / pp)
	budget := float64(st.prof.budget(float64(a.Memory) / (1 << 30)))
	m.Workspace = units.Bytes(budget * (2*float64(s.hidden) + 2*st.mlpWidth()/t) * 2)
	m.Usable = units.Bytes(float64(a.Memory) * st.prof.MemoryUse)
	m.KVCache = m.Usable - m.Weights - m.Workspace
	m.PerRequest = units.Bytes(s.kvElemsAt(float64(kvTokens)) * st.kvBytes * s.kvShare(l.TP) / pp)
	perRank := 0.0
	if m.KVCache >= m.PerRequest && m.PerRequest > 0 {
		res := s.kvElemsAt(float64(reserved)) * st.kvBytes * s.kvShare(l.TP) / pp
		perRank = math.Floor(float64(m.KVCache) / res)
	}
	if st.prof.MaxRunning > 0 {
		perRank = math.Min(perRank, float64(st.prof.MaxRunning))
	}
	m.Slots = int(math.Min(perRank*float64(l.AttentionDP), MaxConcurrency))
	m.Fits = m.Slots >= 1
	if !m.Fits {
		m.Hint = fmt.Sprintf("weights %s + workspace %s leave %s of %s (× %.2f usable) for a request's %s KV cache: add GPUs (--tp, --pp, --ep) or quantize (--weights fp8)",
			m.Weights.IEC(), m.Workspace.IEC(), units.Bytes(math.Max(float64(m.KVCache), 0)).IEC(), m.Capacity.IEC(), st.prof.MemoryUse, m.PerRequest.IEC())
	}
	return m
}

// mlpWidth is the widest per-token MLP intermediate (dense width, or k
// experts plus the shared ones), doubled for gated MLPs.
func (st *setup) mlpWidth() float64 {
	a := st.cfg.Model
	w := float64(a.FFN)
	if m := a.MoE; m != nil {
		shared := m.SharedFFN
		if shared == 0 {
			shared = m.ExpertFFN
		}
		w = math.Max(w, float64(m.TopK*m.ExpertFFN+m.SharedExperts*shared))
	}
	if a.GatedMLP {
		w *= 2
	}
	return w
}
