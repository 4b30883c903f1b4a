package scaling

import "github.com/flopsdev/flops/units"

// PublishedModel is a trained model to mark against the compute-optimal
// frontier: its parameters, pre-training tokens and the source of both.
// Compute is taken as 6·N·D (dense models only).
type PublishedModel struct {
	Name   string       `json:"name"`
	Params units.Params `json:"params"`
	Tokens units.Tokens `json:"tokens"`
	Source string       `json:"source"`
}

// FLOPs returns the model's training compute 6·N·D.
func (m PublishedModel) FLOPs() units.FLOPs {
	return units.FLOPs(FLOPsPerParamToken * float64(m.Params) * float64(m.Tokens))
}

// PublishedModels returns a small table of dense models with published
// parameter and token counts (each from its paper or model card, as in
// validate/data/published_runs.csv), for frontier plots when the
// model catalog has no training tokens.
func PublishedModels() []PublishedModel {
	return []PublishedModel{
		{"GPT-3 175B", 175e9, 300e9, "Brown et al. 2020, Table D.1"},
		{"Gopher 280B", 280e9, 300e9, "Rae et al. 2021, p. 6"},
		{"MT-NLG 530B", 530e9, 270e9, "Smith et al. 2022, §3.2"},
		{"Chinchilla 70B", 70e9, 1.4e12, "Hoffmann et al. 2022, §4"},
		{"PaLM 540B", 540.35e9, 780e9, "Chowdhery et al. 2022, Table 1 and p. 3"},
		{"LLaMA 65B", 65.2e9, 1.4e12, "Touvron et al. 2023a, Table 2"},
		{"Llama 2 7B", 6.738e9, 2e12, "Llama 2 model card"},
		{"Llama 2 70B", 68.977e9, 2e12, "Llama 2 model card"},
		{"Llama 3 8B", 8e9, 15e12, "Llama 3 model card (15T+ tokens)"},
		{"Llama 3 70B", 70e9, 15e12, "Llama 3 model card (15T+ tokens)"},
		{"Llama 3.1 405B", 405.853e9, 15.6e12, "Llama 3.1 model card; arXiv:2407.21783 §3.2.1"},
	}
}
