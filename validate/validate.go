package validate

import (
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/perf"
)

// Result is the whole validation: step-time and throughput rows with their
// summaries, and the training runs.
type Result struct {
	Rows       []Row           `json:"rows"`
	Summaries  []Summary       `json:"summaries"`
	Runs       []RunRow        `json:"training_runs"`
	Efficiency perf.Efficiency `json:"efficiency"` // the shared A100 constants every row used
	explain.Trace
}

// Run validates the model against every embedded published row.
func Run() (*Result, error) {
	k, err := Korthikanti()
	if err != nil {
		return nil, err
	}
	n, err := Narayanan()
	if err != nil {
		return nil, err
	}
	x, err := Extra()
	if err != nil {
		return nil, err
	}
	runs, err := Runs()
	if err != nil {
		return nil, err
	}
	res := &Result{Rows: append(append(k, n...), x...), Runs: runs, Efficiency: seleneA100(1).Eff,
		Summaries: []Summary{summarize("korthikanti2022-table5", k), summarize("narayanan2021-table1", n)}}
	res.Summaries = append(res.Summaries, extraSummaries(x)...)
	res.Assume("cluster", "Selene DGX A100 80GB: 8 GPUs per NVLink node, one 200 Gb/s HDR NIC per GPU", "DGX A100 user guide; accelerators.csv")
	res.Assume("architecture", "Megatron GPT: LayerNorm, biases, GeLU MLP, learned positions, tied embeddings, vocab 51,200", "our choice; the tables give h, f, a, L")
	res.Assume("software", "no flash attention, dropout on, gradient all-reduce not overlapped (Megatron-LM 2021-2022)", "Korthikanti et al. 2022; Narayanan et al. 2021")
	res.Assume("Narayanan rows", "micro-batch 1, no interleaving, full recompute, heads 24..160 recalled from Table 1", "recalled from the paper's table, not checked against it")
	res.Assume("extra rows", "catalog accelerator and network, planner defaults (Adam, overlapped gradient reduction, 90% usable memory), blank dimensions searched", "validate/data/extra_runs.csv, each row with its source and confidence")
	res.Assume("calibration", res.Efficiency.Source, "the same constants for every row; none per row (grid method: perf/cluster.go, validate/calibrate_test.go)")
	return res, nil
}

// extraSummaries summarises the extra rows per table (accelerator family)
// in the order the tables first appear.
func extraSummaries(rows []Row) []Summary {
	var order []string
	by := map[string][]Row{}
	for _, r := range rows {
		if by[r.Table] == nil {
			order = append(order, r.Table)
		}
		by[r.Table] = append(by[r.Table], r)
	}
	out := make([]Summary, 0, len(order))
	for _, t := range order {
		out = append(out, summarize(t, by[t]))
	}
	return out
}
