package kernels

import (
	"fmt"
	"runtime"
	"testing"
)

// The benchmarks report throughput as custom metrics (GFLOP/s, GB/s), for
// comparing kernels and ISAs; flops bench is the full measurement.

func BenchmarkPeak(b *testing.B) {
	for _, isa := range Supported() {
		b.Run(fmt.Sprintf("%v/fp64", isa), func(b *testing.B) {
			for b.Loop() {
				Peak[float64](isa, 10000, 1, 0.5, 1)
			}
			b.ReportMetric(PeakFLOPsPerTrip(isa, 8)*10000*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(fmt.Sprintf("%v/fp32", isa), func(b *testing.B) {
			for b.Loop() {
				Peak[float32](isa, 10000, 1, 0.5, 1)
			}
			b.ReportMetric(PeakFLOPsPerTrip(isa, 4)*10000*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func benchGemm[T Float](b *testing.B, isa ISA, n, threads int) {
	a, x, c := make([]T, n*n), make([]T, n*n), make([]T, n*n)
	for i := range a {
		a[i], x[i] = T(i%7)-3, T(i%5)-2
	}
	for b.Loop() {
		if err := Gemm(isa, threads, Blocking{}, n, n, n, a, n, x, n, c, n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(2*float64(n*n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkGemm(b *testing.B) {
	for _, isa := range Supported() {
		for _, n := range []int{256, 1024} {
			for _, th := range []int{1, runtime.GOMAXPROCS(0)} {
				b.Run(fmt.Sprintf("%v/fp64/n=%d/threads=%d", isa, n, th), func(b *testing.B) { benchGemm[float64](b, isa, n, th) })
				b.Run(fmt.Sprintf("%v/fp32/n=%d/threads=%d", isa, n, th), func(b *testing.B) { benchGemm[float32](b, isa, n, th) })
			}
		}
	}
}

// BenchmarkStream uses 3 arrays of 4 M float64 (96 MiB): beyond the L2
// caches of current CPUs but not always beyond the last-level cache; flops
// bench sizes its arrays against the LLC.
func BenchmarkStream(b *testing.B) {
	const n = 4 << 20
	x, y, z := make([]float64, n), make([]float64, n), make([]float64, n)
	for _, isa := range Supported() {
		for _, op := range StreamOps() {
			b.Run(fmt.Sprintf("%v/%v", isa, op), func(b *testing.B) {
				for b.Loop() {
					Stream(isa, op, z, x, y, 3)
				}
				b.ReportMetric(float64(op.Arrays()*8*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}
