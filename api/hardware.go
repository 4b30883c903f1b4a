package api

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flopsdev/flops/hardware"
	"github.com/flopsdev/flops/units"
)

// DefaultGPU is the accelerator used when a request names none and gives
// no --peak: the H100 SXM, the reference chip of issue 2's worked examples.
const DefaultGPU = "h100-sxm"

// DefaultPrecision is the precision used when a request names none.
const DefaultPrecision = hardware.BF16

// HW selects the accelerator and precision of a request: a catalog name
// (--gpu), optionally with fields overridden, or an ad-hoc chip described
// by --peak (FLOP/s at the precision), --bandwidth (B/s) and --memory
// (bytes). All fields are text as typed ("989 TFLOP/s", "3.35TB/s", "80GB").
type HW struct {
	GPU       string `json:"gpu"`
	Precision string `json:"precision"`
	Peak      string `json:"peak"`
	Bandwidth string `json:"bandwidth"`
	Memory    string `json:"memory"`
}

// catalog returns the request catalog, the default one when none is set.
func (e Env) catalog() *hardware.Catalog {
	if e.Hardware != nil {
		return e.Hardware
	}
	return hardware.Default()
}

// hwOverrides holds the parsed ad-hoc fields; zero means not given.
type hwOverrides struct {
	peak      units.FLOPRate
	bandwidth units.ByteRate
	memory    units.Bytes
}

// Resolve returns the accelerator and precision the request asks for:
//   - precision: --precision, default bf16;
//   - no --gpu and no --peak: the catalog's h100-sxm (DefaultGPU);
//   - --gpu ID: the catalog entry (Lookup ignores case and separators),
//     with --peak, --bandwidth, --memory overriding its fields;
//   - --peak without --gpu: a custom entry with ID "custom"; its bandwidth
//     and memory are 0 (unknown) unless given.
//
// A chip without a dense peak at the precision is a
// *hardware.PrecisionError whose Hint names a precision it has.
func (h HW) Resolve(env Env) (hardware.Accelerator, hardware.Precision, error) {
	prec := DefaultPrecision
	if strings.TrimSpace(h.Precision) != "" {
		p, err := hardware.ParsePrecision(h.Precision)
		if err != nil {
			return hardware.Accelerator{}, "", fmt.Errorf("precision: %w", err)
		}
		prec = p
	}
	o, err := h.overrides()
	if err != nil {
		return hardware.Accelerator{}, "", err
	}
	a, err := h.base(env, o, prec)
	if err != nil {
		return hardware.Accelerator{}, "", err
	}
	a = o.apply(a, prec)
	if _, err := a.Peak(prec); err != nil {
		return a, prec, err
	}
	return a, prec, nil
}

// base returns the catalog entry named by GPU, the default chip, or a
// custom entry when only --peak is given.
func (h HW) base(env Env, o hwOverrides, prec hardware.Precision) (hardware.Accelerator, error) {
	name := strings.TrimSpace(h.GPU)
	if name == "" && o.peak > 0 {
		return hardware.Accelerator{ID: "custom", Vendor: "user", Name: "custom accelerator",
			Dense:  map[hardware.Precision]units.FLOPRate{prec: o.peak},
			Source: "command-line flags (--peak, --bandwidth, --memory)"}, nil
	}
	if name == "" {
		name = DefaultGPU
	}
	a, err := env.catalog().Lookup(name)
	if err != nil {
		return a, fmt.Errorf("gpu: %w", err)
	}
	return a, nil
}

// overrides parses --peak, --bandwidth and --memory, rejecting values that
// are almost certainly missing a unit.
func (h HW) overrides() (hwOverrides, error) {
	var o hwOverrides
	var err error
	if s := strings.TrimSpace(h.Peak); s != "" {
		if o.peak, err = units.ParseFLOPRate(s); err != nil {
			return o, &InputError{Flag: "peak", Value: s, Err: err}
		}
		if o.peak < 1e9 {
			return o, &InputError{Flag: "peak", Value: s, Err: fmt.Errorf("%s is below 1 GFLOP/s; give a unit, e.g. --peak 500TFLOP/s", o.peak)}
		}
	}
	if s := strings.TrimSpace(h.Bandwidth); s != "" {
		if o.bandwidth, err = units.ParseByteRate(s); err != nil {
			return o, &InputError{Flag: "bandwidth", Value: s, Err: err}
		}
		if o.bandwidth < 1e6 {
			return o, &InputError{Flag: "bandwidth", Value: s, Err: fmt.Errorf("%s is below 1 MB/s; give a unit, e.g. --bandwidth 2TB/s", o.bandwidth)}
		}
	}
	if s := strings.TrimSpace(h.Memory); s != "" {
		if o.memory, err = units.ParseBytes(s); err != nil {
			return o, &InputError{Flag: "memory", Value: s, Err: err}
		}
		if o.memory < 1e6 {
			return o, &InputError{Flag: "memory", Value: s, Err: fmt.Errorf("%s is below 1 MB; give a unit, e.g. --memory 96GB", o.memory)}
		}
	}
	return o, nil
}

