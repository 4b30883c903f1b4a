package model

import (
	"math"
	"slices"
	"testing"
)

func lookupArch(t *testing.T, id string) Arch {
	t.Helper()
	e, err := Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Arch
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("%s = %.0f, want %.0f", what, got, want)
	}
}

// TestLinearAttentionAccounting checks Qwen3.5-397B-A17B's hybrid layers
// by hand from its config.json (45 Gated DeltaNet layers: H_k 16, H_v 64,
// d_k = d_v = 128, conv kernel 4; 15 full-attention layers: 2 KV heads of
// 256):
//
//	KV per token  = 15 · 2·2·256 elements           = 15,360 → 30,720 B at 2 B
//	state         = 45 · (64·128·128 + 3·(2·2048 + 8192)) = 48,844,800 → 97,689,600 B
//	attention(c)  = 15 · 4·32·256·c + 45 · 7·64·128·128 = 491,520·c + 330,301,440
func TestLinearAttentionAccounting(t *testing.T) {
	a := lookupArch(t, "qwen3.5-397b-a17b")
	if n := a.LinearLayers(); n != 45 {
		t.Fatalf("linear layers = %d, want 45", n)
	}
	if l := a.LayerSpec(3); l.Linear || !a.LayerSpec(2).Linear {
		t.Errorf("layer 3 linear %v, layer 2 linear %v: want full attention every 4th layer", l.Linear, a.LayerSpec(2).Linear)
	}
	near(t, "KV bytes per token", float64(a.KVBytesPerToken(2)), 30720)
	near(t, "recurrent state", float64(a.RecurrentStateBytes(2)), 97689600)
	near(t, "KV cache at 8192", float64(a.KVCacheBytes(8192, 2)), 30720*8192+97689600)
	near(t, "KV cache at 0", float64(a.KVCacheBytes(0, 2)), 0)
	near(t, "attention FLOPs at 1000", float64(a.AttentionFLOPs(1000)), 491520*1000+330301440)
	// Doubling the context adds only the full layers' share.
	d := float64(a.AttentionFLOPs(2000) - a.AttentionFLOPs(1000))
	near(t, "attention FLOPs slope", d, 491520*1000)
	if b := a.AttentionBreaks(); len(b) != 0 {
		t.Errorf("breaks = %v, want none", b)
	}
}

// TestSparseAttentionAccounting checks GLM-5 (MLA latent 512 + rope 64,
// indexer 32 heads × 128 caching 128 elements, top-2048 keys, 78 layers):
//
//	KV per token = 78 · (576 + 128) = 54,912 elements → 109,824 B at 2 B
//	attention(c) = 78 · (2·64·(192+64+256)·min(c, 2048) + 2·32·129·c)
//	KV read at 10,000 = 78 · (576·2048 + 128·10,000) · 2 B = 383,705,088 B
func TestSparseAttentionAccounting(t *testing.T) {
	a := lookupArch(t, "glm-5")
	near(t, "KV bytes per token", float64(a.KVBytesPerToken(2)), 109824)
	near(t, "attention FLOPs at 1000", float64(a.AttentionFLOPs(1000)), 78*(65536*1000+8256*1000))
	near(t, "attention FLOPs at 10000", float64(a.AttentionFLOPs(10000)), 78*(65536*2048+8256*10000))
	near(t, "KV cache at 10000", float64(a.KVCacheBytes(10000, 2)), 704*10000*78*2)
	near(t, "KV read at 10000", float64(a.KVReadBytes(10000, 2)), 383705088)
	near(t, "KV read at 1000", float64(a.KVReadBytes(1000, 2)), float64(a.KVCacheBytes(1000, 2)))
	if b := a.AttentionBreaks(); !slices.Equal(b, []int{2048}) {
		t.Errorf("breaks = %v, want [2048]", b)
	}
	// Prefill average under the causal convention: the main attention's
	// keys are capped like a window, the indexer's are not.
	want := 78 * (65536*meanKeys(8192, 2048, Causal) + 8256*8192/2.0)
	near(t, "attention forward at 8192", a.attnCoreForward(8192, Causal), want)
}

// TestSinksAndSlidingWindows checks gpt-oss-120b: 18 sliding (128) and 18
// full layers of 8 KV heads × 64, and 64 sink logits per layer.
//
//	KV cache at 8192 = (18·1024·8192 + 18·1024·128) elements · 2 B = 306,708,480 B
//	attention params per layer = 2·2880·4096 + 2·2880·512 + 4096 + 2·512 + 2880 + 64 = 26,550,144
func TestSinksAndSlidingWindows(t *testing.T) {
	a := lookupArch(t, "gpt-oss-120b")
	if a.LayerSpec(0).Window != 128 || a.LayerSpec(1).Window != 0 {
		t.Errorf("windows of layers 0, 1 = %d, %d, want 128, 0", a.LayerSpec(0).Window, a.LayerSpec(1).Window)
	}
	near(t, "KV bytes per token", float64(a.KVBytesPerToken(2)), 73728)
	near(t, "KV cache at 8192", float64(a.KVCacheBytes(8192, 2)), 306708480)
	attn, _ := a.attnParams(a.LayerSpec(0))
	near(t, "attention params per layer", attn, 26550144)
	if b := a.AttentionBreaks(); !slices.Equal(b, []int{128}) {
		t.Errorf("breaks = %v, want [128]", b)
	}
}

// TestMTPLayerIsFullAttention: Qwen3.5's MTP layer is a full-attention MoE
// layer, whatever the linear pattern says of index 60: 104,858,112
// attention + 6,457,135,104 MoE + 8,192 norms + 2·4096² fc + 3·4096 norms.
func TestMTPLayerIsFullAttention(t *testing.T) {
	a := lookupArch(t, "qwen3.5-397b-a17b")
	near(t, "MTP params", float64(a.Count().MTP), 104858112+6457135104+8192+2*4096*4096+3*4096)
}

func TestValidateHybrid(t *testing.T) {
	a := lookupArch(t, "qwen3.5-397b-a17b")
	a.LinearAttn.ValueHeads = 0
	a.LinearAttn.Layers = []bool{true}
	if err := a.Validate(); err == nil {
		t.Error("zero value heads and a short layers list validated")
	}
	g := lookupArch(t, "glm-5")
	g.SparseAttn.TopK = -1
	if err := g.Validate(); err == nil {
		t.Error("negative top-k validated")
	}
}

// TestDecodeAttentionAbsorbedMLA: DeepSeek-V3 decode in the absorbed form,
// 61 layers × 2·128·(2·512 + 64) = 278,528 FLOPs per key; GQA models are
// unchanged.
func TestDecodeAttentionAbsorbedMLA(t *testing.T) {
	ds := lookupArch(t, "deepseek-v3")
	near(t, "DeepSeek-V3 decode attention at 4096", float64(ds.DecodeAttentionFLOPs(4096)), 61*278528*4096)
	g := lookupArch(t, "glm-5") // capped at top-2048, indexer over all keys
	near(t, "GLM-5 decode attention at 10000", float64(g.DecodeAttentionFLOPs(10000)), 78*(2*64*(2*512+64)*2048+8256*10000))
	l := lookupArch(t, "llama-3.1-8b")
	near(t, "Llama decode attention", float64(l.DecodeAttentionFLOPs(4096)), float64(l.AttentionFLOPs(4096)))
}
