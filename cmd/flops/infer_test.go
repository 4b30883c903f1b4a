package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inferRun runs "flops infer args..." in-process.
func inferRun(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	env := &cliEnv{stdout: &o, stderr: &e, getenv: func(string) string { return "" }}
	code = run(env, append([]string{"infer"}, args...))
	return o.String(), e.String(), code
}

func TestInferV1JSON(t *testing.T) {
	// Issue 2 §5 / §9: 70B on one H100 at batch 1 is memory-bound at
	// 140e9 B / 3.35e12 B/s = 41.79 ms per token; 2·70e9 = 1.4e11 FLOP per
	// token; ridge 989.4e12 / 3.35e12 = 295.3 FLOP/B.
	out, errOut, code := inferRun("--params", "70B", "--gpu", "h100", "--batch", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	checks := []struct {
		field     string
		want, tol float64
	}{
		{"seconds_per_token", 140e9 / 3.35e12, 1e-6},
		{"seconds_per_output_token", 140e9 / 3.35e12, 1e-6},
		{"flops_per_token", 1.4e11, 1e-9},
		{"tokens_per_second", 3.35e12 / 140e9, 1e-6},
		{"arithmetic_intensity", 1, 1e-9},
		{"ridge_point", 989.4e12 / 3.35e12, 1e-6},
	}
	for _, c := range checks {
		v, ok := got[c.field].(float64)
		if !ok || math.Abs(v-c.want) > c.tol*c.want {
			t.Errorf("%s = %v, want %g", c.field, got[c.field], c.want)
		}
	}
	if got["bound"] != "memory" || got["fits"] != false {
		t.Errorf("bound %v fits %v, want memory, false", got["bound"], got["fits"])
	}
	for _, f := range []string{"ttft_seconds", "tokens_per_second_per_sequence", "decode_bound", "prefill_bound",
		"weight_bytes", "kv_cache_bytes", "max_batch", "cost_per_million_output_tokens_usd", "assumptions", "steps"} {
		if _, ok := got[f]; !ok {
			t.Errorf("JSON lacks %q", f)
		}
	}
	if !strings.Contains(errOut, "does not fit") {
		t.Errorf("stderr %q lacks the does-not-fit warning", errOut)
	}
}

func TestInferHuman(t *testing.T) {
	out, errOut, code := inferRun("--model", "llama-3-70b", "--gpu", "h100", "--gpus", "8", "--price", "2", "--explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"prefill (whole prompt)", "decode (per step, mean)", "all-reduce time", "TTFT",
		"output tokens/s end to end", "decode alone", "memory per GPU", "per 1M output tokens", "Assumptions:", "bandwidth efficiency", "The math:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestInferSweepAndPlot(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "sweep.svg")
	out, errOut, code := inferRun("--model", "mistral-7b", "--batch", "1-16", "--plot", svg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// 1, 2, 4, 8, 16: five rows under the header.
	for _, b := range []string{"\n1 ", "\n2 ", "\n4 ", "\n8 ", "\n16 "} {
		if !strings.Contains(out, b) {
			t.Errorf("sweep table lacks a row for batch %q:\n%s", strings.TrimSpace(b), out)
		}
	}
	b, err := os.ReadFile(svg)
	if err != nil || !bytes.Contains(b, []byte("B=16")) {
		t.Errorf("plot %s missing or without the B=16 point: %v", svg, err)
	}
	js, errOut, code := inferRun("--model", "mistral-7b", "--batch", "1,8", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sw struct {
		Sweep []map[string]any `json:"sweep"`
	}
	if err := json.Unmarshal([]byte(js), &sw); err != nil || len(sw.Sweep) != 2 {
		t.Errorf("sweep JSON: %v, %d results, want 2", err, len(sw.Sweep))
	}
}

func TestInferErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "--model"},
		{[]string{"--params", "7X"}, 2, "--params"},
		{[]string{"--params", "7B", "--batch", "0"}, 2, "--batch"},
		{[]string{"--params", "7B", "--weights", "q9_z"}, 2, "--weights"},
		{[]string{"--params", "7B", "--plot", "x.jpg"}, 2, "svg or png"},
		{[]string{"--params", "7B", "--gpu", "nosuchchip"}, 2, "nosuchchip"},
		{[]string{"--model", "nosuchmodel"}, 2, "nosuchmodel"},
		{[]string{"--params", "7B", "stray"}, 2, "unexpected argument"},
		{[]string{"--model", "llama-3-8b", "--concurrency", "8", "--plot", "x.svg"}, 2, "--plot draws the static roofline; it does not take --concurrency, --rate or --max-throughput"},
	}
	for _, tt := range tests {
		_, errOut, code := inferRun(tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "panic") {
			t.Errorf("infer %v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestInferHelp(t *testing.T) {
	_, errOut, code := inferRun("-h")
	if code != 0 || !strings.Contains(errOut, "Examples:") || !strings.Contains(errOut, "ttft_seconds") {
		t.Errorf("help: exit %d, want 0 with output fields and examples:\n%s", code, errOut)
	}
}

// inferGolden are infer command lines whose whole output (stdout, then
// stderr) is kept in testdata/<name>.golden; go test -update rewrites them.
var inferGolden = []struct {
	name string
	args []string
}{
	{"infer_70b_v1", []string{"--params", "70B", "--gpu", "h100-sxm", "--batch", "1"}},
	{"infer_llama3_70b_tp8_explain", []string{"--model", "llama-3-70b", "--gpu", "h100", "--gpus", "8", "--price", "2", "--explain"}},
	{"infer_mixtral_sweep", []string{"--model", "mixtral-8x7b", "--gpu", "a100-80gb", "--gpus", "2", "--batch", "1-64", "--price", "1.5"}},
	{"infer_deepseek_int4_json", []string{"--model", "deepseek-v3", "--gpu", "h100", "--gpus", "8", "--weights", "int4", "--kv-dtype", "fp8", "--batch", "64", "--json"}},
}

func TestInferGolden(t *testing.T) {
	for _, tc := range inferGolden {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := inferRun(tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got := out
			if errOut != "" {
				got += "-- stderr --\n" + errOut
			}
			checkGolden(t, tc.name, "flops infer "+strings.Join(tc.args, " "), got)
		})
	}
}

// TestInferPlotErrorFirst: an unwritable --plot path fails before any
// warning or hint is printed, so the error is the only stderr line (QA: the
// price hint came first).
func TestInferPlotErrorFirst(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "no", "such", "dir", "x.svg")
	_, errOut, code := inferRun("--model", "llama-3-8b", "--plot", bad)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "x.svg") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and one line naming the file", code, errOut)
	}
}

