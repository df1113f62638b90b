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

// Q8DOT sets dst to eight int32 partial sums of the products of the Q8_0
// blocks at off(SI) and off(DI) (Y15 holds sixteen int16 ones).
#define Q8DOT(off, dst) \
	VMOVDQU off(SI), Y1; \
	VMOVDQU off(DI), Y2; \
	VPABSB Y1, Y3; \
	VPSIGNB Y1, Y2, Y2; \
	VPMADDUBSW Y2, Y3, dst; \
	VPMADDWD Y15, dst, dst

// func dotQ8_0RowsAVX2(x unsafe.Pointer, stride int, y unsafe.Pointer, nb int, out unsafe.Pointer, rows int, yd unsafe.Pointer)
// For each of rows rows of nb Q8_0 blocks {f16 d; int8 q[32]} at x, x+stride,
// ..., out[r] = its product with the nb blocks at y, whose scales yd holds
// as float32; x's scales are converted by F16C (no 256 KiB table in the
// caches). As ggml: sumf += float(sumi) * (dx*dy), block after block. The
// integer sums of four blocks at a time are taken as |x|·(y·sign x) by
// VPMADDUBSW (exact: no pair reaches 2^15 unless y holds -128, which
// Q8_0 activations never do); the float operations are the scalar ones,
// in the scalar order.
TEXT ·dotQ8_0RowsAVX2(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), R12
	MOVQ stride+8(FP), R11
	MOVQ y+16(FP), R14
	MOVQ nb+24(FP), R13
	MOVQ out+32(FP), R10
	MOVQ rows+40(FP), R9
	MOVQ yd+48(FP), R8
	MOVL $0x00010001, AX
	VMOVD AX, X15
	VPBROADCASTD X15, Y15
q8row:
	MOVQ R12, SI
	MOVQ R14, DI
	MOVQ R13, CX
	MOVQ R8, DX
	VXORPS X0, X0, X0
q4blocks:
	CMPQ CX, $4
	JLT q1block
	Q8DOT(2, Y4)
	Q8DOT(36, Y5)
	Q8DOT(70, Y6)
	Q8DOT(104, Y7)
	// Per 128-bit lane: [s4 s5 s6 s7 | ...] of the four blocks, then
	// both lanes added: the four blocks' sums, in order.
	VPHADDD Y5, Y4, Y8
	VPHADDD Y7, Y6, Y9
	VPHADDD Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X9
	VPADDD X9, X8, X8
	VCVTDQ2PS X8, X8
	// The four blocks' scales of x by F16C (exact, as the table the
	// portable code reads), then y's, converted once per vector.
	MOVWLZX 0(SI), AX
	VMOVD AX, X10
	VPINSRW $1, 34(SI), X10, X10
	VPINSRW $2, 68(SI), X10, X10
	VPINSRW $3, 102(SI), X10, X10
	VCVTPH2PS X10, X10
	VMOVUPS (DX), X11
	VMULPS X11, X10, X10
	VMULPS X10, X8, X8
	VADDSS X8, X0, X0
	VMOVSHDUP X8, X9
	VADDSS X9, X0, X0
	VMOVHLPS X8, X9, X9
	VADDSS X9, X0, X0
	VPSHUFD $0xff, X8, X9
	VADDSS X9, X0, X0
	ADDQ $136, SI
	ADDQ $136, DI
	ADDQ $16, DX
	SUBQ $4, CX
	JMP q4blocks
q1block:
	CMPQ CX, $0
	JEQ q8done
	Q8DOT(2, Y4)
	VEXTRACTI128 $1, Y4, X5
	VPADDD X5, X4, X4
	VPHADDD X4, X4, X4
	VPHADDD X4, X4, X4
	VCVTDQ2PS X4, X4
	MOVWLZX 0(SI), AX
	VMOVD AX, X5
	VCVTPH2PS X5, X5
	VMULSS (DX), X5, X5
	VMULSS X5, X4, X4
	VADDSS X4, X0, X0
	ADDQ $34, SI
	ADDQ $34, DI
	ADDQ $4, DX
	DECQ CX
	JMP q1block
q8done:
	VMOVSS X0, (R10)
	ADDQ $4, R10
	ADDQ R11, R12
	DECQ R9
	JNZ q8row
	VZEROUPPER
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

