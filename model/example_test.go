package model_test

import (
	"fmt"

	"github.com/flopsdev/flops/model"
)

// Look up a catalog model and print its exact counts, FLOPs and KV cache.
func ExampleLookup() {
	e, err := model.Lookup("Mixtral-8x7B")
	if err != nil {
		fmt.Println(err)
		return
	}
	a := e.Arch
	c := a.Count()
	train, _ := a.TrainingFLOPsPerToken(4096, model.Causal, model.RecomputeNone)
	fmt.Printf("%s: %.0f total, %.0f active parameters\n", e.ID, float64(c.Total), float64(c.Active))
	fmt.Printf("training FLOPs/token at 4096 (causal): %.4e\n", float64(train))
	fmt.Printf("KV cache bytes/token (bf16): %.0f\n", float64(a.KVBytesPerToken(2)))
	// Output:
	// mixtral-8x7b: 46702792704 total, 12879925248 active parameters
	// training FLOPs/token at 4096 (causal): 7.9713e+10
	// KV cache bytes/token (bf16): 131072
}

// Describe an architecture directly and compare the exact training FLOPs
// with 6·N.
func ExampleArch_SixN() {
	a := &model.Arch{Name: "llama-3-8b", Family: "llama", Vocab: 128256, Hidden: 4096, Layers: 32,
		Heads: 32, KVHeads: 8, HeadDim: 128, FFN: 14336, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2}
	if err := a.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	c := a.SixN(8192, model.Causal)
	fmt.Printf("6N %.4e, exact %.4e (%+.1f%%), PaLM %.4e\n", float64(c.SixN), float64(c.Exact), c.DiffPct, float64(c.PaLM))
	// Output:
	// 6N 4.8182e+10, exact 5.1470e+10 (+6.8%), PaLM 6.1066e+10
}

func ExampleLookup_unknown() {
	_, err := model.Lookup("llama-3.1-450b")
	fmt.Println(err)
	// Output:
	// unknown model "llama-3.1-450b" (nearest: llama-3.1-405b, llama-3.1-70b, llama-33b, llama-65b, llama-3-70b); run 'flops model list' for the catalog
}
