//go:build !amd64

package kernels

// Supported lists the ISAs usable here: only the portable Go code off amd64.
func Supported() []ISA { return []ISA{Generic} }
