package engine

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/flopsdev/flops/hardware"
)

// Profile is one serving framework's scheduler defaults (each from the
// framework's source or documentation) and its fitted kernel constants
// (each fitted on measured deployments, with the fit's error in Fit).
type Profile struct {
	Name  string `json:"name"`  // trtllm, vllm, sglang, llamacpp, generic, ideal
	Title string `json:"title"` // e.g. "TensorRT-LLM"

	// Fitted constants.
	StepOverhead  float64 `json:"step_overhead_seconds"`  // o_step: fixed cost per engine step (scheduling, sampling, launch), s
	LayerOverhead float64 `json:"layer_overhead_seconds"` // o_layer: fixed cost per decoder layer per step (kernel launches and tails), s
	// MoELayerOverhead is o_moe, the further fixed cost of a routed-expert
	// layer per step: the router's top-k, permuting tokens to their
	// experts and back, and the grouped GEMM's launch, which a dense MLP
	// does not pay, s.
	MoELayerOverhead float64 `json:"moe_layer_overhead_seconds,omitempty"`
	// SeqOverhead is o_seq, the host's work per running sequence per step
	// (scheduling, sampling bookkeeping, detokenizing and streaming the
	// token), s; it grows the step with the batch.
	SeqOverhead  float64 `json:"sequence_overhead_seconds"`
	BandwidthEff float64 `json:"bandwidth_efficiency,omitempty"` // u_m: achieved fraction of peak HBM bandwidth streaming weights and KV
	// ComputeEff is u_c, the achieved fraction of the dense peak of a GEMM
	// precision ("bf16", "fp8", "fp4"; int8 uses fp8's).
	ComputeEff   map[hardware.Precision]float64 `json:"compute_efficiency,omitempty"`
	AttentionEff float64                        `json:"attention_efficiency,omitempty"` // u_a: fraction of the bf16 peak the attention core reaches
	// CollectiveLatency is α, the fixed cost of one all-reduce or
	// all-to-all (kernel launch, synchronisation, link latency), s.
	CollectiveLatency float64 `json:"collective_latency_seconds,omitempty"`
	// LinkEff is the achieved fraction of the nominal per-direction link
	// bandwidth in collectives (NCCL bus bandwidth ÷ link rate).
	LinkEff float64 `json:"link_efficiency,omitempty"`
	// RequestOverhead is the time a request spends outside the engine
	// before its first token reaches the client: HTTP, tokenization,
	// routing, detokenization and streaming, s.
	RequestOverhead float64 `json:"request_overhead_seconds"`
	// FrontendTokenCost is the serving front end's time per streamed output
	// token (detokenizing, framing and sending it), s. The front end is one
	// queue shared by every request: at high token rates a first token
	// waits behind other requests' tokens (see frontendWait).
	FrontendTokenCost float64 `json:"frontend_token_seconds"`
	// TransferOverhead is the fixed cost of handing a request from a
	// prefill to a decode worker (disaggregated): routing, transfer
	// set-up and the decode worker's admission, s.
	TransferOverhead float64 `json:"transfer_overhead_seconds"`

	// Scheduler defaults, from the framework.
	TokenBudget  []BudgetTier `json:"token_budget"`  // tokens one step may process (chunked prefill), by GPU memory
	MixedPrefill bool         `json:"mixed_prefill"` // prompt chunks share steps with decode; false: prompts run first and decode waits
	MemoryUse    float64      `json:"memory_use"`    // the framework's memory fraction; what it is a fraction of is MemoryUseOf
	// MemoryUseOf is what MemoryUse is a fraction of (see memoryFor):
	// "" (MemoryOfTotal), MemoryOfStatic or MemoryOfFree.
	MemoryUseOf string `json:"memory_use_of,omitempty"`
	MaxRunning  int    `json:"max_running"` // most sequences running at once (0: memory only)
	// ReserveOutput is the fraction of a request's output tokens whose KV
	// cache the scheduler sets aside when it admits the request: 1 for
	// TensorRT-LLM's GUARANTEED_NO_EVICT policy; about ½ for schedulers
	// that allocate as tokens come (vLLM, SGLang), whose requests hold on
	// average the prompt plus half the output.
	ReserveOutput float64 `json:"reserve_output"`
	// KVFP8 is whether the KV cache is stored in fp8 when the weights are
	// 8-bit or narrower (TensorRT-LLM's quantized checkpoints); otherwise
	// it is bf16, the default ("auto": the model dtype) of vLLM and SGLang.
	KVFP8 bool `json:"kv_fp8"`

	// KernelsFrom names the profile whose kernel constants (bandwidth,
	// compute and attention efficiencies, collective latency, link
	// efficiency) this one uses, for a framework without measured rows;
	// its host costs stay its own. "" : its own.
	KernelsFrom string `json:"kernels_from,omitempty"`

	Sources []string `json:"sources"`
	Fit     *Fit     `json:"fit,omitempty"` // nil: not fitted (say why in Note)
	Note    string   `json:"note,omitempty"`
}

// BudgetTier is a token budget that applies from a GPU memory size up.
type BudgetTier struct {
	MinMemoryGiB float64 `json:"min_memory_gib"`
	Tokens       int     `json:"tokens"`
}

