package train

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// Estimate answers cfg: training FLOPs, accelerator-hours, wall-clock time,
// cost, energy and CO2e, and the inverse questions it asks. Formulas:
//
//	C         = 6·N·D           (or FLOPsPerToken·D, or FLOPs as given)
//	GPU-s     = C / (peak·u)
//	wall      = GPU-s / K
//	cost      = GPU-h · price
//	energy    = GPU-h · P · PUE
//	CO2e      = energy · grid
func Estimate(cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	r := &Result{}
	cfg = r.applyDefaults(cfg)
	peak, err := densePeak(cfg.Accelerator, cfg.Precision)
	if err != nil {
		return nil, err
	}
	if cfg.Budget == 0 {
		r.compute(cfg)
		r.rate(cfg, peak)
	} else { // the budget's compute depends on the rate
		r.rate(cfg, peak)
		r.affordable(&cfg)
		r.compute(cfg)
	}
	r.time()
	if err := r.deadline(&cfg); err != nil {
		return nil, err
	}
	r.wallClock(cfg)
	r.money(cfg)
	r.energy(cfg)
	if err := r.failures(cfg); err != nil {
		return nil, err
	}
	if err := r.checkFinite(); err != nil {
		return nil, err
	}
	return r, nil
}

// checkFinite rejects results that overflowed float64 (inputs like 1e300
// parameters): JSON cannot carry ±Inf and nobody means it.
func (r *Result) checkFinite() error {
	for _, s := range r.Steps {
		if math.IsInf(s.Value, 0) || math.IsNaN(s.Value) {
			return fmt.Errorf("%s overflows (%s = %s): check the magnitudes of the inputs", s.Name, s.Formula, s.Substituted)
		}
	}
	return nil
}

// densePeak is the accelerator's dense peak at precision p
// (hardware.Accelerator.Peak, never a sparse figure).
func densePeak(a hardware.Accelerator, p hardware.Precision) (units.FLOPRate, error) {
	if len(a.Dense) == 0 {
		return 0, errors.New("no accelerator peak: give an accelerator (e.g. h100-sxm) or its dense peak FLOP/s")
	}
	return a.Peak(p)
}

// applyDefaults fills zero fields of cfg with the defaults and records each
// default used as an assumption with its source (given values are inputs,
// not assumptions).
func (r *Result) applyDefaults(cfg Config) Config {
	t := &r.Trace
	if cfg.Precision == "" {
		cfg.Precision = DefaultPrecision
		src := srcPrecision
		if _, err := cfg.Accelerator.Peak(hardware.BF16); err != nil {
			if _, err := cfg.Accelerator.Peak(hardware.FP16); err == nil {
				cfg.Precision, src = hardware.FP16, srcPrecisionFP16
			}
		}
		t.Assume("precision", string(cfg.Precision), src)
	}
	if cfg.MFU == 0 {
		cfg.MFU = DefaultMFU
		t.Assume("MFU", pct(float64(cfg.MFU)), srcMFU)
	}
	if cfg.Power == 0 && cfg.Accelerator.TDP > 0 {
		cfg.Power = cfg.Accelerator.TDP
		t.Assume("power per accelerator", cfg.Power.String(), srcPower)
	}
	if cfg.PUE == 0 {
		cfg.PUE = DefaultPUE
		if cfg.Power > 0 { // else no energy is computed
			t.Assume("PUE", num(cfg.PUE), srcPUE)
		}
	}
	if cfg.Grid == 0 {
		cfg.Grid = DefaultGrid
		if cfg.Power > 0 {
			t.Assume("grid carbon intensity", num(float64(cfg.Grid))+" kgCO2e/kWh", srcGrid)
		}
	}
	r.Accelerator = cfg.Accelerator.ID
	if r.Accelerator == "" {
		r.Accelerator = "custom"
	}
	r.Precision, r.MFU, r.Power, r.PUE, r.Grid = cfg.Precision, cfg.MFU, cfg.Power, cfg.PUE, cfg.Grid
	return cfg
}

// rate records the per-accelerator effective throughput peak·u.
func (r *Result) rate(cfg Config, peak units.FLOPRate) {
	r.PeakFLOPS = peak
	eff := r.Add("effective FLOP/s per accelerator", "r = peak·u",
		fmt.Sprintf("%s × %s", num(float64(peak)), num(float64(cfg.MFU))),
		float64(peak)*float64(cfg.MFU), "FLOP/s", "")
	r.EffectiveFLOPS = units.FLOPRate(eff)
	r.setDisplay(r.EffectiveFLOPS.String())
}

