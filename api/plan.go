package api

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/flopsdev/flops/calibrate"
	"github.com/flopsdev/flops/explain"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/units"
)

// PlanRequest is "flops plan": a model, a cluster and a fixed global batch,
// with optional constraints; every field is text as typed on the command
// line (JSON names = flag names). Fixing every dimension prices exactly one
// layout.
type PlanRequest struct {
	Model       string `json:"model"`         // catalog name or (CLI) config.json/safetensors/GGUF path
	GPUs        string `json:"gpus"`          // total accelerators, e.g. "1024"
	GPUsPerNode string `json:"gpus_per_node"` // scale-up (NVLink) domain size; default from the catalog, else 8
	GlobalBatch string `json:"global_batch"`  // sequences per optimizer step, held fixed; default 4M tokens / seq
	Seq         string `json:"seq"`           // tokens per sequence, 8192 or 8k; default the model's pretraining context, else min(max context, 4096)
	TP          string `json:"tp"`
	CP          string `json:"cp"` // context parallel (ring attention); default 1, searched only when given
	PP          string `json:"pp"`
	DP          string `json:"dp"`
	EP          string `json:"ep"`
	MicroBatch  string `json:"micro_batch"`
	VPP         string `json:"vpp"`               // virtual pipeline stages (interleaved 1F1B)
	Recompute   string `json:"recompute"`         // none, selective, full, or a comma list; default all
	ZeRO        string `json:"zero"`              // 0, 1, 2, 3 (or "fsdp" = 3), or a comma list; default all
	SeqParallel string `json:"sequence_parallel"` // on, off; default both
	Flash       string `json:"flash_attention"`   // on, off; default the stack's
	Dropout     string `json:"dropout"`           // on, off (default)
	Overlap     string `json:"overlap"`           // data-parallel overlap: the stack's (default), on, off
	Stack       string `json:"stack"`             // software stack profile (perf.Stacks); default the profile's, else megatron-core
	// Profile is a calibrated cluster ("flops calibrate"): its constants
	// replace the shipped ones for its accelerators.
	Profile  *calibrate.Profile `json:"-"`               // a file read by the CLI (--profile); the server takes no files
	ScaleUp  string             `json:"scale_up"`        // per GPU per direction, default half the catalog's bidirectional figure
	ScaleOut string             `json:"scale_out"`       // per-GPU NIC bandwidth, default the profile's, else 50 GB/s (400 Gb/s)
	Tokens   string             `json:"tokens"`          // training tokens for time to train; default the catalog's
	Price    string             `json:"price"`           // per GPU-hour, e.g. "$2/h"; cost omitted without it
	Top      string             `json:"top"`             // fastest layouts to return, default 10
	MaxMicro string             `json:"max_micro_batch"` // search bound, default 16
	Usable   string             `json:"usable_memory"`   // fraction of device memory a job may fill, default 0.9
	HW
	Reliability // failures, checkpoints and restarts of the winner (api/reliability.go)

	// Workers is the number of search goroutines (CLI: all cores; the
	// server leaves it 0 = 1). Progress receives (visited, total) at most
	// every 200 ms. Neither is part of the JSON request.
	Workers  int                     `json:"-"`
	Progress func(done, total int64) `json:"-"`
}

// maxPlanGPUs bounds --gpus for the planner (the enumeration is over the
// divisors of the GPU count).
const maxPlanGPUs = 1 << 22

