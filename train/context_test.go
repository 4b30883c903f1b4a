package train

import "testing"

// TestPretrainingSeq checks published pretraining contexts (sources in
// context.go) and that an unrecorded model reports none.
func TestPretrainingSeq(t *testing.T) {
	for _, c := range []struct {
		id   string
		want int
	}{
		{"llama-3-8b", 8192},     // Llama 3 model card: 8k
		{"llama-3.1-405b", 8192}, // Llama 3 Herd: 8K before the 128K extension
		{"llama-2-70b", 4096},    // Llama 2 model card: 4k
		{"llama-7b", 2048},       // LLaMA: 2,048
		{"deepseek-v3", 4096},    // DeepSeek-V3 report: 4K
		{"gpt3-175b", 2048},      // GPT-3: 2,048
	} {
		got, src, ok := PretrainingSeq(c.id)
		if !ok || got != c.want || src == "" {
			t.Errorf("%s: got %d (%q, %v), want %d with a source", c.id, got, src, ok, c.want)
		}
	}
	for _, id := range []string{"mistral-7b", "llama-3.2-1b"} {
		if _, _, ok := PretrainingSeq(id); ok {
			t.Errorf("%s: a context was found, none is recorded", id)
		}
	}
}
