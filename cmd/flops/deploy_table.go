package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/flopsdev/flops/deploy"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
)

// pointText is a point's mode, layout and concurrency in words.
func pointText(p *deploy.Point) string {
	per := "replica"
	if p.Prefill != nil {
		per = "unit"
	}
	return fmt.Sprintf("%s, %s, %d requests in flight per %s", p.Mode, p.LayoutText(), p.Concurrency, per)
}

// pointKV is a point's figures, labelled in words.
func pointKV(p *deploy.Point) [][2]string {
	gpus := fmt.Sprintf("%d", p.GPUs)
	if p.Replicas > 1 {
		gpus += fmt.Sprintf(" (%d × %d)", p.Replicas, p.GPUsPerReplica)
	}
	if p.Rate > 0 {
		gpus += fmt.Sprintf(", serving %.4g requests/s (open-loop check)", p.Rate)
	}
	kv := [][2]string{
		{"output tokens/s per GPU", fmt.Sprintf("%s (%s per user; %s for the deployment)", fmtCount(p.OutputTokensPerSecondPerGPU),
			fmtCount(p.OutputTokensPerSecondPerUser), fmtCount(p.OutputTokensPerSecond))},
		{"time to first token", fmt.Sprintf("%s mean (p90 %s, p99 %s)", p.TTFT, p.TTFTP90, p.TTFTP99)},
		{"time per output token", fmt.Sprintf("%s mean (p90 %s, p99 %s)", p.TPOT, p.TPOTP90, p.TPOTP99)},
		{"GPUs", gpus},
	}
	if p.CostPerMillionOutput != nil {
		kv = append(kv, [2]string{"cost", fmt.Sprintf("%s per million output tokens, %s per million input tokens; %s/h at %s per GPU-hour",
			units.USD(*p.CostPerMillionOutput), units.USD(*p.CostPerMillionInput), units.USD(*p.USDPerHour), units.USD(*p.PricePerGPUHour))})
	}
	return append(kv, [2]string{"limited by", p.LimitedBy}, [2]string{"reproduce", p.Command})
}

// acceleratorTable compares the accelerators' best points.
func acceleratorTable(r *deploy.Result) *report.Table {
	t := &report.Table{Title: "By accelerator", Headers: []string{"accelerator", "price/GPU-h", "best layout", "GPUs",
		"tokens/s/GPU", "TTFT", "TPOT", "$/M output", "$/h"}}
	for _, pl := range r.Accelerators {
		price := "-"
		if pl.PricePerGPUHour != nil {
			price = units.USD(*pl.PricePerGPUHour).String()
		}
		if !pl.Feasible {
			t.AddRow(pl.Accelerator, price, "none meets the targets", "", "", "", "", "", "")
			continue
		}
		b := pl.Best
		t.AddRow(pl.Accelerator, price, b.Mode+": "+b.LayoutText(), strconv.Itoa(b.GPUs), fmtCount(b.OutputTokensPerSecondPerGPU),
			b.TTFT.String(), b.TPOT.String(), usd(b.CostPerMillionOutput), usd(b.USDPerHour))
	}
	return t
}

// writePlanTables prints one accelerator's best layouts and Pareto fronts.
func writePlanTables(w io.Writer, r *deploy.Result, pl *deploy.Plan) error {
	if len(pl.Top) > 0 {
		fmt.Fprintln(w)
		title := fmt.Sprintf("Best layouts on %s (each layout at its best concurrency)", pl.Accelerator)
		if err := pointTable(title, pl.Top, false).Write(w); err != nil {
			return err
		}
	}
	if len(pl.Pareto) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	shown := thin(pl.Pareto, deployParetoRows)
	title := fmt.Sprintf("Pareto front on %s: output tokens/s per GPU against per user, %d points", pl.Accelerator, len(pl.Pareto))
	if len(shown) < len(pl.Pareto) {
		title += fmt.Sprintf(", %d shown (all in --json and --csv)", len(shown))
	}
	if t := r.Targets.TTFT; t > 0 {
		title += fmt.Sprintf("; TTFT ≤ %s", t)
	}
	if err := pointTable(title, shown, true).Write(w); err != nil {
		return err
	}
	fmt.Fprintln(w, "Reproduce:")
	for i, p := range shown {
		fmt.Fprintf(w, "  [%d] %s\n", i+1, p.Command)
	}
	return nil
}

