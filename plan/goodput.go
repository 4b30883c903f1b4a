package plan

import (
	"fmt"

	"github.com/flopsdev/flops/goodput"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// Reliability is the failure model's estimate for a layout (package goodput).
type Reliability = goodput.Result

// AddReliability estimates what failures cost the winning layout of res
// (package goodput) when it fits and the run has at least
// goodput.ShowFrom accelerators or an option is given. The checkpoint
// holds every parameter at the training's weight + optimizer bytes plus
// each rank's RNG state; it is written by Writers(layout) ranks, each
// through its NIC (the cluster's scale-out bandwidth); checkpoints fall on
// step boundaries; the failure-free time is the time to train. The steps
// and assumptions go to the winner's derivation (res.Best).
func AddReliability(res *Result, req Request, opts goodput.Options) error {
	b := res.Best
	if b == nil || res.Infeasible != "" || (res.GPUs < goodput.ShowFrom && !opts.Given()) {
		return nil
	}
	n := req.Arch.Count().Total
	perParam := req.Training.WeightBytes + req.Training.OptimizerBytes
	cfg := goodput.Config{Options: opts, Accelerators: res.GPUs, Work: units.Seconds(b.TimeToTrain),
		CheckpointBytes: goodput.StateBytes(n, perParam, res.GPUs), Writers: Writers(b.Layout, res.GPUs),
		WriterBandwidth: req.Cluster.ScaleOut, Step: units.Seconds(b.StepTime), Price: req.Cluster.Price}
	b.Assume("checkpoint", fmt.Sprintf("%s params × %g B + %d × %.0f kB RNG = %s, written by %d ranks", n, perParam,
		res.GPUs, goodput.RNGBytesPerRank/1e3, cfg.CheckpointBytes, cfg.Writers), writersSource(b.Layout)+"; "+goodput.StateSource)
	g, err := goodput.Estimate(cfg, &b.Trace)
	if err != nil {
		return err
	}
	res.Reliability = g
	return nil
}

// Writers is the number of ranks that write distinct checkpoint shards in
// parallel: every rank when ZeRO (stage ≥ 1) shards the optimizer state
// over data-parallel ranks; otherwise one data-parallel replica, the
// TP·PP·EP ranks that hold distinct weights (context-parallel ranks hold
// copies).
func Writers(l perf.Layout, gpus int) int {
	if l.ZeRO >= 1 {
		return gpus
	}
	return max(1, l.TP) * max(1, l.PP) * max(1, l.EP)
}

// writersSource explains Writers for the layout.
func writersSource(l perf.Layout) string {
	if l.ZeRO >= 1 {
		return "ZeRO shards the optimizer state over data-parallel ranks: every rank writes its shard"
	}
	return "without ZeRO the state is replicated over data-parallel ranks: one replica (TP·PP·EP ranks) writes it"
}
