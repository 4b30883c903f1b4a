package validate

import (
	"fmt"
	"strconv"

	"github.com/flopsdev/flops/model"
	"github.com/flopsdev/flops/perf"
)

// Korthikanti runs the eight rows of Korthikanti et al. 2022 Table 5
// (step time of one iteration on Selene A100s): full recompute without
// sequence parallelism, and sequence parallelism with selective recompute.
// Megatron-LM of 2022: no flash attention, dropout on, no data parallelism.
func Korthikanti() ([]Row, error) { return korthikanti(perf.DefaultEfficiency) }

// effFor returns the efficiency constants of an accelerator ID; the
// shipped ones are perf.DefaultEfficiency, the calibration grid
// (calibrate_test.go) passes candidates.
type effFor func(id string) perf.Efficiency

func korthikanti(eff effFor) ([]Row, error) {
	recs, err := records("korthikanti2022_table5.csv")
	if err != nil {
		return nil, err
	}
	var rows []Row
	for i, r := range recs {
		row, err := korthikantiRow(r, eff)
		if err != nil {
			return nil, fmt.Errorf("validate: korthikanti2022_table5.csv row %d: %w", i+2, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func korthikantiRow(r map[string]string, eff effFor) (Row, error) {
	v, err := ints(r, "hidden", "ffn", "heads", "layers", "seq_len", "vocab", "gpus",
		"tensor_parallel", "pipeline_parallel", "data_parallel", "virtual_stages", "global_batch", "micro_batch")
	if err != nil {
		return Row{}, err
	}
	pub, err := strconv.ParseFloat(r["published_step_seconds"], 64)
	if err != nil {
		return Row{}, fmt.Errorf("column published_step_seconds: %w", err)
	}
	l := perf.Layout{TP: v[7], PP: v[8], DP: v[9], EP: 1, VPP: v[10], MicroBatch: v[12], Recompute: perf.RecomputeFull}
	if r["mode"] == "sequence_parallel+selective_recompute" {
		l.Recompute, l.SeqParallel = perf.RecomputeSelective, true
	}
	arch := gptArch(r["model"], v[0], v[1], v[2], v[3], v[5], v[4])
	c := seleneA100(v[6])
	c.Eff = eff(c.GPU.ID)
	e, err := evaluate(arch, v[4], v[11], l, c)
	if err != nil {
		return Row{}, err
	}
	return Row{Table: "korthikanti2022-table5", ID: r["model"] + " " + r["mode"], Layout: layoutString(l, v[11]),
		Metric: "step_time_seconds", Published: pub, Predicted: e.StepTime,
		ErrorPct: 100 * (e.StepTime - pub) / pub, MFU: e.MFU, HFU: e.HFU, Source: r["source"], Fits: e.Fits}, nil
}

// megatronTraining is the Megatron-LM training setup of 2021–2022: mixed
// precision Adam (16 bytes/param), gradient all-reduce after the backward
// pass (no overlap), no flash attention, dropout on.
func megatronTraining(gb, seq int) perf.Training {
	t := perf.DefaultTraining(gb, seq)
	t.DPOverlap = false
	t.UsableMemory = 1
	return t
}

// evaluate compiles and prices one layout, returning an error when the
// layout is rejected for any reason but memory (published runs ran).
func evaluate(arch *model.Arch, seq, gb int, l perf.Layout, c perf.Cluster) (perf.Estimate, error) {
	s, err := perf.NewShape(arch, seq, perf.ShapeOptions{Dropout: true})
	if err != nil {
		return perf.Estimate{}, err
	}
	m, err := perf.Compile(s, c, megatronTraining(gb, seq))
	if err != nil {
		return perf.Estimate{}, err
	}
	e := m.Evaluate(l)
	if e.Reject != "" && e.Reject != perf.RejectMemory {
		return e, fmt.Errorf("layout %s rejected: %s", layoutString(l, gb), e.Reject)
	}
	return e, nil
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
	return fmt.Sprintf("TP%d %sPP%d DP%d v%d mbs%d gb%d %s%s", l.TP, cp, l.PP, l.DP, l.VPP, l.MicroBatch, gb, l.Recompute, sp)
}
