package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flopsdev/flops/api"
)

// hwRun runs the CLI in-process with the given environment variables.
func hwRun(vars map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code = run(env, args)
	return out.String(), errb.String(), code
}

func TestHWList(t *testing.T) {
	out, errs, code := hwRun(nil, "hw", "list")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{"ID", "RIDGE BF16 FLOP/B", "h100-sxm", "989.4", "295.3", "tpu-v5p", "accelerators. Dense peaks"} {
		if !strings.Contains(out, want) {
			t.Errorf("hw list output lacks %q", want)
		}
	}
	out, _, code = hwRun(nil, "hw", "list", "--vendor", "amd")
	if code != 0 || !strings.Contains(out, "mi300x") || strings.Contains(out, "h100") {
		t.Errorf("hw list --vendor amd: exit %d, output:\n%s", code, out)
	}
}

func TestHWListJSON(t *testing.T) {
	out, errs, code := hwRun(nil, "hw", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var res api.HWListResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Accelerators) < 35 {
		t.Errorf("got %d accelerators, want ≥ 35 (issue 2)", len(res.Accelerators))
	}
	for _, e := range res.Accelerators {
		if e.ID == "h100-sxm" {
			// 989.4e12 FLOP/s ÷ 3.35e12 B/s = 295.34 FLOP/byte.
			if got := e.Ridge["bf16"]; math.Abs(got-295.34) > 0.01 {
				t.Errorf("h100-sxm ridge bf16: got %g, want 295.34", got)
			}
		}
	}
	if !strings.Contains(out, `"ridge_flop_per_byte"`) || !strings.Contains(out, `"memory_bandwidth_bytes_per_second"`) {
		t.Errorf("JSON lacks documented snake_case fields")
	}
}

func TestHWShow(t *testing.T) {
	out, errs, code := hwRun(nil, "hw", "show", "H100_SXM", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var e api.HWEntry
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	// NVIDIA H100 datasheet: 1,979 TFLOPS BF16 with sparsity, 989.4 dense.
	if e.ID != "h100-sxm" || e.Dense["bf16"] != 989.4e12 || e.Sparse["bf16"] != 1978.8e12 {
		t.Errorf("got id %s, dense %g, sparse %g; want h100-sxm, 989.4e12, 1978.8e12", e.ID, float64(e.Dense["bf16"]), float64(e.Sparse["bf16"]))
	}
	out, _, code = hwRun(nil, "hw", "show", "h100")
	for _, want := range []string{"80.0 GB (74.5 GiB)", "3.35 TB/s", "989 TFLOP/s", "1.98 PFLOP/s", "Source:"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("hw show h100 (exit %d) lacks %q", code, want)
		}
	}
}

func TestHWCompare(t *testing.T) {
	out, errs, code := hwRun(nil, "hw", "compare", "h100", "--precision", "bf16", "a100", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var res api.HWCompareResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Precisions) != 1 || res.Precisions[0] != "bf16" || len(res.Accelerators) != 2 ||
		res.Accelerators[0].ID != "h100-sxm" || res.Accelerators[1].ID != "a100-sxm4-80gb" {
		t.Errorf("got precisions %v and %d accelerators, want [bf16], h100-sxm then a100-sxm4-80gb", res.Precisions, len(res.Accelerators))
	}
	out, _, _ = hwRun(nil, "hw", "compare", "h100", "mi300x")
	// MI300X: 1307.4e12 / 5.3e12 = 246.7 FLOP/byte (AMD MI300X page figures).
	for _, want := range []string{"h100-sxm", "mi300x", "bf16 ridge FLOP/B", "295", "247", "fp8 dense peak"} {
		if !strings.Contains(out, want) {
			t.Errorf("hw compare output lacks %q:\n%s", want, out)
		}
	}
}

func TestHWErrors(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"hw"}, 2, "needs a subcommand"},
		{[]string{"hw", "bogus"}, 2, `unknown hw subcommand "bogus"`},
		{[]string{"hw", "show"}, 2, "one accelerator ID"},
		{[]string{"hw", "show", "h10"}, 2, "nearest: h100-pcie, h100-sxm, h100-nvl"},
		{[]string{"hw", "show", "h10"}, 2, "flops: hint: run 'flops hw list'"},
		{[]string{"hw", "list", "--vendor", "acme"}, 2, "unknown vendor"},
		{[]string{"hw", "list", "extra"}, 2, "takes no arguments"},
		{[]string{"hw", "compare"}, 2, "needs accelerator IDs"},
		{[]string{"hw", "compare", "h100", "a100", "--precision", "fp12"}, 2, "unknown precision"},
		{[]string{"hw", "list", "--bogus"}, 2, "flag provided but not defined"},
	}
	for _, c := range cases {
		out, errs, code := hwRun(nil, c.args...)
		if code != c.code || !strings.Contains(errs, c.contains) || out != "" {
			t.Errorf("%q: got exit %d, stderr %q, stdout %d bytes; want exit %d, stderr containing %q, no stdout",
				c.args, code, errs, len(out), c.code, c.contains)
		}
	}
}

