//go:build !purego

package kernels

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// HasSIMD reports whether the assembly kernels are in use (AVX2, FMA and
// F16C). Q8_0 and Q4_K give the portable code's results bit for bit; F32
// sums in float64 as the portable code does, in four lanes.
var HasSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpuid1ECX()&(1<<29) != 0

// cpuid1ECX is CPUID leaf 1's ECX (golang.org/x/sys/cpu does not report F16C).
func cpuid1ECX() uint32

//go:noescape
func dotF32AVX2(x, y unsafe.Pointer, n int) float32

//go:noescape
func dotQ8_0RowsAVX2(x unsafe.Pointer, stride int, y unsafe.Pointer, nb int, out unsafe.Pointer, rows int, yd unsafe.Pointer)

func dotF32Bytes(b []byte, y []float32) float32 {
	n := len(y)
	if !HasSIMD || n < 16 {
		return dotF32BytesGo(b, y)
	}
	_ = b[4*n-1]
	m := n &^ 15
	s := dotF32AVX2(unsafe.Pointer(&b[0]), unsafe.Pointer(&y[0]), m)
	if m < n {
		s += dotF32BytesGo(b[4*m:], y[m:])
	}
	return s
}

func dotQ8_0(x, y []byte, nb int) float32 {
	if !HasSIMD || nb == 0 {
		return dotQ8_0Go(x, y, nb)
	}
	_ = x[nb*Q8_0Bytes-1]
	_ = y[nb*Q8_0Bytes-1]
	yd := make([]float32, nb)
	q8Scales(yd, y)
	var out float32
	dotQ8_0RowsAVX2(unsafe.Pointer(&x[0]), 0, unsafe.Pointer(&y[0]), nb, unsafe.Pointer(&out), 1, unsafe.Pointer(&yd[0]))
	return out
}

// mulRowsQ8_0 sets out[r] to the product of row r of x (rows of nb Q8_0
// blocks, stride bytes apart) with y, whose block scales yd holds as
// float32, for every r < len(out), and reports whether it could (it needs
// the SIMD kernels).
func mulRowsQ8_0(out []float32, x []byte, stride int, y []byte, yd []float32, nb int) bool {
	if !HasSIMD || nb == 0 || len(out) == 0 {
		return false
	}
	_ = x[(len(out)-1)*stride+nb*Q8_0Bytes-1]
	_ = y[nb*Q8_0Bytes-1]
	_ = yd[nb-1]
	dotQ8_0RowsAVX2(unsafe.Pointer(&x[0]), stride, unsafe.Pointer(&y[0]), nb, unsafe.Pointer(&out[0]), len(out), unsafe.Pointer(&yd[0]))
	return true
}

//go:noescape
func q4kAux32AVX2(q4, q8 unsafe.Pointer, scales, out *[8]int32)

// dotQ4_K is dotQ4_KGo with the integer part in AVX2: the same integers,
// then the same float operations, so the result is bit-identical.
func dotQ4_K(x []byte, y []Q8KBlock) float32 {
	if !HasSIMD {
		return dotQ4_KGo(x, y)
	}
	var sums [8]float32
	var sumf float32
	var aux32, scales [8]int32
	for i := range y {
		xb := x[i*Q4_KBytes : (i+1)*Q4_KBytes]
		yb := &y[i]
		sc := xb[4:16]
		var sumi int32
		for j := 0; j < 8; j++ {
			s, m := scaleMinK4(j, sc)
			scales[j] = int32(s)
			sumi += (int32(yb.Bsums[2*j]) + int32(yb.Bsums[2*j+1])) * int32(m)
		}
		q4kAux32AVX2(unsafe.Pointer(&xb[16]), unsafe.Pointer(&yb.Qs[0]), &scales, &aux32)
		d := F16ToF32(le16(xb)) * yb.D
		for l := range sums {
			sums[l] += d * float32(aux32[l])
		}
		dmin := F16ToF32(le16(xb[2:])) * yb.D
		sumf -= dmin * float32(sumi)
	}
	for _, s := range sums {
		sumf += s
	}
	return sumf
}

//go:noescape
func q6kAux32AVX2(a, q8 unsafe.Pointer, scales *[16]int32, out *[8]int32)

// dotQ6_K is dotQ6_KGo with the integer part in AVX2 (bit-identical).
func dotQ6_K(x []byte, y []Q8KBlock) float32 {
	if !HasSIMD {
		return dotQ6_KGo(x, y)
	}
	var sums [8]float32
	var sumf float32
	var a [QKK]int8
	var scales [16]int32
	var aux32 [8]int32
	for i := range y {
		xb := x[i*Q6_KBytes : (i+1)*Q6_KBytes]
		yb := &y[i]
		unpackQ6_K(&a, xb)
		for j := range scales {
			scales[j] = int32(int8(xb[192+j]))
		}
		q6kAux32AVX2(unsafe.Pointer(&a[0]), unsafe.Pointer(&yb.Qs[0]), &scales, &aux32)
		d := F16ToF32(le16(xb[208:])) * yb.D
		for l := range sums {
			sums[l] += d * float32(aux32[l])
		}
	}
	for _, s := range sums {
		sumf += s
	}
	return sumf
}

//go:noescape
func dotsF16AVX2(out, k unsafe.Pointer, stride int, q unsafe.Pointer, hd, n int)

//go:noescape
func accF16AVX2(out, v unsafe.Pointer, stride int, p unsafe.Pointer, hd, n int)

func dotsF16(out []float32, k []uint16, stride int, q []float32) {
	if !HasSIMD || len(q)%8 != 0 {
		dotsF16Go(out, k, stride, q)
		return
	}
	dotsF16AVX2(unsafe.Pointer(&out[0]), unsafe.Pointer(&k[0]), stride, unsafe.Pointer(&q[0]), len(q), len(out))
}

func accF16(out []float32, v []uint16, stride int, p []float32, acc []float64) {
	if !HasSIMD || len(out)%8 != 0 {
		accF16Go(out, v, stride, p, acc)
		return
	}
	accF16AVX2(unsafe.Pointer(&out[0]), unsafe.Pointer(&v[0]), stride, unsafe.Pointer(&p[0]), len(out), len(p))
}

//go:noescape
func f32ToF16AVX2(dst, src unsafe.Pointer, n int)

//go:noescape
func roundF16AVX2(x unsafe.Pointer, n int)

// f32ToF16s converts the longest prefix of src a multiple of 8 long into
// dst by F16C and returns its length.
func f32ToF16s(dst []uint16, src []float32) int {
	n := len(src) &^ 7
	if !HasSIMD || n == 0 {
		return 0
	}
	_ = dst[n-1]
	f32ToF16AVX2(unsafe.Pointer(&dst[0]), unsafe.Pointer(&src[0]), n)
	return n
}

// roundF16s rounds the longest prefix of x a multiple of 8 long to half
// precision by F16C and returns its length.
func roundF16s(x []float32) int {
	n := len(x) &^ 7
	if !HasSIMD || n == 0 {
		return 0
	}
	roundF16AVX2(unsafe.Pointer(&x[0]), n)
	return n
}
