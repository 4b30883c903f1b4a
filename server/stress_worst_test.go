package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/infer"
)

// The worst-case requests the server accepts, from its caps.

func numberList(n int, format string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(format, i+1)
	}
	return strings.Join(items, ",")
}

// worstIsoFLOP: the most curve points allowed (3 default laws), as few
// long curves and as many short ones.
func worstIsoFLOP() []string {
	const laws = 3
	few := api.MaxIsoFLOPPoints / (laws * 1000)
	many := api.MaxIsoFLOPPoints / (laws * api.MaxIsoFLOPBudgets)
	return []string{
		fmt.Sprintf("/api/scale/isoflop?budgets=%s&points=1000", numberList(few, "%de20")),
		fmt.Sprintf("/api/scale/isoflop?budgets=%s&points=%d", numberList(api.MaxIsoFLOPBudgets, "%de18"), many),
	}
}

// worstPlots: the largest charts, one per chart route: the most iso-FLOP
// curves, with the most points (drawn with maxChartCurvePoints each), an
// inference sweep of the most batch sizes, the most accelerators compared,
// and a deployment search of the most accelerator types for a large MoE
// model on the most GPUs, unrestricted (it runs into searchTimeout).
func worstPlots() []string {
	const laws = 3
	return []string{
		fmt.Sprintf("/api/plot/isoflop?budgets=%s&points=%d", numberList(maxChartCurves/laws, "%de20"), api.MaxIsoFLOPPoints/maxChartCurves),
		"/api/plot/infer?model=llama-3.1-405b&gpus=8&batch=" + numberList(infer.MaxSweep, "%d"),
		"/api/plot/hardware?ids=h100,h200,b200,a100,mi300x,mi325x,gaudi3,tpu-v5p,h100,h200,b200,a100,mi300x,mi325x,gaudi3,tpu-v5p",
		"/api/plot/deploy?model=deepseek-v3&gpu=h100-sxm,h200-sxm,b200,b300,mi300x,mi325x,mi355x,gb200&gpus=" + strconv.Itoa(deploy.MaxGPUs),
	}
}

// worstPlans: searches of millions of layouts (Qwen3-235B-A22B and
// DeepSeek-V3 on 16,128 GPUs, a global batch with many divisors,
// micro-batches up to the cap): seconds each on one core.
func worstPlans() []string {
	const q = "&gpus=16128&global_batch=735134400&max_micro_batch=1024"
	return []string{"/api/plan?model=qwen3-235b-a22b" + q, "/api/plan?model=deepseek-v3" + q}
}
