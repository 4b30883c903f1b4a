package perf

import (
	"testing"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/units"
)

// gpt is a Megatron/GPT-3 style architecture (LayerNorm, biases, GeLU MLP
// 4h, learned positions, tied embeddings).
func gpt(v, d, layers, heads, seq int) *model.Arch {
	return &model.Arch{Name: "gpt", Vocab: v, Hidden: d, Layers: layers, Heads: heads, KVHeads: heads,
		HeadDim: d / heads, FFN: 4 * d, Norm: model.LayerNorm, NormsPerLayer: 2, QKVBias: true, OutBias: true,
		MLPBias: true, TiedEmbeddings: true, PositionTable: seq, MaxContext: seq}
}

// llama is a Llama-style architecture (RMSNorm, SwiGLU, no biases, untied).
func llama(v, d, layers, heads, kv, f int) *model.Arch {
	return &model.Arch{Name: "llama", Vocab: v, Hidden: d, Layers: layers, Heads: heads, KVHeads: kv,
		HeadDim: d / heads, FFN: f, GatedMLP: true, Norm: model.RMSNorm, NormsPerLayer: 2}
}

// a100 is an A100 80GB SXM4: 312 TFLOP/s dense BF16, 80 GB at 2.039 TB/s,
// NVLink 600 GB/s bidirectional in 8-GPU nodes (NVIDIA A100 datasheet).
func a100(t testing.TB, gpus int) Cluster {
	t.Helper()
	c, err := NewCluster(a100Acc(), hardware.BF16, gpus)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// compile builds a Model or fails the test.
func compile(t testing.TB, a *model.Arch, seq int, opt ShapeOptions, c Cluster, tr Training) *Model {
	t.Helper()
	s, err := NewShape(a, seq, opt)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(s, c, tr)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func within(got, want, tol float64) bool {
	d := got - want
	if d < 0 {
		d = -d
	}
	return d <= tol*abs(want)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// a100Acc is the A100 80GB SXM4 catalog record (NVIDIA A100 datasheet).
func a100Acc() hardware.Accelerator {
	return hardware.Accelerator{ID: "a100-sxm4-80gb", Dense: map[hardware.Precision]units.FLOPRate{hardware.BF16: 312e12},
		Memory: 80e9, Bandwidth: 2.039e12, ScaleUpBandwidth: 600e9, ScaleUpDomain: 8}
}
