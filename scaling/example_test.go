package scaling_test

import (
	"fmt"

	"github.com/flopsdev/flops/scaling"
)

// The compute-optimal model for Gopher's budget under three fits of the
// same Chinchilla data (formulas.md §6.3).
func ExampleOptimal() {
	var laws []scaling.Law
	for _, id := range []string{"chinchilla-3", "chinchilla-3-precise", "epoch-2024"} {
		l, _ := scaling.Lookup(id)
		laws = append(laws, l)
	}
	r, err := scaling.Optimal(scaling.OptimalConfig{Budget: scaling.Budget{FLOPs: 5.76e23}, Laws: laws})
	if err != nil {
		panic(err)
	}
	for _, a := range r.Laws {
		fmt.Printf("%-21s N=%-6s D=%-6s %4.1f tokens/param  loss %.3f\n",
			a.Law, a.ParamsOptimal, a.TokensOptimal, a.TokensPerParam, *a.PredictedLoss)
	}
	fmt.Printf("spread %.2f×\n", r.Disagreement.ParamsRatio)
	// Output:
	// chinchilla-3          N=32.2B  D=2.98T  92.6 tokens/param  loss 1.931
	// chinchilla-3-precise  N=40.4B  D=2.38T  58.9 tokens/param  loss 1.918
	// epoch-2024            N=72.2B  D=1.33T  18.4 tokens/param  loss 1.974
	// spread 2.24×
}

// Inference-aware sizing (Sardana et al. 2023): reach Chinchilla's
// predicted loss with 10T tokens of lifetime inference.
func ExampleInference() {
	l, _ := scaling.Lookup("chinchilla-3-precise")
	r, err := scaling.Inference(scaling.InferenceConfig{Law: l,
		Reference: &scaling.Plan{Params: 70e9, Tokens: 1.4e12}, InferenceTokens: 10e12})
	if err != nil {
		panic(err)
	}
	fmt.Printf("target loss %.3f\n", r.TargetLoss)
	fmt.Printf("compute-optimal: N=%s D=%s lifetime %s\n", r.ComputeOptimal.Params, r.ComputeOptimal.Tokens, r.ComputeOptimal.TotalFLOPs)
	fmt.Printf("inference-aware: N=%s D=%s lifetime %s\n", r.InferenceAware.Params, r.InferenceAware.Tokens, r.InferenceAware.TotalFLOPs)
	fmt.Printf("saved %.0f%%\n", 100*r.SavedFraction)
	// Output:
	// target loss 1.921
	// compute-optimal: N=39.1B D=2.29T lifetime 1.32 YFLOP
	// inference-aware: N=19.8B D=5.44T lifetime 1.04 YFLOP
	// saved 21%
}
