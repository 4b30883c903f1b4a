package kernels

// CycleChain is the number of dependent one-cycle integer adds in one trip
// of the clock loop; a trip therefore takes CycleChain core cycles.
const CycleChain = 64
