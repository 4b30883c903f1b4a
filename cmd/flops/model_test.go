package main

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flopsdev/flops/units"
)

// modelJSON runs 'flops model ARGS --json' in-process and decodes it.
func modelJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, errOut, code := runCLI(append(append([]string{"model"}, args...), "--json")...)
	if code != 0 {
		t.Fatalf("flops model %v: exit %d: %s", args, code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	return m
}

func num(t *testing.T, m map[string]any, key string) float64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("JSON field %q missing or not a number: %v", key, m[key])
	}
	return v
}

// TestModelJSONFields checks the issue-3 JSON fields on Llama-3-8B at
// T = 8192: params 8,030,261,248 (formulas.md §1.7); training FLOPs/token
// 5.147e10 causal (§2.2); KV 131,072 B/token bf16 (§3.4); weights
// 16,060,522,496 B in bf16 (2 bytes × params).
func TestModelJSONFields(t *testing.T) {
	m := modelJSON(t, "llama-3-8b", "--context", "8192")
	tests := []struct {
		key  string
		want float64
		tol  float64
	}{
		{"params_total", 8030261248, 0},
		{"params_active", 8030261248, 0},
		{"params_embedding", 2 * 128256 * 4096, 0},
		{"flops_per_token_training", 5.147e10, 5e-4},
		{"flops_per_token_forward", 5.147e10 / 3, 5e-4},
		{"kv_cache_bytes_per_token", 131072, 0},
		{"kv_cache_bytes", 131072 * 8192, 0},
		{"weight_bytes", 16060522496, 0},
	}
	for _, tt := range tests {
		if got := num(t, m, tt.key); math.Abs(got-tt.want) > tt.tol*tt.want {
			t.Errorf("%s = %.6g, want %.6g ±%g%%", tt.key, got, tt.want, 100*tt.tol)
		}
	}
	six, ok := m["six_n"].(map[string]any)
	if !ok || math.Abs(six["six_n"].(float64)-4.818e10) > 0.0005*4.818e10 {
		t.Errorf("six_n = %v, want six_n ≈ 4.818e10 (6 × 8.03e9)", m["six_n"])
	}
	for _, key := range []string{"components", "steps", "assumptions", "source"} {
		if m[key] == nil {
			t.Errorf("JSON field %q missing", key)
		}
	}
}

// TestModelMoEActive: Mixtral-8x7B 46,702,792,704 total / 12,879,925,248
// active (formulas.md §1.7).
func TestModelMoEActive(t *testing.T) {
	m := modelJSON(t, "Mixtral-8x7B")
	if got := num(t, m, "params_total"); got != 46702792704 {
		t.Errorf("params_total = %.0f, want 46,702,792,704", got)
	}
	if got := num(t, m, "params_active"); got != 12879925248 {
		t.Errorf("params_active = %.0f, want 12,879,925,248", got)
	}
}

// TestModelLayersAndConvention: --layers adds one row per layer; --convention
// full reproduces nanoGPT's 8.552e8 for GPT-2 at T = 1024 within 0.15%
// (formulas.md §2.4; our count excludes biases and norm gains, −0.085%).
func TestModelLayersAndConvention(t *testing.T) {
	m := modelJSON(t, "gpt2", "--context", "1k", "--convention", "full", "--layers")
	if got := num(t, m, "flops_per_token_training"); math.Abs(got-8.552e8) > 1.5e-3*8.552e8 {
		t.Errorf("flops_per_token_training = %.5g, want 8.552e8 ±0.15%%", got)
	}
	if rows, _ := m["layers"].([]any); len(rows) != 12 {
		t.Errorf("layers: %d rows, want 12", len(rows))
	}
}

