package goodput

import "testing"

// BenchmarkEstimate prices one cluster size with the defaults (the Llama 3
// 405B checkpoint on 16,384 accelerators).
func BenchmarkEstimate(b *testing.B) {
	cfg := llamaAt(16384, Options{})
	cfg.Work = 60 * 86400
	for b.Loop() {
		if _, err := Estimate(cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep runs the sweep behind the plot: 64 to 1,000,000
// accelerators in √2 steps (29 sizes).
func BenchmarkSweep(b *testing.B) {
	sizes, err := SweepSizes(64, 1000000)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Sweep(llama405, Options{}, sizes); err != nil {
			b.Fatal(err)
		}
	}
}
