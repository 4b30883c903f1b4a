package kernels

// CycleLoop runs trips trips of a dependent chain of CycleChain integer
// adds (latency one cycle on every x86-64 core since the P6; Agner Fog,
// "Instruction tables") and returns the cycles spent: trips × CycleChain.
// Timing it gives the core clock. With underAVX512 (and an AVX-512 CPU)
// 48 independent 512-bit FMAs ride along each trip, below the chain's
// length, so the clock read is the one the core runs at under 512-bit FMA
// load. ok is false where no cycle loop exists (off amd64).
func CycleLoop(trips int, underAVX512 bool) (cycles float64, ok bool) {
	if underAVX512 && Usable(AVX512) {
		return float64(addChainFMA512(trips)), true
	}
	return float64(addChain(trips)), true
}
