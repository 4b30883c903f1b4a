// Package validate runs the performance model (package perf, through the
// planner for the extra rows) on published configurations and compares
// its predictions with the published figures:
//
//   - Korthikanti et al. 2022 Table 5 step times (A100, Megatron-LM 2022);
//   - Narayanan et al. 2021 Table 1 per-GPU throughput (A100);
//   - data/extra_runs.csv: further published rows with their full layout
//     on H100, A100, B200 and GB200 with modern software (Llama 3 405B on 8,192 and
//     16,384 H100s, BLOOM 176B, MosaicML llm-foundry FSDP benchmarks, NeMo
//     Automodel MoE benchmarks, NeMo and Megatron-Bridge FP8 benchmarks),
//     each with its source and a confidence grade, priced as "flops plan"
//     prices the same command line and summarised per accelerator family
//     and precision;
//   - data/extra_tpu_amd_gaudi.csv: the same columns for other
//     accelerators: PaLM 540B on 6,144 TPU v4, MaxText benchmark tables on
//     TPU v5e, v5p and v6e (MaxText's synthetic global_parameter_scale
//     models are built by maxtextArch), and Intel's Gaudi 2 LLaMA table
//     (layouts not published: searched, low confidence); no AMD Instinct
//     or Trainium row with a full layout was found;
//   - the FLOPs and implied MFU of published training runs from their
//     reported GPU-hours.
//
// The reference rows are copies of Korthikanti et al. 2022 Table 5 and of
// the needed published training runs, embedded (validate/data) with
// their source columns, plus the two extra tables. The only fitted numbers
// are the per-accelerator constants of perf.DefaultEfficiency (shared by
// every row, fitted by the grid in calibrate_test.go); nothing here is
// tuned per row.
package validate