func TestHWHelp(t *testing.T) {
	for _, args := range [][]string{{"hw", "-h"}, {"hw", "list", "-h"}, {"hw", "show", "-h"}, {"hw", "compare", "-h"}} {
		_, errs, code := hwRun(nil, args...)
		if code != 0 || !strings.Contains(errs, "Examples:") {
			t.Errorf("%q: exit %d, help lacks Examples:\n%s", args, code, errs)
		}
	}
}

// TestHWFile: a user file adds an entry and overrides one, through the flag
// and through $FLOPS_HW_FILE.
func TestHWFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chips.json")
	data := `[{"id":"my-asic","vendor":"Acme","name":"Acme 1","dense_flops":{"bf16":5e14},
	  "memory_bytes":9.6e10,"memory_bandwidth_bytes_per_second":2e12},
	 {"id":"h100","vendor":"NVIDIA","name":"H100 derated","dense_flops":{"bf16":8e14},
	  "memory_bytes":8e10,"memory_bandwidth_bytes_per_second":3e12,"source":"measured"}]`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		vars map[string]string
		args []string
	}{
		{nil, []string{"hw", "show", "my-asic", "--hw-file", path}},
		{map[string]string{"FLOPS_HW_FILE": path}, []string{"hw", "show", "my-asic"}},
	} {
		out, errs, code := hwRun(run.vars, run.args...)
		// 5e14 FLOP/s ÷ 2e12 B/s = 250 FLOP/byte.
		if code != 0 || !strings.Contains(out, "500 TFLOP/s") || !strings.Contains(out, "250") || !strings.Contains(out, "user file "+path) {
			t.Errorf("%v %q: exit %d, stderr %s, output:\n%s", run.vars, run.args, code, errs, out)
		}
	}
	out, _, _ := hwRun(nil, "hw", "show", "h100-sxm", "--hw-file", path, "--json")
	if !strings.Contains(out, `"bf16": 800000000000000`) {
		t.Errorf("override of h100 through its alias not applied:\n%s", out)
	}
	_, errs, code := hwRun(nil, "hw", "list", "--hw-file", filepath.Join(t.TempDir(), "missing.json"))
	if code != 2 || !strings.Contains(errs, "--hw-file") || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

// updateHW rewrites the hw golden files:
//
//	go test ./cmd/flops -run TestHWGolden -update-hw
var updateHW = flag.Bool("update-hw", false, "rewrite testdata/hw_*.golden from the current output")

// TestHWGolden compares the human output of the hw commands with
// testdata/hw_*.golden; a catalog change shows up here for review.
func TestHWGolden(t *testing.T) {
	cases := map[string][]string{
		"hw_list":                    {"hw", "list"},
		"hw_show_h100":               {"hw", "show", "h100"},
		"hw_compare_h100_mi300x_tpu": {"hw", "compare", "h100", "mi300x", "tpu-v5p", "--precision", "bf16"},
	}
	for name, args := range cases {
		out, errs, code := hwRun(nil, args...)
		if code != 0 {
			t.Fatalf("%q: exit %d, stderr %s", args, code, errs)
		}
		checkGolden(t, name, "flops "+strings.Join(args, " "), out)
	}
}

// TestOneLineErrors: a bad flag or a missing subcommand gives exit 2 and
// exactly the "flops: ..." line plus one "flops: hint: ..." line, never
// the whole usage text (QA: parseInterspersed let the flag package print
// the usage on every parse error, and -h printed it twice).
func TestOneLineErrors(t *testing.T) {
	tests := [][]string{
		{"model", "--bogus", "llama-3-8b"},
		{"model", "list", "--bogus"},
		{"hw", "show", "--bogus", "h100"},
		{"hw", "list", "--bogus"},
		{"hw"},
		{"scale"},
		{"model"},
	}
	for _, args := range tests {
		_, errOut, code := hwRun(nil, args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != 2 || len(lines) != 2 || !strings.HasPrefix(lines[0], "flops: ") ||
			!strings.HasPrefix(lines[1], "flops: hint: ") || strings.HasPrefix(lines[0], "flops: flops") {
			t.Errorf("flops %v: exit %d, stderr:\n%s\nwant exit 2 with one error and one hint line", args, code, errOut)
		}
	}
}

// TestHelpPrintedOnce: -h prints the usage once and exits 0.
func TestHelpPrintedOnce(t *testing.T) {
	for _, args := range [][]string{{"model", "-h"}, {"model", "list", "-h"}, {"hw", "show", "-h"}, {"hw", "compare", "--help"}} {
		_, errOut, code := hwRun(nil, args...)
		if n := strings.Count(errOut, "Usage: flops"); code != 0 || n != 1 {
			t.Errorf("flops %v: exit %d, %d usage texts; want exit 0 and 1", args, code, n)
		}
	}
}
