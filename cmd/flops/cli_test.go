package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// runCLI runs the CLI in-process, with an empty environment, and returns
// stdout, stderr and the exit code.
func runCLI(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	env := &cliEnv{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(env, args)
	return stdout.String(), stderr.String(), code
}

// checkGolden compares got with testdata/NAME.golden, or rewrites the file
// when the test runs with -update (or -update-hw for the hw goldens).
// label names the command in the failure message.
func checkGolden(t *testing.T, name, label, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update || *updateHW {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: output differs from %s (rerun with -update if intended)\ngot:\n%s\nwant:\n%s", label, path, got, want)
	}
}
