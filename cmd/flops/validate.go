package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
	"github.com/flopsdev/flops/validate"
)

const validateSynopsis = "validate [--table all|korthikanti|narayanan|extra|profile|runs|serving] [--profile PROFILE] [--json]"

const validateHelp = `
Runs the performance model on published configurations and prints predicted
vs published for each row with three errors: with the shipped constants
(in-sample), refitted without the row (leave-one-out), and refitted without
its whole source family, the paper or benchmark table it comes from
(leave-one-family-out). The refits are computed by this command, not stored.
Rows (counted in the summary): Korthikanti et al. 2022 Table 5 step times,
Narayanan et al. 2021 Table 1 TFLOP/s per GPU, and further published rows
on H100, A100, B200, GB200, TPU v4/v5e/v5p/v6e and Gaudi 2 with their
software stack
(validate/data/extra_runs.csv, extra_tpu_amd_gaudi.csv: PaLM, MaxText, Llama 3
405B, BLOOM, MosaicML llm-foundry, NeMo Automodel MoE, NeMo and
Megatron-Bridge, Intel), each with its source and confidence, priced as
'flops plan' prices the same command line; summaries per table and over all
rows; the fitted constants per accelerator family; the rows our memory model
says do not fit (they ran) with what they used that flops does not model;
and the published training runs' 6ND and exact FLOPs with the MFU their
GPU-hours imply. Only four fractions of peak per accelerator family are
fitted (GEMM, FP8 GEMM, element-wise, flash attention), shared by every row.
--profile adds the table "profile": the runs of a calibrated cluster
('flops calibrate') with its constants and refitted without each run.

--table serving scores the serving-under-load estimator ('flops infer
--concurrency') on 4,350 measured deployments (AIConfigurator silicon sample,
NVIDIA, Apache-2.0): mean absolute percentage error, geometric-mean ratio and
share within ±25 % of TTFT and TPOT, in sample and leave-one-model-out (each
model's rows predicted by profile constants refitted without that model),
per model × GPU × framework × mode, with the rows it cannot express counted.

Output fields (--json):
  rows[]: table, id, family, stack, layout, metric, published, predicted,
          error_percent, leave_one_out_error, leave_one_family_out_error
          (percent, signed), predicted_mfu, predicted_hfu, source, confidence,
          fits, memory_note
  summaries[]: table (each table, then "all"), rows, mean_abs_error_percent,
          max_abs_error_percent, mean_signed_error_percent,
          leave_one_out_mean_abs_error, leave_one_out_max_abs_error,
          leave_one_family_out_mean_abs_error, leave_one_family_out_max_abs_error
  leave_one_family_out_mean_abs_error: over all published rows
  fits[]: accelerator_family, rows, fitted (matmul, matmul_fp8, elementwise,
          flash_attention), source
  training_runs[]: id, hardware, params, tokens, six_nd_flops, exact_flops,
          reported_flops, accelerator_hours, peak_flops_per_second,
          implied_mfu, implied_mfu_exact, reported_mfu, source
  steps, assumptions

Examples:
  flops validate
  flops validate --table korthikanti
  flops validate --table extra --json
  flops validate --table runs
  flops validate --profile cluster.json --table profile
  flops validate --table serving
`

