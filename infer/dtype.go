package infer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Dtype is a storage format for weights or the KV cache: its name and its
// effective bits per element, including any block or group overhead.
type Dtype struct {
	Name   string  `json:"name"`
	Bits   float64 `json:"bits_per_element"`
	Source string  `json:"source,omitempty"` // where Bits comes from
}

// Bytes is Bits/8, the bytes per element.
func (d Dtype) Bytes() float64 { return d.Bits / 8 }

// ggmlSource cites the GGUF block sizes: bpw = 8·block_bytes/block_elements
// from the static_asserts of ggml-common.h (file-formats.md §4.2).
const ggmlSource = "ggml-common.h block size: 8·bytes/elements (docs/file-formats.md §4.2)"

// dtypes maps lower-case names to bits per element. Plain formats first,
// then GGUF block types (ggml.h ids 0–42), then llama.cpp file-level mixes.
var dtypes = map[string]Dtype{
	"fp32": {"fp32", 32, "IEEE 754 binary32"},
	"bf16": {"bf16", 16, "bfloat16"},
	"fp16": {"fp16", 16, "IEEE 754 binary16"},
	"fp8":  {"fp8", 8, "OCP FP8 (E4M3/E5M2); per-block scales (e.g. DeepSeek-V3 128×128) not counted, < 0.01 bit"},
	"int8": {"int8", 8, "8-bit integer; per-channel scales not counted"},
	"int4": {"int4", 4 + (16+4)/128.0, "INT4 weight-only as AWQ/GPTQ checkpoints store it: group 128 with an fp16 scale and a 4-bit zero (+0.156 bit, Lin et al. 2023); the serving engine reads int4 the same way; give --weights 4 for no scales"},
	"fp4":  {"fp4", 4 + 8.0/16, "read as NVFP4, as the serving engine reads it: E2M1 values with one FP8 scale per 16 (4.5 bits); MXFP4 (one E8M0 scale per 32) is --weights mxfp4 (4.25)"},
	"nf4":  {"nf4", 4.127, "bitsandbytes NF4 with double quantization (QLoRA), docs/formulas.md §3.5; an estimate, not confirmed against the library"},
}

// ggufBlocks lists GGUF tensor types as (elements, bytes) per block
// (file-formats.md §4.2 ggml type table).
var ggufBlocks = map[string][2]float64{
	"f32": {1, 4}, "f16": {1, 2}, "bf16": {1, 2}, "f64": {1, 8},
	"q4_0": {32, 18}, "q4_1": {32, 20}, "q5_0": {32, 22}, "q5_1": {32, 24},
	"q8_0": {32, 34}, "q8_1": {32, 36},
	"q2_k": {256, 84}, "q3_k": {256, 110}, "q4_k": {256, 144}, "q5_k": {256, 176},
	"q6_k": {256, 210}, "q8_k": {256, 292},
	"iq2_xxs": {256, 66}, "iq2_xs": {256, 74}, "iq3_xxs": {256, 98}, "iq1_s": {256, 50},
	"iq4_nl": {32, 18}, "iq3_s": {256, 110}, "iq2_s": {256, 82}, "iq4_xs": {256, 136},
	"i8": {1, 1}, "i16": {1, 2}, "i32": {1, 4}, "i64": {1, 8},
	"iq1_m": {256, 56}, "tq1_0": {256, 54}, "tq2_0": {256, 66},
	"mxfp4": {32, 17}, "nvfp4": {64, 36}, "q1_0": {128, 18}, "q2_0": {64, 18},
}

// ggufMixes are llama.cpp file types that mix tensor types: file-level bits
// per weight from llama-quantize's size table for Llama-3-8B (formulas.md
// §3.5); Q4_K_M uses 4.85, the middle of 4.84 (LLaMA-7B) and 4.90
// (Llama-3-8B). The exact value depends on the model: give the GGUF file.
var ggufMixes = map[string]float64{
	"q4_k_s": 4.67, "q4_k_m": 4.85, "q5_k_m": 5.70,
}

// ParseDtype resolves a weight or KV-cache format: a name (bf16, fp16,
// fp8, int8, int4, fp4, nf4, fp32), a GGUF type (Q4_K, Q8_0, IQ4_XS, ...),
// a llama.cpp mix (Q4_K_M, ...), or a number of bits per element ("4.25").
// Mixes without a known file-level figure (Q3_K_M, Q5_K_S, ...) fall back
// to their base type and say so in Source.
func ParseDtype(s string) (Dtype, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	key = strings.ReplaceAll(key, "-", "_")
	if alias, ok := map[string]string{"float16": "fp16", "half": "fp16", "float32": "fp32", "bfloat16": "bf16",
		"f8": "fp8", "e4m3": "fp8", "e5m2": "fp8", "float8": "fp8", "w4a16": "int4", "w8a8": "int8"}[key]; ok {
		key = alias
	}
	if d, ok := dtypes[key]; ok {
		return d, nil
	}
	if d, ok := ggufDtype(key); ok {
		return d, nil
	}
	if b, err := strconv.ParseFloat(key, 64); err == nil {
		if !(b > 0 && b <= 64) || math.IsNaN(b) {
			return Dtype{}, fmt.Errorf("bits per element %q out of range: want a number in (0, 64]", s)
		}
		return Dtype{Name: key + " bits", Bits: b, Source: "given as bits per element"}, nil
	}
	return Dtype{}, fmt.Errorf("unknown dtype %q: want bf16, fp16, fp8, int8, int4, fp4, nf4, fp32, a GGUF type (q4_k_m, q8_0, q4_k, iq4_xs, ...) or bits per element (e.g. 4.25)", s)
}

// ggufDtype resolves GGUF block types and llama.cpp mixes.
func ggufDtype(key string) (Dtype, bool) {
	if b, ok := ggufMixes[key]; ok {
		return Dtype{strings.ToUpper(key), b, "llama-quantize file size for Llama-3-8B (docs/formulas.md §3.5); model-dependent"}, true
	}
	if bl, ok := ggufBlocks[key]; ok {
		return Dtype{strings.ToUpper(key), 8 * bl[1] / bl[0], ggmlSource}, true
	}
	for _, suf := range []string{"_s", "_m", "_l", "_xl"} {
		base, ok := strings.CutSuffix(key, suf)
		if !ok {
			continue
		}
		if bl, ok := ggufBlocks[base]; ok {
			return Dtype{strings.ToUpper(key), 8 * bl[1] / bl[0],
				"base type " + strings.ToUpper(base) + " only: the mix puts some tensors at a higher type, so the file is larger; give the GGUF file for the exact size"}, true
		}
	}
	return Dtype{}, false
}
