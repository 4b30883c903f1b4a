package server

import (
	"reflect"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/engine"
	"github.com/flopsdev/flops/infer"
)

// endpoints is the JSON API: one route per capability, each taking the CLI
// command's flags as fields and returning the CLI's --json Result.
//
// To add an endpoint, add a line here: newEndpoint(path, summary,
// api.XxxRequest.Run), wrapped in costs(..., compute) when a request can
// take milliseconds of CPU or megabytes of result, or costs(..., search)
// when it can take seconds (its Run should then stop when env.Context is
// done), or classed per request as sweeps does. That is all: the route, the decoding rules, the error format, the
// limits and the OpenAPI paths and schemas follow from it. Name the
// request's fields as the CLI's flags (snake_case) and, if a name is new,
// document it in server/form/catalog.go (TestCatalogCoversEndpoints says
// which); bound the request's own sizes (list lengths, points) in its Run
// with an *api.InputError naming the field and the cap; give it an example
// in api_test.go's examples (TestEveryEndpointGETAndPOST says so).
func (s *server) endpoints() []endpoint {
	return []endpoint{
		newEndpoint("/api/train", "training FLOPs, time, GPU-hours, cost, energy, CO2 (flops train)", api.TrainRequest.Run),
		sweeps(withResults(newEndpoint("/api/infer", "inference: the roofline of one batch, a sweep for a batch list ({\"sweep\": [...]}), or serving under load with concurrency, rate or max_throughput (flops infer)", runInfer),
			reflect.TypeFor[*infer.Result](), reflect.TypeFor[*api.InferSweep](), reflect.TypeFor[*engine.Result]())),
		newEndpoint("/api/model", "exact parameters, FLOPs and KV cache of a catalog model (flops model)", api.ModelRequest.Run),
		newEndpoint("/api/models", "the model catalog (flops model list)", api.ModelsListRequest.Run),
		newEndpoint("/api/hardware", "the accelerator catalog (flops hw list)", api.HWListRequest.Run),
		newEndpoint("/api/hardware/show", "one accelerator (flops hw show)", api.HWShowRequest.Run),
		newEndpoint("/api/hardware/compare", "accelerators side by side with ridge points (flops hw compare)", api.HWCompareRequest.Run),
		newEndpoint("/api/scale/optimal", "compute-optimal N and D under each scaling law (flops scale optimal)", api.ScaleOptimalRequest.Run),
		newEndpoint("/api/scale/loss", "predicted loss of N and D under each law (flops scale loss)", api.ScaleLossRequest.Run),
		newEndpoint("/api/scale/inference", "inference-aware sizing (flops scale inference)", api.ScaleInferenceRequest.Run),
		costs(newEndpoint("/api/scale/isoflop", "iso-FLOP curves (flops scale isoflop)", api.ScaleIsoFLOPRequest.Run), compute),
		costs(newEndpoint("/api/plan", "parallel layout search for a training run (flops plan)", api.PlanRequest.Run), search),
		costs(newEndpoint("/api/deploy", "the serving layout that meets TTFT/TPOT targets at the least cost: Pareto of tokens/s per GPU against per user (flops deploy)", s.runDeploy), search),
		newEndpoint("/api/mfu", "MFU and HFU from measured throughput (flops mfu)", api.MFURequest.Run),
		costs(withResults(newEndpoint("/api/goodput", "failures, checkpoints and restarts at K accelerators, or goodput against K for a range (flops goodput)", runGoodput),
			reflect.TypeFor[*api.GoodputReport](), reflect.TypeFor[*api.GoodputSweep]()), compute),
		costs(newEndpoint("/api/validate", "predictions against published runs (flops validate)", api.ValidateRequest.Run), compute),
	}
}

// runInfer mirrors flops infer: one batch size gives one Result, a batch
// list or range gives {"sweep": [...]}, a load (concurrency, rate or
// max_throughput) gives the engine's Result.
func runInfer(r api.InferRequest, env api.Env) (any, error) {
	if r.LoadMode() {
		return r.RunLoad(env)
	}
	sw, err := r.Sweep(env)
	if err != nil {
		return nil, err
	}
	if len(sw.Sweep) == 1 {
		return sw.Sweep[0], nil
	}
	return sw, nil
}

// runGoodput mirrors flops goodput: one size gives the report, a range
// (gpus=64-1M) the sweep.
func runGoodput(r api.GoodputRequest, env api.Env) (any, error) {
	if r.IsSweep() {
		return r.Sweep(env)
	}
	return r.Run(env)
}

// withResults sets the documented result types of an endpoint whose Go
// function returns any of them.
func withResults(e endpoint, types ...reflect.Type) endpoint {
	e.resTypes = types
	return e
}

// sweeps classes an inference request as compute when it names several
// batch sizes (a sweep, up to infer.MaxSweep estimates) or a load (a
// simulation, bounded by engine.MaxConcurrency and engine.MaxRequests),
// cheap otherwise.
func sweeps(e endpoint) endpoint {
	e.cost = compute // documented: a request may be turned away
	e.costOf = func(req any) cost {
		r := req.(api.InferRequest)
		if r.LoadMode() {
			return compute
		}
		if b, err := r.Batches(); err == nil && len(b) == 1 {
			return cheap
		}
		return compute
	}
	return e
}

// costs sets an endpoint's cost class: its requests then run in a slot of
// that class's pool (limit.go).
func costs(e endpoint, c cost) endpoint {
	e.cost = c
	return e
}
