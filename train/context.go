package train

import "strings"

// pretraining is the sequence length a model family was pretrained at,
// with its source. Later long-context stages (Llama 3.1's 128K) are not
// pretraining and are not used.
type pretraining struct {
	prefix string // catalog IDs it applies to (exact, or prefix ending in "-")
	seq    int
	source string
}

// pretrainingContexts are published pretraining sequence lengths, most
// specific prefix first.
var pretrainingContexts = []pretraining{
	{"llama-2-", 4096, "Llama 2 model card (meta-llama/llama MODEL_CARD.md): 4k context"},
	{"llama-3.1-", 8192, "Llama Team 2024, The Llama 3 Herd of Models: initial pre-training at 8K tokens, extended to 128K afterwards"},
	{"llama-3-", 8192, "meta-llama/llama3 MODEL_CARD.md: 8k context length"},
	{"llama-7b", 2048, "Touvron et al. 2023, LLaMA: 2,048-token context"},
	{"llama-13b", 2048, "Touvron et al. 2023, LLaMA: 2,048-token context"},
	{"llama-33b", 2048, "Touvron et al. 2023, LLaMA: 2,048-token context"},
	{"llama-65b", 2048, "Touvron et al. 2023, LLaMA: 2,048-token context"},
	{"deepseek-v3", 4096, "DeepSeek-AI 2024, DeepSeek-V3 Technical Report: maximum sequence length 4K during pre-training"},
	{"deepseek-v2", 4096, "DeepSeek-AI 2024, DeepSeek-V2: pre-training sequence length 4K"},
	{"gpt3-", 2048, "Brown et al. 2020, GPT-3: context window of 2,048 tokens"},
	{"gemma-2b", 8192, "Gemma Team 2024, Gemma: trained on a context length of 8192 tokens"},
	{"gemma-7b", 8192, "Gemma Team 2024, Gemma: trained on a context length of 8192 tokens"},
	{"pythia-", 2048, "Biderman et al. 2023, Pythia: sequence length 2048"},
	{"bloom-", 2048, "BigScience 2022, BLOOM: sequence length 2048"},
	{"opt-", 2048, "Zhang et al. 2022, OPT: sequence length 2048"},
	{"palm-", 2048, "Chowdhery et al. 2022, PaLM: sequence length 2048"},
	{"olmo-2-", 4096, "OLMo Team 2025, 2 OLMo 2 Furious: pretraining context 4096"},
	{"olmo-7b", 2048, "Groeneveld et al. 2024, OLMo: sequence length 2048"},
}

// PretrainingSeq returns the published pretraining sequence length of a
// catalog model ID and its source, or false when none is recorded.
func PretrainingSeq(id string) (seq int, source string, ok bool) {
	id = strings.ToLower(id)
	for _, p := range pretrainingContexts {
		if id == p.prefix || (strings.HasSuffix(p.prefix, "-") && strings.HasPrefix(id, p.prefix)) {
			return p.seq, p.source, true
		}
	}
	return 0, "", false
}
