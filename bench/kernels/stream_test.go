package kernels

import (
	"fmt"
	"math"
	"testing"
)

func TestStream(t *testing.T) {
	const s = 3.0
	for _, isa := range Supported() {
		for _, n := range []int{0, 1, 15, 16, 33, 1000, 4099} {
			for _, off := range []int{0, 1, 5} { // misalign dst by off elements
				for _, op := range StreamOps() {
					name := fmt.Sprintf("%v/%v/n=%d/off=%d", isa, op, n, off)
					a, b := make([]float64, n), make([]float64, n)
					for i := range a {
						a[i], b[i] = float64(i)+0.5, float64(2*i)-1
					}
					buf := make([]float64, n+off)
					dst := buf[off:]
					Stream(isa, op, dst, a, b, s)
					for i := range dst {
						// The definitions in StreamOp's constants; every value
						// here is exact in float64.
						want := [...]float64{a[i], s * a[i], a[i] + b[i], a[i] + s*b[i]}[op]
						if math.Abs(dst[i]-want) > 1e-12*math.Abs(want) {
							t.Fatalf("%s: dst[%d] got %v, want %v", name, i, dst[i], want)
						}
					}
				}
			}
		}
	}
}

func TestStreamOpCounts(t *testing.T) {
	// STREAM counts bytes as arrays × 8 per element: copy 16, scale 16,
	// add 24, triad 24 (McCalpin's stream.c table).
	want := map[StreamOp][2]int{Copy: {2, 0}, Scale: {2, 1}, Add: {3, 1}, Triad: {3, 2}}
	for op, w := range want {
		if got := [2]int{op.Arrays(), op.FLOPs()}; got != w {
			t.Errorf("%v: arrays, FLOPs = %v, want %v", op, got, w)
		}
	}
}
