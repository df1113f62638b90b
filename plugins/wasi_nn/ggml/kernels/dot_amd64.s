//go:build !purego

#include "textflag.h"

// func dotF32AVX2(x, y unsafe.Pointer, n int) float32
// n is a multiple of 16. As ggml's plain build: each product rounded to
// float32, the sum in float64 (in four lanes, so the order differs).
TEXT ·dotF32AVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
loop:
	VMOVUPS 0(SI), Y4
	VMOVUPS 32(SI), Y5
	VMULPS 0(DI), Y4, Y4
	VMULPS 32(DI), Y5, Y5
	VCVTPS2PD X4, Y6
	VEXTRACTF128 $1, Y4, X4
	VCVTPS2PD X4, Y7
	VCVTPS2PD X5, Y8
	VEXTRACTF128 $1, Y5, X5
	VCVTPS2PD X5, Y9
	VADDPD Y6, Y0, Y0
	VADDPD Y7, Y1, Y1
	VADDPD Y8, Y2, Y2
	VADDPD Y9, Y3, Y3
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JNZ loop
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VCVTSD2SS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func dotQ8_0AVX2(x, y unsafe.Pointer, nb int, table unsafe.Pointer) float32
// x and y are nb blocks of {f16 d; int8 q[32]}; table maps a half to
// float32. As ggml: sumf += float(sumi) * (dx*dy), block after block.
TEXT ·dotQ8_0AVX2(SB), NOSPLIT, $0-36
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ nb+16(FP), CX
	MOVQ table+24(FP), R8
	VXORPS X0, X0, X0
qloop:
	VPMOVSXBW 2(SI), Y1
	VPMOVSXBW 18(SI), Y2
	VPMOVSXBW 2(DI), Y3
	VPMOVSXBW 18(DI), Y4
	VPMADDWD Y3, Y1, Y1
	VPMADDWD Y4, Y2, Y2
	VPADDD Y2, Y1, Y1
	VEXTRACTI128 $1, Y1, X2
	VPADDD X2, X1, X1
	VPHADDD X1, X1, X1
	VPHADDD X1, X1, X1
	VCVTDQ2PS X1, X1
	MOVWLZX 0(SI), AX
	MOVWLZX 0(DI), BX
	VMOVSS (R8)(AX*4), X5
	VMULSS (R8)(BX*4), X5, X5
	VMULSS X5, X1, X1
	VADDSS X1, X0, X0
	ADDQ $34, SI
	ADDQ $34, DI
	DECQ CX
	JNZ qloop
	VZEROUPPER
	MOVSS X0, ret+32(FP)
	RET

// func q4kAux32AVX2(q4, q8 unsafe.Pointer, scales, out *[8]int32)
// For one Q4_K block, ggml's aux32: out[l] = sum over sub-blocks j of
// scales[j] * sum of nibble*q8 over the elements e of j with e%8 == l
// (the portable code's lanes, so the float sums that follow are ggml's).
TEXT ·q4kAux32AVX2(SB), NOSPLIT, $0-32
	MOVQ q4+0(FP), SI
	MOVQ q8+8(FP), DI
	MOVQ scales+16(FP), R8
	MOVQ out+24(FP), DX
	MOVL $0x000F000F, AX
	VMOVD AX, X9
	VPBROADCASTD X9, Y9
	VPXOR Y0, Y0, Y0
	MOVQ $4, CX
k4loop:
	VPMOVZXBW (SI), Y1
	VPMOVZXBW 16(SI), Y2
	VPAND Y9, Y1, Y3
	VPAND Y9, Y2, Y4
	VPSRLW $4, Y1, Y5
	VPSRLW $4, Y2, Y6
	VPMOVSXBW (DI), Y7
	VPMOVSXBW 16(DI), Y8
	VPMOVSXBW 32(DI), Y11
	VPMOVSXBW 48(DI), Y12
	// sub-block 2k: low nibbles
	VPMULLW Y7, Y3, Y3
	VPMULLW Y8, Y4, Y4
	VPADDW Y4, Y3, Y3
	VEXTRACTI128 $1, Y3, X4
	VPADDW X4, X3, X3
	VPMOVSXWD X3, Y3
	VPBROADCASTD (R8), Y13
	VPMULLD Y13, Y3, Y3
	VPADDD Y3, Y0, Y0
	// sub-block 2k+1: high nibbles
	VPMULLW Y11, Y5, Y5
	VPMULLW Y12, Y6, Y6
	VPADDW Y6, Y5, Y5
	VEXTRACTI128 $1, Y5, X6
	VPADDW X6, X5, X5
	VPMOVSXWD X5, Y5
	VPBROADCASTD 4(R8), Y13
	VPMULLD Y13, Y5, Y5
	VPADDD Y5, Y0, Y0
	ADDQ $32, SI
	ADDQ $64, DI
	ADDQ $8, R8
	DECQ CX
	JNZ k4loop
	VMOVDQU Y0, (DX)
	VZEROUPPER
	RET

// func q6kAux32AVX2(a, q8 unsafe.Pointer, scales *[16]int32, out *[8]int32)
// For one Q6_K block whose 256 values (q-32) are in a: ggml's aux32,
// out[l] = sum over sub-blocks j of 16 of scales[j] * sum of a*q8 over the
// elements e of j with e%8 == l.
TEXT ·q6kAux32AVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ q8+8(FP), DI
	MOVQ scales+16(FP), R8
	MOVQ out+24(FP), DX
	VPXOR Y0, Y0, Y0
	MOVQ $16, CX
k6loop:
	VPMOVSXBW (SI), Y1
	VPMOVSXBW (DI), Y2
	VPMULLW Y2, Y1, Y1
	VEXTRACTI128 $1, Y1, X2
	VPADDW X2, X1, X1
	VPMOVSXWD X1, Y1
	VPBROADCASTD (R8), Y3
	VPMULLD Y3, Y1, Y1
	VPADDD Y1, Y0, Y0
	ADDQ $16, SI
	ADDQ $16, DI
	ADDQ $4, R8
	DECQ CX
	JNZ k6loop
	VMOVDQU Y0, (DX)
	VZEROUPPER
	RET
