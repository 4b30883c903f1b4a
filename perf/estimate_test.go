package perf

import (
	"testing"
)

// TestBubble checks the pipeline bubble against Narayanan et al. 2021
// §2.2 (formulas.md §5.3): bubble / ideal time = (p−1)/(v·m). A vocabulary
// of 8 makes the last stage's head negligible so all stages are equal.
func TestBubble(t *testing.T) {
	tests := []struct {
		name     string
		p, v, gb int
		want     float64
	}{
		{"1F1B p8 m32", 8, 1, 32, 7.0 / 32},            // formulas.md §5.3 example: 21.9%
		{"interleaved p8 v4 m32", 8, 4, 32, 7.0 / 128}, // 5.5%
		{"1F1B p4 m4", 4, 1, 4, 3.0 / 4},
	}
	for _, tt := range tests {
		m := compile(t, gpt(8, 4096, 32, 32, 2048), 2048, ShapeOptions{FlashAttention: true}, a100(t, 8*tt.p),
			DefaultTraining(tt.gb, 2048))
		e := m.Evaluate(Layout{TP: 8, PP: tt.p, DP: 1, EP: 1, MicroBatch: 1, VPP: tt.v})
		if e.Reject != "" {
			t.Fatalf("%s: rejected: %s", tt.name, e.Reject)
		}
		ideal := e.Compute + e.TPComm + e.PPComm
		if got := e.Bubble / ideal; !within(got, tt.want, 0.01) {
			t.Errorf("%s: bubble/ideal got %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
}

// TestZeROMemory checks weights+gradients+optimizer per GPU against ZeRO
// §3.1/Fig. 1 (formulas.md §3.2): with Ψ parameters per GPU and N_d = 64,
// stage 0: 16Ψ, stage 1: 4Ψ + 12Ψ/64, stage 2: 2Ψ + 14Ψ/64, stage 3:
// 16Ψ/64 plus two gathered layers (2 bytes each).
func TestZeROMemory(t *testing.T) {
	m := compile(t, llama(32000, 4096, 32, 32, 32, 11008), 2048, ShapeOptions{FlashAttention: true}, a100(t, 64),
		DefaultTraining(64, 2048))
	states := func(z int) float64 {
		e := m.Evaluate(Layout{TP: 1, PP: 1, DP: 64, EP: 1, MicroBatch: 1, VPP: 1, ZeRO: z, Recompute: RecomputeFull})
		return e.MemWeights + e.MemGrads + e.MemOptimizer
	}
	psi := states(0) / 16
	if !within(psi, 6738415616, 1e-9) {
		t.Fatalf("Ψ got %.0f, want Llama-2-7B's 6,738,415,616", psi)
	}
	layer := 202383360.0 // one Llama-2-7B layer: 4·4096² + 3·4096·11008 + 2·4096
	for z, want := range []float64{16 * psi, 4*psi + 12*psi/64, 2*psi + 14*psi/64, 16*psi/64 + 2*2*layer} {
		if got := states(z); !within(got, want, 1e-9) {
			t.Errorf("ZeRO-%d: model states got %.4g B, want %.4g B", z, got, want)
		}
	}
}

// TestCollectives checks the ring formulas of formulas.md §5.1.
func TestCollectives(t *testing.T) {
	c := net{up: 100e9, out: 10e9, node: 8}
	const s = 1e9
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"all-reduce in one node", c.allReduce(s, 8, 8), 2 * 7.0 / 8 * s / 100e9},
		{"all-gather in one node", c.gather(s, 8, 8), 7.0 / 8 * s / 100e9},
		// 16 ranks, 8 per node: 2·7/8·S/B_up + 2·(1/2)·(S/8)/B_out.
		{"hierarchical all-reduce", c.allReduce(s, 16, 8), 2*7.0/8*s/100e9 + 2*0.5*(s/8)/10e9},
		{"all-reduce one rank per node", c.allReduce(s, 4, 1), 2 * 3.0 / 4 * s / 10e9},
		{"p2p across nodes", c.p2p(s, false), s / 10e9},
		{"single rank", c.allReduce(s, 1, 1), 0},
	}
	for _, tt := range tests {
		if !within(tt.got, tt.want, 1e-9) {
			t.Errorf("%s: got %.6g s, want %.6g s", tt.name, tt.got, tt.want)
		}
	}
	if got := c.members(64, 8); got != 1 {
		t.Errorf("members(64, stride 8) got %d, want 1", got)
	}
}

// TestRejects checks that each invalid layout names its reason.
func TestRejects(t *testing.T) {
	m := compile(t, gpt(51200, 12288, 96, 96, 2048), 2048, ShapeOptions{}, a100(t, 64), DefaultTraining(64, 2048))
	ok := Layout{TP: 8, PP: 8, DP: 1, EP: 1, MicroBatch: 1, VPP: 1, Recompute: RecomputeSelective, SeqParallel: true}
	tests := []struct {
		name string
		mod  func(*Layout)
		want string
	}{
		{"valid", func(*Layout) {}, RejectNone},
		{"gpus", func(l *Layout) { l.DP = 2 }, RejectGPUs},
		{"heads", func(l *Layout) { l.TP, l.PP = 64, 1 }, RejectHeads},
		{"gpus zero", func(l *Layout) { l.TP = 0 }, RejectGPUs},
		{"batch", func(l *Layout) { l.MicroBatch = 3 }, RejectBatch},
		{"experts", func(l *Layout) { l.EP = 2 }, RejectExperts},
		{"sp without tp", func(l *Layout) { l.TP, l.PP, l.SeqParallel = 1, 64, true }, RejectSeqPar},
		{"zero", func(l *Layout) { l.ZeRO = 4 }, RejectZeRO},
		{"layers", func(l *Layout) { l.TP, l.PP, l.VPP = 1, 64, 2 }, RejectLayers},
		{"memory", func(l *Layout) { l.TP, l.PP, l.SeqParallel = 1, 64, false }, RejectMemory},
	}
	for _, tt := range tests {
		l := ok
		tt.mod(&l)
		if got := m.Evaluate(l).Reject; got != tt.want {
			t.Errorf("%s: reject got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestEvaluateAllocs: one evaluation allocates nothing (the planner's
// million-per-second budget).
func TestEvaluateAllocs(t *testing.T) {
	m := compile(t, gpt(51200, 12288, 96, 96, 2048), 2048, ShapeOptions{}, a100(t, 64), DefaultTraining(64, 2048))
	l := Layout{TP: 8, PP: 8, DP: 1, EP: 1, MicroBatch: 1, VPP: 3, Recompute: RecomputeSelective, SeqParallel: true}
	if n := testing.AllocsPerRun(100, func() { m.Evaluate(l) }); n != 0 {
		t.Errorf("Evaluate allocates %.0f times, want 0", n)
	}
}
