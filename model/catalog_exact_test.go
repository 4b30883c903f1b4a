package model

import (
	"strings"
	"testing"
)

// TestCatalogExactPublishedTotals pins the catalog entries whose exact
// parameter count is published (Hugging Face safetensors metadata, GGUF
// general.parameter_count, KerasHub preset metadata, or a paper table),
// so a wrong config value cannot hide inside a rounding tolerance.
// Parameter counts are integer sums, so the tolerance is exact equality.
//
// "HF" below is the Hub API field safetensors.total of the named
// repository. Where that field also counts non-parameters (rotary
// inv_freq buffers, a tied head stored twice), the comment shows the
// subtraction.
func TestCatalogExactPublishedTotals(t *testing.T) {
	tests := []struct {
		id    string
		total float64
	}{
		// Llama 2: HF 13,015,866,880 / 68,976,653,312 include L rotary
		// inv_freq buffers of 64 values each (40·64, 80·64).
		{"llama-2-13b", 13015866880 - 40*64},
		{"llama-2-70b", 68976653312 - 80*64},
		{"llama-3.1-8b", 8030261248},             // HF meta-llama/Llama-3.1-8B
		{"llama-3.1-70b", 70553706496},           // HF meta-llama/Llama-3.1-70B
		{"llama-3.3-70b", 70553706496},           // HF meta-llama/Llama-3.3-70B-Instruct
		{"llama-3.2-1b", 1235814400},             // HF meta-llama/Llama-3.2-1B-Instruct (tied head stored once)
		{"llama-3.2-3b", 3212749824},             // HF meta-llama/Llama-3.2-3B-Instruct (tied head stored once)
		{"mistral-7b-v0.3", 7248023552},          // HF mistralai/Mistral-7B-v0.3
		{"mistral-nemo-12b", 12247782400},        // GGUF general.parameter_count, Mistral-Nemo-Instruct-2407 (head_dim 128 ≠ 5120/32)
		{"mistral-small-24b", 23572403200},       // GGUF general.parameter_count, Mistral-Small-24B
		{"mixtral-8x22b", 140620634112},          // HF mistral-community/Mixtral-8x22B-v0.1 (vocab 32000)
		{"qwen2.5-0.5b", 494032768},              // HF Qwen/Qwen2.5-0.5B-Instruct (tied)
		{"qwen2.5-1.5b", 1543714304},             // HF Qwen/Qwen2.5-1.5B-Instruct (tied)
		{"qwen2.5-3b", 3085938688},               // HF Qwen/Qwen2.5-3B-Instruct (tied)
		{"qwen2.5-7b", 7615616512},               // HF Qwen/Qwen2.5-7B-Instruct
		{"qwen2.5-14b", 14770033664},             // GGUF general.parameter_count, Qwen2.5-14B
		{"qwen2.5-32b", 32763876352},             // HF Qwen/Qwen2.5-32B-Instruct (card says 32.5B)
		{"qwen2.5-72b", 72706203648},             // KerasHub Qwen2.5 72B preset metadata
		{"qwen1.5-moe-a2.7b", 14315784192},       // KerasHub qwen1.5_moe_2.7b preset metadata
		{"qwen3-1.7b", 2031739904 - 151936*2048}, // HF Qwen/Qwen3-1.7B counts the tied head twice; KerasHub: 1,720,574,976
		{"qwen3-4b", 4022468096},                 // HF Qwen/Qwen3-4B (tied head stored once)
		{"qwen3-8b", 8190735360},                 // HF Qwen/Qwen3-8B
		{"qwen3-14b", 14768307200},               // KerasHub qwen3_14b_en preset metadata
		{"qwen3-32b", 32762123264},               // HF Qwen/Qwen3-32B
		{"qwen3-30b-a3b", 30532122624},           // HF Qwen/Qwen3-30B-A3B
		{"qwen3-235b-a22b", 235093634560},        // HF Qwen/Qwen3-235B-A22B
		{"gemma-2b", 2506172416},                 // KerasHub gemma_2b_en preset metadata (vocab 256000, head_dim 256, tied)
		{"gemma-2-2b", 2614341888},               // HF google/gemma-2-2b-it
		{"gemma-2-9b", 9241705984},               // KerasHub gemma2_9b_en preset metadata
		{"gemma-2-27b", 27227128320},             // KerasHub gemma2_27b_en preset metadata (head_dim 128)
		{"gemma-3-1b", 999885952},                // HF google/gemma-3-1b-it (vocab 262144)
		{"phi-3-mini", 3821079552},               // HF microsoft/Phi-3-mini-4k-instruct
		{"phi-3-medium", 13960238080},            // HF Phi-3-medium-4k-instruct safetensors
		{"phi-4", 14659507200},                   // HF microsoft/phi-4
		{"smollm2-135m", 134515008},              // HF HuggingFaceTB/SmolLM2-135M-Instruct
		{"smollm2-1.7b", 1711376384},             // HF HuggingFaceTB/SmolLM2-1.7B-Instruct
		{"olmo-2-7b", 7298617344},                // HF allenai/OLMo-2-1124-7B
		{"olmo-2-13b", 13716198400},              // HF allenai/OLMo-2-1124-13B
		{"olmoe-1b-7b", 6919161856},              // HF allenai/OLMoE-1B-7B-0924 (F32)
		{"deepseek-v2", 235741434880},            // HF deepseek-ai/DeepSeek-V2
		{"deepseek-v2-lite", 15706484224},        // HF deepseek-ai/DeepSeek-V2-Lite
		// Falcon: the checkpoints store lm_head.weight although FalconConfig
		// ties it (no tie_word_embeddings, so the default true); the HF
		// totals count that copy (V·d with V = 65,024).
		// Falcon is counted as stored: lm_head beside the input embedding.
		{"falcon-7b", 7217189760},     // HF tiiuae/falcon-7b
		{"falcon-40b", 41835970560},   // HF tiiuae/falcon-40b
		{"falcon-180b", 179522565120}, // HF tiiuae/falcon-180B revision d2ea5531; published_runs.csv
		// Pythia: Biderman et al. 2023 Table 1 non-embedding count +
		// 2·V·d, V from the HF embed_in shapes (50304; 50432 for 6.9B,
		// 50688 for 12B).
		{"pythia-70m", 18915328 + 2*50304*512},
		{"pythia-160m", 85056000 + 2*50304*768},
		{"pythia-410m", 302311424 + 2*50304*1024},
		{"pythia-1b", 805736448 + 2*50304*2048},
		{"pythia-1.4b", 1208602624 + 2*50304*2048},
		{"pythia-2.8b", 2517652480 + 2*50304*2560},
		{"pythia-6.9b", 6444163072 + 2*50432*4096},
		{"pythia-12b", 11327027200 + 2*50688*5120},
		// GPT-2: HF openai-community/gpt2 safetensors.total 137,022,720
		// includes 12 causal-mask buffers attn.bias of 1024² (not parameters).
		{"gpt2", 137022720 - 12*1024*1024},
		// OPT-175B (facebook/opt-175b config: vocab 50272, 2050 learned
		// positions incl. the offset 2, tied head):
		// 96·(12d² + 13d) + (50272 + 2050)·d + 2d with d = 12288.
		{"opt-175b", 96*(12*12288*12288+13*12288) + (50272+2050)*12288 + 2*12288},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.id)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.id, err)
			continue
		}
		if got := float64(e.Arch.Count().Total); got != tt.total {
			t.Errorf("%s total = %.0f, want %.0f (exact)", tt.id, got, tt.total)
		}
	}
}

