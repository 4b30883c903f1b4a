// Command flops estimates the compute, time, cost, energy and memory of
// training and serving AI models, with every number traced to a formula, its
// inputs and a source. Run "flops help" for the commands.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// command is one subcommand: its name, a one-line summary and its runner.
// A runner parses its own flags from args and writes results to stdout.
type command struct {
	name    string
	summary string
	run     func(env *cliEnv, args []string) error
}

// commands is the command table, in the order "flops help" lists them.
func commands() []command {
	return []command{
		{"train", "training FLOPs, time, GPU-hours, cost, energy and CO2", runTrain},
		{"infer", "inference roofline: prefill, decode, memory fit, tokens/s, cost", runInfer},
		{"model", "exact parameters, FLOPs and KV cache of a model (catalog, config.json, safetensors, GGUF)", runModel},
		{"hw", "accelerator catalog: list, show, compare", runHW},
		{"scale", "scaling laws: compute-optimal sizes, predicted loss, inference-aware sizing", runScale},
		{"mfu", "model and hardware FLOPs utilization from measured throughput", runMFU},
		{"plan", "search tensor/pipeline/data parallel layouts for a training run", runPlan},
		{"deploy", "cheapest serving layout meeting TTFT/TPOT targets: aggregated vs disaggregated, replicas, cost", runDeploy},
		{"goodput", "failures, checkpoints and restarts at scale: interruptions, checkpoint interval, goodput", runGoodput},
		{"validate", "compare predictions with published training runs", runValidate},
		{"calibrate", "fit the performance model to your cluster's measured runs", runCalibrate},
		{"bench", "measure this machine's roofline: peak FLOP/s, GEMM, memory bandwidth", runBench},
		{"serve", "web app and JSON API", runServe},
	}
}

// cliEnv carries the process's streams and environment lookup so commands
// can be tested in-process.
type cliEnv struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	env := &cliEnv{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(env, os.Args[1:]))
}

// run dispatches args to a command and returns the exit code: 0 a result,
// 1 a runtime failure, 2 bad input (see codeFor).
func run(env *cliEnv, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return run(env, []string{args[1], "-h"})
		}
		usage(env.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "version" {
		return exitCode(env, printVersion(env.stdout))
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(env, c.run(env, args[1:]))
		}
	}
	fmt.Fprintf(env.stderr, "flops: unknown command %q\nflops: hint: run 'flops help' for the list of commands\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "flops: the arithmetic of AI compute, with every number traced to a formula and a source.")
	fmt.Fprintln(w, "\nUsage: flops <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'flops <command> -h' for a command's flags, output fields and examples;")
	fmt.Fprintln(w, "'flops --version' for the version and the source revision of this binary.")
}

// exitCode prints err (if any) with its hint and maps it to an exit code
// (see codeFor).
func exitCode(env *cliEnv, err error) int {
	code := codeFor(err)
	if code == exitOK {
		return code
	}
	fmt.Fprintf(env.stderr, "flops: %v\n", err)
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		fmt.Fprintf(env.stderr, "flops: hint: %s\n", h.Hint())
	}
	return code
}