func TestModelHuman(t *testing.T) {
	out, errOut, code := runCLI("model", "deepseek-v3", "--explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"671,026,419,200",        // total, formulas.md §1.8
		"37,552,297,472",         // active incl. both embeddings, §1.8
		"MTP modules",            // counted separately
		"70,272 B",               // MLA KV bytes/token bf16, §3.4
		"Assumptions:",           // defaults listed
		"experts",                // component table
		"training (model FLOPs)", // FLOPs section
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestModelList(t *testing.T) {
	out, errOut, code := runCLI("model", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Models []struct {
			ID          string  `json:"id"`
			ParamsTotal float64 `json:"params_total"`
		} `json:"models"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Models) < 40 {
		t.Errorf("model list: %d models, want ≥ 40", len(res.Models))
	}
	human, _, code := runCLI("model", "list")
	if code != 0 || !strings.Contains(human, "llama-3.1-405b") || !strings.Contains(human, "405.85B") {
		t.Errorf("human list lacks llama-3.1-405b 405.85B (exit %d):\n%s", code, human)
	}
}

func TestModelErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"model", "llama-3.1-450b"}, 2, "nearest: llama-3.1-405b"},
		{[]string{"model"}, 2, "one model name or path"},
		{[]string{"model", "gpt2", "--context", "abc"}, 2, "--context"},
		{[]string{"model", "gpt2", "--context", "0"}, 2, "between 1"},
		{[]string{"model", "gpt2", "--convention", "banana"}, 2, "causal or full"},
		{[]string{"model", "gpt2", "--dtype", "q17"}, 2, "unknown dtype"},
		{[]string{"model", "list", "extra"}, 2, "no arguments"},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("flops %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
		if out != "" {
			t.Errorf("flops %v: stdout %q, want nothing on error", tt.args, out)
		}
	}
}

func TestModelHelp(t *testing.T) {
	_, errOut, code := runCLI("model", "-h")
	if code != 0 || !strings.Contains(errOut, "Examples:") || !strings.Contains(errOut, "kv_cache_bytes_per_token") {
		t.Errorf("model -h: exit %d, want 0 and help with fields and examples:\n%s", code, errOut)
	}
}

// TestModelGolden compares the human output with testdata/model_*.golden
// (rewrite with: go test ./cmd/flops -run TestModelGolden -update). The
// numbers in them are checked by the tests above and in package model.
func TestModelGolden(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"model_llama3_8b", []string{"model", "llama-3-8b", "--context", "8192", "--explain"}},
		{"model_deepseek_v3_layers", []string{"model", "deepseek-v3", "--context", "4k", "--layers", "--dtype", "fp8"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runCLI(c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkGolden(t, c.name, "flops "+strings.Join(c.args, " "), out)
		})
	}
}

// writeSafetensors writes a minimal safetensors file: an 8-byte
// little-endian header length, the JSON header padded with spaces to a
// multiple of 8, and zeroed tensor data (file-formats.md §4.1).
func writeSafetensors(t *testing.T, path, header string, dataBytes int) {
	t.Helper()
	for len(header)%8 != 0 {
		header += " "
	}
	b := make([]byte, 8, 8+len(header)+dataBytes)
	binary.LittleEndian.PutUint64(b, uint64(len(header)))
	b = append(append(b, header...), make([]byte, dataBytes)...)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestModelWeightsOnly: a safetensors file with no config.json beside it
// gives the exact count and bytes per dtype instead of an error (QA: it
// exited 1). Hand count: F16 [4,4] = 16 params, 32 bytes; BF16 [8] = 8
// params, 16 bytes; total 24 params, 48 bytes, 8·48/24 = 16 bits/param.
func TestModelWeightsOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.safetensors")
	writeSafetensors(t, path, `{"a":{"dtype":"F16","shape":[4,4],"data_offsets":[0,32]},"b":{"dtype":"BF16","shape":[8],"data_offsets":[32,48]}}`, 48)
	m := modelJSON(t, path)
	if m["weights_only"] != true || num(t, m, "params_total") != 24 || num(t, m, "weight_bytes") != 48 || num(t, m, "weight_bits_per_param") != 16 {
		t.Errorf("weights-only JSON: weights_only %v, params %v, bytes %v, bits %v; want true, 24, 48, 16",
			m["weights_only"], m["params_total"], m["weight_bytes"], m["weight_bits_per_param"])
	}
	src, _ := m["source"].(map[string]any)
	dp, _ := src["file_dtype_params"].(map[string]any)
	if dp["F16"] != 16.0 || dp["BF16"] != 8.0 {
		t.Errorf("file_dtype_params = %v, want F16 16, BF16 8", dp)
	}
	out, errOut, code := runCLI("model", path)
	for _, want := range []string{"weights only", "24 (24)", "BF16", "config.json"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("flops model %s: exit %d, output lacks %q:\n%s%s", path, code, want, out, errOut)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.safetensors")
	writeSafetensors(t, empty, `{}`, 0)
	if _, errOut, code := runCLI("model", empty); code != 2 || !strings.Contains(errOut, "no tensors") {
		t.Errorf("empty safetensors: exit %d, stderr %q; want exit 2 naming no tensors", code, errOut)
	}
}

// TestModelDtypeSameAsInfer: 'flops model --dtype X' uses the dtype table
// of 'flops infer --weights X' (QA: model rejected mxfp4 and used 4.90 bits
// for q4_k_m where infer used 4.85). Llama-3-8B has 8,030,261,248
// params (formulas.md §1.7): MXFP4 = 17 bytes per 32 = 4.25 bits
// (file-formats.md §4.2) → 4,266,076,288 B; Q4_K_M 4.85 bits (§3.5)
// → 4,868,345,881.6 B.
func TestModelDtypeSameAsInfer(t *testing.T) {
	for _, tt := range []struct {
		dtype string
		want  float64
	}{{"mxfp4", 4266076288}, {"q4_k_m", 4868345881.6}, {"nvfp4", 8030261248 * 4.5 / 8}} {
		m := modelJSON(t, "llama-3-8b", "--dtype", tt.dtype)
		if got := num(t, m, "weight_bytes"); math.Abs(got-tt.want) > 1 {
			t.Errorf("--dtype %s: weight_bytes = %.1f, want %.1f", tt.dtype, got, tt.want)
		}
	}
}

// TestBitsText: bits per parameter print with 4 significant digits (QA: a
// GGUF file printed "weights (6.978980795402994 bits/param)").
func TestBitsText(t *testing.T) {
	for in, want := range map[float64]string{6.978980795402994: "6.979", 16: "16", 4.5: "4.5", 6.5625: "6.562"} {
		if got := bitsText(in); got != want {
			t.Errorf("bitsText(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestFLOPsText: whole-run training FLOPs print in scientific notation as
// published (Llama 3.1 405B: 3.8e25, formulas.md §6.7) with the SI form
// beside (QA: only "38.0 YFLOP" was printed, a prefix few readers know).
func TestFLOPsText(t *testing.T) {
	if got, want := flopsText(units.FLOPs(3.8e25)), "3.8e25 FLOP (38.0 YFLOP)"; got != want {
		t.Errorf("flopsText(3.8e25) = %q, want %q", got, want)
	}
}

// TestModelServingFamilies: 'flops model --model ID' prints the exact
// totals pinned (with their published sources) in
// model.TestServingModelsExact, and the hybrid model's fixed state.
func TestModelServingFamilies(t *testing.T) {
	tests := []struct {
		name          string
		total, active float64
	}{
		{"Qwen/Qwen3.5-397B-A17B", 396346350336, 17349040896},
		{"gpt-oss-120b", 116829156672, 5711982912},
		{"zhipuai/GLM-5", 743911218432, 41784728832},
		{"moonshotai/Kimi-K2.5", 1026408232448, 32861500928},
		{"MiniMaxAI/MiniMax-M2.5", 228689764864, 11030553088},
	}
	for _, tt := range tests {
		m := modelJSON(t, "--model", tt.name, "--context", "8192")
		if got := num(t, m, "params_total"); got != tt.total {
			t.Errorf("%s params_total = %.0f, want %.0f", tt.name, got, tt.total)
		}
		if got := num(t, m, "params_active"); got != tt.active {
			t.Errorf("%s params_active = %.0f, want %.0f", tt.name, got, tt.active)
		}
	}
	// Qwen3.5: 45 Gated DeltaNet layers × (64·128·128 + 3·12,288) × 2 B.
	if got := num(t, modelJSON(t, "--model", "qwen3.5-397b-a17b"), "recurrent_state_bytes"); got != 97689600 {
		t.Errorf("recurrent_state_bytes = %.0f, want 97,689,600", got)
	}
	if _, _, code := runCLI("model", "glm-5", "--model", "glm-4.5"); code != 2 {
		t.Errorf("two model names: exit %d, want 2", code)
	}
}
