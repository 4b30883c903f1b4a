package perf

import (
	"testing"

	"github.com/flopsdev/flops/model"
)

// TestShapeParams checks the parameter totals the memory model uses against
// published counts and against package model's exact count.
func TestShapeParams(t *testing.T) {
	tests := []struct {
		name string
		arch *model.Arch
		want float64
		tol  float64
	}{
		// GPT-3 175B with V=50257, learned positions 2048, tied:
		// 174,604,259,328 (formulas.md §1.7; Brown et al. 2020 Table D.1 N=174.6B).
		{"gpt3-175b", gpt(50257, 12288, 96, 96, 2048), 174604259328, 1e-9},
		// Llama-2-7B: 6,738,415,616 (HF safetensors total, formulas.md §1.7).
		{"llama-2-7b", llama(32000, 4096, 32, 32, 32, 11008), 6738415616, 1e-9},
	}
	for _, tt := range tests {
		s, err := NewShape(tt.arch, 2048, ShapeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !within(s.TotalParams, tt.want, tt.tol) {
			t.Errorf("%s: total params got %.0f, want %.0f", tt.name, s.TotalParams, tt.want)
		}
		if c := tt.arch.Count(); !within(s.TotalParams, float64(c.Total), 1e-9) {
			t.Errorf("%s: total params got %.0f, model.Count %.0f", tt.name, s.TotalParams, float64(c.Total))
		}
	}
}

// TestFLOPsPerToken checks model and hardware FLOPs per token.
func TestFLOPsPerToken(t *testing.T) {
	// Megatron 1T (h 25600, L 128, V 51200, s 2048). Narayanan et al. 2021
	// eq. 3 per token with full recompute: 96·l·h²·(1 + s/6h + V/16lh);
	// without recompute (Korthikanti 2022, model FLOPs): 72·l·h²·(1 + s/6h +
	// V/12lh). Both count GEMMs only, so biases make ours ~0.01% larger.
	const h, l, s, v = 25600.0, 128.0, 2048.0, 51200.0
	sh, err := NewShape(gpt(51200, 25600, 128, 160, 2048), 2048, ShapeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mf, hf := sh.FLOPsPerToken(RecomputeFull, false)
	wantHW := 96 * l * h * h * (1 + s/(6*h) + v/(16*l*h))
	wantM := 72 * l * h * h * (1 + s/(6*h) + v/(12*l*h))
	if !within(hf, wantHW, 1e-3) {
		t.Errorf("hardware FLOPs/token got %.5g, want %.5g (Narayanan eq. 3)", hf, wantHW)
	}
	if !within(mf, wantM, 1e-3) {
		t.Errorf("model FLOPs/token got %.5g, want %.5g (Korthikanti 72-form)", mf, wantM)
	}
	// Selective recompute adds one forward attention core: the paper's
	// 72·(1+s/3h) form counts three (formulas.md §2.6); we count what runs,
	// 4·s·h per layer per token.
	_, sel := sh.FLOPsPerToken(RecomputeSelective, false)
	if !within(sel-mf, 4*s*h*l, 1e-9) {
		t.Errorf("selective recompute adds %.5g FLOPs/token, want 4·s·h·l = %.5g", sel-mf, 4*s*h*l)
	}
	// Causal halving halves only the attention term 12·l·s·h.
	mc, _ := sh.FLOPsPerToken(RecomputeNone, true)
	if !within(mf-mc, 6*l*s*h, 1e-3) {
		t.Errorf("causal saves %.5g FLOPs/token, want 6·l·s·h = %.5g", mf-mc, 6*l*s*h)
	}
}

// TestActivationCoefficients checks a GPT layer's stored activations
// against Korthikanti et al. 2022 Table 2 (formulas.md §3.3), per token:
// TP: h·(10 + 24/t) + 5·a·s/t bytes; TP+SP: (34h + 5as)/t.
func TestActivationCoefficients(t *testing.T) {
	const h, a, s, tp = 12288.0, 96.0, 2048.0, 8.0
	sh, err := NewShape(gpt(51200, 12288, 96, 96, 2048), 2048, ShapeOptions{Dropout: true})
	if err != nil {
		t.Fatal(err)
	}
	k := sh.Layer[0]
	got := k.actRep + k.actSplit/tp + k.actScore*k.keysFull/tp
	want := h*(10+24/tp) + 5*a*s/tp
	if !within(got, want, 1e-12) {
		t.Errorf("TP activations per token got %.0f B, want %.0f B", got, want)
	}
	gotSP := k.actRep/tp + k.actSplit/tp + k.actScore*k.keysFull/tp
	if wantSP := (34*h + 5*a*s) / tp; !within(gotSP, wantSP, 1e-12) {
		t.Errorf("TP+SP activations per token got %.0f B, want %.0f B", gotSP, wantSP)
	}
}

func TestNewShapeErrors(t *testing.T) {
	bad := []*model.Arch{nil, {Name: "x", Layers: 0, Hidden: 8, Heads: 1, KVHeads: 1, HeadDim: 8, Vocab: 8},
		{Name: "x", Layers: 2, Hidden: 0, Heads: 1, KVHeads: 1, HeadDim: 8, Vocab: 8}}
	for i, a := range bad {
		if _, err := NewShape(a, 2048, ShapeOptions{}); err == nil {
			t.Errorf("arch %d: no error", i)
		}
	}
	if _, err := NewShape(gpt(8, 64, 2, 4, 16), 0, ShapeOptions{}); err == nil {
		t.Errorf("seq 0: no error")
	}
}

// TestFLOPsMatchModel: the FLOPs per token the performance model uses
// agree with package model's exact counter (one accounting in the tool),
// for dense, GQA, MoE and MLA architectures, both conventions.
func TestFLOPsMatchModel(t *testing.T) {
	mixtral := llama(32000, 4096, 32, 32, 8, 14336)
	mixtral.MoE = &model.MoE{Experts: 8, TopK: 2, ExpertFFN: 14336, LayerFreq: 1}
	dsv3 := llama(129280, 7168, 61, 128, 128, 18432)
	dsv3.HeadDim = 128
	dsv3.MoE = &model.MoE{Experts: 256, TopK: 8, ExpertFFN: 2048, SharedExperts: 1, FirstDense: 3, LayerFreq: 1}
	dsv3.MLA = &model.MLA{QLoRARank: 1536, KVLoRARank: 512, QKNopeDim: 128, QKRopeDim: 64, VHeadDim: 128}
	for _, tt := range []struct {
		name string
		arch *model.Arch
	}{{"llama-2-7b", llama(32000, 4096, 32, 32, 32, 11008)}, {"gqa-70b", llama(32000, 8192, 80, 64, 8, 28672)},
		{"gpt3", gpt(50257, 12288, 96, 96, 2048)}, {"mixtral", mixtral}, {"deepseek-v3", dsv3}} {
		s, err := NewShape(tt.arch, 4096, ShapeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			causal bool
			conv   model.Convention
		}{{false, model.Full}, {true, model.Causal}} {
			got, _ := s.FLOPsPerToken(RecomputeNone, c.causal)
			want, _ := tt.arch.TrainingFLOPsPerToken(4096, c.conv, model.RecomputeNone)
			if !within(got, float64(want), 0.002) {
				t.Errorf("%s %s: FLOPs/token got %.6g, model package %.6g", tt.name, c.conv, got, float64(want))
			}
		}
	}
}
