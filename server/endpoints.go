package server

import (
	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/infer"
)

// endpoints is the JSON API: one route per capability, each taking the CLI
// command's flags as fields and returning the CLI's --json Result.
func (s *server) endpoints() []endpoint {
	return []endpoint{
		newEndpoint("/api/train", "training FLOPs, time, GPU-hours, cost, energy, CO2 (flops train)", api.TrainRequest.Run),
		withResult[infer.Result](newEndpoint("/api/infer", "inference roofline; a batch list gives a sweep (flops infer)", runInfer)),
		newEndpoint("/api/model", "exact parameters, FLOPs and KV cache of a catalog model (flops model)", api.ModelRequest.Run),
		newEndpoint("/api/models", "the model catalog (flops model list)", api.ModelsListRequest.Run),
		newEndpoint("/api/hardware", "the accelerator catalog (flops hw list)", api.HWListRequest.Run),
		newEndpoint("/api/hardware/show", "one accelerator (flops hw show)", api.HWShowRequest.Run),
		newEndpoint("/api/hardware/compare", "accelerators side by side with ridge points (flops hw compare)", api.HWCompareRequest.Run),
		newEndpoint("/api/scale/optimal", "compute-optimal N and D under each scaling law (flops scale optimal)", api.ScaleOptimalRequest.Run),
		newEndpoint("/api/scale/loss", "predicted loss of N and D under each law (flops scale loss)", api.ScaleLossRequest.Run),
		newEndpoint("/api/scale/inference", "inference-aware sizing (flops scale inference)", api.ScaleInferenceRequest.Run),
		newEndpoint("/api/scale/isoflop", "iso-FLOP curves (flops scale isoflop)", api.ScaleIsoFLOPRequest.Run),
		heavy(newEndpoint("/api/plan", "parallel layout search for a training run (flops plan)", api.PlanRequest.Run)),
		newEndpoint("/api/mfu", "MFU and HFU from measured throughput (flops mfu)", api.MFURequest.Run),
		newEndpoint("/api/validate", "predictions against published runs (flops validate)", api.ValidateRequest.Run),
	}
}

// runInfer mirrors flops infer: one batch size gives one Result, a batch
// list or range gives {"sweep": [...]}.
func runInfer(r api.InferRequest, env api.Env) (any, error) {
	sw, err := r.Sweep(env)
	if err != nil {
		return nil, err
	}
	if len(sw.Sweep) == 1 {
		return sw.Sweep[0], nil
	}
	return sw, nil
}

// withResult sets the documented result type of an endpoint whose Go
// function returns any.
func withResult[T any](e endpoint) endpoint {
	e.resType = reflectTypeFor[T]()
	return e
}

// heavy marks an endpoint whose requests can take seconds of CPU (a plan
// search): at most runtime.GOMAXPROCS of them run at once, so a burst of
// searches cannot starve the calculators.
func heavy(e endpoint) endpoint {
	e.heavy = true
	return e
}
