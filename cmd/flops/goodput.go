package main

import (
	"fmt"
	"io"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/plot"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

const goodputSynopsis = "goodput --gpus K|FROM-TO (--model NAME|PATH | --params N | --checkpoint-write-time D) [--days D] [flags]"

const goodputHelp = `
What failures, checkpoints and restarts cost a synchronous training job on K
accelerators: the expected interruptions, the optimal checkpoint interval and
the goodput (useful training time / wall-clock time). With --days, the
interruptions and useful time over that window. A range --gpus FROM-TO
sweeps the cluster size (sizes √2 apart, about 6.6 per decade; the table
shows every fourth, the JSON and the plot all); comma lists of
--checkpoint-bandwidth and --restart-time ("default" for the default) give
one curve per combination, and --plot draws them with the measured goodput
of published runs (Llama 3 405B, OPT-175B).

Output fields (--json; SI base units):
  model, checkpoint_params, gpus, window_seconds   the question
  interruptions_per_day, expected_interruptions, useful_seconds
  series[].name, series[].points[].gpus, ...      a sweep: one result per size
  published[]                                     measured runs drawn on the plot
  (and the fields "with failures" below)

Examples:
  flops goodput --model llama-3.1-405b --gpus 16384 --days 54
  flops goodput --model llama-3.1-405b --gpus 16384 --restart-time 2m --async-checkpoint --explain
  flops goodput --model llama-3.1-405b --gpus 64-1M --checkpoint-bandwidth default,2TB/s --restart-time default,1m --plot goodput.svg
  flops goodput --params 70B --gpus 100K --gpu-mtbf 30000h --json
`

// runGoodput is "flops goodput".
func runGoodput(env *cliEnv, args []string) error {
	var req api.GoodputRequest
	fs := newFlagSet(env, "goodput", goodputSynopsis, goodputHelp+reliabilityHelp)
	fs.StringVar(&req.GPUs, "gpus", "", "accelerators `K`, or a range FROM-TO to sweep, e.g. 64-1M")
	fs.StringVar(&req.Model, "model", "", "model `NAME|PATH` whose parameters (all experts) the checkpoint holds")
	fs.StringVar(&req.Params, "params", "", "parameters `N` the checkpoint holds, instead of --model")
	fs.StringVar(&req.Days, "days", "", "wall-clock window to count interruptions in (days, or 36h, 8w)")
	bindReliability(fs, &req.Reliability)
	plotFile := fs.String("plot", "", "draw the sweep to `FILE` (.svg or .png)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	explain := fs.Bool("explain", false, "show each step: formula, numbers substituted, result")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *plotFile != "" {
		if _, err := plot.FormatOf(*plotFile); err != nil {
			return usagef("--plot: %v", err)
		}
	}
	if !req.IsSweep() {
		if *plotFile != "" {
			return usagef("--plot draws a sweep: give --gpus as a range, e.g. --gpus 64-1M")
		}
		return runGoodputOne(env, req, *asJSON, *explain)
	}
	sw, err := runRequest(env, "", "goodput", req.Sweep)
	if err != nil {
		return err
	}
	if err := saveGoodputPlot(env, sw, *plotFile); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, sw)
	}
	return writeGoodputSweep(env.stdout, sw)
}

// runGoodputOne answers for one cluster size.
func runGoodputOne(env *cliEnv, req api.GoodputRequest, asJSON, explain bool) error {
	rep, err := runRequest(env, "", "goodput", req.Run)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, rep)
	}
	what := "a checkpoint written in " + rep.CheckpointWrite.String()
	if rep.N > 0 {
		what = rep.N.String() + " params"
		if rep.Model != "" {
			what = fmt.Sprintf("%s (%s params)", rep.Model, rep.N)
		}
	}
	fmt.Fprintf(env.stdout, "Goodput of %s on %s accelerators", what, report.Grouped(float64(rep.GPUs)))
	if rep.Window > 0 {
		fmt.Fprintf(env.stdout, " over %s", rep.Window)
	}
	fmt.Fprintln(env.stdout)
	fmt.Fprintln(env.stdout)
	if err := failuresTable(rep.Result, idealRun{window: rep.Window}).Write(env.stdout); err != nil {
		return err
	}
	return report.Derivation(env.stdout, rep.Assumptions, rep.Steps, explain)
}

// writeGoodputSweep prints goodput per series (rows) at every fourth
// size, i.e. every quadrupling, and the last (the JSON and the plot have
// every size).
func writeGoodputSweep(w io.Writer, sw *api.GoodputSweep) error {
	what := "a checkpoint of the given write time"
	if sw.N > 0 {
		what = fmt.Sprintf("a %s-parameter checkpoint (%d B/param)", sw.N, goodput.StateBytesPerParam)
		if sw.Model != "" {
			what = fmt.Sprintf("%s checkpoints (%s params, %d B/param)", sw.Model, sw.N, goodput.StateBytesPerParam)
		}
	}
	pts := sw.Series[0].Points
	t := &report.Table{Title: "Goodput against cluster size, " + what + "\n", Headers: []string{"accelerators"}}
	mtbf := []string{"cluster MTBF"}
	var cols []int
	for i, p := range pts {
		if i%4 == 0 || i == len(pts)-1 {
			cols = append(cols, i)
			t.Headers = append(t.Headers, report.Grouped(float64(p.GPUs)))
			mtbf = append(mtbf, p.ClusterMTBF.String())
		}
	}
	t.AddRow(mtbf...)
	stalled := false
	for _, s := range sw.Series {
		row := []string{s.Name}
		for _, i := range cols {
			g := s.Points[i].Result
			cell := percent(g.Goodput)
			if !g.CanProgress {
				cell, stalled = cell+"*", true
			}
			row = append(row, cell)
		}
		t.AddRow(row...)
	}
	if err := t.Write(w); err != nil {
		return err
	}
	if stalled {
		fmt.Fprintln(w, "* cannot make progress: interruptions come sooner than a restart plus one checkpoint")
	}
	fmt.Fprintln(w, "\nMeasured:")
	for _, m := range sw.Published {
		bound := ""
		if m.AtLeast {
			bound = "≥ "
		}
		fmt.Fprintf(w, "  %s on %s accelerators: %s%.0f%% (%s)\n", m.Name, report.Grouped(float64(m.Accelerators)), bound, 100*m.Goodput, m.Source)
	}
	return nil
}

// saveGoodputPlot draws the sweep with the published runs to path ("" draws nothing).
func saveGoodputPlot(env *cliEnv, sw *api.GoodputSweep, path string) error {
	if path == "" {
		return nil
	}
	var curves []plot.GoodputCurve
	for _, s := range sw.Series {
		c := plot.GoodputCurve{Name: s.Name}
		for _, p := range s.Points {
			c.GPUs, c.Goodput = append(c.GPUs, float64(p.GPUs)), append(c.Goodput, p.Goodput)
		}
		curves = append(curves, c)
	}
	var runs []plot.GoodputRun
	for _, m := range sw.Published {
		runs = append(runs, plot.GoodputRun{Name: m.Name, GPUs: float64(m.Accelerators), Goodput: m.Goodput, AtLeast: m.AtLeast})
	}
	title := "Goodput against cluster size"
	if sw.Model != "" {
		title += " (" + sw.Model + " checkpoints)"
	} else if sw.N > 0 {
		title += " (" + units.Params(sw.N).String() + "-parameter checkpoints)"
	}
	p, err := plot.NewGoodput(title, curves, runs)
	if err != nil {
		return err
	}
	return savePlot(env, p, path)
}
