package infer

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// gib is 2^30 bytes.
const gib = 1 << 30

// Memory is the per-GPU memory account at the end of generation (context
// P + G for each of B sequences). Bytes; GiB figures are the same ÷ 2^30.
type Memory struct {
	Weights     units.Bytes `json:"weights_bytes_per_gpu"`    // resident parameters · b_w / t (all experts)
	KVCache     units.Bytes `json:"kv_cache_bytes_per_gpu"`   // B · KV(P+G) · share
	Activations units.Bytes `json:"activation_bytes_per_gpu"` // prefill workspace + logits, see workspace
	Total       units.Bytes `json:"total_bytes_per_gpu"`      // sum of the above
	Capacity    units.Bytes `json:"capacity_bytes_per_gpu"`   // accelerator memory
	Headroom    units.Bytes `json:"headroom_bytes_per_gpu"`   // Capacity − Total; negative = shortfall
	HeadroomGiB float64     `json:"headroom_gib_per_gpu"`     // Headroom / 2^30
	Fits        bool        `json:"fits"`                     // Total ≤ Capacity
	Hint        string      `json:"hint,omitempty"`           // what would make it fit
	Note        string      `json:"note,omitempty"`           // what is not counted
}

// weightsPerGPU is the resident weights on one GPU: every parameter
// (all experts) at b_w bytes, split t ways — or the exact file bytes ÷ t.
func (st *setup) weightsPerGPU() float64 {
	if st.weightFile > 0 {
		return st.weightFile / float64(st.t)
	}
	return st.s.resident * st.wB / float64(st.t)
}

// kvPerSeqGPU is one sequence's KV cache at context c on one GPU.
func (st *setup) kvPerSeqGPU(c int) float64 {
	return st.s.kvBytes(c, st.kvB) * st.s.kvShare(st.t)
}

// workspace is the transient activation memory per GPU for batch b: a
// prefill step of min(b·P, chunk) tokens (tokenWorkspace) plus the fp32
// logits of each sequence's last position (b·logitsPerSeq). Activations are
// negligible for decode (JAX book inference.md; formulas.md §3.6).
func (st *setup) workspace(b int) float64 {
	tokens := math.Min(float64(b)*float64(st.p), float64(st.chunk))
	return st.tokenWorkspace(tokens) + float64(b)*st.logitsPerSeq()
}

// tokenWorkspace is what a forward step over n tokens holds per GPU: the
// residual stream and the normalised input (2·d) and the MLP intermediate
// of one layer (f, ×2 for the gate and up halves of a gated MLP, split t
// ways), at b_act bytes each. Zero without an architecture.
func (st *setup) tokenWorkspace(n float64) float64 {
	if st.s.arch == nil {
		return 0
	}
	return n * (2*float64(st.s.hidden) + st.s.actWidth/float64(st.t)) * st.actB
}

// logitsPerSeq is one sequence's fp32 logits over the vocabulary, split t
// ways: V·4/t bytes.
func (st *setup) logitsPerSeq() float64 {
	return float64(st.s.vocab) * 4 / float64(st.t)
}

// memory builds the per-GPU account for the configured batch.
func (st *setup) memory() Memory {
	m := Memory{Weights: units.Bytes(st.weightsPerGPU()), KVCache: units.Bytes(float64(st.b) * st.kvPerSeqGPU(st.p+st.g)),
		Activations: units.Bytes(st.workspace(st.b)), Capacity: units.Bytes(st.mem)}
	m.Total = m.Weights + m.KVCache + m.Activations
	m.Headroom = m.Capacity - m.Total
	m.HeadroomGiB = float64(m.Headroom) / gib
	m.Fits = m.Total <= m.Capacity
	m.Note = "no framework overhead (CUDA context, allocator fragmentation: typically 0.5–2 GiB per GPU) is counted"
	if math.IsInf(st.mem, 1) {
		m.Capacity, m.Headroom, m.HeadroomGiB, m.Fits = 0, 0, 0, true
		m.Note = "accelerator memory unknown: fit not checked"
	}
	if !m.Fits {
		m.Hint = st.fitHint(-m.HeadroomGiB)
	}
	return m
}

// fitHint suggests the smallest tensor-parallel degree (powers of two up
// to 1,024) or the narrowest common weight format that would fit.
func (st *setup) fitHint(shortGiB float64) string {
	h := fmt.Sprintf("short by %.1f GiB per GPU", shortGiB)
	for t := st.t * 2; t <= 1024; t *= 2 {
		alt := *st
		alt.t = t
		if mm := alt.rawTotal(); mm <= st.mem {
			h += fmt.Sprintf("; fits with --gpus %d", t)
			break
		}
	}
	for _, name := range []string{"fp8", "int4"} {
		alt := *st
		alt.weightFile = 0
		alt.wB = dtypes[name].Bytes()
		if alt.wB < st.wB && alt.rawTotal() <= st.mem {
			h += fmt.Sprintf("; or --weights %s fits on %d", name, st.t)
			break
		}
	}
	return h + "; or lower --batch, --prompt or --output"
}

// rawTotal is the per-GPU total without building a Memory.
func (st *setup) rawTotal() float64 {
	return st.weightsPerGPU() + float64(st.b)*st.kvPerSeqGPU(st.p+st.g) + st.workspace(st.b)
}

// maxBatch is the largest batch whose memory fits at context P+G:
// ⌊(capacity − weights − workspace of a full chunk) / (KV(P+G) + logits)⌋;
// 0 when not even one sequence fits; -1 when unbounded (no KV, no
// workspace).
func (st *setup) maxBatch() int {
	free := st.mem - st.weightsPerGPU() - st.tokenWorkspace(math.Min(float64(st.chunk), float64(MaxBatch)*float64(st.p)))
	per := st.kvPerSeqGPU(st.p+st.g) + st.logitsPerSeq()
	if st.s.arch == nil {
		per = 0
	}
	switch {
	case free < 0:
		return 0
	case per <= 0 || math.IsInf(free, 1):
		return -1
	}
	return int(math.Min(math.Floor(free/per), MaxBatch))
}

// maxContext is the longest context (tokens per sequence) whose KV cache
// for the configured batch fits beside the weights and the prefill
// workspace, found by bisection on KVCacheBytes (monotone in context);
// limited to the model's maximum context when it declares one. The second
// result names the limit: "memory", "model" or "none".
func (st *setup) maxContext() (int, string) {
	free := st.mem - st.weightsPerGPU() - st.workspace(st.b)
	fits := func(c int) bool { return float64(st.b)*st.kvPerSeqGPU(c) <= free }
	limit, by := MaxTokens, "none"
	if st.s.maxContext > 0 {
		limit, by = st.s.maxContext, "model"
	}
	if free < 0 || !fits(1) {
		return 0, "memory"
	}
	if fits(limit) {
		return limit, by
	}
	lo, hi := 1, limit // fits(lo), !fits(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, "memory"
}
