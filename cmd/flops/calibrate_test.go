package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// examples is the repository's docs/examples directory.
var examples = filepath.Join("..", "..", "docs", "examples")

// TestCalibrateExampleProfile recalibrates docs/examples/dgx-h100-fp8-runs.csv
// and compares the result with the shipped docs/examples/dgx-h100-fp8-profile.json
// that the README's plan, train and validate examples read (-update
// rewrites it).
func TestCalibrateExampleProfile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.json")
	_, errOut, code := runCLI("calibrate", "--runs", filepath.Join(examples, "dgx-h100-fp8-runs.csv"), "--stack", "nemo",
		"--precision", "fp8", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	shipped := filepath.Join(examples, "dgx-h100-fp8-profile.json")
	if *update {
		if err := os.WriteFile(shipped, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from a fresh calibration (rerun with -update if intended)", shipped)
	}
}

// TestCalibrateErrors: a missing --runs is a usage error; a malformed file
// names its line; a profile for another accelerator is refused by plan.
func TestCalibrateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("model,gpu\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tp3 := filepath.Join(dir, "tp3.csv")
	if err := os.WriteFile(tp3, []byte("model,gpu,gpus,tp,pp,dp,micro_batch,global_batch,seq_len,recompute,measured_step_seconds\nllama-3-8b,h100,8,3,,,,128,4096,,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"calibrate"}, 2, "--runs FILE is required"},
		{[]string{"calibrate", "--runs", bad}, 2, "header"},
		{[]string{"calibrate", "--runs", tp3}, 2, "--tp 3 does not divide the 8 GPUs"},
		{[]string{"calibrate", "--runs", filepath.Join(dir, "none.csv")}, 2, "no such file"}, // a missing path is bad input
		{[]string{"plan", "--model", "llama-3-8b", "--gpu", "a100", "--gpus", "8", "--profile", filepath.Join(examples, "dgx-h100-fp8-profile.json")}, 2, "no constants for a100"},
		{[]string{"plan", "--model", "llama-3-8b", "--gpus", "8", "--profile", bad}, 2, "--profile"},
	} {
		_, errOut, code := runCLI(c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("flops %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(c.args, " "), code, errOut, c.code, c.want)
		}
	}
}