// Run resolves the model and the cluster and searches the layouts.
func (r PlanRequest) Run(env Env) (*plan.Result, error) {
	rm, err := resolveModel(env, r.Model)
	if err != nil {
		return nil, &InputError{Flag: "model", Value: r.Model, Err: err}
	}
	req, err := r.request(env, &rm)
	if err != nil {
		return nil, err
	}
	opts, err := r.Reliability.options()
	if err != nil {
		return nil, err
	}
	res, err := plan.Run(req)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Seq) == "" { // first: the global batch's assumption counts in these sequences
		seq, src := defaultSeq(rm.id, &rm.arch)
		res.Assumptions = slices.Insert(res.Assumptions, 0, explain.Assumption{Name: "sequence length", Value: fmt.Sprint(seq), Source: src})
	}
	if r.Profile != nil && strings.TrimSpace(r.Profile.ScaleOut) != "" && strings.TrimSpace(r.ScaleOut) == "" {
		res.Assume("scale-out bandwidth", req.Cluster.ScaleOut.String()+" per GPU",
			"the profile's: its runs were priced and its constants fitted at it (flops calibrate --scale-out); --scale-out overrides")
	}
	if err := plan.AddReliability(res, req, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// request builds the planner request from the text fields.
func (r PlanRequest) request(env Env, rm *resolvedModel) (plan.Request, error) {
	var q plan.Request
	q.Arch = &rm.arch
	gpus, err := planInt("gpus", r.GPUs, 0, 1, maxPlanGPUs)
	if err != nil {
		return q, err
	}
	if gpus == 0 {
		return q, &InputError{Flag: "gpus", Err: errors.New("missing: give the number of GPUs, e.g. --gpus 1024")}
	}
	if q.Cluster, err = r.cluster(env, gpus); err != nil {
		return q, err
	}
	if q.Training, err = r.training(rm); err != nil {
		return q, err
	}
	if q.Fixed, err = r.constraints(); err != nil {
		return q, err
	}
	if q.Options, err = r.options(q.Training.Stack); err != nil {
		return q, err
	}
	if q.Top, err = planInt("top", r.Top, 10, 1, 1000); err != nil {
		return q, err
	}
	q.Workers, q.Progress = min(max(r.Workers, 1), runtime.NumCPU()), r.Progress
	q.Context = env.Context
	return q, nil
}

// cluster resolves the accelerator and the network.
func (r PlanRequest) cluster(env Env, gpus int) (perf.Cluster, error) {
	acc, prec, err := r.HW.Resolve(env)
	if err != nil {
		return perf.Cluster{}, err
	}
	c, err := perf.NewCluster(acc, prec, gpus)
	if err != nil {
		return c, &InputError{Flag: "precision", Value: string(prec), Err: err}
	}
	if r.Profile != nil {
		if c.Eff, err = r.Profile.Efficiency(acc.ID); err != nil {
			return c, &InputError{Flag: "profile", Err: err}
		}
		if c.ScaleOut, err = r.profileScaleOut(c.ScaleOut); err != nil {
			return c, err
		}
	}
	if c.NodeSize, err = planInt("gpus-per-node", r.GPUsPerNode, c.NodeSize, 1, maxPlanGPUs); err != nil {
		return c, err
	}
	for _, f := range []struct {
		flag, text string
		dst        *units.ByteRate
	}{{"scale-up", r.ScaleUp, &c.ScaleUp}, {"scale-out", r.ScaleOut, &c.ScaleOut}} {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		v, err := positive(f.text, units.ParseByteRate)
		if err != nil {
			return c, &InputError{Flag: f.flag, Value: f.text, Err: err}
		}
		*f.dst = v
	}
	if strings.TrimSpace(r.Price) != "" {
		if c.Price, err = positive(r.Price, units.ParseUSDPerHour); err != nil {
			return c, &InputError{Flag: "price", Value: r.Price, Err: err}
		}
	}
	return c, nil
}

// profileScaleOut is the scale-out bandwidth the profile's runs were
// priced with (calibrate --scale-out), which its constants were fitted
// at, unless --scale-out is given; def without either.
func (r PlanRequest) profileScaleOut(def units.ByteRate) (units.ByteRate, error) {
	text := strings.TrimSpace(r.Profile.ScaleOut)
	if text == "" || strings.TrimSpace(r.ScaleOut) != "" {
		return def, nil
	}
	v, err := positive(text, units.ParseByteRate)
	if err != nil {
		return def, &InputError{Flag: "profile", Err: fmt.Errorf("its scale_out %q: %v", text, err)}
	}
	return v, nil
}

// training reads the batch, sequence, tokens and switches.
func (r PlanRequest) training(rm *resolvedModel) (perf.Training, error) {
	seqDef, _ := defaultSeq(rm.id, &rm.arch)
	seq, err := parseSeq(r.Seq, seqDef)
	if err != nil {
		return perf.Training{}, err
	}
	gb, err := planInt("global-batch", r.GlobalBatch, max(1, (4<<20)/seq), 1, 1<<30)
	if err != nil {
		return perf.Training{}, err
	}
	t := perf.DefaultTraining(gb, seq)
	if t.Stack, err = r.stack(); err != nil {
		return t, err
	}
	t.Tokens = float64(rm.tokens)
	if strings.TrimSpace(r.Tokens) != "" {
		v, err := positive(r.Tokens, units.ParseTokens)
		if err != nil {
			return t, &InputError{Flag: "tokens", Value: r.Tokens, Err: err}
		}
		t.Tokens = float64(v)
	}
	if t.Stack.DPOverlap, err = onOff("overlap", r.Overlap, t.Stack.DPOverlap); err != nil {
		return t, err
	}
	if strings.TrimSpace(r.Usable) != "" {
		f, err := positive(r.Usable, units.ParseFraction)
		if err != nil || f > 1 {
			return t, &InputError{Flag: "usable-memory", Value: r.Usable, Err: errors.New("must be a fraction in (0, 1], e.g. 0.9")}
		}
		t.UsableMemory = float64(f)
	}
	return t, nil
}

// stack is --stack, else the profile's stack, else the default.
func (r PlanRequest) stack() (perf.Stack, error) {
	name := strings.TrimSpace(r.Stack)
	if name == "" && r.Profile != nil {
		name = r.Profile.Stack
	}
	if name == "" {
		return perf.DefaultStack(), nil
	}
	st, err := perf.LookupStack(name)
	if err != nil {
		return st, &InputError{Flag: "stack", Value: name, Err: errors.New(strings.TrimPrefix(err.Error(), "unknown stack "+strconv.Quote(name)+": "))}
	}
	return st, nil
}

// options reads the kernel switches; flash attention defaults to the stack's.
func (r PlanRequest) options(st perf.Stack) (perf.ShapeOptions, error) {
	var o perf.ShapeOptions
	var err error
	if o.FlashAttention, err = onOff("flash-attention", r.Flash, st.FlashAttention); err != nil {
		return o, err
	}
	o.Dropout, err = onOff("dropout", r.Dropout, false)
	return o, err
}
