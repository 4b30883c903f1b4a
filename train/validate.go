package train

import (
	"errors"
	"fmt"
	"math"
)

// validate checks that every quantity is finite and in range and that the
// compute C is determined. Messages use the CLI's flag names.
func (c Config) validate() error {
	checks := []struct {
		name string
		v    float64
	}{
		{"params", float64(c.Params)}, {"tokens", float64(c.Tokens)}, {"flops", float64(c.FLOPs)},
		{"flops per token", float64(c.FLOPsPerToken)}, {"mfu", float64(c.MFU)}, {"price", float64(c.Price)},
		{"power", float64(c.Power)}, {"pue", c.PUE}, {"grid", float64(c.Grid)},
		{"days", float64(c.Deadline)}, {"budget", float64(c.Budget)},
	}
	for _, ch := range checks {
		if math.IsNaN(ch.v) || math.IsInf(ch.v, 0) {
			return fmt.Errorf("%s must be a finite number, got %v", ch.name, ch.v)
		}
		if ch.v < 0 {
			return fmt.Errorf("%s must be positive, got %v", ch.name, ch.v)
		}
	}
	if c.MFU > 1 {
		return fmt.Errorf("mfu must be a fraction in (0, 1], got %v (write 0.4 or 40%%)", float64(c.MFU))
	}
	if c.PUE != 0 && c.PUE < 1 {
		return fmt.Errorf("pue must be at least 1 (facility power / IT power), got %v", c.PUE)
	}
	if c.GPUs < 0 {
		return fmt.Errorf("gpus must be positive, got %d", c.GPUs)
	}
	if c.Budget > 0 && c.Price == 0 {
		return errors.New("a budget needs a price per accelerator-hour")
	}
	return c.validateCompute()
}

// validateCompute checks that exactly one way of getting C is given.
func (c Config) validateCompute() error {
	perToken := c.Params > 0 || c.FLOPsPerToken > 0
	if c.FLOPs > 0 {
		if perToken || c.Tokens > 0 {
			return errors.New("give either flops or params and tokens, not both")
		}
		return nil
	}
	switch {
	case perToken && c.Tokens > 0:
		return nil
	case c.Budget > 0 && (perToken || c.Tokens > 0):
		return nil
	case perToken:
		return errors.New("missing tokens: give the training tokens, the total flops, or a budget with a price")
	case c.Tokens > 0:
		return errors.New("missing params: give the parameter count (or a model), the total flops, or a budget with a price")
	}
	return errors.New("missing params and tokens: give both, or the total training flops")
}
