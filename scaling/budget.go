package scaling

import (
	"errors"
	"fmt"
	"math"

	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/units"
)

// Hardware is what a budget runs on: one accelerator's dense peak, the
// model FLOPs utilization achieved, its rental price and how many run at
// once. Price 0 and GPUs 0 mean unknown (no cost or wall-clock reported).
type Hardware struct {
	Name  string           `json:"name"`
	Peak  units.FLOPRate   `json:"peak_flops_per_second"` // dense peak per accelerator, FLOP/s
	MFU   units.Fraction   `json:"mfu"`
	Price units.USDPerHour `json:"price_usd_per_hour,omitempty"` // per accelerator-hour
	GPUs  int              `json:"gpus,omitempty"`
}

// Rate is the achieved training throughput of one accelerator,
// Peak × MFU, in FLOP/s.
func (h Hardware) Rate() units.FLOPRate { return units.FLOPRate(float64(h.Peak) * float64(h.MFU)) }

func (h Hardware) validate() error {
	if !(h.Peak > 0) || math.IsInf(float64(h.Peak), 0) {
		return fmt.Errorf("hardware %q: peak %g FLOP/s must be positive", h.Name, float64(h.Peak))
	}
	if !(h.MFU > 0 && h.MFU <= 1) {
		return fmt.Errorf("hardware %q: MFU %g must be in (0, 1], e.g. 0.4", h.Name, float64(h.MFU))
	}
	if h.Price < 0 || h.GPUs < 0 {
		return fmt.Errorf("hardware %q: price and GPU count must not be negative", h.Name)
	}
	return nil
}

// Budget is what a user has to spend, given one way: FLOPs directly, or
// dollars, accelerator-hours, or days on a number of accelerators (these
// three need Hardware). Exactly one of FLOPs, USD, GPUHours, Days is set.
type Budget struct {
	FLOPs    units.FLOPs `json:"flops,omitempty"`
	USD      units.USD   `json:"usd,omitempty"`
	GPUHours float64     `json:"gpu_hours,omitempty"`
	Days     float64     `json:"days,omitempty"` // wall-clock days on Hardware.GPUs accelerators
	Hardware *Hardware   `json:"hardware,omitempty"`
}

// ErrNoBudget is returned when a Budget sets none of its quantities.
var ErrNoBudget = errors.New("no budget given: set compute FLOPs, dollars, GPU-hours, or days with a GPU count")

// Compute resolves the budget to FLOPs, recording the steps in t:
// GPU-hours = USD / price, or days × 24 × GPUs; C = GPU-hours × 3600 ×
// peak × MFU.
func (b Budget) Compute(t *explain.Trace) (units.FLOPs, error) {
	n := 0
	for _, set := range []bool{b.FLOPs != 0, b.USD != 0, b.GPUHours != 0, b.Days != 0} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return 0, ErrNoBudget
	case n > 1:
		return 0, errors.New("budget given more than one way: use only one of compute, dollars, GPU-hours, days")
	case b.FLOPs != 0:
		return checkPositive("compute", b.FLOPs)
	}
	if b.Hardware == nil {
		return 0, errors.New("a budget in dollars, GPU-hours or days needs an accelerator (peak FLOP/s and MFU)")
	}
	h := *b.Hardware
	if err := h.validate(); err != nil {
		return 0, err
	}
	hours, err := b.gpuHours(h, t)
	if err != nil {
		return 0, err
	}
	c := t.Add("compute", "C = GPU-hours × 3600 × peak × MFU",
		fmt.Sprintf("%.4g × 3600 × %.4g × %.3g", hours, float64(h.Peak), float64(h.MFU)),
		hours*3600*float64(h.Rate()), "FLOP", "")
	return checkPositive("compute", units.FLOPs(c))
}

func (b Budget) gpuHours(h Hardware, t *explain.Trace) (float64, error) {
	switch {
	case b.USD != 0:
		if !(b.USD > 0) {
			return 0, fmt.Errorf("budget $%g must be positive", float64(b.USD))
		}
		if !(h.Price > 0) {
			return 0, errors.New("a dollar budget needs a price per accelerator-hour (e.g. --price 2)")
		}
		return t.Add("GPU-hours", "H = budget / price", fmt.Sprintf("%.4g / %.4g", float64(b.USD), float64(h.Price)),
			float64(b.USD)/float64(h.Price), "h", ""), nil
	case b.GPUHours != 0:
		if !(b.GPUHours > 0) || math.IsInf(b.GPUHours, 0) {
			return 0, fmt.Errorf("GPU-hours %g must be a positive finite number", b.GPUHours)
		}
		return b.GPUHours, nil
	}
	if !(b.Days > 0) || math.IsInf(b.Days, 0) || h.GPUs <= 0 {
		return 0, fmt.Errorf("a budget in days needs positive days (got %g) and a GPU count (got %d)", b.Days, h.GPUs)
	}
	return t.Add("GPU-hours", "H = days × 24 × GPUs", fmt.Sprintf("%g × 24 × %d", b.Days, h.GPUs),
		b.Days*24*float64(h.GPUs), "h", ""), nil
}

func checkPositive(what string, c units.FLOPs) (units.FLOPs, error) {
	if !(c > 0) || math.IsInf(float64(c), 0) {
		return 0, fmt.Errorf("%s %g FLOPs must be a positive finite number", what, float64(c))
	}
	if c > 1e40 {
		return 0, fmt.Errorf("%s %.4g FLOPs is beyond any meaningful extrapolation (limit 1e40)", what, float64(c))
	}
	return c, nil
}

// Cost is the time and money a training run of c FLOPs takes on h:
// accelerator-hours c / (3600·peak·MFU), wall-clock hours/GPUs, dollars
// hours × price (zero when unknown).
type Cost struct {
	GPUHours float64       `json:"gpu_hours"`
	Seconds  units.Seconds `json:"wall_clock_seconds,omitempty"`
	USD      units.USD     `json:"cost_usd,omitempty"`
}

// CostOf returns the time and money of c FLOPs on h.
func CostOf(c units.FLOPs, h Hardware) Cost {
	hours := float64(c) / (3600 * float64(h.Rate()))
	out := Cost{GPUHours: hours, USD: units.USD(hours * float64(h.Price))}
	if h.GPUs > 0 {
		out.Seconds = units.Seconds(hours * 3600 / float64(h.GPUs))
	}
	return out
}
