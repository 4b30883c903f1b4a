package engine

import (
	"fmt"
	"strings"

	"github.com/flopsdev/flops/hardware"
)

// Format is a weight storage format as serving engines run it: its bits per
// weight including block scales, and the tensor-core precision its matmuls
// use where the GPU has it.
type Format struct {
	Name    string             `json:"name"`
	Bits    float64            `json:"bits_per_weight"` // storage, scales included
	Compute hardware.Precision `json:"compute"`         // preferred matmul precision
	Source  string             `json:"source"`
}

// Bytes is the bytes per weight, Bits/8.
func (f Format) Bytes() float64 { return f.Bits / 8 }

// formats are the weight formats of current serving checkpoints. Block
// overheads: NVFP4 one FP8 scale per 16 values (NVIDIA Blackwell NVFP4
// blog, 2025), MXFP4 one 8-bit E8M0 scale per 32 (OCP Microscaling
// Formats v1.0), DeepSeek-V3's FP8 one FP32 scale per 128×128 block
// (DeepSeek-V3 report §3.3), AWQ INT4 an FP16 scale and a 4-bit zero per
// group of 128 (Lin et al. 2023).
var formats = map[string]Format{
	"bf16":      {"bf16", 16, hardware.BF16, "bfloat16"},
	"fp16":      {"fp16", 16, hardware.FP16, "IEEE binary16"},
	"fp8":       {"fp8", 8, hardware.FP8, "FP8 E4M3 with per-tensor scales (W8A8)"},
	"fp8-block": {"fp8-block", 8 + 32.0/(128*128), hardware.FP8, "FP8 E4M3, one FP32 scale per 128×128 block (DeepSeek-V3 §3.3)"},
	"int8":      {"int8", 8, hardware.INT8, "INT8 SmoothQuant-style W8A8"},
	"nvfp4":     {"nvfp4", 4 + 8.0/16, hardware.FP4, "NVFP4: E2M1 values, one FP8 scale per 16 (W4A4)"},
	"mxfp4":     {"mxfp4", 4 + 8.0/32, hardware.FP4, "MXFP4: E2M1 values, one E8M0 scale per 32 (OCP MX v1.0)"},
	"int4-awq":  {"int4-awq", 4 + (16+4)/128.0, hardware.BF16, "INT4 weight-only, group 128 with FP16 scale and 4-bit zero (AWQ, W4A16)"},
}

// formatAliases maps the names used by engines and the AIConfigurator data
// to a format.
var formatAliases = map[string]string{
	"bfloat16": "bf16", "float16": "fp16", "half": "fp16", "fp8_block": "fp8-block", "fp8-blockwise": "fp8-block",
	"w8a8": "int8", "fp4": "nvfp4", "nv-fp4": "nvfp4", "mx-fp4": "mxfp4", "int4": "int4-awq", "int4_wo": "int4-awq",
	"int4-wo": "int4-awq", "awq": "int4-awq", "w4a16": "int4-awq", "": "bf16",
}

// ParseFormat resolves a weight format name: bf16, fp16, fp8, fp8-block,
// int8, nvfp4, mxfp4, int4-awq (and the aliases engines use).
func ParseFormat(s string) (Format, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.ReplaceAll(k, "_", "-")
	if a, ok := formatAliases[strings.ReplaceAll(k, "-", "_")]; ok {
		k = a
	} else if a, ok := formatAliases[k]; ok {
		k = a
	}
	if f, ok := formats[k]; ok {
		return f, nil
	}
	return Format{}, fmt.Errorf("unknown weight format %q (want bf16, fp16, fp8, fp8-block, int8, nvfp4, mxfp4 or int4-awq)", s)
}

// computeOn resolves the matmul precision of f on accelerator a: the
// format's own where the chip has a dense rate for it, otherwise the next
// the chip has (FP4 → FP8 → BF16, as engines dequantize: Hopper has no
// FP4 tensor cores, so NVFP4/MXFP4 weights run W4A8 or W4A16), and says so.
func computeOn(f Format, a hardware.Accelerator) (hardware.Precision, string) {
	chain := []hardware.Precision{f.Compute, hardware.FP8, hardware.BF16, hardware.FP16}
	switch f.Compute {
	case hardware.BF16, hardware.FP16:
		chain = []hardware.Precision{f.Compute, hardware.BF16, hardware.FP16}
	case hardware.INT8:
		chain = []hardware.Precision{hardware.INT8, hardware.FP8, hardware.BF16, hardware.FP16}
	}
	for i, p := range chain {
		if r, ok := a.Dense[p]; ok && r > 0 {
			if i == 0 {
				return p, ""
			}
			return p, fmt.Sprintf("%s has no dense %s rate: %s weights are dequantized to %s for the matmuls", a.ID, f.Compute, f.Name, p)
		}
	}
	return hardware.BF16, fmt.Sprintf("%s lists no tensor rate for %s, fp8 or bf16", a.ID, f.Name)
}
