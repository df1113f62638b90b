// Package kernels holds the numeric kernels of the GGML backend: half and
// bfloat16 conversions, dequantization, the dot products of each weight
// type with its activation format, and a threaded matrix-vector product.
// They compute what ggml's CPU backend computes, in the same way: the
// activations of a quantized product are quantized first (Q8_0 for Q8_0
// and Q4_0 weights, Q8_K for the K-quants), and the integer block sums are
// scaled as ggml scales them, so logits match llama.cpp's.
package kernels

import (
	"math"
	"sync"
	"sync/atomic"
)

// halfTable returns the table that maps every IEEE half to its float32
// value (exact). It is made on first use, not at program start: every
// program that links the plug-in (the CLI, for a run of any module) would
// otherwise pay for its 256 KiB before main.
func halfTable() *[1 << 16]float32 {
	if t := f16Table.Load(); t != nil {
		return t
	}
	return makeHalfTable()
}

var (
	f16Table     atomic.Pointer[[1 << 16]float32]
	f16TableOnce sync.Once
)

func makeHalfTable() *[1 << 16]float32 {
	f16TableOnce.Do(func() {
		t := new([1 << 16]float32)
		for i := range t {
			t[i] = f16ToF32Slow(uint16(i))
		}
		f16Table.Store(t)
	})
	return f16Table.Load()
}

func f16ToF32Slow(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	case exp == 0:
		if mant == 0 {
			return math.Float32frombits(sign)
		}
		v := float32(mant) / (1 << 24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
}

// F16ToF32 converts an IEEE 754 half to float32.
func F16ToF32(h uint16) float32 { return halfTable()[h] }

// F32ToF16 converts float32 to an IEEE 754 half, rounding to nearest even
// (as ggml's software conversion and F16C do).
func F32ToF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int32(b>>23) & 0xff
	mant := b & 0x7fffff
	if exp == 0xff {
		if mant != 0 {
			return sign | 0x7e00 // NaN
		}
		return sign | 0x7c00
	}
	e := exp - 127 + 15
	if e >= 0x1f {
		return sign | 0x7c00
	}
	if e <= 0 {
		if e < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint32(14 - e)
		half := uint32(1) << (shift - 1)
		r := mant >> shift
		rem := mant & (1<<shift - 1)
		if rem > half || (rem == half && r&1 == 1) {
			r++
		}
		return sign | uint16(r)
	}
	r := uint32(e)<<10 | mant>>13
	rem := mant & 0x1fff
	if rem > 0x1000 || (rem == 0x1000 && r&1 == 1) {
		r++ // may carry into the exponent, giving infinity: correct
	}
	return sign | uint16(r)
}

// BF16ToF32 converts a bfloat16 to float32.
func BF16ToF32(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// F32ToBF16 converts float32 to bfloat16 as ggml does: round to nearest
// even, NaN kept quiet.
func F32ToBF16(f float32) uint16 {
	u := math.Float32bits(f)
	if u&0x7fffffff > 0x7f800000 {
		return uint16(u>>16) | 64
	}
	return uint16((u + (0x7fff + (u>>16)&1)) >> 16)
}

// F32ToF16s converts src to halves in dst (len(src) of them), as
// F32ToF16 does (with F16C where the SIMD kernels are in use).
func F32ToF16s(dst []uint16, src []float32) {
	dst = dst[:len(src)]
	n := f32ToF16s(dst, src)
	for i, f := range src[n:] {
		dst[n+i] = F32ToF16(f)
	}
}

// RoundF16s rounds every element of x to half precision (the value
// F16ToF32(F32ToF16(v))), as ggml does where it converts to an F16 cache's
// type.
func RoundF16s(x []float32) {
	n := roundF16s(x)
	t := halfTable()
	for i, f := range x[n:] {
		x[n+i] = t[F32ToF16(f)]
	}
}
