// Package deploy plans a serving deployment: the cheapest layout that
// meets a time-to-first-token (TTFT) and time-per-output-token (TPOT)
// target, over aggregated layouts (tensor × pipeline × expert × attention
// data parallel, with a concurrency per replica) and disaggregated ones
// (prefill layout × decode layout × worker ratio xPyD × concurrency), on
// one or several accelerator types with their prices. It answers two
// questions:
//
//   - a GPU budget (Config.GPUs): the layout with the most output tokens/s
//     per GPU that meets the targets;
//   - a request rate (Config.Rate): the fewest GPUs (and the lowest $/hour)
//     that serve it within the targets, as replicas of the best layout or
//     prefill/decode pools, checked by an open-loop simulation at that rate.
//
// With the Pareto front of output tokens/s per GPU against tokens/s per
// user, why the winner wins (its limiting resource; the runner-up and the
// margin), the cost per million tokens, and for every point the exact
// "flops infer" command that reproduces it.
//
// Every figure the package reports comes from package engine's simulation
// (engine.Estimate). The search is fast because it does not simulate every
// candidate: it first screens all of them with a steady-state closed-loop
// model built on the engine's step cost (engine.Costs; screen.go), keeps
// those whose screened figures come within a safety margin of the targets
// and of the best, and simulates only those, the screened Pareto front and
// a refinement of the best concurrency.
package deploy
