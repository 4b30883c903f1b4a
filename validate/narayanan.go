package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/perf"
)

// narayananShape is what published_runs.csv leaves in its notes column
// (hidden, layers) plus the attention heads of Narayanan et al. 2021
// Table 1, which the shared data did not capture: 24, 32, 32, 48, 64, 80,
// 96, 128, 128, 160 heads from 1.7B to 1T (recalled from the paper's table,
// not checked against it here; heads change only the attention-score kernels' size).
var narayananHeads = map[string]int{
	"megatron2021-1.7b": 24, "megatron2021-3.6b": 32, "megatron2021-7.5b": 32, "megatron2021-18b": 48,
	"megatron2021-39b": 64, "megatron2021-76b": 80, "megatron2021-145b": 96, "megatron2021-310b": 128,
	"megatron2021-530b": 128, "megatron2021-1t": 160,
}

// narayanan lists the ten rows of Narayanan et al. 2021 Table 1 and
// compares achieved TFLOP/s per GPU, counted as the paper does (Megatron's
// 96·B·s·l·h² formula, i.e. hardware FLOPs with full recompute). Assumed,
// not in the table: micro-batch 1, no interleaving, full recompute, no
// sequence parallelism, gradient all-reduce not overlapped, vocab 51,200.
func narayanan() ([]entry, error) {
	recs, err := records("published_runs.csv")
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, r := range recs {
		if !strings.HasPrefix(r["id"], "megatron2021-") {
			continue
		}
		e, err := narayananEntry(r)
		if err != nil {
			return nil, fmt.Errorf("validate: published_runs.csv %s: %w", r["id"], err)
		}
		out = append(out, e)
	}
	return out, nil
}

func narayananEntry(r map[string]string) (entry, error) {
	v, err := ints(r, "num_accelerators", "tensor_parallel", "pipeline_parallel", "data_parallel", "global_batch", "seq_len")
	if err != nil {
		return entry{}, err
	}
	hidden, layers, err := hiddenLayers(r["notes"])
	if err != nil {
		return entry{}, err
	}
	pub, err := strconv.ParseFloat(r["reported_tflops_per_accel"], 64)
	if err != nil {
		return entry{}, fmt.Errorf("column reported_tflops_per_accel: %w", err)
	}
	heads := narayananHeads[r["id"]]
	if heads == 0 {
		return entry{}, fmt.Errorf("no head count for %s", r["id"])
	}
	arch := gptArch(r["id"], hidden, 4*hidden, heads, layers, 51200, v[5])
	l := perf.Layout{TP: v[1], PP: v[2], DP: v[3], EP: 1, VPP: 1, MicroBatch: 1, Recompute: perf.RecomputeFull}
	req := megatronRequest(arch, v[5], v[4], l, seleneA100(v[0]))
	return entry{Case: calibrate.Case{ID: r["id"], Family: "narayanan2021", Request: req, Metric: calibrate.HardwareTFLOPs,
		Measured: pub}, table: "narayanan2021-table1", metric: "tflops_per_gpu", source: r["source"], confidence: "high"}, nil
}

// hiddenLayers reads "hidden=2304, layers=24" from a notes cell.
func hiddenLayers(notes string) (hidden, layers int, err error) {
	for _, f := range strings.FieldsFunc(notes, func(r rune) bool { return r == ',' || r == ' ' }) {
		if v, ok := strings.CutPrefix(f, "hidden="); ok {
			hidden, err = strconv.Atoi(v)
		} else if v, ok := strings.CutPrefix(f, "layers="); ok {
			layers, err = strconv.Atoi(v)
		}
		if err != nil {
			return 0, 0, fmt.Errorf("notes %q: %w", f, err)
		}
	}
	if hidden == 0 || layers == 0 {
		return 0, 0, fmt.Errorf("notes lack hidden= and layers=")
	}
	return hidden, layers, nil
}
