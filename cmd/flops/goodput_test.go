package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goodputGolden are the reliability outputs kept as golden files.
var goodputGolden = []struct {
	name string
	args []string
}{
	{"goodput_llama3_54d", []string{"goodput", "--model", "llama-3.1-405b", "--gpus", "16384", "--days", "54"}},
	{"goodput_llama3_explain", []string{"goodput", "--model", "llama-3.1-405b", "--gpus", "16384", "--restart-time", "2m", "--async-checkpoint", "--explain"}},
	{"goodput_sweep", []string{"goodput", "--model", "llama-3.1-405b", "--gpus", "64-1M", "--checkpoint-bandwidth", "default,2TB/s", "--restart-time", "default,1m"}},
	{"train_405b_failures", []string{"train", "--model", "llama-3.1-405b", "--tokens", "15.6T", "--gpu", "h100", "--gpus", "16384", "--mfu", "0.4", "--price", "2"}},
	{"train_405b_failures_json", []string{"train", "--model", "llama-3.1-405b", "--tokens", "15.6T", "--gpu", "h100", "--gpus", "16384", "--mfu", "0.4", "--price", "2", "--json"}},
}

func TestGoldenGoodput(t *testing.T) {
	for _, tc := range goodputGolden {
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

// TestBadReliabilityFlags: every bad value of a reliability flag exits 2
// with one error line naming the flag, in train, plan and goodput.
func TestBadReliabilityFlags(t *testing.T) {
	train := []string{"train", "--params", "70B", "--tokens", "2T", "--gpus", "1024"}
	plan := []string{"plan", "--model", "llama-2-7b", "--gpus", "64"}
	good := []string{"goodput", "--params", "70B", "--gpus", "1024"}
	cases := []struct {
		base  []string
		extra []string
		want  string
	}{
		{train, []string{"--gpu-mtbf", "0"}, "--gpu-mtbf"},
		{train, []string{"--gpu-mtbf", "fast"}, "--gpu-mtbf"},
		{train, []string{"--gpu-mtbf", "-3h"}, "--gpu-mtbf"},
		{train, []string{"--checkpoint-bandwidth", "2TB"}, "--checkpoint-bandwidth"},
		{train, []string{"--checkpoint-bandwidth", "NaN"}, "--checkpoint-bandwidth"},
		{train, []string{"--checkpoint-write-time", "0"}, "--checkpoint-write-time"},
		{train, []string{"--restart-time", "-1m"}, "--restart-time"},
		{train, []string{"--restart-time", "1e400s"}, "--restart-time"},
		{train, []string{"--checkpoint-interval", "best"}, "--checkpoint-interval"},
		{train, []string{"--async-checkpoint=maybe"}, "async-checkpoint"},
		{[]string{"train", "--flops", "1e24", "--gpus", "1024"}, []string{"--restart-time", "5m"}, "--checkpoint-write-time"},
		{[]string{"train", "--flops", "1e24", "--gpus", "1024"}, []string{"--in-memory-checkpoint", "--checkpoint-write-time", "1s"}, "--in-memory-checkpoint"},
		{plan, []string{"--checkpoint-interval", "-5m"}, "--checkpoint-interval"},
		{plan, []string{"--gpu-mtbf", "x"}, "--gpu-mtbf"},
		{good, []string{"--gpu-mtbf", "0s"}, "--gpu-mtbf"},
		{good, []string{"--days", "-2"}, "--days"},
		{[]string{"goodput", "--params", "70B"}, nil, "--gpus"},
		{[]string{"goodput", "--gpus", "64"}, nil, "--model"},
		{[]string{"goodput", "--params", "70B", "--gpus", "1M-64"}, nil, "--gpus"},
		{good, []string{"--plot", "out.svg"}, "--plot"},
		{[]string{"goodput", "--params", "70B", "--gpus", "64-1K"}, []string{"--plot", "out.gif"}, "--plot"},
		{[]string{"goodput", "--params", "70B", "--gpus", "64-1K"}, []string{"--days", "30"}, "--days"},
	}
	for _, c := range cases {
		args := append(append([]string(nil), c.base...), c.extra...)
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			r := runBin(t, args...)
			if r.code != 2 {
				t.Errorf("flops %s: exit %d, want 2; stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
			}
			checkErrorOutput(t, r, c.want)
		})
	}
}

// TestGoodputPlot writes the sweep plot and checks it is an SVG with the
// curves' and the published runs' labels.
func TestGoodputPlot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goodput.svg")
	r := runBin(t, "goodput", "--model", "llama-3.1-405b", "--gpus", "64-1M", "--restart-time", "default,1m", "--plot", path, "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var sw struct {
		Series []struct {
			Points []struct {
				GPUs    int     `json:"gpus"`
				Goodput float64 `json:"goodput"`
			} `json:"points"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sw); err != nil || len(sw.Series) != 2 {
		t.Fatalf("JSON: %v, %d series; want 2", err, len(sw.Series))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "restart 1.00 min", "Llama 3 405B", "OPT-175B", "1M"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("plot has no %q", want)
		}
	}
}
