package kernels

import "unsafe"

//go:noescape
func copyNT(dst, a *float64, n int)

//go:noescape
func scaleNT(dst, a *float64, n int, s *float64)

//go:noescape
func addNT(dst, a, b *float64, n int)

//go:noescape
func triadNT(dst, a, b *float64, n int, s *float64)

// ntSplit returns how many leading elements of dst to do in Go until dst
// is 64-byte aligned (a cache line), and how many after that the
// non-temporal kernel does (a multiple of 16).
func ntSplit(dst []float64) (head, body int) {
	if len(dst) == 0 {
		return 0, 0
	}
	addr := uintptr(unsafe.Pointer(&dst[0]))
	head = int((64-addr%64)%64) / 8
	if addr%8 != 0 || head > len(dst) {
		return 0, 0
	}
	body = (len(dst) - head) / 16 * 16
	return head, body
}

// streamNT runs the non-temporal assembly kernel; len(dst) is a positive
// multiple of 16.
func streamNT(o StreamOp, dst, a, b []float64, s float64) {
	n := len(dst)
	switch o {
	case Copy:
		copyNT(&dst[0], &a[0], n)
	case Scale:
		scaleNT(&dst[0], &a[0], n, &s)
	case Add:
		addNT(&dst[0], &a[0], &b[0], n)
	case Triad:
		triadNT(&dst[0], &a[0], &b[0], n, &s)
	}
}
