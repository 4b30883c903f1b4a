// Package goodput models what failures cost a training run at scale:
// expected interruptions, the optimal checkpoint interval, goodput (the
// fraction of wall-clock time spent on useful training) and from it the
// wall-clock time, accelerator-hours and money with failures.
//
// Failures are a Poisson process with a per-accelerator mean time between
// job interruptions m, so K accelerators interrupt a synchronous job every
// M = m/K on average. Each checkpoint writes the weights, optimizer state
// and random-number state (StateBytes) to storage in δ seconds; each
// interruption costs the restart R (detection, rescheduling, start-up and
// loading the checkpoint) plus the work since the last checkpoint. With τ
// seconds of compute between checkpoints the expected goodput is Daly's
// (2006, eq. 13)
//
//	G = τ / (M·e^{R/M}·(e^{(τ+δ)/M} − 1)) ≈ 1 − δ/τ − (τ/2 + R)/M,
//
// the interval used is Daly's higher-order optimum (Young's √(2δM) is
// reported beside it), and T_w = T_s/G. Asynchronous checkpoints stall
// training only for a host copy; in-memory checkpoints go to peers' host
// memory over the network. The defaults and their sources (the failure
// rate calibrated on the Llama 3 405B snapshot, storage bandwidth, restart
// time) are in config.go, and README.md in this directory lists the
// published figures the model is checked against and where it misses.
package goodput
