package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// dtypeBits is the storage bits per weight of common dtypes, including
// block-scale overhead for ggml block formats (formulas.md §3.5:
// bpw = 8·block_bytes/block_elements from gguf-py GGML_QUANT_SIZES; the
// _K_M/_K_S mixes use the effective file-level bpw measured on
// Llama-3-8B from llama-quantize's size table; Q4_K_M takes 4.85, between
// 4.84 for LLaMA-7B and 4.90 for Llama-3-8B, as infer.ParseDtype does).
var dtypeBits = map[string]float64{
	"fp32": 32, "f32": 32, "float32": 32,
	"fp16": 16, "f16": 16, "float16": 16, "half": 16,
	"bf16": 16, "bfloat16": 16,
	"fp8": 8, "f8": 8, "e4m3": 8, "e5m2": 8, "int8": 8, "i8": 8,
	"int4": 4, "i4": 4, "fp4": 4,
	"q8_0": 8.5, "q6_k": 6.5625, "q5_k": 5.5, "q5_0": 5.5, "q5_1": 6, "q4_k": 4.5,
	"q4_0": 4.5, "q4_1": 5, "q3_k": 3.4375, "q2_k": 2.625,
	"q4_k_s": 4.67, "q4_k_m": 4.85, "q5_k_m": 5.70,
	"iq4_xs": 4.25, "iq3_xxs": 3.06, "iq2_xxs": 2.06,
}

// DtypeBits returns the storage bits per parameter of a dtype name
// (case-insensitive): fp32 32, bf16/fp16 16, fp8/int8 8, int4 4, and ggml
// types with their block overhead (q8_0 8.5, q4_k 4.5, q4_k_m ≈ 4.85, ...).
// A plain number is taken as bits per parameter ("4.85").
func DtypeBits(name string) (float64, error) {
	k := strings.ToLower(strings.TrimSpace(name))
	if b, ok := dtypeBits[k]; ok {
		return b, nil
	}
	if bits, err := strconv.ParseFloat(k, 64); err == nil && bits > 0 && bits <= 64 {
		return bits, nil
	}
	names := make([]string, 0, len(dtypeBits))
	for n := range dtypeBits {
		names = append(names, n)
	}
	sort.Strings(names)
	return 0, fmt.Errorf("unknown dtype %q (want one of %s, or bits per parameter such as 4.85)", name, strings.Join(names, ", "))
}
