//go:build !amd64

package kernels

// microFor returns the portable micro-kernel: off amd64 there is no other.
func microFor[T Float](isa ISA) micro[T] { return genericMicro[T](genericMR, genericNR) }
