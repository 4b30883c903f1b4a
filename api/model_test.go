package api

import (
	"strings"
	"testing"
)

func TestParseContext(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"8192", 8192}, {"8k", 8192}, {"128K", 131072}, {"1m", 1 << 20}, {"2e3", 2000}, {" 4096 ", 4096},
	}
	for _, tt := range tests {
		got, err := ParseContext(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseContext(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "0", "-5", "1.5", "abc", "1e12", "NaN", "inf"} {
		if _, err := ParseContext(bad); err == nil {
			t.Errorf("ParseContext(%q) = nil error, want one", bad)
		}
	}
}

// TestModelRequestDefaults: without --context the model's max_context
// capped at 8192 is used and recorded as an assumption; Llama-3.1-405B
// with 15.6T published tokens gets training_flops_total near 3.8e25.
func TestModelRequestDefaults(t *testing.T) {
	s, err := ModelRequest{Model: "llama-3.1-405b"}.Run(Env{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Context != 8192 {
		t.Errorf("context = %d, want 8192 (max_context 131072 capped)", s.Context)
	}
	var names []string
	for _, a := range s.Assumptions {
		names = append(names, a.Name)
	}
	for _, want := range []string{"context", "convention", "dtype", "kv_dtype"} {
		if !strings.Contains(strings.Join(names, ","), want) {
			t.Errorf("assumptions %v lack %q", names, want)
		}
	}
	// Llama Team 2024: 3.8e25 FLOPs; exact causal count at 8192 is
	// ≈ 3.8e25 × (1 + 2.8%) (attention and head), within ±5%.
	if got := float64(s.TrainingFLOPsTotal); got < 3.8e25*0.97 || got > 3.8e25*1.05 {
		t.Errorf("training_flops_total = %.3g, want ≈ 3.8e25", got)
	}
}

func TestModelRequestErrors(t *testing.T) {
	tests := []struct {
		req  ModelRequest
		want string
	}{
		{ModelRequest{}, "no model given"},
		{ModelRequest{Model: "nope-7b"}, "unknown model"},
		{ModelRequest{Model: "gpt2", Recompute: "sometimes"}, "--recompute"},
		{ModelRequest{Model: "gpt2", KVDtype: "q99"}, "--kv-dtype"},
	}
	for _, tt := range tests {
		if _, err := tt.req.Run(Env{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want it to contain %q", tt.req, err, tt.want)
		}
	}
}

func TestModelsList(t *testing.T) {
	l, err := ModelsListRequest{}.Run(Env{})
	if err != nil || len(l.Models) < 40 {
		t.Fatalf("list: %d models, err %v; want ≥ 40", len(l.Models), err)
	}
}