// runValidate is "flops validate".
func runValidate(env *cliEnv, args []string) error {
	var r api.ValidateRequest
	fs := newFlagSet(env, "validate", validateSynopsis, validateHelp)
	fs.StringVar(&r.Table, "table", "", strings.Join(api.ValidateTables(), ", ")+" or serving (default all)")
	profile := bindProfile(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if r.Table == "serving" {
		return runValidateServing(env, *asJSON)
	}
	var err error
	if r.Profile, err = profile(); err != nil {
		return err
	}
	res, err := r.Run(api.Env{AllowPaths: true})
	if err != nil {
		return inputUsage(err, "validate")
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writeValidate(env.stdout, res)
}

func writeValidate(w io.Writer, r *validate.Result) error {
	if len(r.Rows) > 0 {
		if err := rowsTable(r.Rows).Write(w); err != nil {
			return err
		}
		if err := summaryTable(r.Summaries).Write(w); err != nil {
			return err
		}
		if err := fitsTable(r.Fits).Write(w); err != nil {
			return err
		}
		writeMemoryNotes(w, r.Rows)
	}
	if len(r.Runs) > 0 {
		if err := runsTable(r.Runs).Write(w); err != nil {
			return err
		}
	}
	return report.Assumptions(w, r.Assumptions)
}

// rowsTable lists every row with its in-sample and held-out errors.
func rowsTable(rows []validate.Row) *report.Table {
	t := &report.Table{Title: "Step time and throughput: predicted vs published (error: the shipped constants, or the profile's; held out: refitted without the row / without its source family)",
		Headers: []string{"table", "row", "stack", "layout", "metric", "published", "predicted", "error", "held out: row", "family", "MFU", "confidence"}}
	for _, x := range rows {
		conf := x.Confidence
		if conf == "" {
			conf = "high"
		}
		t.AddRow(x.Table, x.ID, x.Stack, x.Layout, x.Metric, figure(x.Published), figure(x.Predicted),
			signedPct(&x.ErrorPct), signedPct(x.LeaveOneOut), signedPct(x.LeaveOneFamilyOut), percent(x.MFU), conf)
	}
	return t
}

// summaryTable lists the error statistics per table and over all rows.
func summaryTable(sums []validate.Summary) *report.Table {
	t := &report.Table{Title: "\nSummary: mean and max |error|, in-sample and held out",
		Headers: []string{"table", "rows", "mean", "max", "mean signed", "leave-one-out mean", "max", "leave-family-out mean", "max"}}
	for _, x := range sums {
		t.AddRow(x.Table, itoa(x.Rows), absPct(&x.MeanAbsPct), absPct(&x.MaxAbsPct), signedPct(&x.MeanSignPct),
			absPct(x.LeaveOneOutMeanAbs), absPct(x.LeaveOneOutMaxAbs), absPct(x.LeaveOneFamilyOutMeanAbs), absPct(x.LeaveOneFamilyOutMaxAbs))
	}
	return t
}

// fitsTable lists the shipped fitted fractions per accelerator family.
func fitsTable(fits []validate.GroupFit) *report.Table {
	t := &report.Table{Title: "\nFitted constants (fractions of dense peak; element-wise: of HBM bandwidth)",
		Headers: []string{"accelerators", "rows", "GEMM", "FP8 GEMM", "element-wise", "flash attention"}}
	for _, f := range fits {
		fp8 := "-" // no FP8 row: FP8 GEMMs use the GEMM fraction
		if f.Fitted.MatmulFP8 > 0 {
			fp8 = fmt.Sprintf("%.2f", f.Fitted.MatmulFP8)
		}
		t.AddRow(f.Family, itoa(f.Rows), fmt.Sprintf("%.2f", f.Fitted.Matmul), fp8,
			fmt.Sprintf("%.2f", f.Fitted.Elementwise), fmt.Sprintf("%.2f", f.Fitted.Flash))
	}
	return t
}

// writeMemoryNotes lists the rows our memory model says do not fit (they
// ran) with what the run used that flops does not model.
func writeMemoryNotes(w io.Writer, rows []validate.Row) {
	first := true
	for _, x := range rows {
		if x.Fits {
			continue
		}
		if first {
			fmt.Fprintln(w, "\nOver memory in our model, yet the run ran:")
			first = false
		}
		fmt.Fprintf(w, "  %s: %s\n", x.ID, x.MemoryNote)
	}
}

// signedPct prints a signed percentage, "-" when absent.
func signedPct(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%+.1f%%", *v)
}

// absPct prints a percentage, "-" when absent.
func absPct(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", *v)
}

// figure prints a published or predicted value: whole numbers from 100
// up (tokens/s, TFLOP/s), three decimals below 1 (MFU), else 3 digits.
func figure(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v < 1:
		return fmt.Sprintf("%.3f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

func runsTable(runs []validate.RunRow) *report.Table {
	t := &report.Table{Title: "\nTraining runs: FLOPs and the MFU implied by reported accelerator-hours",
		Headers: []string{"run", "6ND", "exact", "reported", "GPU-hours", "implied MFU (6ND)", "implied MFU (exact)", "reported MFU"}}
	for _, x := range runs {
		t.AddRow(x.ID, units.FLOPs(x.SixND).String(), optFLOPs(x.ExactFLOPs), optFLOPs(x.ReportedFLOPs),
			units.FormatCount(x.GPUHours), percent(x.ImpliedMFU), optPct(x.ImpliedMFUEx), optPct(x.ReportedMFU))
	}
	return t
}

func optFLOPs(v float64) string {
	if v == 0 {
		return "-"
	}
	return units.FLOPs(v).String()
}

func optPct(v float64) string {
	if v == 0 {
		return "-"
	}
	return percent(v)
}
