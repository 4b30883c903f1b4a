package deploy

import (
	"github.com/flopsdev/flops/engine"
)

// Choose is the planner's rule applied to deployments simulated elsewhere
// (for instance the measured configurations of a benchmark, to rank them):
// the index of the one with the most output tokens/s per GPU among those
// whose simulated statistic meets the targets, ties to the first; −1 when
// none does. Search applies the same rule to what it simulates.
func Choose(rs []*engine.Result, t Targets) int {
	g := goal{targets: t}
	if g.targets.Percentile == "" {
		g.targets.Percentile = Mean
	}
	best := -1
	for i, r := range rs {
		if g.meets(r) && (best < 0 || r.OutputTokensPerSecondPerGPU > rs[best].OutputTokensPerSecondPerGPU) {
			best = i
		}
	}
	return best
}
