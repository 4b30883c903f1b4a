package hfconfig_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/flopsdev/flops/model/hfconfig"
)

// Read a Llama-2-7B config.json without num_key_value_heads: the reader
// assumes multi-head attention and says so. The count is formulas.md
// §1.7's 6,738,415,616.
func ExampleRead() {
	cfg := `{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
	  "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000,
	  "tie_word_embeddings": false}`
	c, err := hfconfig.Read(strings.NewReader(cfg))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %.0f parameters\n", c.ModelType, float64(c.Arch.Count().Total))
	fmt.Println(c.Warnings[0])
	// Output:
	// llama: 6738415616 parameters
	// num_key_value_heads absent: assumed 32 (equal to num_attention_heads: multi-head attention)
}