// Fit records how a profile's constants were fitted and how well they hold.
type Fit struct {
	Data     string   `json:"data"`   // what was fitted on
	Rows     int      `json:"rows"`   // rows fitted
	Models   []string `json:"models"` // models among them
	InSample Score    `json:"in_sample"`
	// LeaveOneModelOut scores each model's rows with the constants refitted
	// without that model's rows.
	LeaveOneModelOut Score `json:"leave_one_model_out"`
	// LeaveOneFamilyOut scores each model family's rows (Llama 3.1 8B and
	// 70B together, DeepSeek, Qwen3 and Qwen3.5) with the constants
	// refitted without that family's rows.
	LeaveOneFamilyOut Score `json:"leave_one_family_out"`
}

// Score is the error of predicted against measured TTFT and TPOT over a set
// of deployments: mean absolute percentage error, geometric mean of
// predicted/measured, and the share within ±25 %.
type Score struct {
	Rows         int     `json:"rows"`
	TPOTMAPE     float64 `json:"tpot_mape"`
	TPOTGeoMean  float64 `json:"tpot_geomean_ratio"`
	TPOTWithin25 float64 `json:"tpot_within_25pct"`
	TTFTMAPE     float64 `json:"ttft_mape"`
	TTFTGeoMean  float64 `json:"ttft_geomean_ratio"`
	TTFTWithin25 float64 `json:"ttft_within_25pct"`
}

// budget is the token budget for a GPU with memGiB of memory.
func (p *Profile) budget(memGiB float64) int {
	b := 8192
	for _, t := range p.TokenBudget {
		if memGiB >= t.MinMemoryGiB {
			b = t.Tokens
		}
	}
	return b
}

// computeEff is u_c at precision pr (int8 as fp8, fp16 as bf16).
func (p *Profile) computeEff(pr hardware.Precision) float64 {
	switch pr {
	case hardware.INT8:
		pr = hardware.FP8
	case hardware.FP16:
		pr = hardware.BF16
	}
	if u, ok := p.ComputeEff[pr]; ok && u > 0 {
		return u
	}
	return p.ComputeEff[hardware.BF16]
}

//go:embed profiles.json
var profilesJSON []byte

// DefaultProfile is the profile used when none is named: generic, fitted
// on every framework's rows together.
const DefaultProfile = "generic"

var loadProfiles = sync.OnceValues(func() (map[string]Profile, error) {
	var ps []Profile
	if err := json.Unmarshal(profilesJSON, &ps); err != nil {
		return nil, fmt.Errorf("engine: embedded profiles.json: %w", err)
	}
	m := make(map[string]Profile, len(ps))
	for _, p := range ps {
		if _, ok := memorySource[p.MemoryUseOf]; !ok {
			return nil, fmt.Errorf("engine: embedded profiles.json: %s: memory_use_of %q (want \"\", %q or %q)", p.Name, p.MemoryUseOf, MemoryOfStatic, MemoryOfFree)
		}
		m[p.Name] = p
	}
	for n, p := range m {
		if p.KernelsFrom == "" {
			continue
		}
		k, ok := m[p.KernelsFrom]
		if !ok || k.KernelsFrom != "" {
			return nil, fmt.Errorf("engine: embedded profiles.json: %s: kernels_from %q is not a profile with its own kernels", n, p.KernelsFrom)
		}
		m[n] = p.withKernelsOf(k)
	}
	return m, nil
})

// withKernelsOf is p with the kernel constants of k.
func (p Profile) withKernelsOf(k Profile) Profile {
	p.BandwidthEff, p.AttentionEff = k.BandwidthEff, k.AttentionEff
	p.CollectiveLatency, p.LinkEff = k.CollectiveLatency, k.LinkEff
	p.ComputeEff = cloneEff(k.ComputeEff)
	return p
}

// frameworkAliases maps common spellings to profile names.
var frameworkAliases = map[string]string{
	"tensorrt-llm": "trtllm", "tensorrt_llm": "trtllm", "trt-llm": "trtllm", "trt": "trtllm",
	"llama.cpp": "llamacpp", "llama-cpp": "llamacpp", "roofline": "ideal",
}

// LookupProfile returns the named framework profile (trtllm, vllm, sglang,
// llamacpp, generic, ideal; "" is the default).
func LookupProfile(name string) (Profile, error) {
	ps, err := loadProfiles()
	if err != nil {
		return Profile{}, err
	}
	k := strings.ToLower(strings.TrimSpace(name))
	if k == "" {
		k = DefaultProfile
	}
	if a, ok := frameworkAliases[k]; ok {
		k = a
	}
	p, ok := ps[k]
	if !ok {
		return Profile{}, flagErr("framework", "unknown framework %q (want %s)", name, strings.Join(ProfileNames(), ", "))
	}
	p.ComputeEff = cloneEff(p.ComputeEff)
	p.TokenBudget = slices.Clone(p.TokenBudget)
	return p, nil
}

// ProfileNames lists the embedded profiles, sorted.
func ProfileNames() []string {
	ps, _ := loadProfiles()
	names := make([]string, 0, len(ps))
	for n := range ps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func cloneEff(m map[hardware.Precision]float64) map[hardware.Precision]float64 {
	c := make(map[hardware.Precision]float64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
