package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// planTable lists candidates, one per row.
func planTable(title string, cs []plan.Candidate) *report.Table {
	t := &report.Table{Title: title, Headers: []string{"TP", "CP", "PP", "DP", "EP", "mbs", "vpp", "SP", "ZeRO", "recompute",
		"step", "tokens/s", "MFU", "HFU", "bubble", "exposed comm", "memory/GPU"}}
	for _, c := range cs {
		comm := c.TPComm + c.EPComm + c.CPComm + c.PPComm + c.DPComm
		t.AddRow(itoa(c.TP), itoa(max(c.CP, 1)), itoa(c.PP), itoa(c.DP), itoa(c.EP), itoa(c.MicroBatch), itoa(c.VPP), onOffText(c.SeqParallel),
			itoa(c.ZeRO), c.Recompute, units.Seconds(c.StepTime).String(), units.FormatCount(c.TokensPerSecond),
			percent(c.MFU), percent(c.HFU), units.Seconds(c.Bubble).String(), units.Seconds(comm).String(), units.Bytes(c.MemTotal).String())
	}
	return t
}

// bestKV prints the winner's breakdown.
func bestKV(w io.Writer, r *plan.Result) error {
	b := r.Best
	pairs := [][2]string{
		{"Best layout", fmt.Sprintf("TP%d CP%d PP%d DP%d EP%d, micro-batch %d, vpp %d, SP %s, ZeRO %d, recompute %s",
			b.TP, max(b.CP, 1), b.PP, b.DP, b.EP, b.MicroBatch, b.VPP, onOffText(b.SeqParallel), b.ZeRO, b.Recompute)},
		{"step time", units.Seconds(b.StepTime).String()},
		{"  compute (incl. recompute)", fmt.Sprintf("%s (recompute %s)", units.Seconds(b.Compute), units.Seconds(b.Estimate.Recompute))},
		{"  pipeline bubble", units.Seconds(b.Bubble).String()},
		{"  TP / EP / CP / PP comm (exposed)", fmt.Sprintf("%s / %s / %s / %s", units.Seconds(b.TPComm), units.Seconds(b.EPComm), units.Seconds(b.CPComm), units.Seconds(b.PPComm))},
		{"  DP comm exposed / overlapped", fmt.Sprintf("%s / %s", units.Seconds(b.DPComm), units.Seconds(b.DPOverlapped))},
		{"  optimizer step", units.Seconds(b.Optimizer).String()},
		{"tokens/s", units.FormatCount(b.TokensPerSecond)},
		{"MFU / HFU", percent(b.MFU) + " / " + percent(b.HFU)},
		{"memory per GPU", fmt.Sprintf("%s of %s usable (weights %s, grads %s, optimizer %s, activations %s)",
			units.Bytes(b.MemTotal), units.Bytes(b.MemoryCapacityBytes), units.Bytes(b.MemWeights), units.Bytes(b.MemGrads),
			units.Bytes(b.MemOptimizer), units.Bytes(b.MemActivations))},
	}
	if b.TimeToTrain > 0 {
		pairs = append(pairs, [2]string{"time to train", fmt.Sprintf("%s on %s tokens, %s GPU-hours",
			units.Seconds(b.TimeToTrain), units.FormatCount(b.TrainingTokens), units.FormatCount(b.GPUHours))})
	}
	if b.CostUSD > 0 {
		pairs = append(pairs, [2]string{"cost", units.USD(b.CostUSD).String()})
	}
	return report.KV(w, pairs)
}

// rejectTable lists the rejection counts, largest first.
func rejectTable(r *plan.Result) *report.Table {
	t := &report.Table{Title: "Rejected layouts", Headers: []string{"reason", "count"}}
	keys := make([]string, 0, len(r.Rejected))
	for k := range r.Rejected {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return int(r.Rejected[b] - r.Rejected[a]) })
	for _, k := range keys {
		t.AddRow(k, itoa64(r.Rejected[k]))
	}
	return t
}

func itoa(v int) string     { return fmt.Sprint(v) }
func itoa64(v int64) string { return fmt.Sprint(v) }
func onOffText(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
func percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
