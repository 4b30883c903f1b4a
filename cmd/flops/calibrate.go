package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/load"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/report"
)

const calibrateSynopsis = "calibrate --runs FILE [--out PROFILE] [--stack NAME] [--precision P] [--json]"

// calibrateHelp states the runs a per-fraction fit needs and the largest
// file from package calibrate's own constants.
var calibrateHelp = fmt.Sprintf(`
Fits the performance model's efficiency constants to your own cluster from
measured runs, prints the fit with its leave-one-out error, and writes a
profile that plan, validate and train --model accept (--profile PROFILE).

The runs file is CSV with this header (one measured run per line):
  model,gpu,gpus,tp,pp,dp,micro_batch,global_batch,seq_len,recompute,measured_step_seconds
model is a catalog name or a config.json path; gpu a catalog accelerator;
recompute none, selective or full; an empty tp, pp, dp, micro_batch or
recompute cell lets the planner choose it, as 'flops plan' would. Each run is
priced with the shipped constants, then each accelerator's constants are
refitted: with fewer than %[1]d runs one common factor on every efficiency
fraction (the cluster runs everything that much faster or slower; no fraction
beyond its physical limit), with %[1]d or more the GEMM, FP8 GEMM,
element-wise and flash-attention fractions. A fit that ends at the edge of a
knob's range is warned about: no constants in range reproduce those runs. The
leave-one-out error refits without each run and predicts it: what to expect
on a run you have not measured. Each refit re-chooses the free layout cells,
so a full file of %[2]d runs with empty layout cells takes about half a minute
on two cores (BenchmarkCalibrate64 in package calibrate); progress goes to
stderr.

Output fields (--json): profile (format, stack, accelerators: the fitted
constants per accelerator, fits: runs, knobs, shipped/fitted/leave-one-out
mean |error| percent, runs), runs[] (the run, layout, shipped_step_seconds,
shipped_error_percent, fitted_step_seconds, fitted_error_percent,
leave_one_out_error_percent, fits), warnings.

Examples:
  flops calibrate --runs runs.csv --out cluster.json
  flops calibrate --runs runs.csv --stack torchtitan --precision fp8 --json
  flops plan --model llama-3-8b --gpu h100 --gpus 64 --profile cluster.json
`, calibrate.MinCasesPerKnob*len(calibrate.FittedKnobs), calibrate.MaxRuns)

// runCalibrate is "flops calibrate".
func runCalibrate(env *cliEnv, args []string) error {
	var req api.CalibrateRequest
	fs := newFlagSet(env, "calibrate", calibrateSynopsis, calibrateHelp)
	runsFile := fs.String("runs", "", "CSV `FILE` of measured runs (header above)")
	out := fs.String("out", "", "write the profile to `PROFILE` (JSON)")
	fs.StringVar(&req.Stack, "stack", "", "software stack the runs used: "+stackNames()+" (default megatron-core)")
	fs.StringVar(&req.Precision, "precision", "", "GEMM precision of the runs: bf16 (default) or fp8")
	fs.StringVar(&req.ScaleOut, "scale-out", "", "the cluster's scale-out (NIC) bandwidth per GPU (default "+perf.DefaultScaleOut.String()+"); plan and train --profile use it")
	hwFile := bindHWFile(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *runsFile == "" {
		return &usageError{msg: "calibrate: --runs FILE is required", hint: "run 'flops calibrate -h' for the file format"}
	}
	runs, err := readRuns(*runsFile)
	if err != nil {
		return err
	}
	req.Runs = runs
	req.Progress = refitProgress(env.stderr)
	res, err := runRequest(env, *hwFile, "calibrate", req.Run)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.stderr, "flops: warning: %s\n", w)
	}
	if *out != "" {
		if err := writeProfile(*out, res.Profile); err != nil {
			return err
		}
	}
	if *asJSON {
		err = writeJSON(env.stdout, res)
	} else {
		err = writeCalibration(env.stdout, res)
	}
	if *out != "" {
		fmt.Fprintf(env.stderr, "flops: wrote %s (use it with --profile %s)\n", *out, *out)
	} else {
		fmt.Fprintln(env.stderr, "flops: hint: add --out PROFILE to save the fitted constants for plan, validate and train --model")
	}
	return err
}

