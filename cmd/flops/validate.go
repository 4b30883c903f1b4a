package main

import (
	"fmt"
	"io"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/report"
	"github.com/flopsdev/flops/units"
	"github.com/flopsdev/flops/validate"
)

const validateSynopsis = "validate [--table all|korthikanti|narayanan|extra|runs|serving] [--json]"

const validateHelp = `
Runs the performance model on published configurations and prints predicted
vs published with the error of each row and summary statistics:
Korthikanti et al. 2022 Table 5 step times (8 rows), Narayanan et al. 2021
Table 1 achieved TFLOP/s per GPU (10 rows), 62 further published rows on
H100, A100, B200, GB200, TPU v4/v5e/v5p/v6e and Gaudi 2 with modern software
(validate/data/extra_runs.csv and extra_tpu_amd_gaudi.csv: PaLM 540B, MaxText, Llama 3
405B on 8,192 and 16,384 H100s, BLOOM 176B, MosaicML llm-foundry FSDP
benchmarks, NeMo Automodel MoE (DeepSeek-V3, Qwen3-30B-A3B), NeMo and
Megatron-Bridge FP8 rows on H100, B200 and GB200; each with its source and
a confidence grade), priced exactly as 'flops plan' prices the same command
line, summarised per accelerator family and precision (extra-h100,
extra-a100, extra-h100-fp8, extra-b200-fp8, extra-gb200-fp8); and the published training runs' 6ND (and exact)
FLOPs with the MFU their reported GPU-hours imply. Only the per-accelerator
efficiency constants are fitted (a grid minimising the mean error over all
rows of a family), shared by every row.

--table serving scores the serving-under-load estimator ('flops infer
--concurrency') on 4,350 measured deployments (AIConfigurator silicon sample,
NVIDIA, Apache-2.0): mean absolute percentage error, geometric-mean ratio and
share within ±25 % of TTFT and TPOT, in sample and leave-one-model-out (each
model's rows predicted by profile constants refitted without that model),
per model × GPU × framework × mode, with the rows it cannot express counted.

Output fields (--json):
  rows[]: table, id, layout, metric, published, predicted, error_percent,
          predicted_mfu, predicted_hfu, source, confidence, fits
  summaries[]: table, rows, mean_abs_error_percent, max_abs_error_percent,
               mean_signed_error_percent
  training_runs[]: id, hardware, params, tokens, six_nd_flops, exact_flops,
          reported_flops, accelerator_hours, peak_flops_per_second,
          implied_mfu, implied_mfu_exact, reported_mfu, source
  efficiency: the shared A100 constants; steps, assumptions

Examples:
  flops validate
  flops validate --table korthikanti
  flops validate --table extra
  flops validate --table runs --json
  flops validate --table serving
`

// runValidate is "flops validate".
func runValidate(env *cliEnv, args []string) error {
	var r api.ValidateRequest
	fs := newFlagSet(env, "validate", validateSynopsis, validateHelp)
	fs.StringVar(&r.Table, "table", "", "all (default), korthikanti, narayanan, extra, runs or serving")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if r.Table == "serving" {
		return runValidateServing(env, *asJSON)
	}
	res, err := r.Run(api.Env{})
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
		t := &report.Table{Title: "Step time and throughput: predicted vs published",
			Headers: []string{"table", "row", "layout", "metric", "published", "predicted", "error", "MFU", "HFU", "confidence"}}
		for _, x := range r.Rows {
			conf := x.Confidence
			if conf == "" {
				conf = "high"
			}
			t.AddRow(x.Table, x.ID, x.Layout, x.Metric, figure(x.Published), figure(x.Predicted),
				fmt.Sprintf("%+.1f%%", x.ErrorPct), percent(x.MFU), percent(x.HFU), conf)
		}
		if err := t.Write(w); err != nil {
			return err
		}
		s := &report.Table{Title: "\nSummary", Headers: []string{"table", "rows", "mean |error|", "max |error|", "mean signed"}}
		for _, x := range r.Summaries {
			s.AddRow(x.Table, itoa(x.Rows), fmt.Sprintf("%.1f%%", x.MeanAbsPct), fmt.Sprintf("%.1f%%", x.MaxAbsPct), fmt.Sprintf("%+.1f%%", x.MeanSignPct))
		}
		if err := s.Write(w); err != nil {
			return err
		}
	}
	if len(r.Runs) > 0 {
		if err := runsTable(r.Runs).Write(w); err != nil {
			return err
		}
	}
	return report.Assumptions(w, r.Assumptions)
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
