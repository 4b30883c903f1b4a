package model

import (
	"strings"
	"testing"
)

// TestCatalogValid checks every entry: it decodes, validates, has sources
// and a published count, and IDs and aliases are unique after the lenient
// folding Lookup uses (otherwise a name would be ambiguous).
func TestCatalogValid(t *testing.T) {
	es, err := parsed()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 40 {
		t.Errorf("catalog has %d entries, want at least 40 (issue 3)", len(es))
	}
	owner := map[string]string{}
	for _, e := range es {
		if err := e.Arch.Validate(); err != nil {
			t.Errorf("%s: %v", e.ID, err)
		}
		if e.ConfigSource == "" || e.Paper == "" || e.Published.Source == "" {
			t.Errorf("%s: missing config_source, paper or published.source", e.ID)
		}
		if e.Published.Total <= 0 || e.Published.Tolerance <= 0 || e.Published.Tolerance > 0.1 {
			t.Errorf("%s: published total %v with tolerance %v: want a positive total and 0 < tolerance ≤ 0.1",
				e.ID, e.Published.Total, e.Published.Tolerance)
		}
		if e.Arch.Name == "" || e.Arch.Family == "" {
			t.Errorf("%s: arch name or family missing", e.ID)
		}
		if e.TrainingTokens < 0 || (e.TrainingTokens > 0 && (e.TrainingTokens < 1e9 || e.TrainingTokens > 1e14)) {
			t.Errorf("%s: training tokens %v outside 1e9..1e14", e.ID, e.TrainingTokens)
		}
		for _, name := range append([]string{e.ID}, e.Aliases...) {
			k := normalizeName(name)
			if o, ok := owner[k]; ok && o != e.ID {
				t.Errorf("name %q of %s folds to %q, already used by %s", name, e.ID, k, o)
			}
			owner[k] = e.ID
		}
	}
}

// TestCatalogCountsMatchPublished compares each entry's computed count
// with the count its authors published (entry.published: value, source
// and the relative tolerance its rounding implies).
func TestCatalogCountsMatchPublished(t *testing.T) {
	for _, e := range All() {
		c := e.Arch.Count()
		p := e.Published
		if !within(float64(c.Total), float64(p.Total), p.Tolerance) {
			t.Errorf("%s: total got %.6g, want %.6g ±%.2g%% (%s)", e.ID, float64(c.Total), float64(p.Total), 100*p.Tolerance, p.Source)
		}
		if p.Active > 0 && !within(float64(c.Active), float64(p.Active), activeTolerance(e)) {
			t.Errorf("%s: active got %.6g, want %.6g ±%.2g%% (%s)", e.ID, float64(c.Active), float64(p.Active), 100*activeTolerance(e), p.Source)
		}
	}
}

// activeTolerance widens the tolerance for MoE models whose published
// "activated" count excludes the embeddings (their notes say so): then
// the difference is up to the embedding share.
func activeTolerance(e Entry) float64 {
	tol := e.Published.Tolerance
	if e.Published.ActiveTolerance > 0 {
		tol = e.Published.ActiveTolerance
	}
	if strings.Contains(e.Notes, "excludes") {
		c := e.Arch.Count()
		tol += float64(c.Embedding) / float64(e.Published.Active)
	}
	return tol
}

func TestLookupLenient(t *testing.T) {
	tests := []struct{ name, want string }{
		{"llama-3.1-405b", "llama-3.1-405b"},
		{"Llama-3.1-405B", "llama-3.1-405b"},
		{"llama3.1-405b", "llama-3.1-405b"},
		{"meta-llama/Llama-3.1-405B", "llama-3.1-405b"},
		{"meta-llama/Meta-Llama-3.1-405B", "llama-3.1-405b"},
		{" MIXTRAL_8x7B ", "mixtral-8x7b"},
		{"deepseek-ai/DeepSeek-V3", "deepseek-v3"},
		{"gpt2", "gpt2"},
		{"EleutherAI/pythia-1.4b", "pythia-1.4b"},
		{"meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-8b"},
		{"meta-llama/Llama-2-7b-chat-hf", "llama-2-7b"},
		{"google/gemma-2-9b-it", "gemma-2-9b"},
		{"Qwen/Qwen2.5-72B-Instruct", "qwen2.5-72b"},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.name, err)
			continue
		}
		if e.ID != tt.want {
			t.Errorf("Lookup(%q) = %s, want %s", tt.name, e.ID, tt.want)
		}
	}
}