// TestServingModelsExact pins the models of the serving measurements
// (AIConfigurator silicon sample, ai-dynamo/aiconfigurator, Apache-2.0) and
// the current MoE families to exact totals, each checked against what its
// authors published (the comment) so that a wrong config value cannot hide
// inside the rounding of "230B" or "1T". Active counts include the input
// embedding and the head (see Counts).
func TestServingModelsExact(t *testing.T) {
	tests := []struct {
		id            string
		total, active float64
		mtp           float64
	}{
		// Qwen/Qwen3.5-397B-A17B card: 397B total (with a ~0.46B vision
		// encoder not counted here), 17B activated.
		{"qwen3.5-397b-a17b", 396346350336, 17349040896, 6595568128},
		// Qwen3-Next card: 80B total, 3B activated without embeddings
		// (3,874,929,408 − 2·151,936·2,048 = 3,252,599,552).
		{"qwen3-next-80b-a3b", 79674391296, 3874929408, 0},
		// gpt-oss model card Table 1: 116.83B / 5.13B and 20.91B / 3.61B,
		// active with the unembedding only (less 201,088·2,880 = 579,133,440).
		{"gpt-oss-120b", 116829156672, 5711982912, 0},
		{"gpt-oss-20b", 20914757184, 4187440704, 0},
		// DeepSeek-V3 (README_WEIGHTS: 671B main, 37B activated); the
		// NVFP4 and V3.1 checkpoints have the same shapes.
		{"deepseek-r1-nvfp4", 671026419200, 37552297472, 11610068224},
		{"deepseek-v3.1", 671026419200, 37552297472, 11610068224},
		// V3.2: V3 plus 61 indexers of 1536·64·128 + 7168·128 + 7168·64 + 256.
		{"deepseek-v3.2", 671026419200 + 61*13959424, 37552297472 + 61*13959424, 11610068224 + 13959424},
		// Kimi K2 card: 1T total, 32B activated.
		{"kimi-k2", 1026408232448, 32861500928, 0},
		{"kimi-k2.5", 1026408232448, 32861500928, 0},
		// GLM-5 README: 744B (40B active).
		{"glm-5", 743911218432, 41784728832, 9952920576},
		// GLM-4.5 report: 355B total, 32B activated.
		{"glm-4.5", 352797829024, 33632266144, 3988069792},
		// Hub safetensors.total of MiniMaxAI/MiniMax-M2.5, 228,703,644,928,
		// less 62·(2,688 + 256·864) = 13,880,064 fp32 block scales.
		{"minimax-m2.5", 228703644928 - 62*(2688+256*864), 11030553088, 0},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.id)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.id, err)
			continue
		}
		c := e.Arch.Count()
		if float64(c.Total) != tt.total || float64(c.Active) != tt.active || float64(c.MTP) != tt.mtp {
			t.Errorf("%s: total %.0f active %.0f mtp %.0f, want %.0f %.0f %.0f (exact)",
				tt.id, float64(c.Total), float64(c.Active), float64(c.MTP), tt.total, tt.active, tt.mtp)
		}
	}
}

