package train

import (
	"fmt"
	"math"

	"github.com/flopsdev/flops/units"
)

// maxGPUs bounds the accelerator count answered for a deadline; beyond it
// the deadline is not a sensible question.
const maxGPUs = 1e9

// largestCluster is roughly the largest single training cluster built by
// 2025 (xAI Colossus: 100,000 H100 at launch, later ~200,000 GPUs); a
// deadline needing more draws a warning.
const largestCluster = 200_000

// affordable answers a budget question: the compute the budget buys,
// C_B = (budget / price)·3600·r, and from it the tokens D = C_B / (6·N)
// (or C_B / FLOPsPerToken) or the parameters N = C_B / (6·D). When N or D
// was not given, the affordable value fills it in so the rest of the
// estimate describes the run the budget buys.
func (r *Result) affordable(cfg *Config) {
	if cfg.Budget == 0 {
		return
	}
	b := cfg.Budget
	r.Budget = &b
	h := r.Add("affordable accelerator-hours", "GPU-h_B = budget / price",
		fmt.Sprintf("%s / %s", num(float64(b)), num(float64(cfg.Price))), float64(b)/float64(cfg.Price), "h", "")
	c := r.Add("affordable FLOPs", "C_B = GPU-h_B · 3600 · r",
		fmt.Sprintf("%s × 3600 × %s", num(h), num(float64(r.EffectiveFLOPS))), h*3600*float64(r.EffectiveFLOPS), "FLOP", "")
	r.FLOPsAffordable = units.FLOPs(c)
	r.setDisplay(r.FLOPsAffordable.String())
	if cfg.FLOPs > 0 {
		return
	}
	givenN, givenD := cfg.Params > 0 || cfg.FLOPsPerToken > 0, cfg.Tokens > 0
	if givenN {
		perToken, formula := float64(cfg.FLOPsPerToken), "D_B = C_B / (FLOPs per token)"
		if perToken == 0 {
			perToken, formula = 6*float64(cfg.Params), "D_B = C_B / (6·N)"
		}
		d := r.Add("affordable tokens", formula, fmt.Sprintf("%s / %s", num(c), num(perToken)), c/perToken, "tokens", "")
		r.TokensAffordable = units.Tokens(d)
		r.setDisplay(r.TokensAffordable.String() + " tokens")
		if !givenD {
			cfg.Tokens = r.TokensAffordable
		}
	}
	if givenD && cfg.FLOPsPerToken == 0 {
		n := r.Add("affordable parameters", "N_B = C_B / (6·D)",
			fmt.Sprintf("%s / (6 × %s)", num(c), num(float64(cfg.Tokens))), c/(6*float64(cfg.Tokens)), "params", "")
		r.ParamsAffordable = units.Params(n)
		r.setDisplay(r.ParamsAffordable.String() + " params")
		if !givenN {
			cfg.Params = r.ParamsAffordable
		}
	}
}

// deadline answers "how many accelerators finish within the deadline":
// K = ⌈GPU-s / deadline⌉. When K was not given, it becomes the answer.
func (r *Result) deadline(cfg *Config) error {
	if cfg.Deadline == 0 {
		return nil
	}
	r.Deadline = cfg.Deadline
	k := float64(r.GPUSeconds) / float64(cfg.Deadline)
	if k > maxGPUs {
		return fmt.Errorf("deadline %s: would need %s accelerators; allow more time", cfg.Deadline, num(k))
	}
	// Round up, ignoring float noise of a part in 1e9 (23583 h in 23583 h is 1 GPU, not 2).
	need := int(math.Ceil(k * (1 - 1e-9)))
	if need < 1 {
		need = 1
	}
	r.Add("accelerators for the deadline", "K = ⌈GPU-s / deadline⌉",
		fmt.Sprintf("⌈%s / %s⌉", num(float64(r.GPUSeconds)), num(float64(cfg.Deadline))), float64(need), "accelerators", "")
	r.GPUsNeeded = need
	if need > largestCluster {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the deadline needs %d accelerators, more than the largest clusters "+
			"(~%.0e); at that scale communication, not FLOPs, sets the time", need, float64(largestCluster)))
	}
	if cfg.GPUs == 0 {
		cfg.GPUs = need
		r.Assume("accelerators", fmt.Sprint(need), "the number needed to finish within the deadline")
	}
	return nil
}
