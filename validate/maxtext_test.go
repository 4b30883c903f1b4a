package validate

import (
	"math"
	"testing"
)

// TestMaxtextArch checks the MaxText global_parameter_scale models against
// the sizes their recipe names give (MaxText/configs/v5e/16b.sh ...
// 128b.sh): hand arithmetic per layer 4·d·128·H (attention) + 3·d·f (MLP),
// plus 2·32,000·d embeddings: 16 → 32·(4·4096·8192 + 3·4096·28672) +
// 2·32000·4096 = 15.8B; 32 → 31.6B; 64 → 62.8B; 128 → 125.1B. Tolerance 1%.
func TestMaxtextArch(t *testing.T) {
	for _, c := range []struct {
		name string
		want float64
	}{{"maxtext-16b", 15.83e9}, {"maxtext-32b", 31.64e9}, {"maxtext-64b", 62.76e9}, {"maxtext-128b", 125.1e9}} {
		a, err := maxtextArch(c.name, 2048)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := float64(a.Count().Total)
		if math.Abs(got-c.want)/c.want > 0.01 {
			t.Errorf("%s: got %.4g parameters, want %.4g ±1%%", c.name, got, c.want)
		}
	}
	for _, bad := range []string{"maxtext-12b", "maxtext-xb", "maxtext-0b"} {
		if _, err := maxtextArch(bad, 2048); err == nil {
			t.Errorf("%s: no error, want one naming the scale", bad)
		}
	}
}
