package calibrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/flopsdev/flops/perf"
)

// ProfileFormat identifies a profile file.
const ProfileFormat = "flops-profile/1"

// Profile is the calibrated constants of one cluster: what "flops
// calibrate" writes and "flops plan", "flops validate" and "flops train
// --model" read (--profile).
type Profile struct {
	Format string `json:"format"` // ProfileFormat
	// Stack is the software stack the runs were measured with; plan uses
	// it unless --stack is given.
	Stack string `json:"stack"`
	// Precision and ScaleOut are how the runs were priced (GEMM precision;
	// per-GPU NIC bandwidth, "" for the default).
	Precision string `json:"precision,omitempty"`
	ScaleOut  string `json:"scale_out,omitempty"`
	// Accelerators holds the fitted constants per catalog accelerator ID.
	Accelerators map[string]perf.Efficiency `json:"accelerators"`
	// Fits describes each accelerator's fit and its held-out error.
	Fits []ProfileFit `json:"fits"`
	// Runs are the measured runs the profile was fitted on.
	Runs []Run `json:"runs"`
}

// ProfileFit is one accelerator's fit.
type ProfileFit struct {
	GPU   string   `json:"gpu"`
	Runs  int      `json:"runs"`
	Knobs []string `json:"knobs"` // what was fitted
	// Mean |error| of the runs before (shipped constants) and after the
	// fit, and leave-one-out (refitted without each run), percent.
	BeforeMeanAbs      float64 `json:"shipped_mean_abs_error_percent"`
	AfterMeanAbs       float64 `json:"fitted_mean_abs_error_percent"`
	LeaveOneOutMeanAbs float64 `json:"leave_one_out_mean_abs_error_percent"`
}

// Efficiency returns the profile's constants for an accelerator ID.
func (p *Profile) Efficiency(id string) (perf.Efficiency, error) {
	e, ok := p.Accelerators[id]
	if !ok {
		return e, fmt.Errorf("the profile has no constants for %s (it was calibrated on %s): calibrate with runs on it", id,
			strings.Join(slices.Sorted(maps.Keys(p.Accelerators)), ", "))
	}
	return e, nil
}

// maxProfileBytes bounds a profile file (runs included).
const maxProfileBytes = 4 << 20

// ReadProfile decodes and checks a profile.
func ReadProfile(r io.Reader) (*Profile, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxProfileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxProfileBytes {
		return nil, fmt.Errorf("profile larger than %d bytes", maxProfileBytes)
	}
	var p Profile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	return &p, nil
}

// check rejects profiles that are not ours or whose constants cannot price.
func (p *Profile) check() error {
	if p.Format != ProfileFormat {
		return fmt.Errorf("format %q, want %q (write one with flops calibrate)", p.Format, ProfileFormat)
	}
	if _, err := perf.LookupStack(p.Stack); err != nil {
		return err
	}
	if len(p.Accelerators) == 0 {
		return errors.New("no accelerators")
	}
	if len(p.Runs) > MaxRuns {
		return fmt.Errorf("%d runs, more than %d", len(p.Runs), MaxRuns)
	}
	for id, e := range p.Accelerators {
		for name, v := range map[string]float64{"matmul": e.Matmul, "memory": e.Memory, "flash_attention": e.Flash,
			"scale_up": e.ScaleUp, "scale_out": e.ScaleOut, "elementwise": e.Elementwise, "matmul_fp8": e.MatmulFP8} {
			if !(v >= 0 && v <= 1) || (v == 0 && name != "elementwise" && name != "matmul_fp8") {
				return fmt.Errorf("accelerator %s: %s %g outside (0, 1]: a fraction of peak or bandwidth (recalibrate: this version caps every fraction)", id, name, v)
			}
		}
		if !(e.Kernel >= 0 && e.Kernel < 1) || !(e.Latency >= 0 && e.Latency < 1) || !(e.OverlapTax >= 0 && e.OverlapTax < 1) {
			return fmt.Errorf("accelerator %s: kernel, latency or overlap tax out of range", id)
		}
	}
	return nil
}

// Write encodes the profile as indented JSON.
func (p *Profile) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}
