package engine

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// Memory is one GPU's memory account in a layout, bytes.
type Memory struct {
	Capacity units.Bytes `json:"capacity_bytes_per_gpu"`
	// Usable is what the engine takes in all: weights, workspace and KV
	// cache, so KVCache = Usable − Weights − Workspace (see
	// Profile.usable for how each framework's fraction sets it).
	Usable    units.Bytes `json:"usable_bytes_per_gpu"`
	Weights   units.Bytes `json:"weights_bytes_per_gpu"`   // this GPU's shard of every weight
	Workspace units.Bytes `json:"workspace_bytes_per_gpu"` // activations of one full step
	KVCache   units.Bytes `json:"kv_cache_bytes_per_gpu"`  // what is left for the KV cache
	// PerRequest is one request's KV cache on one GPU at its longest
	// (prompt + output tokens).
	PerRequest units.Bytes `json:"kv_bytes_per_request_per_gpu"`
	// Slots is how many requests one replica or worker holds at once: the
	// KV cache ÷ PerRequest per attention rank, times the ranks, capped by
	// the framework's running-request limit per rank and by
	// Config.MaxRunning.
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
	m.Usable = units.Bytes(st.prof.usable(float64(a.Memory), float64(m.Weights), float64(m.Workspace)))
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
	slots := math.Min(perRank*float64(l.AttentionDP), MaxConcurrency)
	if mr := st.cfg.MaxRunning; mr > 0 {
		slots = math.Min(slots, float64(mr))
	}
	m.Slots = int(slots)
	m.Fits = m.Slots >= 1
	if !m.Fits {
		m.Hint = fmt.Sprintf("weights %s + workspace %s leave %s of %s (%s) for a request's %s KV cache: add GPUs (--tp, --pp, --ep) or quantize (--weights fp8)",
			m.Weights.IEC(), m.Workspace.IEC(), units.Bytes(math.Max(float64(m.KVCache), 0)).IEC(), m.Capacity.IEC(), st.prof.memoryText(), m.PerRequest.IEC())
	}
	return m
}

// What a profile's MemoryUse is a fraction of.
const (
	// MemoryOfTotal: the total memory holds weights, workspace and KV
	// cache (vLLM gpu_memory_utilization).
	MemoryOfTotal = ""
	// MemoryOfStatic: the total memory holds weights and KV cache; the
	// workspace lives in the rest (SGLang mem_fraction_static).
	MemoryOfStatic = "static"
	// MemoryOfFree: the memory free after weights and workspace holds the
	// KV cache (TensorRT-LLM free_gpu_memory_fraction).
	MemoryOfFree = "free"
)

// memorySource says how each kind of memory fraction sizes the KV cache.
var memorySource = map[string]string{
	MemoryOfTotal:  "the engine takes its fraction of the total memory for weights, workspace and KV cache (vLLM gpu_memory_utilization, default 0.9); the KV cache is what weights and workspace leave of it",
	MemoryOfStatic: "the engine takes its fraction of the total memory for weights and the KV cache pool, activations use the rest (SGLang mem_fraction_static, about 0.88)",
	MemoryOfFree:   "the KV cache takes its fraction of the memory free once weights and workspace are loaded (TensorRT-LLM KvCacheConfig free_gpu_memory_fraction, default 0.9)",
}

// usable is the bytes an engine takes on a GPU of capacity bytes for
// weights w, workspace a and KV cache, with f = MemoryUse:
//
//	total:  f·capacity
//	static: min(f·capacity + a, capacity)
//	free:   w + a + f·(capacity − w − a)
func (p *Profile) usable(capacity, w, a float64) float64 {
	f := p.MemoryUse
	switch p.MemoryUseOf {
	case MemoryOfStatic:
		return math.Min(f*capacity+a, capacity)
	case MemoryOfFree:
		return w + a + f*math.Max(capacity-w-a, 0)
	}
	return f * capacity
}

// memoryText says what the profile's memory fraction is of, for hints
// and assumptions.
func (p *Profile) memoryText() string {
	switch p.MemoryUseOf {
	case MemoryOfStatic:
		return fmt.Sprintf("%.2f of the total for weights and KV cache, workspace outside it", p.MemoryUse)
	case MemoryOfFree:
		return fmt.Sprintf("KV cache %.2f of the memory free after weights and workspace", p.MemoryUse)
	}
	return fmt.Sprintf("%.2f of the total for weights, workspace and KV cache", p.MemoryUse)
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
