package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/flopsdev/flops/infer"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// writeInfer prints one result: the phase table, the summary, the
// assumptions and, if asked, the math.
func writeInfer(w io.Writer, r *infer.Result, explain bool) error {
	fmt.Fprintf(w, "%s on %d× %s (%s), batch %d, %d prompt + %d output tokens\n\n",
		r.Model, r.GPUs, r.Accelerator, r.Precision, r.Batch, r.Prompt, r.Output)
	if err := phaseTable(r).Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := report.KV(w, inferSummary(r)); err != nil {
		return err
	}
	return report.Derivation(w, r.Assumptions, r.Steps, explain)
}

// phaseTable sets prefill beside the mean decode step.
func phaseTable(r *infer.Result) *report.Table {
	t := &report.Table{Headers: []string{"", "prefill (whole prompt)", "decode (per step, mean)"}}
	p, d := r.Prefill, r.Decode
	t.AddRow("tokens", fmt.Sprintf("%.0f", p.Tokens), fmt.Sprintf("%.0f", d.Tokens))
	t.AddRow("FLOPs", p.FLOPs.String(), d.FLOPs.String())
	t.AddRow("weight bytes read", p.WeightBytes.String(), d.WeightBytes.String())
	t.AddRow("KV bytes", p.KVBytes.String()+" written", d.KVBytes.String()+" read")
	t.AddRow("intensity", fmtIntensity(p.Intensity), fmtIntensity(d.Intensity)+fmt.Sprintf(" (ridge %.0f)", r.RidgePoint))
	t.AddRow("compute time", p.ComputeSeconds.String(), d.ComputeSeconds.String())
	t.AddRow("memory time", p.MemorySeconds.String(), d.MemorySeconds.String())
	if r.GPUs > 1 {
		t.AddRow("all-reduce time", p.CommSeconds.String(), d.CommSeconds.String())
	}
	t.AddRow("time", p.Seconds.String()+" (TTFT)", d.Seconds.String()+" (per output token)")
	t.AddRow("bound", p.Bound, d.Bound)
	return t
}

// inferSummary lists throughput, latency, memory and cost.
func inferSummary(r *infer.Result) [][2]string {
	kv := [][2]string{
		{"throughput", fmt.Sprintf("%s output tokens/s end to end; decode alone %s tokens/s (%s per sequence)",
			fmtCount(r.OutputTokensPerSecond), fmtCount(r.TokensPerSecond), fmtCount(r.TokensPerSecondPerSequence))},
		{"latency", fmt.Sprintf("%s end to end (TTFT %s + %d × %s)", r.LatencySeconds, r.TTFT, r.Output-1, r.SecondsPerOutputToken)},
		{"pure roofline", r.RooflineSecondsPerOutToken.String() + " per output token at efficiency 1"},
		{"critical batch", criticalText(r)},
	}
	if r.ExpertsTouched != nil {
		kv = append(kv, [2]string{"experts touched", fmt.Sprintf("%.1f per MoE layer per decode step", *r.ExpertsTouched)})
	}
	m := r.Memory
	fit := "fits"
	if !m.Fits {
		fit = "DOES NOT FIT: " + m.Hint
	}
	kv = append(kv,
		[2]string{"memory per GPU", fmt.Sprintf("weights %s + KV %s + workspace %s = %s of %s (%s)", m.Weights.IEC(), m.KVCache.IEC(),
			m.Activations.IEC(), m.Total.IEC(), m.Capacity.IEC(), m.Capacity)},
		[2]string{"fit", fmt.Sprintf("%s (headroom %.1f GiB)", fit, m.HeadroomGiB)})
	if r.MaxBatch != nil {
		kv = append(kv, [2]string{"max batch", fmt.Sprintf("%d at %d tokens per sequence", *r.MaxBatch, r.Prompt+r.Output)})
	}
	if r.MaxContext != nil {
		kv = append(kv, [2]string{"max context", fmt.Sprintf("%d tokens at batch %d (limit: %s)", *r.MaxContext, r.Batch, r.MaxContextLimit)})
	}
	if r.CostPerMillionOutput != nil {
		c := fmt.Sprintf("%s per 1M output tokens", units.USD(*r.CostPerMillionOutput))
		if r.CostPerMillionInput != nil {
			c += fmt.Sprintf(", %s per 1M input tokens", units.USD(*r.CostPerMillionInput))
		}
		kv = append(kv, [2]string{"cost", c})
	}
	return kv
}

// criticalText is the critical batch or the reason there is none.
func criticalText(r *infer.Result) string {
	if r.CriticalBatch == nil {
		return r.CriticalBatchNote
	}
	return fmt.Sprintf("%.0f sequences (decode turns compute-bound at the mean context)", *r.CriticalBatch)
}

// writeInferSweep prints one row per batch size.
func writeInferSweep(w io.Writer, rs []*infer.Result, explain bool) error {
	r0 := rs[0]
	t := &report.Table{
		Title:   fmt.Sprintf("%s on %d× %s (%s), %d prompt + %d output tokens\n", r0.Model, r0.GPUs, r0.Accelerator, r0.Precision, r0.Prompt, r0.Output),
		Headers: []string{"batch", "TTFT", "per token", "tokens/s", "tokens/s/seq", "bound", "intensity", "memory/GPU", "fits", "$/1M out"},
	}
	for _, r := range rs {
		cost := "-"
		if r.CostPerMillionOutput != nil {
			cost = units.USD(*r.CostPerMillionOutput).String()
		}
		fits := "yes"
		if !r.Fits {
			fits = "no"
		}
		t.AddRow(strconv.Itoa(r.Batch), r.TTFT.String(), r.SecondsPerOutputToken.String(), fmtCount(r.TokensPerSecond),
			fmtCount(r.TokensPerSecondPerSequence), r.DecodeBound, fmtIntensity(r.Decode.Intensity), r.Memory.Total.IEC(), fits, cost)
	}
	if err := t.Write(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nridge point %.0f FLOP/B; critical batch: %s\n", r0.RidgePoint, criticalText(rs[len(rs)-1]))
	writeSweepFit(w, rs)
	return report.Derivation(w, r0.Assumptions, rs[len(rs)-1].Steps, explain)
}

// fmtCount formats a rate or count with 3–4 significant digits.
func fmtCount(v float64) string { return units.FormatCount(v) }

// fmtIntensity formats FLOP per byte.
func fmtIntensity(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f FLOP/B", v)
	}
	return fmt.Sprintf("%.3g FLOP/B", v)
}

// writeSweepFit says where a sweep stops fitting: the largest batch that
// fits at P + G tokens, and the hint of the first batch that does not.
func writeSweepFit(w io.Writer, rs []*infer.Result) {
	for _, r := range rs {
		if r.Fits {
			continue
		}
		if r.MaxBatch != nil && *r.MaxBatch > 0 {
			fmt.Fprintf(w, "fit: batches above %d do not fit at %d tokens per sequence (%s)\n", *r.MaxBatch, r.Prompt+r.Output, r.Memory.Hint)
		} else {
			fmt.Fprintf(w, "fit: batch %d does not fit: %s\n", r.Batch, r.Memory.Hint)
		}
		return
	}
}
