package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/perf"
)

// CalibrateRequest is "flops calibrate": the measured runs of the user's
// cluster (the CLI reads them from --runs, a CSV with calibrate.RunsHeader),
// the software stack they ran on and their precision.
type CalibrateRequest struct {
	Runs      []calibrate.Run `json:"runs"`
	Stack     string          `json:"stack"`     // default megatron-core
	Precision string          `json:"precision"` // of every run's GEMMs; default bf16
	ScaleOut  string          `json:"scale_out"` // per-GPU NIC bandwidth of the cluster; default 50 GB/s
	// Progress, if set, follows the held-out refits (not part of the JSON
	// request): 64 runs whose layouts the planner chooses take about half
	// a minute on two cores (calibrate's BenchmarkCalibrate64).
	Progress func(done, total int64) `json:"-"`
	// given prices the runs with these constants instead of fitting (a
	// profile's, for "flops validate --profile"); held-out errors still refit.
	given map[string]perf.Efficiency
}

// Run prices every run as "flops plan" would (its given layout fixed, the
// rest searched) and fits the cluster's constants, per accelerator.
func (r CalibrateRequest) Run(env Env) (*calibrate.Calibration, error) {
	if len(r.Runs) == 0 {
		return nil, &InputError{Flag: "runs", Err: errors.New("missing: give a CSV of measured runs (header " + strings.Join(calibrate.RunsHeader, ",") + ")")}
	}
	if len(r.Runs) > calibrate.MaxRuns {
		return nil, &InputError{Flag: "runs", Err: fmt.Errorf("%d runs, more than %d", len(r.Runs), calibrate.MaxRuns)}
	}
	st, err := PlanRequest{Stack: r.Stack}.stack() // the planner's rule: given, else the default
	if err != nil {
		return nil, err
	}
	stack := st.Name
	cases := make([]calibrate.Case, len(r.Runs))
	for i, run := range r.Runs {
		c, err := r.runCase(env, i, run, stack)
		if err != nil {
			return nil, err
		}
		cases[i] = c
	}
	c, err := calibrate.Calibrate(r.Runs, cases, stack, r.given, r.Progress)
	if err != nil { // a run no layout can price: its layout cells are the input to fix
		return nil, &InputError{Flag: "runs", Err: err}
	}
	c.Profile.Precision, c.Profile.ScaleOut = strings.TrimSpace(r.Precision), strings.TrimSpace(r.ScaleOut)
	return c, nil
}

// runCase builds the planner request of run i.
func (r CalibrateRequest) runCase(env Env, i int, run calibrate.Run, stack string) (calibrate.Case, error) {
	itoa := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	pr := PlanRequest{Model: run.Model, GPUs: itoa(run.GPUs), TP: itoa(run.TP), PP: itoa(run.PP), DP: itoa(run.DP),
		MicroBatch: itoa(run.MicroBatch), GlobalBatch: itoa(run.GlobalBatch), Seq: itoa(run.SeqLen), Recompute: run.Recompute,
		Stack: stack, ScaleOut: r.ScaleOut, HW: HW{GPU: run.GPU, Precision: r.Precision}}
	id := fmt.Sprintf("run %d", i+1)
	rm, err := resolveModel(env, run.Model)
	if err != nil {
		return calibrate.Case{}, &InputError{Flag: "runs", Value: id, Err: fmt.Errorf("model %q: %w", run.Model, err)}
	}
	q, err := pr.request(env, &rm)
	if err != nil {
		return calibrate.Case{}, &InputError{Flag: "runs", Value: id, Err: err}
	}
	return calibrate.Case{ID: id, Group: q.Cluster.GPU.ID, Family: id, Request: q, Metric: calibrate.StepSeconds,
		Measured: run.StepSeconds}, nil
}