// func dotsF16AVX2(out, k unsafe.Pointer, stride int, q unsafe.Pointer, hd, n int)
// out[t] = float32(Σ_i float64(float32(k[t*stride+i] * q[i]))) for t < n;
// hd is a multiple of 8, n > 0.
TEXT ·dotsF16AVX2(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ k+8(FP), SI
	MOVQ stride+16(FP), R9
	SHLQ $1, R9
	MOVQ q+24(FP), R8
	MOVQ hd+32(FP), R10
	MOVQ n+40(FP), CX
krow:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R10, DX
kcol:
	VCVTPH2PS (AX), Y2
	VMULPS (BX), Y2, Y2
	VCVTPS2PD X2, Y3
	VEXTRACTF128 $1, Y2, X2
	VCVTPS2PD X2, Y4
	VADDPD Y3, Y0, Y0
	VADDPD Y4, Y1, Y1
	ADDQ $16, AX
	ADDQ $32, BX
	SUBQ $8, DX
	JNZ kcol
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VCVTSD2SS X0, X0, X0
	VMOVSS X0, (DI)
	ADDQ $4, DI
	ADDQ R9, SI
	DECQ CX
	JNZ krow
	VZEROUPPER
	RET

// func accF16AVX2(out, v unsafe.Pointer, stride int, p unsafe.Pointer, hd, n int)
// out[i] = float32(Σ_t float64(float32(v[t*stride+i] * p[t]))), summed in
// the order of t, for i < hd; hd is a multiple of 8, n > 0. Columns are
// taken 16 (then 8) at a time, each sum in a register of its own.
TEXT ·accF16AVX2(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ v+8(FP), SI
	MOVQ stride+16(FP), R9
	SHLQ $1, R9
	MOVQ p+24(FP), R8
	MOVQ hd+32(FP), R10
	MOVQ n+40(FP), R11
vcols16:
	CMPQ R10, $16
	JLT vcols8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R11, CX
vrow16:
	VBROADCASTSS (BX), Y7
	VCVTPH2PS (AX), Y2
	VCVTPH2PS 16(AX), Y8
	VMULPS Y7, Y2, Y2
	VMULPS Y7, Y8, Y8
	VCVTPS2PD X2, Y3
	VEXTRACTF128 $1, Y2, X2
	VCVTPS2PD X2, Y4
	VCVTPS2PD X8, Y9
	VEXTRACTF128 $1, Y8, X8
	VCVTPS2PD X8, Y10
	VADDPD Y3, Y0, Y0
	VADDPD Y4, Y1, Y1
	VADDPD Y9, Y5, Y5
	VADDPD Y10, Y6, Y6
	ADDQ R9, AX
	ADDQ $4, BX
	DECQ CX
	JNZ vrow16
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VCVTPD2PSY Y5, X5
	VCVTPD2PSY Y6, X6
	VMOVUPS X0, (DI)
	VMOVUPS X1, 16(DI)
	VMOVUPS X5, 32(DI)
	VMOVUPS X6, 48(DI)
	ADDQ $64, DI
	ADDQ $32, SI
	SUBQ $16, R10
	JMP vcols16
vcols8:
	CMPQ R10, $0
	JEQ vdone
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R11, CX
vrow8:
	VBROADCASTSS (BX), Y7
	VCVTPH2PS (AX), Y2
	VMULPS Y7, Y2, Y2
	VCVTPS2PD X2, Y3
	VEXTRACTF128 $1, Y2, X2
	VCVTPS2PD X2, Y4
	VADDPD Y3, Y0, Y0
	VADDPD Y4, Y1, Y1
	ADDQ R9, AX
	ADDQ $4, BX
	DECQ CX
	JNZ vrow8
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VMOVUPS X0, (DI)
	VMOVUPS X1, 16(DI)
vdone:
	VZEROUPPER
	RET

// func f32ToF16AVX2(dst, src unsafe.Pointer, n int)
// dst[i] = half(src[i]), rounding to nearest even; n is a multiple of 8.
TEXT ·f32ToF16AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
h16loop:
	VMOVUPS (SI), Y0
	VCVTPS2PH $0, Y0, X1
	VMOVDQU X1, (DI)
	ADDQ $32, SI
	ADDQ $16, DI
	SUBQ $8, CX
	JNZ h16loop
	VZEROUPPER
	RET

// func roundF16AVX2(x unsafe.Pointer, n int)
// x[i] = float32(half(x[i])), rounding to nearest even; n is a multiple of 8.
TEXT ·roundF16AVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
r16loop:
	VMOVUPS (SI), Y0
	VCVTPS2PH $0, Y0, X1
	VCVTPH2PS X1, Y0
	VMOVUPS Y0, (SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JNZ r16loop
	VZEROUPPER
	RET

// func cpuid1ECX() uint32
// CPUID leaf 1's ECX (feature flags: F16C is bit 29).
TEXT ·cpuid1ECX(SB), NOSPLIT, $0-4
	MOVL $1, AX
	XORL CX, CX
	CPUID
	MOVL CX, ret+0(FP)
	RET