// apply overrides the fields of a that were given, dropping a sparse figure
// the new peak would contradict, and records the change in Source.
func (o hwOverrides) apply(a hardware.Accelerator, prec hardware.Precision) hardware.Accelerator {
	var changed []string
	if o.peak > 0 && a.ID != "custom" {
		if a.Dense == nil {
			a.Dense = map[hardware.Precision]units.FLOPRate{}
		}
		a.Dense[prec] = o.peak
		if s, ok := a.Sparse[prec]; ok && s < o.peak {
			delete(a.Sparse, prec)
		}
		changed = append(changed, fmt.Sprintf("%s peak %s", prec, o.peak))
	}
	if o.bandwidth > 0 {
		a.Bandwidth = o.bandwidth
		changed = append(changed, "bandwidth "+o.bandwidth.String())
	}
	if o.memory > 0 {
		a.Memory = o.memory
		changed = append(changed, "memory "+o.memory.String())
	}
	if len(changed) > 0 && a.ID != "custom" {
		a.Source += "; overridden on the command line: " + strings.Join(changed, ", ")
	}
	return a
}

// ErrNoIDs is returned by HWCompareRequest without accelerator IDs.
var ErrNoIDs = errors.New("no accelerator IDs given (want e.g. h100 mi300x tpu-v5p)")

// HWEntry is one catalog entry with its roofline ridge point per precision.
type HWEntry struct {
	hardware.Accelerator
	// Ridge is dense peak FLOP/s ÷ memory bandwidth B/s, in FLOP per byte,
	// for every precision with a dense peak (empty when bandwidth is unknown).
	Ridge map[hardware.Precision]float64 `json:"ridge_flop_per_byte"`
}

// newHWEntry computes the ridge points of a.
func newHWEntry(a hardware.Accelerator) HWEntry {
	e := HWEntry{Accelerator: a, Ridge: map[hardware.Precision]float64{}}
	for _, p := range a.Precisions() {
		if r, err := a.Ridge(p); err == nil {
			e.Ridge[p] = r
		}
	}
	return e
}

// HWListRequest lists the catalog (flops hw list), optionally one vendor's
// entries ("nvidia", "AMD", ...; case-insensitive).
type HWListRequest struct {
	Vendor string `json:"vendor"`
}

// HWListResult is the catalog listing in catalog order (vendor, year).
type HWListResult struct {
	Accelerators []HWEntry `json:"accelerators"`
}

// Run lists the catalog.
func (r HWListRequest) Run(env Env) (*HWListResult, error) {
	all := env.catalog().All()
	if r.Vendor != "" {
		var err error
		if all, err = env.catalog().ByVendor(r.Vendor); err != nil {
			return nil, fmt.Errorf("vendor: %w", err)
		}
	}
	res := &HWListResult{Accelerators: make([]HWEntry, 0, len(all))}
	for _, a := range all {
		res.Accelerators = append(res.Accelerators, newHWEntry(a))
	}
	return res, nil
}

// HWShowRequest shows one entry (flops hw show ID).
type HWShowRequest struct {
	ID string `json:"id"`
}

// Run looks the entry up.
func (r HWShowRequest) Run(env Env) (*HWEntry, error) {
	if strings.TrimSpace(r.ID) == "" {
		return nil, &InputError{Flag: "id", Err: errors.New("missing: give an accelerator ID, e.g. h100 (flops hw list lists them)")}
	}
	a, err := env.catalog().Lookup(r.ID)
	if err != nil {
		return nil, err
	}
	e := newHWEntry(a)
	return &e, nil
}

// maxCompare bounds the entries one comparison takes.
const maxCompare = 16

// HWCompareRequest compares entries side by side (flops hw compare ID ID
// ...). Precision, if set, restricts the peak and ridge rows to one
// precision.
type HWCompareRequest struct {
	IDs       []string `json:"ids"`
	Precision string   `json:"precision"`
}

// HWCompareResult holds the compared entries in the order asked and the
// precisions to show: the one asked, or every precision any entry has.
type HWCompareResult struct {
	Precisions   []hardware.Precision `json:"precisions"`
	Accelerators []HWEntry            `json:"accelerators"`
}

// Run looks up every ID.
func (r HWCompareRequest) Run(env Env) (*HWCompareResult, error) {
	if len(r.IDs) == 0 {
		return nil, ErrNoIDs
	}
	if len(r.IDs) > maxCompare {
		return nil, fmt.Errorf("%d accelerators to compare, more than %d", len(r.IDs), maxCompare)
	}
	res := &HWCompareResult{}
	has := map[hardware.Precision]bool{}
	for _, id := range r.IDs {
		a, err := env.catalog().Lookup(id)
		if err != nil {
			return nil, err
		}
		res.Accelerators = append(res.Accelerators, newHWEntry(a))
		for _, p := range a.Precisions() {
			has[p] = true
		}
	}
	if r.Precision != "" {
		p, err := hardware.ParsePrecision(r.Precision)
		if err != nil {
			return nil, fmt.Errorf("precision: %w", err)
		}
		res.Precisions = []hardware.Precision{p}
		return res, nil
	}
	for _, p := range hardware.AllPrecisions() {
		if has[p] {
			res.Precisions = append(res.Precisions, p)
		}
	}
	return res, nil
}
