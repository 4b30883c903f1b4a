// Package kernels holds the compute kernels that flops bench times: a peak
// FMA throughput loop, a cache-blocked multi-threaded GEMM and the four
// STREAM kernels, each in fp64 (and fp32 where it matters), with amd64
// assembly for AVX2+FMA and AVX-512 chosen at run time from CPU features,
// and a portable pure-Go fallback that is correct on any CPU.
//
// The kernels compute; they do not time themselves. Package bench measures
// them. Every kernel's result is checked against a simple reference in the
// tests, so a fast kernel is never a wrong one.
//
// The assembly is generated: run "go generate" after editing asmgen.go.
package kernels

//go:generate go run asmgen.go

// Float is the element type of the kernels: float32 (fp32) or float64 (fp64).
type Float interface{ float32 | float64 }
