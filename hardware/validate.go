package hardware

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Sane ranges for catalog and user entries; a value outside them is almost
// always a unit mistake (TFLOP/s given as FLOP/s, GB given as bytes).
const (
	minPeak, maxPeak           = 1e9, 1e17  // 1 GFLOP/s … 100 PFLOP/s per chip
	minMemory, maxMemory       = 1e8, 1e13  // 100 MB … 10 TB
	minBandwidth, maxBandwidth = 1e9, 1e14  // 1 GB/s … 100 TB/s
	maxTDP                     = 1e5        // 100 kW
	minScaleUp, maxScaleUp     = 1e8, 1e14  // 100 MB/s … 100 TB/s
	maxDomain                  = 1 << 20    // accelerators per scale-up domain
	maxSparseRatio             = 4.5        // 2:4 gives 2×; Trainium2's 4:1 gives ~3.8×
	maxTextLen                 = 4096       // bytes per text field
	minYear, maxYear           = 1990, 2100 // release year, 0 = unknown
)

// Validate checks an entry's fields: a lower-case ID of letters, digits,
// '-', '.' and '_'; vendor, name and source present; every dense peak in
// 1 GFLOP/s … 100 PFLOP/s at a known precision; each sparse figure at least
// its dense one and at most 4.5× it; memory, bandwidth, power and scale-up
// figures in sane ranges (power and scale-up may be 0 = unknown).
func (a Accelerator) Validate() error {
	if err := a.validateText(); err != nil {
		return fmt.Errorf("accelerator %q: %w", a.ID, err)
	}
	if err := a.validatePeaks(); err != nil {
		return fmt.Errorf("accelerator %s: %w", a.ID, err)
	}
	if err := a.validateSystem(); err != nil {
		return fmt.Errorf("accelerator %s: %w", a.ID, err)
	}
	return nil
}

func (a Accelerator) validateText() error {
	if a.ID == "" || Normalize(a.ID) == "" {
		return fmt.Errorf("id is empty (want a lower-case name such as \"my-gpu\")")
	}
	for _, r := range a.ID {
		if !(('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || strings.ContainsRune("-._", r)) {
			return fmt.Errorf("id has %q (want lower-case letters, digits, '-', '.', '_')", r)
		}
	}
	for _, f := range []struct{ name, v string }{{"vendor", a.Vendor}, {"name", a.Name}, {"source", a.Source}} {
		if strings.TrimSpace(f.v) == "" {
			return fmt.Errorf("%s is empty", f.name)
		}
	}
	for _, s := range append([]string{a.Name, a.Vendor, a.Source, a.Notes, a.FormFactor, a.ScaleUp}, a.Aliases...) {
		if len(s) > maxTextLen {
			return fmt.Errorf("text field longer than %d bytes", maxTextLen)
		}
	}
	for _, al := range a.Aliases {
		if Normalize(al) == "" {
			return fmt.Errorf("alias %q has no letters or digits", al)
		}
	}
	return nil
}

func (a Accelerator) validatePeaks() error {
	if len(a.Dense) == 0 {
		return fmt.Errorf("dense_flops is empty (want e.g. {\"bf16\": 989.4e12})")
	}
	for p, r := range a.Dense {
		if !slices.Contains(AllPrecisions(), p) {
			return fmt.Errorf("dense_flops: unknown precision %q (want one of %s)", p, precisionList(AllPrecisions()))
		}
		if err := inRange("dense_flops."+string(p), float64(r), minPeak, maxPeak, "FLOP/s"); err != nil {
			return err
		}
	}
	for p, r := range a.Sparse {
		d, ok := a.Dense[p]
		if !ok {
			return fmt.Errorf("sparse_flops.%s has no dense figure to go with it", p)
		}
		if !(float64(r) >= float64(d) && float64(r) <= maxSparseRatio*float64(d)) {
			return fmt.Errorf("sparse_flops.%s = %g is not between the dense %g and %g× it", p, float64(r), float64(d), maxSparseRatio)
		}
	}
	if a.FP64Vector != 0 {
		return inRange("fp64_vector_flops", float64(a.FP64Vector), minPeak, maxPeak, "FLOP/s")
	}
	return nil
}

func (a Accelerator) validateSystem() error {
	checks := []error{
		inRange("memory_bytes", float64(a.Memory), minMemory, maxMemory, "bytes"),
		inRange("memory_bandwidth_bytes_per_second", float64(a.Bandwidth), minBandwidth, maxBandwidth, "bytes/s"),
		zeroOrInRange("tdp_watts", float64(a.TDP), 1, maxTDP, "W"),
		zeroOrInRange("scaleup_bandwidth_bytes_per_second", float64(a.ScaleUpBandwidth), minScaleUp, maxScaleUp, "bytes/s"),
		zeroOrInRange("scaleup_domain", float64(a.ScaleUpDomain), 1, maxDomain, "accelerators"),
		zeroOrInRange("release_year", float64(a.Year), minYear, maxYear, ""),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

// inRange checks lo ≤ v ≤ hi for a finite v.
func inRange(field string, v, lo, hi float64, unit string) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return fmt.Errorf("%s = %g is outside %g … %g %s (values are in base units: FLOP/s, bytes, bytes/s, W)", field, v, lo, hi, unit)
	}
	return nil
}

// zeroOrInRange is inRange that also accepts 0, meaning "unknown".
func zeroOrInRange(field string, v, lo, hi float64, unit string) error {
	if v == 0 {
		return nil
	}
	return inRange(field, v, lo, hi, unit)
}