// TestInferCapacityBothUnits: the memory line gives the capacity in GiB
// and in the datasheet's GB (QA: an H100 showed only "74.5 GiB", which
// reads as a wrong 80 GB figure). 80e9 B = 74.5 GiB = 80.0 GB.
func TestInferCapacityBothUnits(t *testing.T) {
	out, errOut, code := inferRun("--model", "llama-3-8b", "--gpu", "h100")
	if code != 0 || !strings.Contains(out, "of 74.5 GiB (80.0 GB)") {
		t.Errorf("exit %d, output lacks \"of 74.5 GiB (80.0 GB)\":\n%s%s", code, out, errOut)
	}
}

// TestInferSweepSaysWhereFitEnds: a sweep that runs out of memory names
// the largest batch that fits (QA: only "no" in the fits column). Llama-3-8B
// on one H100 at 8192 + 256 tokens: KV 8448 × 131,072 B = 1.107 GB per
// sequence; (80 GB − 15.0 GB of matmul weights and 1.05 GB embedding −
// workspace) / 1.107 GB ≈ 57.
func TestInferSweepSaysWhereFitEnds(t *testing.T) {
	out, errOut, code := inferRun("--model", "llama-3-8b", "--gpu", "h100", "--batch", "1-128", "--prompt", "8192", "--output", "256")
	if code != 0 || !strings.Contains(out, "fit: batches above 57 do not fit at 8448 tokens per sequence") {
		t.Errorf("exit %d, output lacks the fit line:\n%s%s", code, out, errOut)
	}
}
