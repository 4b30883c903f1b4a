package validate

import (
	"fmt"
	"slices"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/perf"
)

// entry is one published row as a calibration case, with what its table
// shows.
type entry struct {
	calibrate.Case
	table, metric, source, confidence string
	gpu                               string // catalog ID shown in the layout (extra rows)
	memoryNote                        string // why the run fitted when our memory model says it does not
}

// Options select what Run computes.
type Options struct {
	// HeldOut refits the constants without each row (leave-one-out) and
	// without each source family (leave-one-family-out) and predicts the
	// rows held out: about two seconds on two cores.
	HeldOut bool
}

// Result is the whole validation: step-time and throughput rows with their
// summaries, the fitted constants, and the training runs.
type Result struct {
	Rows      []Row     `json:"rows"`
	Summaries []Summary `json:"summaries"` // per table, then "all"
	// LeaveOneFamilyOutMeanAbs is the mean |error| over every row when
	// its source family is left out of the fit, percent.
	LeaveOneFamilyOutMeanAbs *float64   `json:"leave_one_family_out_mean_abs_error,omitempty"`
	Fits                     []GroupFit `json:"fits"`
	Runs                     []RunRow   `json:"training_runs"`
	explain.Trace
}

// GroupFit is the shipped fit of one accelerator family.
type GroupFit struct {
	Family  string      `json:"accelerator_family"`
	Rows    int         `json:"rows"`
	Fitted  perf.Fitted `json:"fitted"` // as shipped (perf.DefaultEfficiency)
	Sources string      `json:"source"`
}

// Run validates the model against every embedded published row.
func Run(o Options) (*Result, error) {
	entries, err := allEntries()
	if err != nil {
		return nil, err
	}
	set, err := newSet(entries)
	if err != nil {
		return nil, err
	}
	res := &Result{Rows: make([]Row, len(entries))}
	for i := range entries {
		res.Rows[i] = entries[i].row(set.Predict(i, perf.DefaultEfficiency(entries[i].Request.Cluster.GPU.ID)))
	}
	if o.HeldOut {
		attachHeldOut(res.Rows, set.LeaveOneOut(set.Fit(nil), nil), set.LeaveOneFamilyOut())
	}
	res.Summaries = summaries(res.Rows)
	res.LeaveOneFamilyOutMeanAbs = res.Summaries[len(res.Summaries)-1].LeaveOneFamilyOutMeanAbs
	res.Fits = groupFits(set)
	if res.Runs, err = Runs(); err != nil {
		return nil, err
	}
	res.assume()
	return res, nil
}

// allEntries lists every published row: Korthikanti, Narayanan, extra.
func allEntries() ([]entry, error) {
	var all []entry
	for _, f := range []func() ([]entry, error){korthikanti, narayanan, extra} {
		e, err := f()
		if err != nil {
			return nil, err
		}
		all = append(all, e...)
	}
	for i := range all {
		all[i].Group = perf.EfficiencyFamily(all[i].Request.Cluster.GPU.ID)
	}
	return all, nil
}

// newSet prepares the rows for fitting: every accelerator family starts
// from perf.PriorEfficiency and fits the four perf.Fitted fractions.
func newSet(entries []entry) (*calibrate.Set, error) {
	cases := make([]calibrate.Case, len(entries))
	for i := range entries {
		cases[i] = entries[i].Case
	}
	return calibrate.NewSet(cases, func(string) perf.Efficiency { return perf.PriorEfficiency() }, calibrate.FittedKnobs)
}

// row renders one prediction.
func (e *entry) row(p calibrate.Prediction) Row {
	l := p.Layout
	layout := layoutString(l, e.Request.Training.GlobalBatch)
	if e.gpu != "" {
		layout = fmt.Sprintf("%s ×%d %s", e.gpu, e.Request.Cluster.GPUs, layout)
	}
	if !p.Fits {
		layout += " (over memory)"
	}
	return Row{Table: e.table, ID: e.ID, Family: e.Family, Stack: e.Request.Training.Stack.Name, Layout: layout,
		Metric: e.metric, Published: e.Measured, Predicted: p.Value, ErrorPct: p.ErrorPct, MFU: p.Estimate.MFU,
		HFU: p.Estimate.HFU, Source: e.source, Confidence: e.confidence, Fits: p.Fits, MemoryNote: e.memoryNote}
}

// attachHeldOut stores the held-out errors in the rows.
func attachHeldOut(rows []Row, loo, lofo []float64) {
	for i := range rows {
		rows[i].LeaveOneOut, rows[i].LeaveOneFamilyOut = &loo[i], &lofo[i]
	}
}

// summaries summarises the rows per table, in the order the tables first
// appear, then all rows.
func summaries(rows []Row) []Summary {
	var order []string
	by := map[string][]Row{}
	for _, r := range rows {
		if by[r.Table] == nil {
			order = append(order, r.Table)
		}
		by[r.Table] = append(by[r.Table], r)
	}
	out := make([]Summary, 0, len(order)+1)
	for _, t := range order {
		out = append(out, summarize(t, by[t]))
	}
	return append(out, summarize("all", rows))
}

// groupFits lists the shipped fit of every accelerator family with rows.
func groupFits(set *calibrate.Set) []GroupFit {
	var out []GroupFit
	for _, g := range set.Groups() {
		fit, _ := perf.FamilyFit(g)
		f := GroupFit{Family: g, Fitted: fit}
		for i := range set.Len() {
			if set.Case(i).Group == g {
				f.Rows++
				f.Sources = perf.DefaultEfficiency(set.Case(i).Request.Cluster.GPU.ID).Source
			}
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b GroupFit) int { return b.Rows - a.Rows })
	return out
}

// assume records what every row rests on.
func (res *Result) assume() {
	res.Assume("Korthikanti and Narayanan rows", "Selene DGX A100 80GB (8 GPUs per NVLink node, one 200 Gb/s HDR NIC per GPU); Megatron GPT (LayerNorm, biases, GeLU MLP, learned positions, tied embeddings, vocab 51,200); the megatron-lm-2021 stack (no flash attention, dropout on, no communication overlap)",
		"Korthikanti et al. 2022; Narayanan et al. 2021; DGX A100 user guide")
	res.Assume("Narayanan rows", "micro-batch 1, no interleaving, full recompute, heads 24..160 recalled from Table 1", "recalled from the paper's table, not checked against it")
	res.Assume("extra rows", "catalog accelerator and network, planner defaults (Adam, 90% usable memory) on the row's stack, blank dimensions searched", "validate/data/extra_runs.csv and extra_tpu_amd_gaudi.csv, each row with its source, confidence, stack and source family")
	res.Assume("calibration", fmt.Sprintf("per accelerator family the four fractions of peak a row informs (GEMM, FP8 GEMM, element-wise, flash attention; one common scale under %d rows) minimising the mean |error| of all its rows; nothing per row",
		calibrate.MinCasesPerKnob*len(calibrate.FittedKnobs)), "package calibrate; perf/cluster.go")
	res.Assume("held-out errors", "leave-one-out: the row's accelerator family refitted from the prior without the row; leave-one-family-out: every family refitted without the row's source family (a family left with no row takes the median of the others' fits)",
		"computed by this run, not stored")
}
