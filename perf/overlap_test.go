package perf

import (
	"math"
	"testing"
)

// TestOverlapArithmetic checks the three overlap shapes by hand: a 10 ms
// collective beside an 8 ms GEMM. Ring exchange in 4 steps: the GEMM
// covers 8·3/4 = 6 ms, 4 ms exposed. Pipelined in 4 splits: 10 − 8 = 2 ms
// plus the last chunk's 8/4 = 2 ms. Bulk: 10 − 8 = 2 ms. Behind a 40 ms
// GEMM all three hide all but the pipeline's last chunk (10/4 = 2.5 ms).
func TestOverlapArithmetic(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"ring, comm-bound", ringExposed(10, 8, 4), 4},
		{"pipeline, comm-bound", pipeExposed(10, 8, 4), 4},
		{"bulk, comm-bound", bulkExposed(10, 8), 2},
		{"ring, compute-bound", ringExposed(10, 40, 4), 0},
		{"pipeline, compute-bound", pipeExposed(10, 40, 4), 2.5},
		{"bulk, compute-bound", bulkExposed(10, 40), 0},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s: got %g ms exposed, want %g ms", c.name, c.got, c.want)
		}
	}
}

// TestTPExposedTE checks the Transformer Engine pairing on one layer with
// hand arithmetic: c = 1 ms per all-gather or reduce-scatter, TP 4, column
// GEMMs 3 ms and row GEMMs 1 ms in both blocks, tax 0.15. Forward per
// block: ring(1, 3, 4) = 0 + pipe(1, 1, 4) = 0.25; backward: 2·bulk(1, 3)
// = 0 + ring(1, 1, 4) = 0.25. Raw 4 ms forward, 6 ms backward; exposed
// 0.5 + 0.15·3.5 = 1.025 ms forward, 0.5 + 0.15·5.5 = 1.325 ms backward.
// Without sequence parallelism nothing hides: 4 ms each way.
func TestTPExposedTE(t *testing.T) {
	m := &Model{Cluster: Cluster{Eff: Efficiency{OverlapTax: 0.15}}, Training: Training{Stack: DefaultStack()}}
	g := gemmTimes{attnCol: 3, attnRow: 1, mlpCol: 3, mlpRow: 1}
	got := m.tpExposed(1, g, Layout{TP: 4, SeqParallel: true})
	if math.Abs(got.fwd-1.025) > 1e-12 || math.Abs(got.bwd-1.325) > 1e-12 {
		t.Errorf("TE overlap: got %g / %g ms exposed, want 1.025 / 1.325", got.fwd, got.bwd)
	}
	if got := m.tpExposed(1, g, Layout{TP: 4}); got.fwd != 4 || got.bwd != 4 {
		t.Errorf("no SP: got %g / %g ms, want 4 / 4", got.fwd, got.bwd)
	}
	m.Training.Stack, _ = LookupStack("megatron-lm-2021")
	if got := m.tpExposed(1, g, Layout{TP: 4, SeqParallel: true}); got.fwd != 4 || got.bwd != 6 {
		t.Errorf("megatron-lm-2021: got %g / %g ms, want 4 / 6 (no overlap)", got.fwd, got.bwd)
	}
}

// TestBubbleDualPipe checks DeepSeek-V3 Table 2's DualPipe bubble,
// (p/2 − 1)(F&B + B − 3W) with F&B = F + B, against 1F1B's (p − 1)(F + B):
// p = 16, F = 1, B = 2, W = 1 (no exposed communication): 7·(1 + 4 − 3) =
// 14 against 15·3 = 45.
func TestBubbleDualPipe(t *testing.T) {
	m := &Model{Training: Training{Stack: DefaultStack()}}
	if got := m.bubble(16, 1, 3, 1, 2, 1); got != 45 {
		t.Errorf("1F1B bubble got %g, want 45", got)
	}
	m.Training.Stack, _ = LookupStack("hai-llm")
	if got := m.bubble(16, 1, 3, 1, 2, 1); got != 14 {
		t.Errorf("DualPipe bubble got %g, want 14", got)
	}
}

// TestMoEImbalance: 4,096 tokens × top-8 over 64 ranks: the busiest rank
// expects 1 + √(2·ln 64·(63/64)/32768) = 1.0158 of the mean (hand
// arithmetic); one rank has no imbalance.
func TestMoEImbalance(t *testing.T) {
	if got := moeImbalance(4096*8, 64); math.Abs(got-1.0158) > 1e-4 {
		t.Errorf("got %.5f, want 1.0158", got)
	}
	if got := moeImbalance(4096*8, 1); got != 1 {
		t.Errorf("one rank: got %g, want 1", got)
	}
}

func TestLookupStack(t *testing.T) {
	for _, s := range Stacks() {
		got, err := LookupStack(s.Name)
		if err != nil || got.Name != s.Name || got.Source == "" {
			t.Errorf("%s: got %+v, %v; want the profile with a source", s.Name, got, err)
		}
	}
	if _, err := LookupStack("nosuch"); err == nil {
		t.Error("unknown stack: no error")
	}
	if DefaultStack().Name != "megatron-core" {
		t.Errorf("default stack %q, want megatron-core", DefaultStack().Name)
	}
}
