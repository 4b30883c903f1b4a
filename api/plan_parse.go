package api

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/units"
)

// planInt parses a whole number in [lo, hi] ("4096", "4K"); empty gives def.
func planInt(flag, s string, def, lo, hi int) (int, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	v, err := units.ParseCount(s)
	if err == nil && (v != math.Trunc(v) || v < float64(lo) || v > float64(hi)) {
		err = fmt.Errorf("must be a whole number from %d to %d", lo, hi)
	}
	if err != nil {
		return 0, &InputError{Flag: flag, Value: s, Err: err}
	}
	return int(v), nil
}

// onOff parses on/off, true/false, yes/no, 1/0; empty gives def.
func onOff(flag, s string, def bool) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return def, nil
	case "on", "true", "yes", "1":
		return true, nil
	case "off", "false", "no", "0":
		return false, nil
	}
	return false, &InputError{Flag: flag, Value: s, Err: errors.New("want on or off")}
}

// maxMicroBatchBound caps --max-micro-batch: the search tries every
// micro-batch up to it for every (tp, pp, dp) split, so its CPU grows with
// it whatever the layouts that remain (QA: 4,194,304 took 2.9 s to search
// 192 layouts). Published runs use micro-batches of 1 to 16.
const maxMicroBatchBound = 1024

// constraints reads the fixed dimensions.
func (r PlanRequest) constraints() (plan.Constraints, error) {
	var c plan.Constraints
	var err error
	for _, f := range []struct {
		flag, text string
		dst        *int
		hi         int
	}{{"tp", r.TP, &c.TP, maxPlanGPUs}, {"cp", r.CP, &c.CP, maxPlanGPUs}, {"pp", r.PP, &c.PP, maxPlanGPUs},
		{"dp", r.DP, &c.DP, maxPlanGPUs}, {"ep", r.EP, &c.EP, maxPlanGPUs}, {"micro-batch", r.MicroBatch, &c.MicroBatch, maxPlanGPUs},
		{"vpp", r.VPP, &c.VPP, maxPlanGPUs}, {"max-micro-batch", r.MaxMicro, &c.MaxMicroBatch, maxMicroBatchBound}} {
		if *f.dst, err = planInt(f.flag, f.text, 0, 1, f.hi); err != nil {
			return c, err
		}
	}
	if c.Recompute, err = recomputeList(r.Recompute); err != nil {
		return c, err
	}
	if c.ZeRO, err = zeroList(r.ZeRO); err != nil {
		return c, err
	}
	if strings.TrimSpace(r.SeqParallel) != "" {
		sp, err := onOff("sequence-parallel", r.SeqParallel, false)
		if err != nil {
			return c, err
		}
		c.SeqParallel = []bool{sp}
	}
	return c, nil
}

// recomputeList parses "full" or "none,selective".
func recomputeList(s string) ([]perf.Recompute, error) {
	if strings.TrimSpace(s) == "" || strings.EqualFold(strings.TrimSpace(s), "all") {
		return nil, nil
	}
	var out []perf.Recompute
	for _, part := range strings.Split(s, ",") {
		rc, err := perf.ParseRecompute(part)
		if err != nil || strings.TrimSpace(part) == "" {
			return nil, &InputError{Flag: "recompute", Value: s, Err: errors.New("want none, selective, full or a comma list of them")}
		}
		out = append(out, rc)
	}
	return out, nil
}

// zeroList parses "1", "fsdp" or "0,1".
func zeroList(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" || strings.EqualFold(strings.TrimSpace(s), "all") {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "fsdp" {
			part = "3"
		}
		z, err := strconv.Atoi(part)
		if err != nil || z < 0 || z > 3 {
			return nil, &InputError{Flag: "zero", Value: s, Err: errors.New("want a ZeRO stage 0-3, fsdp, or a comma list")}
		}
		out = append(out, z)
	}
	return out, nil
}