// deployParetoRows is how many Pareto points the text shows per accelerator.
const deployParetoRows = 8

// pointTable lists points, one per row; numbered rows refer to the
// commands printed below the table.
func pointTable(title string, ps []deploy.Point, numbered bool) *report.Table {
	h := []string{"mode", "layout", "concurrency", "GPUs", "TTFT", "TPOT", "tokens/s/GPU", "tokens/s/user", "$/M output", "limited by"}
	if numbered {
		h = append([]string{"#"}, h...)
	}
	t := &report.Table{Title: title, Headers: h}
	for i, p := range ps {
		row := []string{p.Mode, p.LayoutText(), strconv.Itoa(p.Concurrency), strconv.Itoa(p.GPUs), p.TTFT.String(), p.TPOT.String(),
			fmtCount(p.OutputTokensPerSecondPerGPU), fmtCount(p.OutputTokensPerSecondPerUser), usd(p.CostPerMillionOutput), p.LimitedBy}
		if numbered {
			row = append([]string{fmt.Sprintf("[%d]", i+1)}, row...)
		}
		t.AddRow(row...)
	}
	return t
}

func usd(v *float64) string {
	if v == nil {
		return "-"
	}
	return units.USD(*v).String()
}

// writeDeployCSV prints the best, every accelerator's top layouts and
// Pareto points, one per row, with the command behind each.
func writeDeployCSV(w io.Writer, r *deploy.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"set", "accelerator", "mode", "tp", "pp", "ep", "attention_dp", "prefill_tp", "prefill_pp", "prefill_ep",
		"prefill_attention_dp", "prefill_workers", "decode_tp", "decode_pp", "decode_ep", "decode_attention_dp", "decode_workers",
		"concurrency", "gpus", "replicas", "ttft_seconds", "tpot_seconds", "ttft_p90_seconds", "tpot_p90_seconds",
		"output_tokens_per_second_per_gpu", "output_tokens_per_second_per_user", "cost_per_million_output_tokens_usd",
		"limited_by", "meets_targets", "command"})
	if r.Best != nil {
		cw.Write(csvRow("best", r.Best))
	}
	for _, pl := range r.Accelerators {
		for i := range pl.Top {
			cw.Write(csvRow("top", &pl.Top[i]))
		}
	}
	for i := range r.Pareto {
		cw.Write(csvRow("pareto", &r.Pareto[i]))
	}
	cw.Flush()
	return cw.Error()
}

// csvRow is one point in base units.
func csvRow(set string, p *deploy.Point) []string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	pool := func(q *deploy.Pool) []string {
		if q == nil {
			return []string{"", "", "", "", ""}
		}
		return []string{strconv.Itoa(q.TP), strconv.Itoa(q.PP), strconv.Itoa(q.EP), strconv.Itoa(q.AttentionDP), strconv.Itoa(q.Workers)}
	}
	cost := ""
	if p.CostPerMillionOutput != nil {
		cost = g(*p.CostPerMillionOutput)
	}
	row := []string{set, p.Accelerator, p.Mode, strconv.Itoa(p.TP), strconv.Itoa(p.PP), strconv.Itoa(p.EP), strconv.Itoa(p.AttentionDP)}
	row = append(row, pool(p.Prefill)...)
	row = append(row, pool(p.Decode)...)
	return append(row, strconv.Itoa(p.Concurrency), strconv.Itoa(p.GPUs), strconv.Itoa(p.Replicas), g(float64(p.TTFT)), g(float64(p.TPOT)),
		g(float64(p.TTFTP90)), g(float64(p.TPOTP90)), g(p.OutputTokensPerSecondPerGPU), g(p.OutputTokensPerSecondPerUser), cost,
		p.LimitedBy, strconv.FormatBool(p.MeetsTargets), p.Command)
}
