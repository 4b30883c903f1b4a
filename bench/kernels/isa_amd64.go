package kernels

import "golang.org/x/sys/cpu"

// Supported lists the ISAs this CPU and OS support, Generic first. AVX2
// needs AVX2 and FMA3; AVX512 needs AVX-512F and the OS saving the
// 512-bit state (checked by golang.org/x/sys/cpu).
func Supported() []ISA {
	s := []ISA{Generic}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		s = append(s, AVX2)
		if cpu.X86.HasAVX512F {
			s = append(s, AVX512)
		}
	}
	return s
}
