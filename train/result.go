package train

import (
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// Result is the estimate for one Config. JSON fields are snake_case in SI
// base units (FLOP, FLOP/s, seconds, US dollars, watts, kg CO2e), plus
// gpu_hours and energy_kwh in the units people quote. Money, energy and
// CO2 are null when they cannot be computed (no price; no power figure).
type Result struct {
	// Model names the model trained, when the caller gave one.
	Model string `json:"model,omitempty"`
	// Params N and Tokens D as used (given, or filled in from a budget).
	Params units.Params `json:"params,omitempty"`
	Tokens units.Tokens `json:"tokens,omitempty"`
	// FLOPsPerToken is the exact training FLOPs per token when given.
	FLOPsPerToken units.FLOPs `json:"training_flops_per_token,omitempty"`
	// TrainingFLOPs C, FLOP.
	TrainingFLOPs units.FLOPs `json:"training_flops"`
	// SixNDFLOPs is 6·N·D, reported next to an exact count for comparison.
	SixNDFLOPs units.FLOPs `json:"six_nd_flops,omitempty"`

	Accelerator string             `json:"accelerator"` // catalog ID, or "custom"
	Precision   hardware.Precision `json:"precision"`
	// PeakFLOPS is the dense peak of one accelerator at Precision, FLOP/s.
	PeakFLOPS units.FLOPRate `json:"peak_flops_per_second"`
	// MFU u, fraction of peak achieved on model FLOPs.
	MFU units.Fraction `json:"mfu"`
	// GPUs K, accelerators used for the wall-clock time.
	GPUs int `json:"gpus"`
	// EffectiveFLOPS is peak·u for one accelerator, FLOP/s.
	EffectiveFLOPS units.FLOPRate `json:"effective_flops_per_second"`
	// ClusterFLOPS is K·peak·u, FLOP/s.
	ClusterFLOPS units.FLOPRate `json:"cluster_effective_flops_per_second"`

	// GPUSeconds is C / (peak·u), accelerator-seconds; GPUHours the same in hours.
	GPUSeconds units.Seconds `json:"gpu_seconds"`
	GPUHours   float64       `json:"gpu_hours"`
	// WallClock is GPUSeconds / K, seconds.
	WallClock units.Seconds `json:"wall_clock_seconds"`

	// Price per accelerator-hour and Cost = GPUHours·Price; null without a price.
	Price *units.USDPerHour `json:"price_usd_per_gpu_hour"`
	Cost  *units.USD        `json:"cost_usd"`

	// Power per accelerator (W), PUE and Grid intensity used for energy.
	Power units.Watts       `json:"power_watts"`
	PUE   float64           `json:"pue"`
	Grid  units.KgCO2PerKWh `json:"grid_kg_co2_per_kwh"`
	// EnergyKWh = GPUHours·Power·PUE/1000; CO2 = EnergyKWh·Grid. Null when
	// no power figure is known.
	EnergyKWh *float64     `json:"energy_kwh"`
	CO2       *units.KgCO2 `json:"co2_kg"`

	// Inverse answers, present when a deadline or budget was asked about.
	Deadline         units.Seconds `json:"deadline_seconds,omitempty"`
	GPUsNeeded       int           `json:"gpus_needed,omitempty"`
	Budget           *units.USD    `json:"budget_usd,omitempty"`
	FLOPsAffordable  units.FLOPs   `json:"flops_affordable,omitempty"`
	TokensAffordable units.Tokens  `json:"tokens_affordable,omitempty"`
	ParamsAffordable units.Params  `json:"params_affordable,omitempty"`

	// Reliability holds the expected interruptions, checkpoint interval,
	// goodput and the wall-clock, GPU-hours and cost with failures, flat in
	// the JSON; nil (absent) below goodput.ShowFrom accelerators unless a
	// reliability option was given (train/goodput.go).
	*Reliability
	// EnergyKWhWithFailures is GPU-hours with failures · power · PUE.
	EnergyKWhWithFailures *float64 `json:"energy_kwh_with_failures,omitempty"`

	// Warnings are things the caller should know about the inputs.
	Warnings []string `json:"warnings,omitempty"`

	// Trace holds the derivation (steps) and the assumptions.
	explain.Trace
}
