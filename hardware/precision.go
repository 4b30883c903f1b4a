package hardware

import (
	"fmt"
	"strings"
)

// AllPrecisions lists every precision the catalog records, widest first.
func AllPrecisions() []Precision {
	return []Precision{FP64, FP32, TF32, BF16, FP16, FP8, INT8, FP4}
}

// ParsePrecision reads a precision name, ignoring case: "bf16", "BF16",
// "bfloat16", "fp16" ("half", "float16"), "fp32" ("float32"), "tf32",
// "fp64", "fp8", "int8", "fp4".
func ParsePrecision(s string) (Precision, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	synonyms := map[string]Precision{"bfloat16": BF16, "half": FP16, "float16": FP16,
		"float32": FP32, "float64": FP64, "double": FP64, "single": FP32}
	if p, ok := synonyms[t]; ok {
		return p, nil
	}
	for _, p := range AllPrecisions() {
		if string(p) == t {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown precision %q (want one of %s)", s, precisionList(AllPrecisions()))
}

// precisionList joins precisions with ", ".
func precisionList(ps []Precision) string {
	ss := make([]string, len(ps))
	for i, p := range ps {
		ss[i] = string(p)
	}
	return strings.Join(ss, ", ")
}

// PrecisionError reports an accelerator without a dense peak at the asked
// precision.
type PrecisionError struct {
	ID, Name  string
	Precision Precision
	Have      []Precision
}

func (e *PrecisionError) Error() string {
	return fmt.Sprintf("accelerator %s (%s) has no %s peak (it has %s)", e.ID, e.Name, e.Precision, precisionList(e.Have))
}

// Hint suggests the closest precision the chip has.
func (e *PrecisionError) Hint() string {
	if len(e.Have) == 0 {
		return "give the peak yourself with --peak, e.g. --peak 500TFLOP/s"
	}
	alt := e.Have[0]
	for _, p := range e.Have { // prefer a 16-bit format for bf16/fp16 requests
		if p == FP16 || p == BF16 {
			alt = p
		}
	}
	return fmt.Sprintf("use --precision %s, or give the peak yourself with --peak", alt)
}
