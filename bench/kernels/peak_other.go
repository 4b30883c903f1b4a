//go:build !amd64

package kernels

// peakAsm is never called off amd64 (Usable reports only Generic).
func peakAsm[T Float](isa ISA, trips int, x0, m, b T, out []T) {
	peakGeneric(trips, x0, m, b, out)
}
