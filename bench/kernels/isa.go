package kernels

import "fmt"

// ISA is the vector instruction set a kernel uses.
type ISA int

// The instruction sets, from portable to widest.
const (
	Generic ISA = iota // portable Go, scalar
	AVX2               // AVX2 with FMA3, 256-bit vectors (amd64)
	AVX512             // AVX-512F, 512-bit vectors (amd64)
)

// String names the ISA as it appears in reports: "generic", "avx2", "avx512".
func (i ISA) String() string {
	switch i {
	case Generic:
		return "generic"
	case AVX2:
		return "avx2"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("ISA(%d)", int(i))
}

// VectorBytes is the width of one vector register in bytes: 64 for AVX-512,
// 32 for AVX2, 8 (one float64 scalar) for the portable code.
func (i ISA) VectorBytes() int {
	switch i {
	case AVX512:
		return 64
	case AVX2:
		return 32
	}
	return 8
}

// Lanes is the number of elements of elemBytes bytes in one vector:
// VectorBytes / elemBytes for AVX2 and AVX512, 1 for the scalar portable
// code.
func (i ISA) Lanes(elemBytes int) int {
	if i == Generic {
		return 1
	}
	return max(1, i.VectorBytes()/elemBytes)
}

// Best is the widest ISA this CPU and OS support (see Supported).
func Best() ISA {
	s := Supported()
	return s[len(s)-1]
}

// ParseISA reads "generic", "avx2" or "avx512".
func ParseISA(s string) (ISA, error) {
	for _, i := range []ISA{Generic, AVX2, AVX512} {
		if i.String() == s {
			return i, nil
		}
	}
	return Generic, fmt.Errorf("unknown instruction set %q: want generic, avx2 or avx512", s)
}

// Usable reports whether i runs on this CPU.
func Usable(i ISA) bool {
	for _, s := range Supported() {
		if s == i {
			return true
		}
	}
	return false
}