func TestLookupUnknownSuggests(t *testing.T) {
	_, err := Lookup("llama-3.1-450b")
	nf, ok := err.(*NotFoundError)
	if !ok {
		t.Fatalf("Lookup(llama-3.1-450b) error = %v, want *NotFoundError", err)
	}
	if len(nf.Suggestions) == 0 || nf.Suggestions[0] != "llama-3.1-405b" {
		t.Errorf("suggestions = %v, want llama-3.1-405b first", nf.Suggestions)
	}
	if !strings.Contains(err.Error(), "llama-3.1-405b") {
		t.Errorf("error %q does not name the nearest match", err)
	}
	if _, err := Lookup(""); err == nil {
		t.Error("Lookup(\"\") returned no error")
	}
}

// TestLookupReturnsCopies: modifying a returned entry must not change the
// catalog.
func TestLookupReturnsCopies(t *testing.T) {
	e, _ := Lookup("deepseek-v3")
	e.Arch.MoE.Experts = 1
	e2, _ := Lookup("deepseek-v3")
	if e2.Arch.MoE.Experts != 256 {
		t.Errorf("catalog modified through a returned entry: experts = %d, want 256", e2.Arch.MoE.Experts)
	}
}

// TestCatalogExactTotals pins catalog entries whose exact totals follow
// from hand arithmetic (so a typo in catalog.json cannot hide inside a
// rounding tolerance). GPT-style: L·(12d² + 13d) + (V + n_ctx)·d + 2d.
func TestCatalogExactTotals(t *testing.T) {
	tests := []struct {
		id    string
		total float64
		why   string
	}{
		{"falcon-7b", 7217189760, "formulas.md §1.7, head stored apart (HF safetensors total)"},
		{"gpt2-medium", 24*(12*1024*1024+13*1024) + (50257+1024)*1024 + 2*1024, "354,823,168"},
		{"gpt2-large", 36*(12*1280*1280+13*1280) + (50257+1024)*1280 + 2*1280, "774,030,080"},
		{"gpt2-xl", 48*(12*1600*1600+13*1600) + (50257+1024)*1600 + 2*1600, "1,557,611,200"},
		// BLOOM: L·(12d² + 13d) + V·d + 2·2d (embedding LN + final LN); paper: 176,247M.
		{"bloom-176b", 70*(12*14336*14336+13*14336) + 250880*14336 + 4*14336, "176,247,271,424"},
		// PaLM: L·(2·d·h_d·(H+K) + 3·d·f + d) + V·d + d = 540,356,474,880 (Table 1: 540.35B).
		{"palm-540b", 118*(2*18432*256*49+3*18432*73728+18432) + 256000*18432 + 18432, "540.35B"},
		// OLMo 7B: non-parametric LN: 32·(4d² + 3·d·11008) + 2·50304·d = 6,888,095,744.
		{"olmo-7b", 32*(4*4096*4096+3*4096*11008) + 2*50304*4096, "non-parametric norms"},
		{"qwen3-0.6b", 596049920, "KerasHub preset metadata"},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := float64(e.Arch.Count().Total); got != tt.total {
			t.Errorf("%s total = %.0f, want %.0f (%s)", tt.id, got, tt.total, tt.why)
		}
	}
}

// TestLookupLongNameShortError: a 100 kB name gives a short message (QA:
// the whole name was echoed on one line).
func TestLookupLongNameShortError(t *testing.T) {
	_, err := Lookup(strings.Repeat("a", 100000))
	if err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), "…") {
		t.Errorf("error length %d, want ≤ 300 with the name cut (…)", len(err.Error()))
	}
}