// TestServingModelPathsResolve: every model_path of the serving
// measurements (AIConfigurator silicon sample, ai-dynamo/aiconfigurator,
// Apache-2.0) names the entry with its architecture and checkpoint format.
func TestServingModelPathsResolve(t *testing.T) {
	tests := []struct{ path, id, format string }{
		{"deepseek-ai/DeepSeek-R1", "deepseek-r1", "fp8"},
		{"deepseek-ai/DeepSeek-V3", "deepseek-v3", "fp8"},
		{"nvidia/DeepSeek-R1-NVFP4", "deepseek-r1-nvfp4", "NVFP4"},
		{"nvidia/DeepSeek-V3.1-NVFP4", "deepseek-v3.1-nvfp4", "NVFP4"},
		{"MiniMaxAI/MiniMax-M2.5", "minimax-m2.5", "fp8"},
		{"Qwen/Qwen3.5-397B-A17B", "qwen3.5-397b-a17b", ""},
		{"moonshotai/Kimi-K2.5", "kimi-k2.5", "int4"},
		{"zhipuai/GLM-5", "glm-5", ""},
		{"Qwen/Qwen3-235B-A22B-FP8", "qwen3-235b-a22b-fp8", "fp8"},
		{"meta-llama/Llama-3.1-70B", "llama-3.1-70b", ""},
		{"meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-8b", ""},
		{"nvidia/Llama-3.1-8B-Instruct-FP8", "llama-3.1-8b-fp8", "fp8"},
		{"openai/gpt-oss-120b", "gpt-oss-120b", "mxfp4"},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.path)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.path, err)
			continue
		}
		if e.ID != tt.id || !strings.Contains(e.CheckpointFormat, tt.format) {
			t.Errorf("Lookup(%q) = %s (format %q), want %s with format containing %q", tt.path, e.ID, e.CheckpointFormat, tt.id, tt.format)
		}
	}
}
