package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deployQuick is a small search: an 8B model on two H100s.
var deployQuick = []string{"deploy", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "2", "--ttft", "300ms", "--tpot", "15ms", "--price", "2"}

// deployPoint is the part of a point the tests read.
type deployPoint struct {
	Mode    string  `json:"mode"`
	TTFT    float64 `json:"ttft_seconds"`
	TPOT    float64 `json:"tpot_seconds"`
	PerGPU  float64 `json:"output_tokens_per_second_per_gpu"`
	Command string  `json:"command"`
}

type deployJSON struct {
	Feasible bool          `json:"feasible"`
	Best     *deployPoint  `json:"best"`
	Pareto   []deployPoint `json:"pareto"`
	Closest  *struct {
		Misses []struct {
			Target string  `json:"target"`
			Over   float64 `json:"over_fraction"`
		} `json:"misses"`
	} `json:"closest"`
}

func runDeployJSON(t *testing.T, args ...string) deployJSON {
	t.Helper()
	out, errOut, code := runCLI(append(args, "--json")...)
	if code != 0 {
		t.Fatalf("flops %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	var r deployJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDeployCommandsReproduce runs the "flops infer" command of the best
// and of every Pareto point: each must give the point's figures exactly.
func TestDeployCommandsReproduce(t *testing.T) {
	r := runDeployJSON(t, deployQuick...)
	if !r.Feasible || r.Best == nil {
		t.Fatalf("feasible %v: an 8B model on 2 H100s at 15 ms is served", r.Feasible)
	}
	modes := map[string]bool{}
	for _, p := range append(r.Pareto, *r.Best) {
		modes[p.Mode] = true
		args := strings.Fields(strings.TrimPrefix(p.Command, "flops "))
		out, errOut, code := runCLI(append(args, "--json")...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", p.Command, code, errOut)
		}
		var got struct {
			TTFT   float64 `json:"ttft_seconds"`
			TPOT   float64 `json:"tpot_seconds"`
			PerGPU float64 `json:"output_tokens_per_second_per_gpu"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{{"TTFT", got.TTFT, p.TTFT}, {"TPOT", got.TPOT, p.TPOT}, {"tokens/s per GPU", got.PerGPU, p.PerGPU}} {
			if math.Abs(f.got-f.want) > 1e-9*math.Abs(f.want) {
				t.Errorf("%s: %s %g, the deploy point says %g", p.Command, f.name, f.got, f.want)
			}
		}
	}
	if !modes["aggregated"] || !modes["disaggregated"] {
		t.Errorf("modes reproduced %v: want both", modes)
	}
}

// TestDeployInfeasible: an unreachable target is a result, exit 0.
func TestDeployInfeasible(t *testing.T) {
	r := runDeployJSON(t, "deploy", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--tpot", "1ms")
	if r.Feasible || r.Best != nil || r.Closest == nil || len(r.Closest.Misses) == 0 || r.Closest.Misses[0].Target != "tpot" {
		t.Fatalf("feasible %v, closest %+v: want infeasible with the TPOT miss", r.Feasible, r.Closest)
	}
	out, _, code := runCLI("deploy", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--tpot", "1ms")
	if code != 0 || !strings.Contains(out, "No layout searched meets the targets.") || !strings.Contains(out, "misses tpot") {
		t.Errorf("exit %d, output:\n%s\nwant exit 0 saying nothing meets the targets and the miss", code, out)
	}
}

// TestDeployBadInput: bad values exit 2 with one error naming the flag.
func TestDeployBadInput(t *testing.T) {
	base := []string{"deploy", "--model", "llama-3.1-70b", "--gpu", "h100-sxm"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--ttft", "-500ms"}, "--ttft"},
		{[]string{"--tpot", "NaN"}, "--tpot"},
		{[]string{"--tpot", "30"}, "give a unit"},
		{[]string{"--gpu", "h100-sxm,nosuch"}, "--gpu"},
		{[]string{"--tp", "3"}, "empty search space"},
		{[]string{"--gpus", "8", "--rate", "2"}, "not both"},
		{[]string{"--rate", "-1"}, "--rate"},
		{[]string{"--rate", "2e6"}, "at most 1e+06"},
		{[]string{"--percentile", "p95"}, "--percentile"},
		{[]string{"--mode", "split"}, "--mode"},
		{[]string{"--price", "1,2"}, "--price"},
		{[]string{"--concurrency", "0"}, "--concurrency"},
		{[]string{"--json", "--csv"}, "not both"},
		{[]string{"--plot", "out.gif"}, "--plot"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append(append([]string{}, base...), tc.args...)
			if tc.args[0] == "--gpu" {
				args = append([]string{"deploy", "--model", "llama-3.1-70b"}, tc.args...)
			}
			out, errOut, code := runCLI(args...)
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "flops: ") > 2 {
				t.Errorf("flops %s: exit %d, stdout %q, stderr %q; want exit 2 and an error naming %q", strings.Join(args, " "), code, out, errOut, tc.want)
			}
		})
	}
}

// TestDeployCSVAndPlot: --csv lists the points with their commands and
// --plot writes the figure.
func TestDeployCSVAndPlot(t *testing.T) {
	out, errOut, code := runCLI(append(deployQuick, "--csv")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 3 || recs[0][0] != "set" || recs[1][0] != "best" {
		t.Fatalf("csv %v: %q", err, out)
	}
	last := recs[0][len(recs[0])-1]
	for _, r := range recs[1:] {
		if last != "command" || !strings.HasPrefix(r[len(r)-1], "flops infer ") {
			t.Errorf("row %v: want the flops infer command last", r)
		}
	}
	path := filepath.Join(t.TempDir(), "pareto.svg")
	if _, errOut, code := runCLI(append(deployQuick, "--plot", path)...); code != 0 {
		t.Fatalf("--plot: exit %d\n%s", code, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "TPOT target") {
		t.Errorf("plot %s: %v; want an SVG with the TPOT target", path, err)
	}
}

// TestDeployGolden pins the text output of a restricted search.
func TestDeployGolden(t *testing.T) {
	args := []string{"deploy", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "4", "--mode", "agg", "--tp", "1,2",
		"--concurrency", "8,16,32,64", "--ttft", "300ms", "--tpot", "15ms", "--price", "2"}
	out, errOut, code := runCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	checkGolden(t, "deploy_8b_restricted", "flops "+strings.Join(args, " "), out)
}

// TestDeployExitCodes holds flops deploy to the exit-code contract of
// exit.go on the built binary: answers (infeasible, nothing fits) exit 0;
// bad input exits 2 with one "flops: ..." line naming what is wrong.
func TestDeployExitCodes(t *testing.T) {
	m := []string{"deploy", "--model", "llama-3.1-70b", "--gpu", "h100-sxm"}
	with := func(extra ...string) []string { return append(append([]string{}, m...), extra...) }
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"infeasible is a result", with("--tpot", "1ms"), 0, "No layout searched meets the targets."},
		{"nothing fits is a result", []string{"deploy", "--model", "llama-3.1-405b", "--gpu", "h100-sxm", "--gpus", "2"}, 0, "holds the model"},
		{"unknown gpu", []string{"deploy", "--model", "llama-3.1-70b", "--gpu", "nosuch"}, 2, "nosuch"},
		{"unknown model", []string{"deploy", "--model", "nosuch"}, 2, "nosuch"},
		{"missing model path", []string{"deploy", "--model", "testdata/nosuch.json"}, 2, "no such file"},
		{"unknown framework", with("--framework", "nosuch"), 2, "nosuch"},
		{"negative target", with("--ttft", "-1s"), 2, "--ttft"},
		{"empty search space", with("--tp", "3"), 2, "empty search space"},
		{"plot format", with("--plot", "x.txt"), 2, "svg or png"},
		{"plot into missing dir", with("--gpus", "2", "--mode", "agg", "--plot", "testdata/no/such/x.svg"), 2, "x.svg"},
		{"unknown flag", with("--nosuch"), 2, "nosuch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runBin(t, tc.args...)
			if r.code != tc.code {
				t.Fatalf("flops %s: exit %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), r.code, tc.code, r.stderr)
			}
			if tc.code != 0 {
				checkErrorOutput(t, r, tc.want)
			} else if !strings.Contains(r.stdout, tc.want) {
				t.Errorf("stdout lacks %q:\n%s", tc.want, r.stdout)
			}
		})
	}
}

// TestDeployCommandWithinOneRun: 4096 one-GPU replicas at 128 in flight
// each hold 524,288 requests, more than the 65,536 one flops infer run
// holds (engine.MaxConcurrency), so the best point's command runs one
// replica, and it runs: exit 0 and the point's TPOT (to 1e-9, as
// TestDeployCommandsReproduce).
func TestDeployCommandWithinOneRun(t *testing.T) {
	r := runDeployJSON(t, "deploy", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "4096", "--tp", "1", "--mode", "agg", "--tpot", "30ms", "--price", "2")
	if r.Best == nil {
		t.Fatal("no best: an 8B model on H100s at 30 ms is served")
	}
	args := strings.Fields(strings.TrimPrefix(r.Best.Command, "flops "))
	out, errOut, code := runCLI(append(args, "--json")...)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", r.Best.Command, code, errOut)
	}
	var got struct {
		TPOT float64 `json:"tpot_seconds"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.TPOT-r.Best.TPOT) > 1e-9*r.Best.TPOT {
		t.Errorf("%s: TPOT %g, the deploy point says %g", r.Best.Command, got.TPOT, r.Best.TPOT)
	}
}

// TestDeployPlotInfeasible: --plot with a target nothing meets is an
// answer, exit 0, and the figure is written; with nothing that fits in
// memory there is nothing to draw: exit 0, a warning, no file.
func TestDeployPlotInfeasible(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pareto.svg")
	out, errOut, code := runCLI("deploy", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "2", "--ttft", "1ms", "--plot", path)
	if code != 0 || !strings.Contains(out, "No layout searched meets the targets.") {
		t.Fatalf("exit %d, stdout %q, stderr %q: want exit 0 and the infeasible answer", code, out, errOut)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "closest to the targets") {
		t.Errorf("plot %s: %v; want the figure with the closest point", path, err)
	}
	path = filepath.Join(t.TempDir(), "none.svg")
	out, errOut, code = runCLI("deploy", "--model", "llama-3.1-405b", "--gpu", "h100-sxm", "--gpus", "2", "--plot", path)
	if code != 0 || !strings.Contains(out, "holds the model") || !strings.Contains(errOut, "warning: --plot") {
		t.Fatalf("nothing fits: exit %d, stdout %q, stderr %q: want exit 0, the answer and a warning", code, out, errOut)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("%s written with nothing to draw", path)
	}
}
