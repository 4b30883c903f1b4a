package kernels

//go:noescape
func fmaPeak512D(n int, x0, m, b *float64, out *float64)

//go:noescape
func fmaPeak512S(n int, x0, m, b *float32, out *float32)

//go:noescape
func fmaPeak256D(n int, x0, m, b *float64, out *float64)

//go:noescape
func fmaPeak256S(n int, x0, m, b *float32, out *float32)

// addChain runs n trips of a dependent chain of CycleChain one-cycle
// integer adds and returns n × CycleChain.
//
//go:noescape
func addChain(n int) int

// addChainFMA512 is addChain with 48 independent 512-bit FMAs interleaved
// per trip, so the core runs at its AVX-512 clock while it is timed.
//
//go:noescape
func addChainFMA512(n int) int

// peakAsm runs the assembly peak loop for isa (AVX2 or AVX512); out has
// room for every lane of every accumulator.
func peakAsm[T Float](isa ISA, trips int, x0, m, b T, out []T) {
	switch p := any(&out[0]).(type) {
	case *float64:
		x, mm, bb := float64(x0), float64(m), float64(b)
		if isa == AVX512 {
			fmaPeak512D(trips, &x, &mm, &bb, p)
		} else {
			fmaPeak256D(trips, &x, &mm, &bb, p)
		}
	case *float32:
		x, mm, bb := float32(x0), float32(m), float32(b)
		if isa == AVX512 {
			fmaPeak512S(trips, &x, &mm, &bb, p)
		} else {
			fmaPeak256S(trips, &x, &mm, &bb, p)
		}
	}
}
