package infer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/internal/clip"
)

// MaxSweep bounds the number of batch sizes in one sweep.
const MaxSweep = 256

// Sweep evaluates c at each batch size, in order, returning one Result per
// batch. c.Batch is ignored.
func Sweep(c Config, batches []int) ([]*Result, error) {
	if len(batches) == 0 {
		return nil, fmt.Errorf("infer: sweep: no batch sizes given")
	}
	if len(batches) > MaxSweep {
		return nil, fmt.Errorf("infer: sweep: %d batch sizes, at most %d", len(batches), MaxSweep)
	}
	out := make([]*Result, 0, len(batches))
	for _, b := range batches {
		cc := c
		cc.Batch = b
		r, err := Estimate(cc)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", b, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// ParseBatches reads a batch list: one size ("8"), a comma list
// ("1,2,4,8"), a range of powers of two ("1-512": 1, 2, 4, …, 512, and the
// upper end itself if it is not a power of two), or a mix ("1-64,96,128").
// Sizes must be 1 … MaxBatch; at most MaxSweep of them.
func ParseBatches(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty batch list: want e.g. 8, 1,2,4,8 or 1-512")
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange || lo == "" || hi == "" {
			// "-1" and "4-" are bad sizes, not ranges: name the whole part.
			n, err := batchSize(part)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		} else {
			r, err := powRange(lo, hi)
			if err != nil {
				return nil, err
			}
			out = append(out, r...)
		}
		if len(out) > MaxSweep {
			return nil, fmt.Errorf("batch list %q has more than %d sizes", clip.String(s, 64), MaxSweep)
		}
	}
	return out, nil
}

// batchSize parses one positive batch size.
func batchSize(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > MaxBatch {
		return 0, fmt.Errorf("bad batch size %q: want a whole number 1 … %d (lists: 1,2,4; ranges: 1-512)", clip.String(s, 64), MaxBatch)
	}
	return n, nil
}

// powRange expands "lo-hi" to lo, 2·lo, 4·lo, … ≤ hi, plus hi.
func powRange(los, his string) ([]int, error) {
	lo, err := batchSize(los)
	if err != nil {
		return nil, err
	}
	hi, err := batchSize(his)
	if err != nil {
		return nil, err
	}
	if hi < lo {
		return nil, fmt.Errorf("bad batch range %s-%s: the end is below the start", los, his)
	}
	var out []int
	for b := lo; b <= hi; b *= 2 {
		out = append(out, b)
	}
	if out[len(out)-1] != hi {
		out = append(out, hi)
	}
	return out, nil
}
