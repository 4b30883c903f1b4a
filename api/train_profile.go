package api

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/train"
	"github.com/flopsdev/flops/units"
)

// profileMFU replaces the default MFU of a --model estimate by the MFU of
// the planner's fastest layout on the calibrated cluster: the same model,
// sequence length, accelerator, precision and GPU count, the default global
// batch (4M tokens), the profile's constants and stack. The planner counts
// model FLOPs as train --model does (full attention at the same sequence
// length), so C/(peak·MFU) is the planner's time to train.
func (r TrainRequest) profileMFU(env Env, p *calibrate.Profile, cfg *train.Config, tm *trainModel) (string, error) {
	switch {
	case tm == nil || tm.fromFiles:
		return "", &InputError{Flag: "profile", Err: errors.New("needs --model with an architecture (the planner prices its layers)")}
	case r.MFU != "":
		return "", &InputError{Flag: "mfu", Value: r.MFU, Err: errors.New("give either --mfu or --profile (which predicts the MFU), not both")}
	case cfg.GPUs == 0:
		return "", &InputError{Flag: "gpus", Err: errors.New("missing: --profile plans the run's layout on a cluster; give its size, e.g. --gpus 1024")}
	}
	pr := PlanRequest{Model: r.Model, GPUs: strconv.Itoa(cfg.GPUs), Seq: strconv.Itoa(tm.seq), HW: r.HW, Profile: p}
	res, err := pr.Run(env)
	if err != nil {
		return "", err
	}
	if res.Candidate == nil || !res.Candidate.Fits {
		return "", fmt.Errorf("--profile: no layout of %s fits on %d × %s: %s", tm.name, cfg.GPUs, res.GPU, res.Infeasible)
	}
	c := res.Candidate
	cfg.MFU = units.Fraction(c.MFU)
	return fmt.Sprintf("%.1f%%: the planner's fastest layout on the profiled cluster (%s stack): TP%d PP%d DP%d EP%d, micro-batch %d, %s recompute, global batch %d × %d",
		100*c.MFU, p.Stack, c.TP, c.PP, c.DP, c.EP, c.MicroBatch, c.Recompute, res.GlobalBatch, res.Seq), nil
}
