// Package train estimates what a training run costs: training FLOPs
// (C = 6·N·D, or an exact per-token count times D), accelerator-seconds at a
// model FLOPs utilization, wall-clock time on K accelerators, money, energy
// and CO2e, and the inverse questions (how many accelerators finish by a
// deadline; how many tokens or parameters a budget buys).
//
// Every step is recorded in the Result's explain.Trace with the numbers
// substituted, and every default the caller did not set is recorded as an
// Assumption with its source. Sources: 6·N·D from Kaplan et al. 2020 §2.1
// (arXiv:2001.08361; 2 FLOPs per parameter per token forward, 4 backward);
// MFU as defined by Chowdhery et al. 2022 (PaLM, App. B); energy and carbon
// as in Patterson et al. 2021 (arXiv:2104.10350) and Meta's Llama 2/3.1
// model cards (accelerator-hours × power × PUE × grid intensity).
package train

import (
	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// Config is one training-run question. Zero values mean "not given": the
// documented default is used and recorded as an Assumption.
//
// The compute C comes from exactly one of:
//   - FLOPs (given directly);
//   - FLOPsPerToken·Tokens (an exact per-token count from an architecture);
//   - 6·Params·Tokens (the 6ND rule);
//   - Budget with a Price, which fills in the missing one of Params or Tokens.
type Config struct {
	// Params N is the number of parameters multiplied per token (for MoE
	// models, the active parameters).
	Params units.Params
	// Tokens D is the number of training tokens.
	Tokens units.Tokens
	// FLOPs is the total training compute C, an alternative to N and D.
	FLOPs units.FLOPs
	// FLOPsPerToken is an optional exact training FLOPs per token (forward +
	// backward) from a model architecture; when set, C = FLOPsPerToken·D
	// instead of 6·N·D (the 6ND figure is still reported when N is known).
	FLOPsPerToken units.FLOPs

	// Model optionally names the model the run trains, for display.
	Model string

	// Accelerator supplies the dense peak FLOP/s (Accelerator.Dense) and,
	// as the default power, its TDP.
	Accelerator hardware.Accelerator
	// Precision selects the peak; default bf16 (fp16 on accelerators
	// without bf16, such as the V100).
	Precision hardware.Precision
	// GPUs K is the number of accelerators; default 1, or the number needed
	// to finish within Deadline when that is set.
	GPUs int
	// MFU u is the model FLOPs utilization in (0, 1]; default 0.4.
	MFU units.Fraction

	// Price is the rental price per accelerator-hour; zero means no cost is
	// computed (not an error).
	Price units.USDPerHour
	// Power is the average power drawn per accelerator; default the TDP.
	Power units.Watts
	// PUE is the facility power usage effectiveness (≥ 1); default 1.2.
	PUE float64
	// Grid is the carbon intensity of the electricity; default 0.4 kg/kWh.
	Grid units.KgCO2PerKWh

	// Deadline asks how many accelerators finish the run within this
	// wall-clock time (seconds).
	Deadline units.Seconds
	// Budget asks how many tokens (given Params) or parameters (given
	// Tokens) this much money buys at Price.
	Budget units.USD

	// Reliability sets the failure model (package goodput). Its figures
	// (interruptions, checkpoint interval, goodput, time and money with
	// failures) are added when K ≥ goodput.ShowFrom or an option is given.
	Reliability goodput.Options
	// CheckpointParams is the number of parameters a checkpoint stores
	// (for MoE models all experts, not the active N); 0 means Params.
	CheckpointParams units.Params
}

// Defaults used when a Config field is zero. Their sources are recorded
// with each Result's assumptions (see defaultSources).
const (
	// DefaultMFU is 0.4: Llama-2-7B's model card implies 39 % MFU on A100
	// and the Llama 3 paper reports 38–43 % BF16 MFU on H100.
	DefaultMFU units.Fraction = 0.4
	// DefaultPrecision is bf16, the matmul format of mixed-precision training.
	DefaultPrecision = hardware.BF16
	// DefaultPUE is 1.2, between hyperscale (Google fleet ≈ 1.10) and the
	// Uptime Institute industry average (1.58 in 2023).
	DefaultPUE = 1.2
	// DefaultGrid is 0.4 kg CO2e/kWh: Meta's Llama 2/3.1 model cards imply
	// 0.41–0.42 and Patterson et al. 2021 use 0.429 for GPT-3.
	DefaultGrid units.KgCO2PerKWh = 0.4
	// DefaultGPUs is the accelerator count when neither GPUs nor Deadline
	// is set.
	DefaultGPUs = 1
)

// Sources of the defaults, as recorded in Result.Assumptions (primary
// sources; the arithmetic behind them is in formulas.md §7 and §8).
const (
	srcMFU           = "Llama 2 model card implies 39% on A100; Llama 3 paper (arXiv:2407.21783) reports 38-43% on H100"
	srcPrecision     = "mixed-precision training runs its matmuls in bf16"
	srcPrecisionFP16 = "the accelerator has no bf16 peak; fp16 mixed precision instead"
	srcPower         = "the accelerator's TDP, as in Meta's model cards; board only: no CPUs, network or cooling"
	srcPUE           = "between Google's fleet ~1.10 and the Uptime Institute 2023 survey average 1.58"
	srcGrid          = "Llama 2/3.1 model cards imply 0.41-0.42; Patterson et al. 2021 (arXiv:2104.10350): 0.429"
	srcGPUs          = "default; set --gpus or --days"
	srcScaling       = "accelerator-time split evenly over K; parallel overheads belong in the MFU"
	src6ND           = "2 forward + 4 backward per parameter per token; omits attention scores (Kaplan et al. 2020, arXiv:2001.08361)"
)
