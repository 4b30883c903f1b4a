package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the golden files: go test ./cmd/flops -run TestGolden -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// flopsBin is the flops binary built once for the end-to-end tests.
var flopsBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "flops-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: temp dir:", err)
		os.Exit(1)
	}
	flopsBin = filepath.Join(dir, "flops")
	out, err := exec.Command("go", "build", "-o", flopsBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary produced.
type result struct {
	stdout, stderr string
	code           int
}

// runBin runs the built binary with args and a clean environment for the
// variables flops reads.
func runBin(t *testing.T, args ...string) result {
	t.Helper()
	return runBinIn(t, "", args...)
}

// runBinIn runs the binary in directory dir ("" for the test's own).
func runBinIn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(flopsBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FLOPS_HW_FILE=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run flops %q: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// golden cases: each output is compared with testdata/<name>.golden, which
// holds stdout and, after a "-- stderr --" line, stderr when there is any.
var goldenCases = []struct {
	name string
	args []string
}{
	{"train_7b_1t", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--mfu", "0.5", "--price", "2"}},
	{"train_7b_1t_json", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--mfu", "0.5", "--price", "2", "--json"}},
	{"train_7b_1t_explain", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm", "--mfu", "0.5", "--price", "2", "--explain"}},
	{"train_no_price", []string{"train", "--params", "70B", "--tokens", "2T", "--gpu", "h100", "--gpus", "2048"}},
	{"train_days", []string{"train", "--params", "7B", "--tokens", "1T", "--gpu", "a100", "--days", "30"}},
	{"train_budget", []string{"train", "--params", "7B", "--gpu", "h100-sxm", "--mfu", "0.5", "--price", "2", "--budget", "$10k"}},
	{"train_model", []string{"train", "--model", "llama-2-7b", "--tokens", "2T", "--gpu", "a100-80gb", "--price", "1.5", "--explain"}},
	{"train_custom_peak", []string{"train", "--flops", "3.8e25", "--peak", "989TFLOP/s", "--gpus", "16384", "--mfu", "38%"}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			r := runBin(t, tc.args...)
			if r.code != 0 {
				t.Fatalf("flops %s: exit %d, stderr:\n%s", strings.Join(tc.args, " "), r.code, r.stderr)
			}
			got := r.stdout
			if r.stderr != "" {
				got += "-- stderr --\n" + r.stderr
			}
			checkGolden(t, tc.name, "flops "+strings.Join(tc.args, " "), got)
		})
	}
}

// TestBadInputs checks that each bad command line exits 1 or 2 with one
// "flops: ..." line (plus optional "flops: hint: ..." lines) and no panic.
func TestBadInputs(t *testing.T) {
	ok := []string{"--params", "7B", "--tokens", "1T", "--gpu", "h100-sxm"}
	with := func(flag, value string) []string {
		args := []string{"train"}
		for i := 0; i < len(ok); i += 2 {
			if ok[i] != flag {
				args = append(args, ok[i], ok[i+1])
			}
		}
		if value != "" {
			args = append(args, flag, value)
		}
		return args
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // substring of the error line
	}{
		{"bad suffix", with("--params", "7X"), 2, `--params "7X"`},
		{"negative", with("--params", "-3B"), 2, `--params "-3B"`},
		{"double percent", append(with("", ""), "--mfu", "40%%"), 2, `--mfu "40%%"`},
		{"mfu above 1", append(with("", ""), "--mfu", "40"), 2, "--mfu"},
		{"nan", with("--tokens", "NaN"), 2, `--tokens "NaN"`},
		{"overflow", with("--tokens", "1e400"), 2, `--tokens "1e400"`},
		{"empty", with("--params", " "), 2, "--params"},
		{"zero gpus", append(with("", ""), "--gpus", "0"), 2, "--gpus"},
		{"fractional gpus", append(with("", ""), "--gpus", "1.5"), 2, "--gpus"},
		{"pue below 1", append(with("", ""), "--pue", "0.9"), 2, "--pue"},
		{"unknown gpu", with("--gpu", "nosuch"), 2, "nosuch"},
		{"overflowing product", []string{"train", "--params", "1e300", "--tokens", "1e300"}, 2, "overflows"},
		{"impossible deadline", append(with("", ""), "--days", "1ms"), 2, "allow more time"},
		{"missing tokens", with("--tokens", ""), 2, "--tokens"},
		{"budget without price on a chip the price catalog lacks", []string{"train", "--params", "7B", "--peak", "500TFLOP/s", "--budget", "1000"}, 2, "--price"},
		{"flops and params", append(with("", ""), "--flops", "1e22"), 2, "--flops"},
		{"no fp4 on h100", append(with("", ""), "--precision", "fp4"), 2, "fp4"},
		{"unknown precision", append(with("", ""), "--precision", "fp12"), 2, "fp12"},
		{"peak without unit", []string{"train", "--params", "7B", "--tokens", "1T", "--peak", "500"}, 2, `--peak "500"`}, // a bad flag value is a usage error, like --params
		{"missing hw file", append(with("", ""), "--hw-file", "testdata/nosuch.json"), 2, "nosuch.json"},
		{"unknown flag", append(with("", ""), "--nosuch", "1"), 2, "nosuch"},
		{"positional argument", append(with("", ""), "extra"), 2, "extra"},
		{"unknown command", []string{"nosuch"}, 2, `unknown command "nosuch"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBin(t, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code: got %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			checkErrorOutput(t, r, tt.want)
		})
	}
}

// checkErrorOutput checks a failed run: nothing on stdout, one "flops: "
// error line containing want, only hint lines besides, no panic.
func checkErrorOutput(t *testing.T, r result, want string) {
	t.Helper()
	if r.stdout != "" {
		t.Errorf("stdout: got %q, want nothing on error", r.stdout)
	}
	var errLines []string
	sc := bufio.NewScanner(strings.NewReader(r.stderr))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "flops: hint: "):
		case strings.HasPrefix(line, "flops: "):
			errLines = append(errLines, line)
		default:
			t.Errorf("stderr line %q: want only \"flops: ...\" lines", line)
		}
	}
	if len(errLines) != 1 {
		t.Fatalf("stderr: got %d error lines, want 1:\n%s", len(errLines), r.stderr)
	}
	if !strings.Contains(errLines[0], want) {
		t.Errorf("error line %q: want it to contain %q", errLines[0], want)
	}
}

// readmeExample is a flops command from README.md and, for a console
// block, the output shown under it.
type readmeExample struct {
	line   int      // line number in README.md
	args   []string // arguments after "flops"
	output string   // output shown under a console command
	shown  bool     // the README shows output: it must match exactly
}

// readmeExamples extracts the flops commands from README.md: "$ flops ..."
// lines in console blocks (with the output that follows them) and
// "flops ..." or "go run ./cmd/flops ..." lines in sh blocks.
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var exs []readmeExample
	block, inFence, open := "", false, -1 // fence info string; index of the console command taking output
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inFence, open = !inFence, -1
			block = ""
			if inFence {
				block = strings.TrimSpace(strings.TrimPrefix(line, "```"))
			}
		case block == "console" && strings.HasPrefix(line, "$ flops "):
			exs = append(exs, readmeExample{line: i + 1, args: shellWords(t, strings.TrimPrefix(line, "$ flops "))})
			open = len(exs) - 1
		case block == "console" && open >= 0:
			exs[open].output += line + "\n"
			exs[open].shown = true
		case block == "sh":
			for _, prefix := range []string{"flops ", "go run ./cmd/flops "} {
				if strings.HasPrefix(line, prefix) {
					exs = append(exs, readmeExample{line: i + 1, args: shellWords(t, strings.TrimPrefix(line, prefix))})
				}
			}
		}
	}
	return exs
}

// shellWords splits a command line on spaces, honouring '...' and "..." quoting.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var cur strings.Builder
	quote, inWord := rune(0), false
	for _, c := range s {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("README: unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// invalidExample lists warnings that mean a README example asks a question
// it should not (a prompt beyond the model's context, a parameter count
// without its suffix, a tensor-parallel width that does not divide the
// heads or spans domains, a deadline no cluster meets): an example must be
// a sound question, not merely one that exits 0. Warnings that are part of
// an example's answer ("does not fit", "no architecture" for --params) are
// allowed.
var invalidExample = []string{
	"exceeds the model's maximum context",
	"did you mean",
	"does not divide",
	"spans more than one",
	"more than the largest clusters",
}

// TestREADMEExamples runs every flops command in README.md: each must exit
// 0, print something and warn of nothing in invalidExample; where the
// README shows output, it must match.
func TestREADMEExamples(t *testing.T) {
	exs := readmeExamples(t)
	if len(exs) < 5 {
		t.Fatalf("found %d flops commands in README.md, want at least 5", len(exs))
	}
	for _, ex := range exs {
		line := ex.line
		t.Run(fmt.Sprintf("line%d", line), func(t *testing.T) {
			r := runBinIn(t, filepath.Join("..", ".."), ex.args...) // README paths are relative to the repository root
			if r.code != 0 {
				t.Fatalf("README.md:%d: flops %s: exit %d\n%s", line, strings.Join(ex.args, " "), r.code, r.stderr)
			}
			if r.stdout == "" {
				t.Errorf("README.md:%d: flops %s: no output", line, strings.Join(ex.args, " "))
			}
			for _, bad := range invalidExample {
				if strings.Contains(r.stderr, bad) {
					t.Errorf("README.md:%d: flops %s: not a sound example, it warns %q:\n%s", line, strings.Join(ex.args, " "), bad, r.stderr)
				}
			}
			if ex.shown && r.stdout != ex.output {
				t.Errorf("README.md:%d: flops %s: output differs from the README\ngot:\n%s\nREADME:\n%s",
					line, strings.Join(ex.args, " "), r.stdout, ex.output)
			}
		})
	}
}

// TestServeRejectsArguments: QA found "flops serve extra" ignored the stray
// argument and started serving on the default address; like every other
// command it is a usage error (exit 2), before anything listens.
func TestServeRejectsArguments(t *testing.T) {
	_, errOut, code := runCLI("serve", "--addr", "127.0.0.1:0", "extra")
	if code != 2 || !strings.Contains(errOut, `serve: unexpected argument "extra"`) {
		t.Errorf("serve extra: exit %d, stderr %q; want exit 2 naming the argument", code, errOut)
	}
}

// TestWriteJSONOutOfRange: QA found "flops infer --params 1e308 --json"
// failed with the bare "json: unsupported value: +Inf"; the error now says
// the result is out of range, and nothing half-written reaches stdout.
func TestWriteJSONOutOfRange(t *testing.T) {
	var out bytes.Buffer
	err := writeJSON(&out, map[string]float64{"seconds_per_token": math.Inf(1)})
	if err == nil || !strings.Contains(err.Error(), "result out of range (a computed value is +Inf)") || out.Len() != 0 {
		t.Errorf("got error %v and %d bytes of output; want a range error and no output", err, out.Len())
	}
}
