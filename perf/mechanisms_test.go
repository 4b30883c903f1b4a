package perf

import (
	"math"
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// h800 is the catalog's H800 SXM at FP8 (H100 compute and HBM: 1,979
// TFLOP/s dense FP8, 989 BF16, 3.35 TB/s; NVLink 400 GB/s bidirectional).
func h800(t *testing.T, gpus int) Cluster {
	t.Helper()
	acc, err := hardware.Default().Lookup("h800")
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCluster(acc, hardware.FP8, gpus)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGEMMDepth reproduces DeepGEMM's FP8 GEMM table on H800
// (deepseek-ai/DeepGEMM README, "Normal GEMMs for dense models", M = 4096)
// with η∞ = 0.72 and k₀ = 1.17 × 1,979/3.35: within 4% at every depth.
func TestGEMMDepth(t *testing.T) {
	c := h800(t, 1)
	c.Eff.MatmulFP8, c.Eff.Kernel = 0.72, 0
	m := &Model{Cluster: c}
	m.derive()
	for _, x := range []struct{ n, k, tflops float64 }{
		{32768, 512, 590}, {24576, 1536, 990}, {7168, 2048, 1025}, {4096, 7168, 1304}, {7168, 16384, 1358},
	} {
		got := 2 * 4096 * x.n * x.k / m.gemmTime(4096, x.n, x.k) / 1e12
		if math.Abs(got-x.tflops)/x.tflops > 0.04 {
			t.Errorf("N %g K %g: got %.0f TFLOP/s, want %.0f ± 4%%", x.n, x.k, got, x.tflops)
		}
	}
}

// TestFP8Activations: FP8 training stores the inputs of linear layers in
// one byte (Transformer Engine; DeepSeek-V3 §3.3.2). Llama 2 7B shape, TP1,
// no recompute, 4,096 tokens: per layer the QKV and MLP inputs (4d) and
// the attention output and down-projection input (2d + 2f) halve:
// 32 · 4096 · (4·4096 + 2·4096 + 2·11008)/2 bytes = 4.66e9 bytes saved.
func TestFP8Activations(t *testing.T) {
	arch := llama(32000, 4096, 32, 32, 32, 11008)
	acc := hardware.Accelerator{ID: "h100-sxm", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 989.4e12, hardware.FP8: 1979e12},
		Memory: 80e9, Bandwidth: 3.35e12, ScaleUpBandwidth: 900e9, ScaleUpDomain: 8}
	l := Layout{TP: 1, PP: 1, DP: 8, EP: 1, MicroBatch: 1, VPP: 1, ZeRO: 1}
	var act [2]float64
	for i, p := range []hardware.Precision{hardware.BF16, hardware.FP8} {
		c, err := NewCluster(acc, p, 8)
		if err != nil {
			t.Fatal(err)
		}
		act[i] = compile(t, arch, 4096, ShapeOptions{FlashAttention: true}, c, DefaultTraining(64, 4096)).Evaluate(l).MemActivations
	}
	want := 32 * 4096 * (4*4096 + 2*4096 + 2*11008.0) / 2
	if got := act[0] - act[1]; !within(got, want, 1e-9) {
		t.Errorf("saved %.4g bytes, want %.4g", got, want)
	}
}

// TestMoEPermutation: an MoE layer moves each token to its k experts and
// back: 2·(2d + 2kd) bytes of element-wise traffic per token on top of the
// dense layer's (Mixtral 8x7B shape: d 4096, k 2: 4·4096·3 = 49,152).
func TestMoEPermutation(t *testing.T) {
	dense := llama(32000, 4096, 1, 32, 8, 14336)
	moe := llama(32000, 4096, 1, 32, 8, 14336)
	moe.MoE = &model.MoE{Experts: 8, TopK: 2, ExpertFFN: 14336, LayerFreq: 1}
	sd, err := NewShape(dense, 4096, ShapeOptions{FlashAttention: true})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := NewShape(moe, 4096, ShapeOptions{FlashAttention: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := sm.Layer[0].ewRep - sd.Layer[0].ewRep; got != 49152 {
		t.Errorf("permutation traffic %g bytes per token, want 49,152", got)
	}
}

// TestOverlapWindows checks the pipeline and expert overlaps by hand.
// Pipeline, v = 2: a 3 ms send beside 4 ms forward and 8 ms backward
// stages (2 and 4 ms chunks): 2·(1 + 0) = 2 ms exposed of 12 ms, plus
// 0.15·10 = 1.5 ms tax. Expert all-to-all of 10 ms behind 8 ms compute
// on a stack that reserves 20/132 SMs: the compute stretches by
// 8·20/112 = 1.43 ms, so 10 − 9.43 = 0.57 ms + 1.43 ms are exposed.
func TestOverlapWindows(t *testing.T) {
	m := &Model{Cluster: Cluster{Eff: Efficiency{OverlapTax: 0.15}}, Training: Training{Stack: DefaultStack()}}
	if got, hid := m.ppExposed(3, 2, 4, 8); math.Abs(got-3.5) > 1e-12 || math.Abs(hid-10) > 1e-12 {
		t.Errorf("pipeline: got %g exposed, %g hidden; want 3.5, 10", got, hid)
	}
	m.Training.Stack, _ = LookupStack("hai-llm")
	if got, _ := m.epExposed(10, 8); math.Abs(got-2) > 1e-12 { // 0.57 + 1.43
		t.Errorf("expert: got %g ms exposed, want 2", got)
	}
}

// TestBalancedStages: with the head worth h = 3 layer-times on the last of
// p = 4 stages of 8 equal layers (2 per stage), Megatron-LM 2021 pays
// 2 + 3 = 5 per micro-batch; a balancing stack (megatron-core) pays
// max(2, (8 + 3)/4) = 2.75.
func TestBalancedStages(t *testing.T) {
	s := &Shape{Layers: 8}
	l := lay{Layout: Layout{PP: 4, VPP: 1}, sc: 1}
	m := &Model{Shape: s, Training: Training{Stack: DefaultStack()}}
	if got := m.bottleneck(&l, 2, 3); got != 2.75 {
		t.Errorf("balanced: got %g, want 2.75", got)
	}
	m.Training.Stack, _ = LookupStack("megatron-lm-2021")
	if got := m.bottleneck(&l, 2, 3); got != 5 {
		t.Errorf("unbalanced: got %g, want 5", got)
	}
}
