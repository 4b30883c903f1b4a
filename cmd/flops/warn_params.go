package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// smallParams is the parameter count below which --params is most likely
// a missing suffix: the smallest language models anyone trains for real
// have millions of parameters (GPT-2 small 124M, Pythia-14M).
const smallParams = 1e6

// warnSmallParams prints a warning on stderr when --params (text) is
// below smallParams: "--params 7" is seven parameters, not seven billion.
// The result is still computed: a tiny model is a valid question.
func warnSmallParams(env *cliEnv, text string) {
	n, err := units.ParseParams(text)
	if err != nil || !(n > 0) || n >= smallParams {
		return
	}
	t := strings.TrimSpace(text)
	num := strings.TrimRight(t, "kKmMbBtT")
	guess := num + "B"
	if num != t {
		guess = num + "M or " + num + "B"
	}
	count := fmt.Sprintf("%.4g", float64(n))
	if float64(n) == math.Trunc(float64(n)) {
		count = report.Grouped(float64(n))
	}
	fmt.Fprintf(env.stderr, "flops: warning: --params %s is %s parameters: did you mean %s? (suffixes K, M, B, T)\n", t, count, guess)
}
