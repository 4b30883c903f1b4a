package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// exitCases is the exit-code audit: for every command, results exit 0
// (including answers such as "does not fit"), bad input 2 (flags, values,
// unknown names of every kind, missing paths, broken files, questions
// with no answer as posed). Runtime failures (1) need a failing system
// and are in TestExitRuntimeFailures.
var exitCases = []struct {
	name string
	args []string
	code int
	want string // substring of the error line (bad input) or of stdout (results)
}{
	// top level
	{"version", []string{"--version"}, 0, "flops "},
	{"no command", []string{}, 2, ""},
	{"unknown command", []string{"nosuch"}, 2, `unknown command "nosuch"`},

	// train
	{"train result", []string{"train", "--params", "7B", "--tokens", "1T"}, 0, "GPU-hours"},
	{"train tiny params is a result", []string{"train", "--params", "7", "--tokens", "1T"}, 0, "GPU-hours"},
	{"train unknown gpu", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "nosuch"}, 2, "nosuch"},
	{"train unknown precision", []string{"train", "--params", "7B", "--tokens", "1T", "--precision", "fp12"}, 2, "fp12"},
	{"train precision the chip lacks", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "h100", "--precision", "fp4"}, 2, "fp4"},
	{"train unknown model", []string{"train", "--model", "nosuch", "--tokens", "1T"}, 2, `unknown model "nosuch"`},
	{"train missing model path", []string{"train", "--model", "testdata/nosuch.json", "--tokens", "1T"}, 2, "no such file"},
	{"train directory without model", []string{"train", "--model", "testdata", "--tokens", "1T"}, 2, "no config.json"},
	{"train missing hw file", []string{"train", "--params", "7B", "--tokens", "1T", "--hw-file", "testdata/nosuch.json"}, 2, "nosuch.json"},
	{"train bad value", []string{"train", "--params", "7X", "--tokens", "1T"}, 2, `--params "7X"`},
	{"train overflow", []string{"train", "--params", "1e300", "--tokens", "1e300"}, 2, "overflows"},
	{"train impossible deadline", []string{"train", "--params", "7B", "--tokens", "1T", "--days", "1ms"}, 2, "allow more time"},
	{"train budget priced from the catalog", []string{"train", "--params", "7B", "--budget", "10k"}, 0, "price catalog"},
	{"train budget on an unpriced chip", []string{"train", "--params", "7B", "--peak", "500TFLOP/s", "--budget", "10k"}, 2, "--price"},
	{"scale budget priced from the catalog", []string{"scale", "optimal", "--budget", "1M"}, 0, "price catalog"},
	{"train unknown flag", []string{"train", "--nosuch"}, 2, "nosuch"},

	// infer
	{"infer does not fit is a result", []string{"infer", "--params", "70B", "--gpu", "h100"}, 0, "DOES NOT FIT"},
	{"infer unknown gpu", []string{"infer", "--params", "70B", "--gpu", "nosuch"}, 2, "nosuch"},
	{"infer unknown model", []string{"infer", "--model", "nosuch"}, 2, "nosuch"},
	{"infer unknown weights", []string{"infer", "--params", "70B", "--weights", "int3"}, 2, "int3"},
	{"infer unknown kv dtype", []string{"infer", "--model", "llama-3-8b", "--kv-dtype", "nosuch"}, 2, "nosuch"},
	{"infer unknown precision", []string{"infer", "--params", "70B", "--precision", "fp12"}, 2, "fp12"},
	{"infer unknown attention", []string{"infer", "--params", "70B", "--attention", "nosuch"}, 2, "nosuch"},
	{"infer bad batch", []string{"infer", "--params", "70B", "--batch", "0"}, 2, "--batch"},
	{"infer plot format", []string{"infer", "--params", "70B", "--plot", "x.txt"}, 2, "svg or png"},
	{"infer plot into missing dir", []string{"infer", "--params", "70B", "--plot", "testdata/no/such/x.svg"}, 2, "x.svg"},
	// infer under load (package engine)
	{"load result", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "4", "--output", "64"}, 0, "time per output token"},
	{"load does not fit is a result", []string{"infer", "--model", "deepseek-v3", "--gpu", "h100", "--concurrency", "4"}, 0, "does not fit"},
	{"load concurrency 0", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "0"}, 2, "--concurrency"},
	{"load rate NaN", []string{"infer", "--model", "llama-3.1-8b", "--rate", "NaN"}, 2, "--rate"},
	{"load negative rate", []string{"infer", "--model", "llama-3.1-8b", "--rate", "-2"}, 2, "--rate"},
	{"load tp not dividing heads", []string{"infer", "--model", "llama-3.1-70b", "--tp", "3", "--concurrency", "8"}, 2, "--tp"},
	{"load ep beyond experts", []string{"infer", "--model", "deepseek-v3", "--gpu", "b200", "--attention-dp", "8", "--ep", "512", "--concurrency", "8"}, 2, "--ep"},
	{"load disagg zero workers", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--disagg", "--prefill-workers", "0", "--decode-workers", "1"}, 2, "--prefill-workers"},
	{"load disagg missing workers", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--disagg"}, 2, "--prefill-workers"},
	{"load unknown framework", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--framework", "nosuch"}, 2, "nosuch"},
	{"load unknown format", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--weights", "fp3"}, 2, "fp3"},
	{"load needs a model", []string{"infer", "--params", "8B", "--concurrency", "8"}, 2, "--model"},
	{"load and batch", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--batch", "4"}, 2, "--batch"},
	{"pp without a load", []string{"infer", "--model", "llama-3.1-8b", "--pp", "2"}, 2, "--pp"},
	{"two loads", []string{"infer", "--model", "llama-3.1-8b", "--concurrency", "8", "--rate", "2"}, 2, "exactly one"},

	// model
	{"model result", []string{"model", "llama-3-8b"}, 0, "8,030,261,248"},
	{"model unknown", []string{"model", "nosuch"}, 2, `unknown model "nosuch"`},
	{"model missing path", []string{"model", "testdata/nosuch.json"}, 2, "no such file"},
	{"model unknown dtype", []string{"model", "llama-2-7b", "--dtype", "nosuch"}, 2, "unknown dtype"},
	{"model unknown convention", []string{"model", "llama-2-7b", "--convention", "nosuch"}, 2, "causal or full"},
	{"model unknown recompute", []string{"model", "llama-2-7b", "--recompute", "nosuch"}, 2, "nosuch"},
	{"model bad context", []string{"model", "llama-2-7b", "--context", "-1"}, 2, "--context"},

	// hw
	{"hw show result", []string{"hw", "show", "h100"}, 0, "H100"},
	{"hw show unknown", []string{"hw", "show", "nosuch"}, 2, "nosuch"},
	{"hw compare unknown", []string{"hw", "compare", "h100", "nosuch"}, 2, "nosuch"},
	{"hw compare unknown precision", []string{"hw", "compare", "h100", "h200", "--precision", "fp12"}, 2, "fp12"},
	{"hw list unknown vendor", []string{"hw", "list", "--vendor", "nosuch"}, 2, "nosuch"},
	{"hw unknown subcommand", []string{"hw", "nosuch"}, 2, "nosuch"},
	{"hw prices result", []string{"hw", "prices", "h100", "mi300x"}, 0, "median of 8 providers"},
	{"hw prices unknown gpu", []string{"hw", "prices", "nosuch"}, 2, "nosuch"},
	{"hw prices unpriced gpu", []string{"hw", "prices", "tpu-v5p"}, 2, "no list price"},

	// scale
	{"scale optimal result", []string{"scale", "optimal", "--compute", "5.76e23"}, 0, "N_opt"},
	{"scale unknown subcommand", []string{"scale", "nosuch"}, 2, "nosuch"},
	{"scale unknown law", []string{"scale", "optimal", "--compute", "1e23", "--law", "nosuch"}, 2, "nosuch"},
	{"scale budget unknown gpu", []string{"scale", "optimal", "--budget", "1M", "--gpu", "nosuch"}, 2, "nosuch"},
	{"scale budget unknown precision", []string{"scale", "optimal", "--budget", "1M", "--gpu", "h100", "--precision", "fp12"}, 2, "fp12"},
	{"scale loss unknown model", []string{"scale", "loss", "--model", "nosuch"}, 2, "nosuch"},
	{"scale inference unknown model", []string{"scale", "inference", "--model", "nosuch", "--inference-tokens", "1T"}, 2, "nosuch"},
	{"scale isoflop unknown law", []string{"scale", "isoflop", "--budgets", "1e21", "--law", "nosuch"}, 2, "nosuch"},

	// mfu, plan, validate
	{"mfu result", []string{"mfu", "--model", "llama-2-7b", "--gpu", "a100", "--tokens-per-second-per-gpu", "3000"}, 0, "MFU"},
	{"mfu unknown model", []string{"mfu", "--model", "nosuch", "--gpu", "h100", "--tokens-per-second-per-gpu", "3000"}, 2, "nosuch"},
	{"mfu unknown gpu", []string{"mfu", "--model", "llama-2-7b", "--gpu", "nosuch", "--tokens-per-second-per-gpu", "3000"}, 2, "nosuch"},
	{"mfu missing throughput", []string{"mfu", "--model", "llama-2-7b"}, 2, ""},
	{"plan nothing fits is a result", []string{"plan", "--model", "llama-3-70b", "--gpu", "h100", "--gpus", "1"}, 0, ""},
	{"plan unknown model", []string{"plan", "--model", "nosuch", "--gpu", "h100", "--gpus", "8"}, 2, "nosuch"},
	{"plan unknown gpu", []string{"plan", "--model", "llama-2-7b", "--gpu", "nosuch", "--gpus", "8"}, 2, "nosuch"},
	{"plan unknown recompute", []string{"plan", "--model", "llama-2-7b", "--gpu", "h100", "--gpus", "8", "--recompute", "nosuch"}, 2, "nosuch"},
	{"plan zero gpus", []string{"plan", "--model", "llama-2-7b", "--gpus", "0"}, 2, "--gpus"},
	{"validate unknown table", []string{"validate", "--table", "nosuch"}, 2, "nosuch"},

	// bench, serve (checked before anything is measured or served)
	{"bench unknown isa", []string{"bench", "--isa", "nosuch"}, 2, "nosuch"},
	{"bench negative duration", []string{"bench", "--duration", "-1s"}, 2, "--duration"},
	{"bench save into missing dir", []string{"bench", "--save", "testdata/no/such/x.json"}, 2, "does not exist"},
	{"serve bad address", []string{"serve", "--addr", "localhost:-1"}, 2, "invalid port"},
	{"serve stray argument", []string{"serve", "--addr", "127.0.0.1:0", "extra"}, 2, "extra"},
}

// TestExitCodes runs the audit table against the built binary.
func TestExitCodes(t *testing.T) {
	for _, tc := range exitCases {
		t.Run(tc.name, func(t *testing.T) {
			r := runBin(t, tc.args...)
			if r.code != tc.code {
				t.Fatalf("flops %s: exit %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), r.code, tc.code, r.stderr)
			}
			switch {
			case len(tc.args) == 0: // the command list on stderr
			case tc.code != 0:
				checkErrorOutput(t, r, tc.want)
			case !strings.Contains(r.stdout, tc.want):
				t.Errorf("flops %s: stdout lacks %q:\n%s", strings.Join(tc.args, " "), tc.want, r.stdout)
			}
		})
	}
}

// TestExitRuntimeFailures: a system that fails to do what valid input asks
// exits 1: stdout on a full device, a plot file on a full device, an
// address already in use.
func TestExitRuntimeFailures(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this OS")
	}
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, args := range [][]string{
		{"--version"},
		{"train", "--params", "7B", "--tokens", "1T"},
		{"train", "--params", "7B", "--tokens", "1T", "--json"},
		{"infer", "--model", "llama-3-8b"},
		{"model", "llama-3-8b"},
		{"hw", "list"},
		{"scale", "optimal", "--compute", "5.76e23"},
		{"validate", "--table", "runs"}, // the same writer without the held-out refits
	} {
		cmd := exec.Command(flopsBin, args...)
		cmd.Env = append(os.Environ(), "FLOPS_HW_FILE=")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "no space left") {
			t.Errorf("flops %s > /dev/full: %v, stderr %q; want exit 1 naming the write error", strings.Join(args, " "), err, stderr.String())
		}
	}
	plotPath := filepath.Join(t.TempDir(), "x.svg")
	if err := os.Symlink("/dev/full", plotPath); err != nil {
		t.Fatal(err)
	}
	if r := runBin(t, "infer", "--params", "7B", "--plot", plotPath); r.code != 1 {
		t.Errorf("--plot onto a full device: exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	defer ln.Close()
	if r := runBin(t, "serve", "--addr", ln.Addr().String()); r.code != 1 || !strings.Contains(r.stderr, "in use") {
		t.Errorf("serve on a taken address: exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
}

// TestCodeFor: the classification on its own, including wrapped errors.
func TestCodeFor(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"help", errHelp, 0},
		{"usage", usagef("bad"), 2},
		{"plain input error", errors.New("unknown accelerator"), 2},
		{"missing file", &os.PathError{Op: "open", Path: "x", Err: os.ErrNotExist}, 2},
		{"permission denied", &os.PathError{Op: "open", Path: "x", Err: os.ErrPermission}, 1},
		{"wrapped write failure", withHint(&os.PathError{Op: "write", Path: "/dev/stdout", Err: errors.New("broken pipe")}, "h"), 1},
		{"marked failure", failure(errors.New("kernel wrong")), 1},
		{"bad address", &net.OpError{Op: "listen", Err: &net.AddrError{Err: "invalid port", Addr: "-1"}}, 2},
	}
	for _, tc := range cases {
		if got := codeFor(tc.err); got != tc.want {
			t.Errorf("%s: codeFor(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestVersionLine: the module version and the VCS stamp of the build info.
func TestVersionLine(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := "flops v1.2.3 (revision abc123, committed 2026-01-02T03:04:05Z, with uncommitted changes; go1.26.8)"
	if got := versionLine(info, true); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := versionLine(&debug.BuildInfo{GoVersion: "go1.26.8"}, true); got != "flops (devel) (no VCS revision recorded; go1.26.8)" {
		t.Errorf("unstamped build: got %q", got)
	}
}

// TestSmallParamsWarning: "--params 7" is computed (a result) with a
// warning that suggests 7B; 7B gets none.
func TestSmallParamsWarning(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--params", "7", "--tokens", "1T"}, "--params 7 is 7 parameters: did you mean 7B?"},
		{[]string{"infer", "--params", "500K"}, "--params 500K is 500,000 parameters: did you mean 500M or 500B?"},
		{[]string{"scale", "loss", "--params", "70", "--tokens", "1.4T"}, "did you mean 70B?"},
		{[]string{"mfu", "--params", "7", "--gpu", "a100", "--tokens-per-second-per-gpu", "3000"}, "did you mean 7B?"},
		{[]string{"train", "--params", "7B", "--tokens", "1T"}, ""},
	} {
		_, errOut, code := runCLI(tc.args...)
		has := strings.Contains(errOut, "did you mean")
		if code != 0 || tc.want == "" && has || tc.want != "" && !strings.Contains(errOut, tc.want) {
			t.Errorf("flops %s: exit %d, stderr %q; want exit 0 and %q", strings.Join(tc.args, " "), code, errOut, tc.want)
		}
	}
}
