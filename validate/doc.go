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
//     each with its source, a confidence grade, its software stack
//     (perf.Stack) and its source family, priced as "flops plan" prices
//     the same command line and summarised per accelerator family and
//     precision;
//   - data/extra_tpu_amd_gaudi.csv: the same columns for other
//     accelerators: PaLM 540B on 6,144 TPU v4, MaxText benchmark tables on
//     TPU v5e, v5p and v6e (MaxText's synthetic global_parameter_scale
//     models are built by maxtextArch), and Intel's Gaudi 2 LLaMA table
//     (layouts not published: searched, low confidence); no AMD Instinct
//     or Trainium row with a full layout was found;
//   - the FLOPs and implied MFU of published training runs from their
//     reported GPU-hours.
//
// Every row is also predicted held out (Options.HeldOut): its
// accelerator family refitted without it (leave-one-out) and every family
// refitted without its source family, the paper or benchmark table it
// comes from (leave-one-family-out), with package calibrate, the same fit
// that produced the shipped constants (TestShippedFit checks they agree).
//
// The reference rows are the Korthikanti et al. 2022 Table 5 and the
// needed published_runs.csv rows of the project's shared reference data,
// embedded with their source columns, plus the two extra tables. The only
// fitted numbers are the per-accelerator fractions of perf.DefaultEfficiency
// (shared by every row); nothing here is tuned per row.
package validate
