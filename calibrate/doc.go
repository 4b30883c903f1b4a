// Package calibrate fits the efficiency constants of the training
// performance model (package perf) to measured runs and measures how well
// the fit predicts runs it did not see.
//
// A Case is one measured configuration: the planner request that
// describes the run (model, cluster, workload, the layout dimensions that
// were fixed) and one measured figure (step time, tokens/s per GPU, MFU or
// HFU TFLOP/s). Cases are grouped by the constants they share (an
// accelerator family) and by where they come from (a source family: one
// paper, benchmark table or user file).
//
// Fit searches each group's fitted fractions (perf.Fitted: GEMM, FP8 GEMM,
// element-wise and flash-attention fractions of peak, or one common scale
// for a small set of runs) by a pattern search on a 0.01 grid, minimising
// the mean |relative error| with every case weighted equally. No fraction
// leaves its knob's range (at most 0.95 of peak; the common scale stops
// each fraction there, HBM at 1), and Calibrate warns when a fit ends
// pressed against a bound: no constants in range reproduce those runs.
// Layout dimensions a case leaves free are chosen the way "flops plan"
// chooses them (the fastest layout that fits) with the constants being
// tried: the search alternates between fitting with the layouts fixed and
// re-choosing the layouts, until they no longer change.
//
// LeaveOneOut and LeaveOneFamilyOut refit from the prior without the
// held-out cases and predict them: the held-out errors are real refits,
// fast enough to run inside "flops validate" (its 80 rows, most with
// their layouts given, refit in about a second). Cases that leave their
// layout to the planner cost more (a planner search each, and every
// candidate layout priced again after each round of a fit):
// BenchmarkCalibrate64 (64 such runs, the most "flops calibrate" takes)
// runs about half a minute on two cores.
package calibrate