// readRuns reads a measured-runs CSV; a malformed file is a usage error.
func readRuns(path string) ([]calibrate.Run, error) {
	f, err := load.OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("--runs %s: %w", path, err)
	}
	defer f.Close()
	runs, err := calibrate.ReadRuns(f)
	if err != nil {
		return nil, &usageError{msg: fmt.Sprintf("--runs %s: %v", path, err), hint: "run 'flops calibrate -h' for the file format"}
	}
	return runs, nil
}

// writeProfile writes p to path through a temporary file in the same
// directory, so a failed write leaves no half profile behind.
func writeProfile(path string, p *calibrate.Profile) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".flops-profile-*")
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := p.Write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("--out %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}

// loadProfile reads a profile written by flops calibrate.
func loadProfile(path string) (*calibrate.Profile, error) {
	f, err := load.OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("--profile %s: %w", path, err)
	}
	defer f.Close()
	p, err := calibrate.ReadProfile(f)
	if err != nil {
		return nil, withHint(fmt.Errorf("--profile %s: %w", path, err), "write a profile with 'flops calibrate --runs FILE --out PROFILE'")
	}
	return p, nil
}

// bindProfile registers --profile and returns the loader to call after
// parsing (nil profile when the flag is absent).
func bindProfile(fs *flag.FlagSet) func() (*calibrate.Profile, error) {
	path := fs.String("profile", "", "calibrated cluster `PROFILE` from 'flops calibrate' (its constants, stack and scale-out bandwidth)")
	return func() (*calibrate.Profile, error) {
		if *path == "" {
			return nil, nil
		}
		return loadProfile(*path)
	}
}

// writeCalibration prints the runs before and after the fit, and the fit.
func writeCalibration(w io.Writer, c *calibrate.Calibration) error {
	t := &report.Table{Title: "Measured runs: step time with the shipped constants, the fitted ones, and refitted without the run",
		Headers: []string{"run", "model", "gpu", "layout", "measured", "shipped", "error", "fitted", "error", "held out"}}
	for i, r := range c.Runs {
		l := r.Layout
		layout := fmt.Sprintf("TP%d PP%d DP%d mbs%d %s", l.TP, l.PP, l.DP, l.MicroBatch, r.Recomputed)
		t.AddRow(itoa(i+1), r.Model, r.AcceleratorName, layout, fmt.Sprintf("%.3g s", r.StepSeconds), fmt.Sprintf("%.3g s", r.ShippedSeconds),
			signedPct(&r.ShippedError), fmt.Sprintf("%.3g s", r.FittedSeconds), signedPct(&r.FittedError), signedPct(&r.LeaveOneOutErr))
	}
	if err := t.Write(w); err != nil {
		return err
	}
	f := &report.Table{Title: "\nFit per accelerator (mean |error|)",
		Headers: []string{"gpu", "runs", "fitted", "shipped", "fitted", "leave-one-out", "GEMM", "FP8 GEMM", "element-wise", "flash"}}
	for _, x := range c.Profile.Fits {
		e := c.Profile.Accelerators[x.GPU]
		f.AddRow(x.GPU, itoa(x.Runs), strings.Join(x.Knobs, ", "), absPct(&x.BeforeMeanAbs), absPct(&x.AfterMeanAbs), absPct(&x.LeaveOneOutMeanAbs),
			fmt.Sprintf("%.2f", e.Matmul), fmt.Sprintf("%.2f", e.MatmulFP8), fmt.Sprintf("%.2f", e.Elementwise), fmt.Sprintf("%.2f", e.Flash))
	}
	if err := f.Write(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nStack: %s. Held out: each run predicted by a fit that did not see it.\n", c.Profile.Stack)
	return nil
}

// refitProgress reports the held-out refits on w once calibration has run
// for a second, overwriting one line, and ends the line when done.
func refitProgress(w io.Writer) func(done, total int64) {
	start, shown := time.Now(), false
	return func(done, total int64) {
		if time.Since(start) < time.Second && !shown {
			return
		}
		shown = true
		fmt.Fprintf(w, "\rflops: held-out refits %d/%d", done, total)
		if done >= total {
			fmt.Fprintf(w, " in %.0fs\n", time.Since(start).Seconds())
		}
	}
}
