package perf

import (
	"math"
	"testing"
)

// TestTPExposed checks the TP-overlap arithmetic (hand computed): with
// TPOverlap 0.5 and OverlapTax 0.15, 10 ms of TP collectives behind 100 ms
// of GEMMs leave 10 − 5 + 0.15·5 = 5.75 ms exposed; behind only 2 ms of
// GEMMs at most 2 ms hide: 10 − 2 + 0.15·2 = 8.3 ms; TPOverlap 0 leaves
// all 10 ms.
func TestTPExposed(t *testing.T) {
	for _, c := range []struct {
		overlap, tp, gemm, want float64
	}{
		{0.5, 10e-3, 100e-3, 5.75e-3},
		{0.5, 10e-3, 2e-3, 8.3e-3},
		{0, 10e-3, 100e-3, 10e-3},
	} {
		m := &Model{Cluster: Cluster{Eff: Efficiency{TPOverlap: c.overlap, OverlapTax: 0.15}}}
		if got := m.tpExposed(c.tp, c.gemm); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("overlap %.1f, tp %g s, gemm %g s: got %g s exposed, want %g s", c.overlap, c.tp, c.gemm, got, c.want)
		}
	}
}

// TestTPUEfficiency checks that every TPU generation gets the TPU fit and
// that it hides part of the TP collectives (XLA collective matmul), while
// the A100 fit hides none (Megatron-LM 2021-2022 did not overlap TP).
func TestTPUEfficiency(t *testing.T) {
	for _, id := range []string{"tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e"} {
		e := DefaultEfficiency(id)
		if e.TPOverlap <= 0 || e.Matmul != tpuMatmul {
			t.Errorf("%s: got matmul %.2f, tp overlap %.2f; want the TPU fit (%.2f, > 0)", id, e.Matmul, e.TPOverlap, tpuMatmul)
		}
	}
	if e := DefaultEfficiency("a100-sxm4-80gb"); e.TPOverlap != 0 {
		t.Errorf("a100: got tp overlap %.2f, want 0", e.TPOverlap)
	}
}
