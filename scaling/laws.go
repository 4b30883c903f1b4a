package scaling

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Law IDs, in the order Laws returns them.
const (
	ChinchillaApproach1    = "chinchilla-1"
	ChinchillaApproach2    = "chinchilla-2"
	ChinchillaApproach3    = "chinchilla-3"
	ChinchillaApproach3TeX = "chinchilla-3-precise"
	EpochRefit             = "epoch-2024"
	TwentyTokensPerParam   = "tokens-20"
	KaplanLaw              = "kaplan-2020"
	DeepSeekLaw            = "deepseek-llm"
	Llama3Law              = "llama3"
	CustomID               = "custom"
)

// Text shared by the Chinchilla-family laws.
const (
	chinchillaValidity        = "fitted on 400+ runs of 70M–16B parameters and 5B–500B tokens (Hoffmann et al. 2022 abstract); projections beyond ~1e22 FLOPs are extrapolation"
	chinchillaParamsMeaning   = "all parameters incl. embeddings (Hoffmann et al. 2022 App. F)"
	chinchillaLossData        = "MassiveText, SentencePiece 32k vocabulary (Hoffmann et al. 2022)"
	approach3RoundingNote     = "the paper body's rounded constants do not reproduce its own 40B projection for Gopher's budget; the TeX-precise ones do (docs/formulas.md §6.3)"
	approachesDisagreeWarning = "Approach 3 predicts smaller models and more tokens than Approaches 1–2 at large budgets; Epoch AI (2024) finds the Approach 3 fit inconsistent with the paper's data"
)

// approach3Rounded are Hoffmann et al. 2022's Approach 3 constants as
// printed in the paper body (App. D.2 eq. 10; formulas.md §6.3 table).
func approach3Rounded() Parametric {
	return Parametric{E: 1.69, A: 406.4, B: 410.7, Alpha: 0.34, Beta: 0.28}
}

// approach3TeX are the unrounded Approach 3 values from the paper's TeX
// source as used in Epoch AI's notebook (epoch-research/analyzing-chinchilla;
// formulas.md §6.3 table).
func approach3TeX() Parametric {
	return Parametric{E: math.Exp(0.5267228), A: math.Exp(6.0073404), B: math.Exp(6.0179186),
		Alpha: 0.33917084, Beta: 0.2849083}
}

// epoch2024 is Besiroglu et al. 2024's (arXiv:2404.10102) refit: the
// "Parameter estimates" cell of its notebook (formulas.md §6.3 table).
func epoch2024() Parametric {
	return Parametric{E: 1.8169, A: 482.01, B: 2085.43, Alpha: 0.3478, Beta: 0.3658}
}

// Laws returns every built-in law, freshly allocated, in a stable order:
// Chinchilla Approaches 1, 2, 3 (rounded), 3 (precise), Epoch's refit, the
// 20 tokens/parameter rule, Kaplan et al., DeepSeek LLM and Llama 3.
func Laws() []Law {
	return []Law{approach1(), approach2(), approach3(false), approach3(true), epoch(),
		twentyTokens(), kaplan(), deepseek(), llama3()}
}

// IDs returns the IDs of the built-in laws in Laws order.
func IDs() []string {
	var ids []string
	for _, l := range Laws() {
		ids = append(ids, l.ID)
	}
	return ids
}

// lawAliases maps other spellings to law IDs (after normalising case and
// separators).
func lawAliases() map[string]string {
	return map[string]string{
		"approach1": ChinchillaApproach1, "a1": ChinchillaApproach1, "hoffmann1": ChinchillaApproach1,
		"approach2": ChinchillaApproach2, "a2": ChinchillaApproach2, "hoffmann2": ChinchillaApproach2,
		"approach3": ChinchillaApproach3, "a3": ChinchillaApproach3, "hoffmann3": ChinchillaApproach3,
		"chinchillarounded": ChinchillaApproach3, "approach3precise": ChinchillaApproach3TeX,
		"chinchillaprecise": ChinchillaApproach3TeX, "chinchilla3tex": ChinchillaApproach3TeX,
		"epoch": EpochRefit, "besiroglu": EpochRefit, "epochai": EpochRefit,
		"20": TwentyTokensPerParam, "20tokens": TwentyTokensPerParam,
		"kaplan": KaplanLaw, "deepseek": DeepSeekLaw, "llama3": Llama3Law, "meta": Llama3Law,
	}
}

func normalizeID(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == ' ' || r == '.' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// Lookup returns the built-in law with the given ID or alias (case and
// separators ignored). An unknown name is an error listing the IDs.
func Lookup(name string) (Law, error) {
	key := normalizeID(name)
	if id, ok := lawAliases()[key]; ok {
		key = normalizeID(id)
	}
	for _, l := range Laws() {
		if normalizeID(l.ID) == key {
			return l, nil
		}
	}
	ids := IDs()
	sort.Strings(ids)
	return Law{}, fmt.Errorf("unknown scaling law %q: known laws are %s (or \"all\", or \"custom\" with your own E, A, B, alpha, beta)",
		name, strings.Join(ids, ", "))
}

// Custom returns a user-given parametric law L = E + A/N^α + B/D^β.
func Custom(p Parametric) (Law, error) {
	if err := p.Validate(); err != nil {
		return Law{}, fmt.Errorf("custom law: %w", err)
	}
	return Law{
		ID: CustomID, Name: "custom L = E + A/N^α + B/D^β",
		Source:        fmt.Sprintf("user-given E=%g A=%g B=%g alpha=%g beta=%g", p.E, p.A, p.B, p.Alpha, p.Beta),
		Validity:      "as fitted by the user",
		ParamsMeaning: "as in the user's fit", LossData: "as in the user's fit",
		Parametric: &p,
	}, nil
}
