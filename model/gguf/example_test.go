package gguf_test

import (
	"fmt"
	"log"
	"os"

	"github.com/flopsdev/flops/model/gguf"
)

// Read a GGUF header (testdata/toy.gguf: a one-layer llama, Q4_K/Q6_K/F32)
// and map it to an architecture record.
func ExampleRead() {
	f, err := os.Open("testdata/toy.gguf")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		log.Fatal(err)
	}
	file, err := gguf.Read(f, st.Size(), gguf.Options{})
	if err != nil {
		log.Fatal(err)
	}
	a, _, err := file.Arch()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %s: %d params, %d bytes, %.4f bits/weight\n", a.Family, file.FileType(), file.Params, file.Bytes, file.BitsPerWeight())
	fmt.Printf("Q4_K: %d params; d=%d L=%d H=%d K=%d V=%d\n", file.TypeParams["Q4_K"], a.Hidden, a.Layers, a.Heads, a.KVHeads, a.Vocab)
	// Output:
	// llama Q4_K_M: 852736 params, 558336 bytes, 5.2381 bits/weight
	// Q4_K: 557056 params; d=256 L=1 H=4 K=2 V=512
}
