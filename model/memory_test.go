package model

import "testing"

// TestKVBytes checks formulas.md §3.4: 2·L·K·h_d·2 bytes per token at bf16;
// MLA (c + r)·L·2 = 576·61·2 = 70,272.
func TestKVBytes(t *testing.T) {
	tests := []struct {
		id   string
		want float64
	}{
		{"llama-2-7b", 524288},
		{"llama-3-8b", 131072},
		{"llama-3-70b", 327680},
		{"llama-3.1-405b", 516096},
		{"deepseek-v3", 70272},
	}
	for _, tt := range tests {
		a := mustLookup(t, tt.id).Arch
		if got := float64(a.KVBytesPerToken(2)); got != tt.want {
			t.Errorf("%s KV bytes/token bf16 = %.0f, want %.0f", tt.id, got, tt.want)
		}
	}
}

// TestKVCacheWindow: Mistral-7B, fp16, 4096 tokens: 131,072 B × 4096 =
// 512 MiB (formulas.md §3.4 arithmetic); at 32k context the 4096-token
// window caps it at the same 512 MiB. Gemma 2 9B (window 4096 on the 21
// even layers): at 8192 tokens the cache is 21·8192 + 21·4096 token-layers
// of 2·8·256·2 bytes = 8192 bytes, i.e. 2,113,929,216 bytes.
func TestKVCacheWindow(t *testing.T) {
	tests := []struct {
		id   string
		ctx  int
		want float64
	}{
		{"mistral-7b", 4096, 512 << 20},
		{"mistral-7b", 32768, 512 << 20},
		{"llama-3-8b", 8192, 1 << 30}, // 1.0 GiB at 8k (§3.4 table)
		{"gemma-2-9b", 8192, (21*8192 + 21*4096) * 8192},
		{"llama-3-8b", 0, 0},
	}
	for _, tt := range tests {
		a := mustLookup(t, tt.id).Arch
		if got := float64(a.KVCacheBytes(tt.ctx, 2)); got != tt.want {
			t.Errorf("%s KVCacheBytes(%d) = %.0f, want %.0f", tt.id, tt.ctx, got, tt.want)
		}
	}
}

// TestWeightBytes: Llama-3-8B in bf16 = 8,030,261,248 × 2 = 16.06 GB
// (formulas.md §4.3); Llama-3-70B at 4.85 bits = 42.8 GB (§3.5).
func TestWeightBytes(t *testing.T) {
	l8, l70 := mustLookup(t, "llama-3-8b"), mustLookup(t, "llama-3-70b")
	if got := float64(l8.Arch.WeightBytes(16)); got != 16060522496 {
		t.Errorf("llama-3-8b bf16 weights = %.0f B, want 16,060,522,496", got)
	}
	if got := float64(l70.Arch.WeightBytes(4.85)); !within(got, 42.8e9, 1.5e-3) {
		t.Errorf("llama-3-70b at 4.85 bpw = %.4g B, want 42.8e9 ±0.15%%", got)
	}
}

// TestMTPCountedSeparately: DeepSeek-V3's MTP module is one MoE layer
// (187,107,328 + 14,336 + 11,320,164,608) + eh_proj 2·7168² (102,760,448)
// + 3 norms (21,504) = 11,610,068,224 (formulas.md §1.8: ≈ 11.61B), and it
// is not in Total.
func TestMTPCountedSeparately(t *testing.T) {
	e := mustLookup(t, "deepseek-v3")
	c := e.Arch.Count()
	if float64(c.MTP) != 11610068224 {
		t.Errorf("MTP = %.0f, want 11,610,068,224", float64(c.MTP))
	}
	if float64(c.Total) != 671026419200 {
		t.Errorf("total = %.0f, want 671,026,419,200 (MTP excluded)", float64(c.Total))
	}
}

func TestLayerSpecPatterns(t *testing.T) {
	g := mustLookup(t, "gemma-2-9b").Arch
	if g.LayerSpec(0).Window != 4096 || g.LayerSpec(1).Window != 0 {
		t.Errorf("gemma-2 layers 0/1 windows = %d/%d, want 4096/0 (even layers slide)", g.LayerSpec(0).Window, g.LayerSpec(1).Window)
	}
	d := mustLookup(t, "deepseek-v3").Arch
	if l := d.LayerSpec(2); l.MoE || l.FFN != 18432 {
		t.Errorf("deepseek-v3 layer 2 = %+v, want dense FFN 18432", l)
	}
	if l := d.LayerSpec(3); !l.MoE || l.FFN != 0 {
		t.Errorf("deepseek-v3 layer 3 = %+v, want MoE", l)
	}
	// Qwen2-MoE decoder_sparse_step 2: (i+1) mod 2 == 0 → offset 1.
	q := llamaLike("q", 1000, 64, 4, 4, 4, 128)
	q.MoE = &MoE{Experts: 4, TopK: 1, ExpertFFN: 32, LayerFreq: 2, LayerOffset: 1, DenseLayers: []int{3}}
	var got []bool
	for i := range 4 {
		got = append(got, q.LayerSpec(i).MoE)
	}
	if want := []bool{false, true, false, false}; !equalBools(got, want) {
		t.Errorf("MoE pattern = %v, want %v", got, want)
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
