package calibrate

import (
	"fmt"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// Metric is the measured figure a case compares.
type Metric string

// Metrics.
const (
	StepSeconds     Metric = "step_time_seconds"         // seconds per optimizer step
	TokensPerSecGPU Metric = "tokens_per_second_per_gpu" // training tokens per second per accelerator
	MFU             Metric = "mfu"                       // model FLOPs utilization (PaLM convention)
	HardwareTFLOPs  Metric = "tflops_hfu"                // hardware FLOP/s per accelerator incl. recompute, TFLOP/s (Narayanan et al. 2021's count)
)

// ParseMetric checks a metric name.
func ParseMetric(s string) (Metric, error) {
	switch m := Metric(s); m {
	case StepSeconds, TokensPerSecGPU, MFU, HardwareTFLOPs:
		return m, nil
	}
	return "", fmt.Errorf("metric %q: want %s, %s, %s or %s", s, StepSeconds, TokensPerSecGPU, MFU, HardwareTFLOPs)
}

// value reads the metric from an estimate on gpus accelerators of dense
// peak FLOP/s.
func (m Metric) value(e *perf.Estimate, gpus int, peak float64) float64 {
	switch m {
	case StepSeconds:
		return e.StepTime
	case TokensPerSecGPU:
		return e.TokensPerSecond / float64(gpus)
	case MFU:
		return e.MFU
	default:
		return e.HFU * peak / 1e12
	}
}

// Case is one measured configuration.
type Case struct {
	ID     string
	Group  string // constants it shares (perf.EfficiencyFamily of its accelerator, or a user group)
	Family string // where it comes from, for leave-one-family-out
	// Request describes the run as "flops plan" would be asked: model,
	// options, cluster (whose Eff the fit replaces), workload and the fixed
	// layout dimensions; free dimensions are searched.
	Request  plan.Request
	Metric   Metric
	Measured float64
}

// maxCandidates bounds the layouts kept per case.
const maxCandidates = 4096

// prepared is a case compiled once: its cost model and the layouts the
// planner may choose among (all fitting ones, or when none fits the
// fastest priced ones: a published run did run, so it is priced anyway).
// Memory does not depend on the efficiency constants, so the set is fixed.
type prepared struct {
	*Case
	model   *perf.Model
	layouts []perf.Layout
	fits    bool
	peak    float64
}

// prepare compiles c and lists its candidate layouts.
func prepare(c *Case) (*prepared, error) {
	r := c.Request
	r.Top, r.Workers, r.Progress = maxCandidates, 1, nil
	res, err := plan.Run(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.ID, err)
	}
	list, fits := res.Top, true
	if len(list) == 0 {
		list, fits = res.Over, false
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s: no layout can run: %s", c.ID, res.Infeasible)
	}
	shape, err := perf.NewShape(r.Arch, r.Training.Seq, r.Options)
	if err != nil {
		return nil, err
	}
	m, err := perf.Compile(shape, r.Cluster, r.Training)
	if err != nil {
		return nil, err
	}
	p := &prepared{Case: c, model: m, fits: fits, peak: float64(r.Cluster.Peak)}
	for i := range list {
		p.layouts = append(p.layouts, list[i].Layout)
	}
	return p, nil
}

// choose returns the index of the layout the planner picks with e: the
// fastest of the candidates.
func (p *prepared) choose(e perf.Efficiency) int {
	m := p.model.WithEfficiency(e)
	best, bestT := 0, 0.0
	for i, l := range p.layouts {
		if t := m.Evaluate(l).StepTime; i == 0 || t < bestT {
			best, bestT = i, t
		}
	}
	return best
}

// predict prices layout i with e and reads the case's metric.
func (p *prepared) predict(e perf.Efficiency, i int) (float64, perf.Estimate) {
	m := p.model.WithEfficiency(e)
	est := m.Evaluate(p.layouts[i])
	return p.Metric.value(&est, p.Request.Cluster.GPUs, p.peak), est
}

// errPct is the signed relative error of a prediction, percent.
func (p *prepared) errPct(pred float64) float64 { return 100 * (pred - p.Measured) / p.Measured }
