package pricing

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"time"
)

// maxPrice bounds a plausible on-demand price per accelerator-hour, USD:
// the dearest listing in the catalog is a hyperscaler H100 near $12.
const maxPrice = 100

// Validate checks every offer: an accelerator ID, a provider and product,
// a finite price in (0, maxPrice], a date seen that parses and is not after
// the compilation date, an https source, and at most one offer per
// (accelerator, provider).
func (c *Catalog) Validate() error {
	compiled, err := time.Parse(time.DateOnly, c.Compiled)
	if err != nil {
		return fmt.Errorf("price catalog: compiled %q: want YYYY-MM-DD", c.Compiled)
	}
	if c.Basis == "" || len(c.Offers) == 0 {
		return errors.New("price catalog: basis and offers are required")
	}
	seen := map[[2]string]bool{}
	for i, o := range c.Offers {
		if err := o.validate(compiled); err != nil {
			return fmt.Errorf("price catalog: offer %d (%s, %s): %w", i, o.Accelerator, o.Provider, err)
		}
		key := [2]string{o.Accelerator, o.Provider}
		if seen[key] {
			return fmt.Errorf("price catalog: offer %d: a second %s offer for %s (one listing per provider)", i, o.Provider, o.Accelerator)
		}
		seen[key] = true
	}
	return nil
}

func (o Offer) validate(compiled time.Time) error {
	switch {
	case o.Accelerator == "" || o.Provider == "" || o.Product == "":
		return errors.New("accelerator, provider and product are required")
	case !(o.USDPerGPUHour > 0) || o.USDPerGPUHour > maxPrice || math.IsInf(o.USDPerGPUHour, 0):
		return fmt.Errorf("price %v: want a number above 0 and at most %d USD per GPU-hour", o.USDPerGPUHour, maxPrice)
	}
	d, err := time.Parse(time.DateOnly, o.Seen)
	if err != nil {
		return fmt.Errorf("seen %q: want YYYY-MM-DD", o.Seen)
	}
	if d.After(compiled) {
		return fmt.Errorf("seen %s is after the catalog's compilation date", o.Seen)
	}
	if u, err := url.Parse(o.Source); err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("source %q: want the https URL of the provider's pricing page", o.Source)
	}
	return nil
}
