package explain_test

import (
	"fmt"

	"github.com/flopsdev/flops/explain"
)

// A computation records each step once, with the formula and the numbers
// substituted; the value it returns is the one the result uses.
func ExampleTrace() {
	var t explain.Trace
	n, d := 7e9, 1e12
	c := t.Add("training FLOPs", "C = 6·N·D", fmt.Sprintf("6 × %g × %g", n, d), 6*n*d, "FLOP", "42.0 ZFLOP")
	t.Assume("MFU", "0.5", "given")
	for _, s := range t.Steps {
		fmt.Printf("%s: %s = %s = %g %s\n", s.Name, s.Formula, s.Substituted, s.Value, s.Unit)
	}
	fmt.Println(c == 4.2e22, t.Assumptions[0].Name)
	// Output:
	// training FLOPs: C = 6·N·D = 6 × 7e+09 × 1e+12 = 4.2e+22 FLOP
	// true MFU
}
