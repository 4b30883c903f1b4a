package model

import (
	"math"
	"testing"
)

// FuzzArchAccounting builds architectures from arbitrary numbers (as a
// crafted config.json or GGUF could) and checks that Validate never
// panics and that every valid record yields finite, non-negative counts,
// FLOPs and bytes, with active ≤ total.
func FuzzArchAccounting(f *testing.F) {
	f.Add(32000, 4096, 32, 32, 8, 128, 14336, 0, 0, 0, 0, 4096, uint8(0), 0)
	f.Add(129280, 7168, 61, 128, 128, 128, 18432, 256, 8, 2048, 512, 0, uint8(3), 0)
	f.Add(-1, 0, 1<<30, 7, 3, 0, -5, 9, 10, 0, 0, -1, uint8(255), 0)
	f.Add(248320, 4096, 60, 32, 2, 256, 0, 512, 10, 1024, 0, 0, uint8(3), 4)            // Qwen3.5: linear attention
	f.Add(154880, 6144, 78, 64, 64, 256, 12288, 256, 8, 2048, 512, 0, uint8(15), -2048) // GLM-5: sparse attention
	f.Fuzz(func(t *testing.T, v, d, layers, h, k, hd, ffn, experts, topk, effn, kvLoRA, window int, flags uint8, extra int) {
		a := &Arch{Name: "fuzz", Family: "fuzz", Vocab: v, Hidden: d, Layers: layers, Heads: h, KVHeads: k,
			HeadDim: hd, FFN: ffn, GatedMLP: flags&1 != 0, Norm: RMSNorm, NormsPerLayer: 2,
			SlidingWindow: window, SlidingPeriod: int(flags >> 4)}
		if flags&2 != 0 {
			a.MoE = &MoE{Experts: experts, TopK: topk, ExpertFFN: effn, FirstDense: int(flags>>2) & 3}
		}
		if kvLoRA != 0 {
			a.MLA = &MLA{KVLoRARank: kvLoRA, QKNopeDim: hd, QKRopeDim: 64, VHeadDim: hd}
		}
		switch {
		case extra > 0: // Gated DeltaNet layers, one full layer in every extra
			a.LinearAttn = &LinearAttention{KeyHeads: k, ValueHeads: h, KeyHeadDim: hd, ValueHeadDim: hd, ConvKernel: 4, FullPeriod: extra}
		case extra < 0: // DeepSeek Sparse Attention with top-k = −extra
			a.SparseAttn = &SparseAttention{TopK: -extra, IndexHeads: k, IndexDim: hd}
		}
		if a.Validate() != nil {
			return
		}
		c := a.Count()
		fwd := a.ForwardFLOPsPerToken(4096, Causal)
		_, hw := a.TrainingFLOPsPerToken(4096, Full, RecomputeFull)
		for name, x := range map[string]float64{"total": float64(c.Total), "active": float64(c.Active),
			"forward": float64(fwd), "hardware": float64(hw), "kv": float64(a.KVCacheBytes(1<<20, 2)),
			"kv read": float64(a.KVReadBytes(1<<20, 2)), "decode": float64(a.AttentionFLOPs(1 << 20))} {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				t.Fatalf("%s = %v for %+v", name, x, a)
			}
		}
		if c.Active > c.Total {
			t.Fatalf("active %v > total %v", c.Active, c.Total)
		}
	})
}

func BenchmarkCountDeepSeekV3(b *testing.B) {
	e, err := Lookup("deepseek-v3")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		e.Arch.Count()
	}
}

func BenchmarkLookup(b *testing.B) {
	for b.Loop() {
		if _, err := Lookup("meta-llama/Llama-3.1-405B"); err != nil {
			b.Fatal(err)
		}
	}
}
