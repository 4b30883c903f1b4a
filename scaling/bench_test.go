package scaling

import (
	"testing"

	"github.com/flopsdev/flops/units"
)

// BenchmarkOptimalAll allocates one budget under every built-in law (what
// "flops scale optimal" does per request).
func BenchmarkOptimalAll(b *testing.B) {
	cfg := OptimalConfig{Budget: Budget{FLOPs: GopherFLOPs}}
	for b.Loop() {
		if _, err := Optimal(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInference solves one inference-aware sizing problem (three 1-D
// minimisations of ~800 evaluations each, with prices).
func BenchmarkInference(b *testing.B) {
	l, _ := Lookup(ChinchillaApproach3TeX)
	cfg := InferenceConfig{Law: l, TargetLoss: 2.0, InferenceTokens: 1e13, TrainUSDPerFLOP: 1e-18, InferUSDPerFLOP: 3e-18}
	for b.Loop() {
		if _, err := Inference(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIsoFLOP computes three default laws × three budgets × 41 points.
func BenchmarkIsoFLOP(b *testing.B) {
	cfg := IsoFLOPConfig{Budgets: []units.FLOPs{1e19, 1e21, GopherFLOPs}}
	for b.Loop() {
		if _, err := IsoFLOP(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
