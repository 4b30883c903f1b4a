package load_test

import (
	"fmt"
	"log"

	"github.com/flopsdev/flops/load"
)

// Resolve a catalog name (paths disallowed, as for the web server).
func ExampleResolve() {
	m, err := load.Resolve("llama-3-8b", false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s): %.0f parameters\n", m.Source, m.Kind, float64(m.Arch.Count().Total))
	// Output: llama-3-8b (catalog): 8030261248 parameters
}

// Read an uploaded config.json.
func ExampleFromBytes() {
	cfg := []byte(`{"model_type":"gpt2","n_embd":768,"n_layer":12,"n_head":12,"vocab_size":50257,"n_positions":1024}`)
	m, err := load.FromBytes("config.json", cfg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %.0f parameters\n", m.Arch.Family, float64(m.Arch.Count().Total))
	// Output: gpt2: 124439808 parameters
}
