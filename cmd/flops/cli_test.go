package main

import "bytes"

// runCLI runs the CLI in-process, with an empty environment, and returns
// stdout, stderr and the exit code.
func runCLI(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	env := &cliEnv{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := run(env, args)
	return stdout.String(), stderr.String(), code
}
