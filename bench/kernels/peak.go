package kernels

// PeakRounds is how many times the peak loop updates each accumulator per
// trip (the generator's peakRounds).
const PeakRounds = 4

// genericPeakAccs is the number of independent scalar chains of the
// portable peak loop: enough to cover a 4-cycle FMA latency on 2 pipes.
const genericPeakAccs = 8

// PeakAccumulators is the number of independent vector accumulators the
// peak loop keeps in registers for isa: 16 zmm for AVX-512 (of 32), 12 ymm
// for AVX2 (of 16), 8 scalars for the portable loop. With FMA latency L
// cycles and P pipes, L×P chains keep the pipes busy (4×2 = 8 on current
// x86), so these counts leave headroom.
func PeakAccumulators(isa ISA) int {
	switch isa {
	case AVX512:
		return 16
	case AVX2:
		return 12
	}
	return genericPeakAccs
}

// PeakFLOPsPerTrip is the FLOP count of one trip of the peak loop for isa
// and element size: PeakRounds × accumulators × lanes × 2 (an FMA is a
// multiply and an add).
func PeakFLOPsPerTrip(isa ISA, elemBytes int) float64 {
	return float64(PeakRounds * PeakAccumulators(isa) * isa.Lanes(elemBytes) * 2)
}

// Peak runs trips trips of the peak FMA loop for isa: every lane of every
// accumulator starts at x0 and is updated x = x·m + b, PeakRounds times per
// trip. It returns every lane of every accumulator, each of which equals
// the closed form m^n·x0 + b·(1−m^n)/(1−m) for n = PeakRounds × trips (up
// to rounding; the portable loop may round the multiply and add apart).
// An isa this CPU lacks falls back to the portable loop.
func Peak[T Float](isa ISA, trips int, x0, m, b T) []T {
	if !Usable(isa) {
		isa = Generic
	}
	out := make([]T, PeakAccumulators(isa)*isa.Lanes(elemSize[T]()))
	if isa == Generic {
		peakGeneric(trips, x0, m, b, out)
		return out
	}
	peakAsm(isa, trips, x0, m, b, out)
	return out
}

// peakGeneric is the portable peak loop: genericPeakAccs independent
// chains so that the compiler's scalar code can overlap them.
func peakGeneric[T Float](trips int, x0, m, b T, out []T) {
	var x [genericPeakAccs]T
	for i := range x {
		x[i] = x0
	}
	for t := 0; t < trips; t++ {
		for r := 0; r < PeakRounds; r++ {
			x[0] = x[0]*m + b
			x[1] = x[1]*m + b
			x[2] = x[2]*m + b
			x[3] = x[3]*m + b
			x[4] = x[4]*m + b
			x[5] = x[5]*m + b
			x[6] = x[6]*m + b
			x[7] = x[7]*m + b
		}
	}
	copy(out, x[:])
}

// elemSize is the size of T in bytes: 4 or 8.
func elemSize[T Float]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}
