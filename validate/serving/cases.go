package serving

import (
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
)

// Case is a row the estimator can express, with its configuration.
type Case struct {
	Row
	Config engine.Config
}

// Skip is a row the estimator cannot express, and why.
type Skip struct {
	Row
	Reason string
}

// Skip reasons.
const (
	skipNoConcurrency = "no concurrency recorded"
	skipNoWorkers     = "disaggregated worker counts not recorded"
	skipModel         = "model not in the catalog"
	skipSystem        = "accelerator not in the catalog"
	skipFormat        = "unknown weight format"
	skipLayout        = "layout invalid for the model"
)

// Cases maps every row to a configuration for framework profiles ps
// (backend name → profile), or records why it cannot be expressed.
func Cases(rows []Row, ps map[string]engine.Profile) ([]Case, []Skip) {
	var cs []Case
	var skips []Skip
	for _, r := range rows {
		c, reason := toCase(r, ps[r.Backend])
		if reason != "" {
			skips = append(skips, Skip{r, reason})
			continue
		}
		cs = append(cs, c)
	}
	return cs, skips
}

// toCase builds one configuration, or the reason it cannot.
func toCase(r Row, p engine.Profile) (Case, string) {
	if r.Concurrency <= 0 {
		return Case{}, skipNoConcurrency
	}
	if r.Mode == "disagg" && (r.PrefillWorkers <= 0 || r.DecodeWorks <= 0) {
		return Case{}, skipNoWorkers
	}
	e, err := model.Lookup(r.Model)
	if err != nil {
		return Case{}, skipModel
	}
	acc, err := hardware.Default().Lookup(strings.ReplaceAll(r.System, "_", "-"))
	if err != nil {
		return Case{}, skipSystem
	}
	arch := e.Arch
	cfg := engine.Config{Model: &arch, Accelerator: acc, Profile: p, Prompt: r.ISL, Output: r.OSL,
		Load: engine.Load{Concurrency: r.Concurrency}}
	if !setFormats(&cfg, r, arch.MoE != nil) {
		return Case{}, skipFormat
	}
	if r.Mode == "disagg" {
		cfg.Disagg = &engine.Disagg{Prefill: layout(r.Prefill, arch.MoE != nil), PrefillWorkers: r.PrefillWorkers,
			Decode: layout(r.Decode, arch.MoE != nil), DecodeWorkers: r.DecodeWorks}
	} else {
		cfg.Layout = layout(PoolCells{r.TP, r.PP, r.AttentionDP, r.MoETP, r.MoEEP}, arch.MoE != nil)
	}
	if engine.Check(cfg) != nil {
		return Case{}, skipLayout
	}
	c := Case{Row: r, Config: cfg}
	if warmHook != nil {
		warmHook(&c)
	}
	return c, ""
}

// warmHook lets diagnostics change the benchmark protocol.
var warmHook func(*Case)

// kvNote: the rows do not record the KV-cache format. Quantized rows are
// read as fp8 KV: Llama 3.1 70B on one B200 under vLLM at 64 requests of
// 1,024 + 8,192 tokens is measured without queueing (TTFT 0.24 s), which a
// bf16 cache (64 × 3.0 GB beside 35 GB of weights in 180 GB) cannot hold
// and an fp8 one can.
const kvNote = "quantized rows run an fp8 KV cache"

// setFormats reads the weight formats: the experts' (MoE models) or the
// dense GEMMs' format for the MLP weights, the dense GEMMs' for attention
// unless it is 4-bit (4-bit checkpoints keep attention in bf16).
func setFormats(c *engine.Config, r Row, moe bool) bool {
	mlp := r.GEMMQuant
	if moe && r.MoEQuant != "" {
		mlp = r.MoEQuant
	}
	f, err := engine.ParseFormat(mlp)
	if err != nil {
		return false
	}
	c.Weights = f
	g, err := engine.ParseFormat(r.GEMMQuant)
	if err != nil {
		return false
	}
	if g.Bits >= 8 {
		c.AttentionWeights = &g
	}
	if f.Bits <= 8.01 {
		c.KVBits = 8 // see kvNote
	}
	return true
}

// layout reads a recorded layout. The recorded attention-DP cell is empty
// on some rows whose MoE split (moe_tp × moe_ep) covers more GPUs than the
// attention TP; the GPUs must be the same, so attention DP is the ratio.
// Dense models ignore the MoE cells.
func layout(p PoolCells, moe bool) engine.Layout {
	l := engine.Layout{TP: max(p.TP, 1), PP: max(p.PP, 1), AttentionDP: max(p.AttentionDP, 1), EP: 1}
	if !moe {
		return l
	}
	l.EP = max(p.MoEEP, 1)
	if g := max(p.MoETP, 1) * l.EP; p.AttentionDP == 0 && g > l.TP && g%l.TP == 0 {
		l.AttentionDP = g / l.TP
	}
	return l
}
