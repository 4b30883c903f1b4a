package bench

import (
	"fmt"
	"math"
)

// coreKind is what a table of microarchitectures knows about a core: the
// name and how many FMA units of the widest vector width it issues to per
// cycle.
type coreKind struct {
	Name     string
	FMAUnits int // FMA operations per cycle at the widest vector width the core supports
	Source   string
}

// intelServerAVX512 are Intel family 6 models with two 512-bit FMA units on
// every SKU (ports 0 and 5): Intel 64 and IA-32 Architectures Optimization
// Reference Manual (2023), chapters on Ice Lake server and Sapphire Rapids
// ("two 512-bit FMA units"); Emerald and Granite Rapids keep the core's FMA
// layout (Golden/Raptor Cove, Redwood Cove).
var intelServerAVX512 = map[int]string{
	0x6A: "Ice Lake-SP", 0x6C: "Ice Lake-D", 0x8F: "Sapphire Rapids",
	0xCF: "Emerald Rapids", 0xAD: "Granite Rapids", 0xAE: "Granite Rapids-D",
}

// intelAVX2 are Intel family 6 cores with two 256-bit FMA units (ports 0
// and 1): Haswell through Raptor Lake (Intel optimization manual; Agner
// Fog, "The microarchitecture of Intel, AMD and VIA CPUs", Haswell chapter).
var intelAVX2 = map[int]string{
	0x3C: "Haswell", 0x3F: "Haswell-E", 0x45: "Haswell", 0x46: "Haswell",
	0x3D: "Broadwell", 0x47: "Broadwell", 0x4F: "Broadwell-E", 0x56: "Broadwell-DE",
	0x4E: "Skylake", 0x5E: "Skylake", 0x8E: "Kaby/Coffee Lake", 0x9E: "Kaby/Coffee Lake",
	0x97: "Alder Lake", 0x9A: "Alder Lake", 0xB7: "Raptor Lake", 0xBA: "Raptor Lake", 0xBF: "Raptor Lake",
}

// lookupCore finds the core in the table; ok is false when it is not
// known (Skylake-SP, whose FMA unit count differs by SKU, is deliberately
// absent) and the FMA units must be inferred from the measurement.
func lookupCore(vendor string, family, model int, avx512 bool) (coreKind, bool) {
	switch {
	case vendor == "GenuineIntel" && family == 6 && avx512:
		if n, ok := intelServerAVX512[model]; ok {
			return coreKind{n, 2, "Intel optimization reference manual: two 512-bit FMA units (ports 0 and 5)"}, true
		}
	case vendor == "GenuineIntel" && family == 6:
		if n, ok := intelAVX2[model]; ok {
			return coreKind{n, 2, "Intel optimization reference manual: two 256-bit FMA units (ports 0 and 1)"}, true
		}
	case vendor == "AuthenticAMD" && family == 0x19 && avx512:
		return coreKind{"Zen 4", 1, "AMD Zen 4 software optimization guide (pub. 57647): 512-bit ops issue as two 256-bit halves on the two FMA pipes"}, true
	case vendor == "AuthenticAMD" && family == 0x19:
		return coreKind{"Zen 3", 2, "AMD Zen 3 software optimization guide (pub. 56665): two 256-bit FMA pipes"}, true
	case vendor == "AuthenticAMD" && family == 0x1A && avx512:
		return coreKind{"Zen 5", 2, "AMD Zen 5 software optimization guide (pub. 58455): two 512-bit FMA pipes (desktop and server cores)"}, true
	}
	return coreKind{}, false
}

// inferFMAUnits estimates the FMA units from a measured single-thread FMA
// rate: flopPerCycle ÷ (2 × lanes), rounded to the nearest whole unit, at
// least 1. It is a fallback for cores not in the table, and says so.
func inferFMAUnits(flopPerCycle float64, lanes int) (int, string) {
	u := max(1, int(math.Round(flopPerCycle/float64(2*lanes))))
	return u, fmt.Sprintf("inferred: measured %.1f FLOP/cycle on one core ÷ (2 × %d lanes), rounded", flopPerCycle, lanes)
}
