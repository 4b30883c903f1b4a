//go:build !amd64

package kernels

// ntSplit: off amd64 there is no non-temporal kernel.
func ntSplit(dst []float64) (head, body int) { return 0, 0 }

// streamNT is never reached off amd64.
func streamNT(o StreamOp, dst, a, b []float64, s float64) { streamGo(o, dst, a, b, s) }
