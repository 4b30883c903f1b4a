//go:build amd64

#include "textflag.h"

// The STREAM kernels with 256-bit AVX loads and non-temporal (streaming)
// stores, which write whole cache lines to memory without first reading
// them. n must be a multiple of 16 and dst 32-byte aligned; each trip
// moves 16 float64 (128 bytes) per array.

// func copyNT(dst, a *float64, n int)
TEXT ·copyNT(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   copydone
copyloop:
	VMOVUPD  0(SI), Y0
	VMOVUPD  32(SI), Y1
	VMOVUPD  64(SI), Y2
	VMOVUPD  96(SI), Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ     $128, SI
	ADDQ     $128, DI
	DECQ     CX
	JNZ      copyloop
copydone:
	SFENCE
	VZEROUPPER
	RET

// func scaleNT(dst, a *float64, n int, s *float64)
TEXT ·scaleNT(SB), NOSPLIT, $0-32
	MOVQ         dst+0(FP), DI
	MOVQ         a+8(FP), SI
	MOVQ         n+16(FP), CX
	MOVQ         s+24(FP), AX
	VBROADCASTSD (AX), Y15
	SHRQ         $4, CX
	JZ           scaledone
scaleloop:
	VMULPD   0(SI), Y15, Y0
	VMULPD   32(SI), Y15, Y1
	VMULPD   64(SI), Y15, Y2
	VMULPD   96(SI), Y15, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ     $128, SI
	ADDQ     $128, DI
	DECQ     CX
	JNZ      scaleloop
scaledone:
	SFENCE
	VZEROUPPER
	RET

// func addNT(dst, a, b *float64, n int)
TEXT ·addNT(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), BX
	MOVQ n+24(FP), CX
	SHRQ $4, CX
	JZ   adddone
addloop:
	VMOVUPD  0(SI), Y0
	VMOVUPD  32(SI), Y1
	VMOVUPD  64(SI), Y2
	VMOVUPD  96(SI), Y3
	VADDPD   0(BX), Y0, Y0
	VADDPD   32(BX), Y1, Y1
	VADDPD   64(BX), Y2, Y2
	VADDPD   96(BX), Y3, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ     $128, SI
	ADDQ     $128, BX
	ADDQ     $128, DI
	DECQ     CX
	JNZ      addloop
adddone:
	SFENCE
	VZEROUPPER
	RET

// func triadNT(dst, a, b *float64, n int, s *float64)
// dst = a + s·b
TEXT ·triadNT(SB), NOSPLIT, $0-40
	MOVQ         dst+0(FP), DI
	MOVQ         a+8(FP), SI
	MOVQ         b+16(FP), BX
	MOVQ         n+24(FP), CX
	MOVQ         s+32(FP), AX
	VBROADCASTSD (AX), Y15
	SHRQ         $4, CX
	JZ           triaddone
triadloop:
	VMULPD   0(BX), Y15, Y0
	VMULPD   32(BX), Y15, Y1
	VMULPD   64(BX), Y15, Y2
	VMULPD   96(BX), Y15, Y3
	VADDPD   0(SI), Y0, Y0
	VADDPD   32(SI), Y1, Y1
	VADDPD   64(SI), Y2, Y2
	VADDPD   96(SI), Y3, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ     $128, SI
	ADDQ     $128, BX
	ADDQ     $128, DI
	DECQ     CX
	JNZ      triadloop
triaddone:
	SFENCE
	VZEROUPPER
	RET
