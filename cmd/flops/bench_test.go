package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/flopsdev/flops/hardware"
)

// TestBenchQuickSavesAnEntry runs a short benchmark (peak FMA and a small
// STREAM only), saves the machine as a catalog entry, and uses that entry
// with --hw-file --gpu local, as issue 8 asks.
func TestBenchQuickSavesAnEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a benchmark")
	}
	saved := filepath.Join(t.TempDir(), "local.json")
	out, errOut, code := runCLI("bench", "--quick", "--no-gemm", "--stream-memory", "30MB", "--duration", "100ms",
		"--json", "--save", saved)
	if code != 0 {
		t.Fatalf("bench: exit %d: %s", code, errOut)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("bench --json: %v", err)
	}
	f, err := os.Open(saved)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := hardware.ReadJSON(f)
	if err != nil || len(entries) != 1 || entries[0].ID != "local" {
		t.Fatalf("saved entry: %v, %+v", err, entries)
	}
	// A measured machine has a positive fp64 peak and bandwidth.
	if p, err := entries[0].Peak(hardware.FP64); err != nil || p <= 0 || entries[0].Bandwidth <= 0 {
		t.Errorf("saved peak %v (%v), bandwidth %v: want both positive", p, err, entries[0].Bandwidth)
	}
	_, errOut, code = runCLI("train", "--params", "1B", "--tokens", "1B", "--hw-file", saved, "--gpu", "local",
		"--precision", "fp32", "--json")
	if code != 0 {
		t.Errorf("train on the saved entry: exit %d: %s", code, errOut)
	}
	_, errOut, code = runCLI("infer", "--params", "1B", "--hw-file", saved, "--gpu", "local", "--precision", "fp32", "--json")
	if code != 0 {
		t.Errorf("infer on the saved entry: exit %d: %s", code, errOut)
	}
}
