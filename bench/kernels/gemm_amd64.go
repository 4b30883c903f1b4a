package kernels

//go:noescape
func gemmKern512D(k int, a, b, c *float64, ldc int, accum int)

//go:noescape
func gemmKern512S(k int, a, b, c *float32, ldc int, accum int)

//go:noescape
func gemmKern256D(k int, a, b, c *float64, ldc int, accum int)

//go:noescape
func gemmKern256S(k int, a, b, c *float32, ldc int, accum int)

// microFor returns the micro-kernel of isa for T: 8×24 (fp64) or 8×48
// (fp32) tiles for AVX-512, 6×8 or 6×16 for AVX2, 4×4 for the portable
// code.
func microFor[T Float](isa ISA) micro[T] {
	var z T
	_, f32 := any(z).(float32)
	var fn any
	mr, nr := 8, 24
	switch {
	case isa == AVX512 && !f32:
		fn = gemmKern512D
	case isa == AVX512:
		fn, nr = gemmKern512S, 48
	case isa == AVX2 && !f32:
		fn, mr, nr = gemmKern256D, 6, 8
	case isa == AVX2:
		fn, mr, nr = gemmKern256S, 6, 16
	default:
		return genericMicro[T](genericMR, genericNR)
	}
	return micro[T]{mr: mr, nr: nr, fn: fn.(func(int, *T, *T, *T, int, int))}
}