// compute records the training FLOPs C.
func (r *Result) compute(cfg Config) {
	r.Model, r.Params, r.Tokens, r.FLOPsPerToken = cfg.Model, cfg.Params, cfg.Tokens, cfg.FLOPsPerToken
	n, d := float64(cfg.Params), float64(cfg.Tokens)
	var c float64
	switch {
	case cfg.FLOPs > 0:
		c = r.Add("training FLOPs", "C (given)", num(float64(cfg.FLOPs)), float64(cfg.FLOPs), "FLOP", "")
	case cfg.FLOPsPerToken > 0:
		c = r.Add("training FLOPs", "C = (FLOPs per token)·D",
			fmt.Sprintf("%s × %s", num(float64(cfg.FLOPsPerToken)), num(d)),
			float64(cfg.FLOPsPerToken)*d, "FLOP", "")
		if n > 0 {
			r.SixNDFLOPs = units.FLOPs(6 * n * d)
		}
	default:
		c = r.Add("training FLOPs", "C = 6·N·D", fmt.Sprintf("6 × %s × %s", num(n), num(d)), 6*n*d, "FLOP", "")
		r.Assume("FLOPs per parameter per token", "6", src6ND)
	}
	r.TrainingFLOPs = units.FLOPs(c)
	r.setDisplay(num(c) + " FLOP (" + r.TrainingFLOPs.String() + ")")
}

// time records accelerator-seconds and accelerator-hours.
func (r *Result) time() {
	s := r.Add("accelerator-seconds", "GPU-s = C / r",
		fmt.Sprintf("%s / %s", num(float64(r.TrainingFLOPs)), num(float64(r.EffectiveFLOPS))),
		float64(r.TrainingFLOPs)/float64(r.EffectiveFLOPS), "s", "")
	r.GPUSeconds = units.Seconds(s)
	r.setDisplay(num(s) + " GPU-s")
	r.GPUHours = r.Add("accelerator-hours", "GPU-h = GPU-s / 3600", fmt.Sprintf("%s / 3600", num(s)),
		s/3600, "h", "")
	r.setDisplay(fmt.Sprintf("%.0f GPU-h", r.GPUHours))
}

// wallClock records K and the wall-clock time GPU-s / K.
func (r *Result) wallClock(cfg Config) {
	if cfg.GPUs == 0 {
		cfg.GPUs = DefaultGPUs
		r.Assume("accelerators", "1", srcGPUs)
	}
	r.GPUs = cfg.GPUs
	r.Assume("scaling", "linear in K", srcScaling)
	r.ClusterFLOPS = units.FLOPRate(float64(r.GPUs) * float64(r.EffectiveFLOPS))
	w := r.Add("wall-clock time", "T = GPU-s / K",
		fmt.Sprintf("%s / %d", num(float64(r.GPUSeconds)), r.GPUs), float64(r.GPUSeconds)/float64(r.GPUs), "s", "")
	r.WallClock = units.Seconds(w)
	r.setDisplay(r.WallClock.String())
}

// money records the cost GPU-h·price when a price is known.
func (r *Result) money(cfg Config) {
	if cfg.Price == 0 {
		return
	}
	price := cfg.Price
	r.Price = &price
	c := units.USD(r.Add("cost", "$ = GPU-h · price", fmt.Sprintf("%s × %s", num(r.GPUHours), num(float64(price))),
		r.GPUHours*float64(price), "USD", ""))
	r.Cost = &c
	r.setDisplay(fmt.Sprintf("$%.0f", float64(c)))
}

// energy records energy GPU-h·P·PUE and CO2e = energy·grid when a power
// figure is known.
func (r *Result) energy(cfg Config) {
	if cfg.Power == 0 {
		r.Warnings = append(r.Warnings, "no power figure (the accelerator has no TDP): energy and CO2 not computed; give the power per accelerator (--power)")
		return
	}
	e := r.Add("energy", "E = GPU-h · P · PUE",
		fmt.Sprintf("%s h × %s kW × %s", num(r.GPUHours), num(float64(cfg.Power)/1000), num(cfg.PUE)),
		r.GPUHours*float64(cfg.Power)/1000*cfg.PUE, "kWh", "")
	r.EnergyKWh = &e
	r.setDisplay(units.Joules(e * 3.6e6).String())
	co2 := units.KgCO2(r.Add("CO2e", "CO2e = E · grid", fmt.Sprintf("%s kWh × %s kg/kWh", num(e), num(float64(cfg.Grid))),
		e*float64(cfg.Grid), "kg", ""))
	r.CO2 = &co2
	r.setDisplay(co2.String())
}

// setDisplay sets the Display text of the last step.
func (r *Result) setDisplay(s string) {
	if n := len(r.Steps); n > 0 {
		r.Steps[n-1].Display = s
	}
}

// num formats x for a substituted formula: 4 significant digits, compact
// exponent ("7e9", "4.2e22", "989.4", "0.5").
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e6 {
		return fmt.Sprintf("%.0f", x)
	}
	s := fmt.Sprintf("%.4g", x)
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		exp = strings.TrimLeft(strings.TrimPrefix(exp, "+"), "0")
		if strings.HasPrefix(exp, "-") {
			exp = "-" + strings.TrimLeft(exp[1:], "0")
		}
		return mant + "e" + exp
	}
	return s
}

// pct formats a fraction as a percentage ("40%").
func pct(x float64) string { return num(x*100) + "%" }
