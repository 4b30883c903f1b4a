// Package bench measures the roofline of the machine it runs on: peak FMA
// throughput (FLOP/s), GEMM throughput on square matrices and STREAM
// memory bandwidth, on one thread and on all threads, in fp64 and fp32,
// and sets them beside the theoretical peak, cores × clock × FLOP per
// cycle, with the clock measured and the FLOP per cycle derived from the
// vector width and the FMA units of the core.
//
// Run takes a Config and returns a Result; the kernels live in
// bench/kernels. Result.Accelerator turns a Result into a catalog entry
// (hardware.Accelerator) so that the other commands can use the measured
// figures, and Result.Roofline into a chart for package plot.
package bench
