package validate

import (
	"fmt"
	"strconv"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
)

// korthikanti lists the eight rows of Korthikanti et al. 2022 Table 5
// (step time of one iteration on Selene A100s): full recompute without
// sequence parallelism, and sequence parallelism with selective recompute.
// Megatron-LM of 2022: no flash attention, dropout on, no data parallelism.
func korthikanti() ([]entry, error) {
	recs, err := records("korthikanti2022_table5.csv")
	if err != nil {
		return nil, err
	}
	var out []entry
	for i, r := range recs {
		e, err := korthikantiEntry(r)
		if err != nil {
			return nil, fmt.Errorf("validate: korthikanti2022_table5.csv row %d: %w", i+2, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func korthikantiEntry(r map[string]string) (entry, error) {
	v, err := ints(r, "hidden", "ffn", "heads", "layers", "seq_len", "vocab", "gpus",
		"tensor_parallel", "pipeline_parallel", "data_parallel", "virtual_stages", "global_batch", "micro_batch")
	if err != nil {
		return entry{}, err
	}
	pub, err := strconv.ParseFloat(r["published_step_seconds"], 64)
	if err != nil {
		return entry{}, fmt.Errorf("column published_step_seconds: %w", err)
	}
	l := perf.Layout{TP: v[7], PP: v[8], DP: v[9], EP: 1, VPP: v[10], MicroBatch: v[12], Recompute: perf.RecomputeFull}
	if r["mode"] == "sequence_parallel+selective_recompute" {
		l.Recompute, l.SeqParallel = perf.RecomputeSelective, true
	}
	arch := gptArch(r["model"], v[0], v[1], v[2], v[3], v[5], v[4])
	req := megatronRequest(arch, v[4], v[11], l, seleneA100(v[6]))
	return entry{Case: calibrate.Case{ID: r["model"] + " " + r["mode"], Family: "korthikanti2022", Request: req,
		Metric: calibrate.StepSeconds, Measured: pub}, table: "korthikanti2022-table5", metric: string(calibrate.StepSeconds),
		source: r["source"], confidence: "high"}, nil
}

// megatronTraining is the Megatron-LM training setup of 2021–2022: mixed
// precision Adam (16 bytes/param), the megatron-lm-2021 stack (gradient
// all-reduce after the backward pass, no overlap), no flash attention,
// dropout on.
func megatronTraining(gb, seq int) perf.Training {
	t := perf.DefaultTraining(gb, seq)
	t.Stack, _ = perf.LookupStack("megatron-lm-2021")
	t.UsableMemory = 1
	return t
}

// megatronRequest fixes every dimension of the layout l: the planner
// prices exactly it (published runs ran, so also when it is over memory).
func megatronRequest(arch *model.Arch, seq, gb int, l perf.Layout, c perf.Cluster) plan.Request {
	return plan.Request{Arch: arch, Options: perf.ShapeOptions{Dropout: true}, Cluster: c, Training: megatronTraining(gb, seq),
		Fixed: plan.Constraints{TP: l.TP, PP: l.PP, DP: l.DP, EP: 1, MicroBatch: l.MicroBatch, VPP: l.VPP,
			Recompute: []perf.Recompute{l.Recompute}, ZeRO: []int{0}, SeqParallel: []bool{l.SeqParallel}}}
}

// layoutString is a compact layout description.
func layoutString(l perf.Layout, gb int) string {
	sp := ""
	if l.SeqParallel {
		sp = " sp"
	}
	cp := ""
	if l.CP > 1 {
		cp = fmt.Sprintf("CP%d ", l.CP)
	}
	ep := ""
	if l.EP > 1 {
		ep = fmt.Sprintf(" EP%d", l.EP)
	}
	return fmt.Sprintf("TP%d %sPP%d DP%d%s v%d mbs%d gb%d %s%s", l.TP, cp, l.PP, l.DP, ep, l.VPP, l.MicroBatch, gb, l.Recompute, sp)
}
