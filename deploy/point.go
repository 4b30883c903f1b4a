package deploy

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/units"
)

// Point is one simulated deployment. Aggregated: Replicas replicas of
// TP·AttentionDP·PP GPUs, each with Concurrency requests in flight.
// Disaggregated: Replicas xPyD units, each of Prefill.Workers prefill and
// Decode.Workers decode workers with Concurrency requests in flight per
// unit (TP, PP, EP and AttentionDP are then the decode workers'). Times are
// seconds, rates per second, money US dollars.
type Point struct {
	Accelerator string `json:"accelerator"`
	Mode        string `json:"mode"` // "aggregated" or "disaggregated"

	TP          int   `json:"tp"`
	PP          int   `json:"pp"`
	EP          int   `json:"ep"`
	AttentionDP int   `json:"attention_dp"`
	Prefill     *Pool `json:"prefill,omitempty"`
	Decode      *Pool `json:"decode,omitempty"`

	Concurrency    int `json:"concurrency"`      // per replica or xPyD unit
	GPUs           int `json:"gpus"`             // the whole deployment
	Replicas       int `json:"replicas"`         // replicas or xPyD units
	GPUsPerReplica int `json:"gpus_per_replica"` // one replica or unit

	TTFT    units.Seconds `json:"ttft_seconds"` // mean
	TPOT    units.Seconds `json:"tpot_seconds"` // mean
	TTFTP90 units.Seconds `json:"ttft_p90_seconds"`
	TTFTP99 units.Seconds `json:"ttft_p99_seconds"`
	TPOTP90 units.Seconds `json:"tpot_p90_seconds"`
	TPOTP99 units.Seconds `json:"tpot_p99_seconds"`

	OutputTokensPerSecond        float64 `json:"output_tokens_per_second"` // the whole deployment
	OutputTokensPerSecondPerGPU  float64 `json:"output_tokens_per_second_per_gpu"`
	OutputTokensPerSecondPerUser float64 `json:"output_tokens_per_second_per_user"` // 1/TPOT
	RequestsPerSecond            float64 `json:"requests_per_second"`               // the whole deployment
	// Rate is the offered load of an open-loop check (rate mode).
	Rate float64 `json:"rate_requests_per_second,omitempty"`

	PricePerGPUHour      *float64 `json:"price_usd_per_gpu_hour"`
	USDPerHour           *float64 `json:"usd_per_hour"` // the whole deployment
	CostPerMillionOutput *float64 `json:"cost_per_million_output_tokens_usd"`
	CostPerMillionInput  *float64 `json:"cost_per_million_input_tokens_usd"`

	LimitedBy    string               `json:"limited_by"`
	Step         engine.StepBreakdown `json:"decode_step"`
	MeetsTargets bool                 `json:"meets_targets"`
	// Command is the "flops infer" run that reproduces the figures: the
	// whole deployment (aggregated, or any open-loop check), or one xPyD
	// unit (disaggregated closed loop; the deployment is Replicas of them),
	// or one replica when the whole is more than one run holds (see
	// beyond: more than 4096 GPUs or 65,536 requests in flight).
	Command string `json:"command"`

	res      *engine.Result
	cand     candidate
	requests int    // the finite run behind the figures (0: the steady-state window)
	binding  string // what stops the concurrency from growing: "tpot", "ttft", "slots" or ""
}

// Pool is one disaggregated pool's worker layout and workers per unit.
type Pool struct {
	TP          int `json:"tp"`
	PP          int `json:"pp"`
	EP          int `json:"ep"`
	AttentionDP int `json:"attention_dp"`
	Workers     int `json:"workers"`
}

func poolOf(l engine.Layout, workers int) *Pool {
	return &Pool{TP: l.TP, PP: l.PP, EP: l.EP, AttentionDP: l.AttentionDP, Workers: workers}
}

// pointOf makes the point of a simulated candidate deployed as replicas
// copies of it.
func (s *searcher) pointOf(r *sim, replicas int) Point {
	c, res := r.cand, r.res
	p := Point{Accelerator: s.gpu.Accelerator.ID, Mode: "aggregated", Concurrency: c.conc, Replicas: replicas,
		GPUsPerReplica: c.gpus, GPUs: replicas * c.gpus, res: res, cand: c, requests: r.requests}
	l := c.layout
	if c.disagg {
		p.Mode, l = "disaggregated", c.decode
		p.Prefill, p.Decode = poolOf(c.layout, c.x), poolOf(c.decode, c.y)
	}
	p.TP, p.PP, p.EP, p.AttentionDP = l.TP, l.PP, l.EP, l.AttentionDP
	p.fill(res, s.goal)
	scale := float64(p.GPUs) / float64(res.GPUs)
	p.OutputTokensPerSecond, p.RequestsPerSecond = res.OutputTokensPerSecond*scale, res.RequestsPerSecond*scale
	p.cost(res.PricePerGPUHour)
	p.Command = s.command(c, replicas, r.requests)
	return p
}

