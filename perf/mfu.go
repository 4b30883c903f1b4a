package perf

import (
	"fmt"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Throughput is a measured (or target) training throughput on a cluster.
type Throughput struct {
	ModelFLOPsPerToken    float64 // FLOPs per trained token without recompute
	HardwareFLOPsPerToken float64 // with recompute (0: same as model)
	Peak                  float64 // dense peak per GPU, FLOP/s
	GPUs                  int
	// TokensPerSecond is the whole cluster's throughput; when 0, MFU is
	// the target and the throughput is derived from it.
	TokensPerSecond float64
	MFU             float64
}

// Utilization is MFU, HFU and the achieved rates of a throughput.
type Utilization struct {
	TokensPerSecond       float64 `json:"tokens_per_second"`
	TokensPerSecondPerGPU float64 `json:"tokens_per_second_per_gpu"`
	ModelFLOPsPerToken    float64 `json:"model_flops_per_token"`
	HardwareFLOPsPerToken float64 `json:"hardware_flops_per_token"`
	MFU                   float64 `json:"mfu"`
	HFU                   float64 `json:"hfu"`
	AchievedFLOPsPerGPU   float64 `json:"achieved_flops_per_second_per_gpu"`          // model FLOP/s
	AchievedHWFLOPsPerGPU float64 `json:"achieved_hardware_flops_per_second_per_gpu"` // incl. recompute
	PeakFLOPsPerGPU       float64 `json:"peak_flops_per_second_per_gpu"`
	GPUs                  int     `json:"gpus"`
	explain.Trace
}

// Utilize computes MFU = model FLOPs/token · tokens/s / (GPUs · peak) (PaLM
// App. B) and HFU with the hardware FLOPs, or, when TokensPerSecond is 0,
// the throughput that the given MFU implies.
func Utilize(t Throughput) (*Utilization, error) {
	switch {
	case t.ModelFLOPsPerToken <= 0:
		return nil, fmt.Errorf("perf: model FLOPs per token must be positive")
	case t.Peak <= 0 || t.GPUs <= 0:
		return nil, fmt.Errorf("perf: peak FLOP/s and GPU count must be positive")
	case t.TokensPerSecond < 0 || t.MFU < 0 || (t.TokensPerSecond == 0 && t.MFU == 0):
		return nil, fmt.Errorf("perf: give a positive throughput or a positive MFU")
	}
	if t.HardwareFLOPsPerToken <= 0 {
		t.HardwareFLOPsPerToken = t.ModelFLOPsPerToken
	}
	u := &Utilization{ModelFLOPsPerToken: t.ModelFLOPsPerToken, HardwareFLOPsPerToken: t.HardwareFLOPsPerToken,
		PeakFLOPsPerGPU: t.Peak, GPUs: t.GPUs}
	g := float64(t.GPUs)
	if t.TokensPerSecond == 0 {
		u.TokensPerSecond = u.Add("tokens per second", "MFU · gpus · peak / model FLOPs per token",
			fmt.Sprintf("%g · %d · %.4g / %.4g", t.MFU, t.GPUs, t.Peak, t.ModelFLOPsPerToken),
			t.MFU*g*t.Peak/t.ModelFLOPsPerToken, "token/s", "")
	} else {
		u.TokensPerSecond = t.TokensPerSecond
	}
	u.TokensPerSecondPerGPU = u.TokensPerSecond / g
	u.AchievedFLOPsPerGPU = u.Add("achieved model FLOP/s per GPU", "model FLOPs per token · tokens/s / gpus",
		fmt.Sprintf("%.4g · %.4g / %d", t.ModelFLOPsPerToken, u.TokensPerSecond, t.GPUs),
		t.ModelFLOPsPerToken*u.TokensPerSecondPerGPU, "FLOP/s", units.FLOPRate(t.ModelFLOPsPerToken*u.TokensPerSecondPerGPU).String())
	u.MFU = u.Add("MFU", "achieved model FLOP/s per GPU / peak", fmt.Sprintf("%.4g / %.4g", u.AchievedFLOPsPerGPU, t.Peak),
		u.AchievedFLOPsPerGPU/t.Peak, "", pct(u.AchievedFLOPsPerGPU/t.Peak))
	u.AchievedHWFLOPsPerGPU = t.HardwareFLOPsPerToken * u.TokensPerSecondPerGPU
	u.HFU = u.Add("HFU", "hardware FLOPs per token (incl. recompute) · tokens/s per GPU / peak",
		fmt.Sprintf("%.4g · %.4g / %.4g", t.HardwareFLOPsPerToken, u.TokensPerSecondPerGPU, t.Peak),
		u.AchievedHWFLOPsPerGPU/t.Peak, "", pct(u.AchievedHWFLOPsPerGPU/t.Peak))
	return u, nil
}
