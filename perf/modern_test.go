package perf

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// TestDispatchDedup: a token routed to k = 8 of the experts spread over
// N = 64/8 = 8 domains reaches 8·(1−(7/8)^8) = 5.25 domains on average,
// 7·(1−(7/8)^8) = 4.595 of them remote, so the NIC carries 4.595 copies
// (hand arithmetic), not the 8·56/64 = 7 of a flat all-to-all.
func TestDispatchDedup(t *testing.T) {
	c := net{up: 300e9, out: 45e9, alpha: 0, node: 8}
	s := 1e6 // bytes of one hidden state per token batch
	got := c.dispatch(s, 8, 64, 8)
	want := 7 * (1 - math.Pow(7.0/8, 8)) * s / 45e9 // ≈ 1.021e-4 s; the NVLink part 7/64·8·s/300e9 is smaller
	if !within(got, want, 1e-9) {
		t.Errorf("dispatch got %.6g s, want %.6g s", got, want)
	}
	if got := c.dispatch(s, 8, 8, 8); !within(got, 7.0/8*8*s/300e9, 1e-9) { // one domain: NVLink only
		t.Errorf("single-domain dispatch got %.6g s, want %.6g s", got, 7.0/8*8*s/300e9)
	}
}

// TestFP8Cluster: FP8 training prices GEMMs at the FP8 peak (H100 SXM
// 1,979 TFLOP/s dense) and attention at the BF16 peak (989.4 TFLOP/s),
// NVIDIA H100 datasheet via accelerators.csv.
func TestFP8Cluster(t *testing.T) {
	acc := hardware.Accelerator{ID: "h100-sxm", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12, hardware.FP8: 1979e12},
		Memory: 80e9, Bandwidth: 3.35e12, ScaleUpBandwidth: 900e9, ScaleUpDomain: 8}
	c, err := NewCluster(acc, hardware.FP8, 8)
	if err != nil {
		t.Fatal(err)
	}
	if c.Peak != 1979e12 || c.AttnPeak != 989.4e12 {
		t.Errorf("peak %g, attention peak %g; want 1.979e15 and 9.894e14", float64(c.Peak), float64(c.AttnPeak))
	}
	if got := c.matmul(); got != c.Eff.MatmulFP8 || got <= 0 {
		t.Errorf("FP8 matmul fraction %g, want the MatmulFP8 constant %g", got, c.Eff.MatmulFP8)
	}
	b, _ := NewCluster(acc, hardware.BF16, 8)
	if b.attnPeak() != 989.4e12 || b.matmul() != b.Eff.Matmul {
		t.Errorf("BF16: attention peak %g, matmul %g; want 9.894e14 and %g", b.attnPeak(), b.matmul(), b.Eff.Matmul)
	}
}

// TestSelectiveUnderFlash: with flash attention, selective recompute drops
// the two norm outputs (4d bytes/token) and the SwiGLU output (2f) per
// layer and reruns only element-wise kernels: less memory than none, a
// small positive recompute time, and no extra matmul FLOPs (HFU = MFU).
// Llama 2 7B shape (d 4096, f 11008, 32 layers) on 8 A100s, TP1, mbs 1.
func TestSelectiveUnderFlash(t *testing.T) {
	m := compile(t, llama(32000, 4096, 32, 32, 32, 11008), 4096, ShapeOptions{FlashAttention: true}, a100(t, 8), DefaultTraining(64, 4096))
	base := Layout{TP: 1, PP: 1, DP: 8, EP: 1, MicroBatch: 1, VPP: 1, ZeRO: 1}
	none, sel := base, base
	sel.Recompute = RecomputeSelective
	en, es := m.Evaluate(none), m.Evaluate(sel)
	// Saved: 32 layers · 4096 tokens · (4·4096 + 2·11008) B = 5.03e9 B.
	saved := 32.0 * 4096 * (4*4096 + 2*11008)
	if got := en.MemActivations - es.MemActivations; !within(got, saved, 1e-6) {
		t.Errorf("activation memory saved %.4g B, want %.4g B", got, saved)
	}
	if es.Recompute <= 0 || es.Recompute > 0.05*es.Compute {
		t.Errorf("recompute %.3g s of compute %.3g s: want positive and under 5%%", es.Recompute, es.Compute)
	}
	if es.HFU != es.MFU {
		t.Errorf("HFU %.4f != MFU %.4f: selective under flash adds no matmul FLOPs", es.HFU, es.MFU)
	}
}

// TestContextParallel: CP 2 halves each GPU's tokens per micro-batch, so
// on 2× the GPUs (TP1 CP2 DP4 vs TP1 CP1 DP4) the step's compute halves
// (to within the per-kernel launch costs), and the KV ring of Llama 3 8B
// (8 KV heads · (128+128) · 2 B = 4 KiB per token per layer, 4,096 local
// tokens: 16.8 MB per pass over 300·0.7 GB/s NVLink ≈ 80 µs) hides behind
// the attention of each layer (2·4096·4096·256·32 = 2.7e11 FLOPs at
// 0.45·312 TFLOP/s ≈ 1.9 ms): no exposed CP time. Activations halve too.
func TestContextParallel(t *testing.T) {
	arch := llama(128256, 4096, 32, 32, 8, 14336)
	tr := DefaultTraining(64, 8192)
	one := compile(t, arch, 8192, ShapeOptions{FlashAttention: true}, a100(t, 4), tr)
	two := compile(t, arch, 8192, ShapeOptions{FlashAttention: true}, a100(t, 8), tr)
	l := Layout{TP: 1, PP: 1, DP: 4, EP: 1, MicroBatch: 1, VPP: 1, ZeRO: 1}
	e1 := one.Evaluate(l)
	l.CP = 2
	e2 := two.Evaluate(l)
	if e2.Reject != "" {
		t.Fatalf("CP2 layout rejected: %s", e2.Reject)
	}
	if r := e2.Compute / e1.Compute; math.Abs(r-0.5) > 0.03 {
		t.Errorf("compute ratio CP2/CP1 got %.3f, want 0.5 ± 0.03", r)
	}
	if e2.CPComm != 0 {
		t.Errorf("exposed CP comm %.3g s, want 0 (ring hidden behind attention)", e2.CPComm)
	}
	if r := e2.MemActivations / e1.MemActivations; math.Abs(r-0.5) > 0.01 {
		t.Errorf("activation ratio got %.3f, want 0.5", r)
	}
	l.CP = 3 // 8192 mod 3 ≠ 0, and 1·3·1·4 ≠ 8 GPUs
	if e := two.Evaluate(l); e.Reject == "" {
		t.Error("CP3 on 8 GPUs priced, want a reject")
	}
}