// fill copies the simulated figures.
func (p *Point) fill(res *engine.Result, g goal) {
	p.TTFT, p.TPOT, p.TTFTP90, p.TTFTP99, p.TPOTP90, p.TPOTP99 = res.TTFT, res.TPOT, res.TTFTP90, res.TTFTP99, res.TPOTP90, res.TPOTP99
	p.OutputTokensPerSecond, p.RequestsPerSecond = res.OutputTokensPerSecond, res.RequestsPerSecond
	p.OutputTokensPerSecondPerGPU, p.OutputTokensPerSecondPerUser = res.OutputTokensPerSecondPerGPU, res.OutputTokensPerSecondPerUser
	p.CostPerMillionOutput, p.CostPerMillionInput = res.CostPerMillionOutput, res.CostPerMillionInput
	p.LimitedBy, p.Step, p.MeetsTargets = res.Limit, res.Step, g.meets(res)
}

// cost sets the deployment's dollars per hour.
func (p *Point) cost(price *float64) {
	if price == nil {
		return
	}
	v := *price
	h := v * float64(p.GPUs)
	p.PricePerGPUHour, p.USDPerHour = &v, &h
}

// command is the "flops infer" command line that reproduces c: the whole
// aggregated deployment (replicas share the concurrency) when one run
// holds it, else one replica; or one xPyD unit; requests > 0 for a finite
// run.
func (s *searcher) command(c candidate, replicas, requests int) string {
	load := fmt.Sprintf("--concurrency %d", c.conc)
	if !c.disagg && replicas > 1 && beyond(c, replicas) == "" {
		load = fmt.Sprintf("--replicas %d --concurrency %d", replicas, c.conc*replicas)
	}
	if requests > 0 {
		load += fmt.Sprintf(" --requests %d", requests)
	}
	return s.commandLine(c, 1, load)
}

// commandLine is the command of candidate c with its workers multiplied
// by units and the given load flags.
func (s *searcher) commandLine(c candidate, units int, load string) string {
	cfg := s.cfg
	parts := []string{"flops infer", "--model " + shellQuote(cfg.ModelArg), "--gpu " + s.gpu.Accelerator.ID,
		fmt.Sprintf("--prompt %g --output %g", s.scr.p, s.scr.g), "--framework " + s.costs.Profile().Name}
	if cfg.Weights.Name != "" {
		parts = append(parts, "--weights "+cfg.Weights.Name)
	}
	switch {
	case strings.TrimSpace(cfg.KVDtype) != "":
		parts = append(parts, "--kv-dtype "+shellQuote(strings.TrimSpace(cfg.KVDtype)))
	case cfg.KVBits > 0:
		parts = append(parts, "--kv-dtype "+kvName(cfg.KVBits))
	}
	if c.disagg {
		parts = append(parts, "--disagg", layoutFlags("prefill-", c.layout), fmt.Sprintf("--prefill-workers %d", c.x*units),
			layoutFlags("decode-", c.decode), fmt.Sprintf("--decode-workers %d", c.y*units))
	} else {
		parts = append(parts, layoutFlags("", c.layout))
	}
	parts = append(parts, load)
	if s.gpu.Price > 0 {
		parts = append(parts, fmt.Sprintf("--price %g", float64(s.gpu.Price)))
	}
	return strings.Join(parts, " ")
}

// layoutFlags is "--tp 4" plus the degrees that are not 1.
func layoutFlags(prefix string, l engine.Layout) string {
	s := fmt.Sprintf("--%stp %d", prefix, l.TP)
	for _, d := range []struct {
		name string
		v    int
	}{{"pp", l.PP}, {"ep", l.EP}, {"attention-dp", l.AttentionDP}} {
		if d.v > 1 {
			s += fmt.Sprintf(" --%s%s %d", prefix, d.name, d.v)
		}
	}
	return s
}

// kvName is a --kv-dtype for a KV element size given without a name.
func kvName(bits float64) string {
	switch bits {
	case 16:
		return "bf16"
	case 8:
		return "fp8"
	}
	return fmt.Sprintf("%g", bits)
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// name characters.
func shellQuote(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
