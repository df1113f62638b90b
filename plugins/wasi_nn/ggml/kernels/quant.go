package kernels

import (
	"encoding/binary"
	"math"
)

// Block sizes (elements) and block lengths (bytes) of the supported formats.
const (
	QK8_0 = 32
	QK4_0 = 32
	QKK   = 256

	Q8_0Bytes = 34
	Q4_0Bytes = 18
	Q4_KBytes = 144
	Q6_KBytes = 210
	Q8_KBytes = 292
)

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// roundAway is C's roundf: halves away from zero.
func roundAway(x float32) float32 { return float32(math.Round(float64(x))) }

// nearestInt is ggml's nearest_int: round to nearest, halves to even.
func nearestInt(x float32) int32 { return int32(math.RoundToEven(float64(x))) }

// QuantizeQ8_0 writes x (a multiple of 32 long) as Q8_0 blocks into dst,
// as ggml's quantize_row_q8_0_ref.
func QuantizeQ8_0(dst []byte, x []float32) {
	for i := 0; i*QK8_0 < len(x); i++ {
		blk := (*[QK8_0]float32)(x[i*QK8_0:])
		out := (*[Q8_0Bytes]byte)(dst[i*Q8_0Bytes:])
		var amax float32
		for _, v := range blk {
			// ggml's MAX(amax, fabsf(v)), a comparison (Go's max, with
			// its NaN and signed-zero rules, costs more than the rest).
			if a := math.Float32frombits(math.Float32bits(v) &^ (1 << 31)); !(amax > a) {
				amax = a
			}
		}
		d := amax / 127
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(out[:], F32ToF16(d))
		for j, v := range blk {
			out[2+j] = byte(int8(roundAwayInt(v * id)))
		}
	}
}

// q8Scales sets d[i] to the scale of Q8_0 block i of q, as float32.
func q8Scales(d []float32, q []byte) {
	for i := range d {
		d[i] = F16ToF32(le16(q[i*Q8_0Bytes:]))
	}
}

// roundAwayInt is int32(roundAway(x)) for |x| < 2^30, without math.Round
// (not an instruction on amd64): x ± 1/2 is exact in float64 for a float32
// x of that size (or, below 2^-20, lands strictly between -1 and 1), so
// truncating it rounds halves away from zero as roundf does.
func roundAwayInt(x float32) int32 {
	return int32(float64(x) + math.Copysign(0.5, float64(x)))
}

// Q8KBlock is one block of activations quantized as ggml's block_q8_K.
type Q8KBlock struct {
	D     float32
	Qs    [QKK]int8
	Bsums [QKK / 16]int16
}

// QuantizeQ8_K quantizes x (a multiple of 256 long) into dst, as ggml's
// quantize_row_q8_K_ref.
func QuantizeQ8_K(dst []Q8KBlock, x []float32) {
	for i := range dst[:len(x)/QKK] {
		blk := x[i*QKK : (i+1)*QKK]
		y := &dst[i]
		var amax, mx float32
		for _, v := range blk {
			if ax := float32(math.Abs(float64(v))); ax > amax {
				amax, mx = ax, v
			}
		}
		if amax == 0 {
			*y = Q8KBlock{}
			continue
		}
		iscale := -127 / mx
		for j, v := range blk {
			q := nearestInt(iscale * v)
			y.Qs[j] = int8(min(127, q))
		}
		for j := range y.Bsums {
			var s int16
			for _, q := range y.Qs[j*16 : j*16+16] {
				s += int16(q)
			}
			y.Bsums[j] = s
		}
		y.D = 1 / iscale
	}
}

// dotQ8_0Go is ggml_vec_dot_q8_0_q8_0: x and y are nb Q8_0 blocks.
func dotQ8_0Go(x, y []byte, nb int) float32 {
	var sumf float32
	for i := 0; i < nb; i++ {
		xb := x[i*Q8_0Bytes : (i+1)*Q8_0Bytes]
		yb := y[i*Q8_0Bytes : (i+1)*Q8_0Bytes]
		xq, yq := xb[2:34], yb[2:34]
		var sumi int32
		for j := 0; j < 32; j += 4 {
			sumi += int32(int8(xq[j]))*int32(int8(yq[j])) + int32(int8(xq[j+1]))*int32(int8(yq[j+1])) +
				int32(int8(xq[j+2]))*int32(int8(yq[j+2])) + int32(int8(xq[j+3]))*int32(int8(yq[j+3]))
		}
		sumf += float32(sumi) * (F16ToF32(le16(xb)) * F16ToF32(le16(yb)))
	}
	return sumf
}

// dotQ4_0 is ggml_vec_dot_q4_0_q8_0.
func dotQ4_0(x, y []byte, nb int) float32 {
	var sumf float32
	for i := 0; i < nb; i++ {
		xb := x[i*Q4_0Bytes : (i+1)*Q4_0Bytes]
		yb := y[i*Q8_0Bytes : (i+1)*Q8_0Bytes]
		xq, yq := xb[2:18], yb[2:34]
		var s0, s1 int32
		for j := 0; j < 16; j++ {
			s0 += (int32(xq[j]&0xf) - 8) * int32(int8(yq[j]))
			s1 += (int32(xq[j]>>4) - 8) * int32(int8(yq[j+16]))
		}
		sumf += float32(s0+s1) * F16ToF32(le16(xb)) * F16ToF32(le16(yb))
	}
	return sumf
}

// scaleMinK4 is ggml's get_scale_min_k4.
func scaleMinK4(j int, q []byte) (uint8, uint8) {
	if j < 4 {
		return q[j] & 63, q[j+4] & 63
	}
	return q[j+4]&0xf | (q[j-4]>>6)<<4, q[j+4]>>4 | (q[j]>>6)<<4
}

// dotQ4_KGo is ggml_vec_dot_q4_K_q8_K (the portable version, same sums).
func dotQ4_KGo(x []byte, y []Q8KBlock) float32 {
	var sums [8]float32
	var sumf float32
	for i := range y {
		xb := x[i*Q4_KBytes : (i+1)*Q4_KBytes]
		yb := &y[i]
		sc := xb[4:16]
		qs := xb[16:144]
		var aux32 [8]int32
		var sumi int32
		for j := 0; j < 8; j++ {
			s, m := scaleMinK4(j, sc)
			sumi += (int32(yb.Bsums[2*j]) + int32(yb.Bsums[2*j+1])) * int32(m)
			q4 := qs[(j/2)*32 : (j/2)*32+32]
			q8 := yb.Qs[j*32 : j*32+32]
			scale := int32(s)
			if j&1 == 0 {
				for l := 0; l < 32; l++ {
					aux32[l&7] += scale * (int32(q8[l]) * int32(q4[l]&0xf))
				}
			} else {
				for l := 0; l < 32; l++ {
					aux32[l&7] += scale * (int32(q8[l]) * int32(q4[l]>>4))
				}
			}
		}
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

// unpackQ6_K expands a Q6_K block's 6-bit values, minus 32, into a.
func unpackQ6_K(a *[QKK]int8, xb []byte) {
	ql, qh := xb[0:128], xb[128:192]
	for n := 0; n < 2; n++ {
		l4, h, o := ql[n*64:n*64+64], qh[n*32:n*32+32], a[n*128:n*128+128]
		for l := 0; l < 32; l++ {
			o[l] = int8(l4[l]&0xf|(h[l]&3)<<4) - 32
			o[l+32] = int8(l4[l+32]&0xf|((h[l]>>2)&3)<<4) - 32
			o[l+64] = int8(l4[l]>>4|((h[l]>>4)&3)<<4) - 32
			o[l+96] = int8(l4[l+32]>>4|((h[l]>>6)&3)<<4) - 32
		}
	}
}

// dotQ6_KGo is ggml_vec_dot_q6_K_q8_K (the portable version, same sums).
func dotQ6_KGo(x []byte, y []Q8KBlock) float32 {
	var sums [8]float32
	var sumf float32
	var a [QKK]int8
	for i := range y {
		xb := x[i*Q6_KBytes : (i+1)*Q6_KBytes]
		yb := &y[i]
		sc := xb[192:208]
		unpackQ6_K(&a, xb)
		var aux32 [8]int32
		for j := 0; j < 16; j++ {
			scale := int32(int8(sc[j]))
			q8 := yb.Qs[j*16 : j*16+16]
			aa := a[j*16 : j*16+16]
			for l := 0; l < 16; l++ {
				aux32[l&7] += scale * (int32(q8[l]) * int32(aa[l]))
			}
		}
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

// DequantQ8_0 expands Q8_0 blocks into y.
func DequantQ8_0(y []float32, x []byte) {
	for i := 0; i*QK8_0 < len(y); i++ {
		b := x[i*Q8_0Bytes:]
		d := F16ToF32(le16(b))
		for j := 0; j < 32; j++ {
			y[i*32+j] = float32(int8(b[2+j])) * d
		}
	}
}

// DequantQ4_0 expands Q4_0 blocks into y.
func DequantQ4_0(y []float32, x []byte) {
	for i := 0; i*QK4_0 < len(y); i++ {
		b := x[i*Q4_0Bytes:]
		d := F16ToF32(le16(b))
		for j := 0; j < 16; j++ {
			y[i*32+j] = float32(int32(b[2+j]&0xf)-8) * d
			y[i*32+j+16] = float32(int32(b[2+j]>>4)-8) * d
		}
	}
}

// DequantQ4_K expands Q4_K blocks into y, as dequantize_row_q4_K.
func DequantQ4_K(y []float32, x []byte) {
	for i := 0; i*QKK < len(y); i++ {
		b := x[i*Q4_KBytes:]
		d, mn := F16ToF32(le16(b)), F16ToF32(le16(b[2:]))
		sc, q := b[4:16], b[16:144]
		o := y[i*QKK:]
		for j, is := 0, 0; j < QKK; j, is = j+64, is+2 {
			s1, m1 := scaleMinK4(is, sc)
			s2, m2 := scaleMinK4(is+1, sc)
			d1, mm1 := d*float32(s1), mn*float32(m1)
			d2, mm2 := d*float32(s2), mn*float32(m2)
			for l := 0; l < 32; l++ {
				o[j+l] = d1*float32(q[l]&0xf) - mm1
				o[j+32+l] = d2*float32(q[l]>>4) - mm2
			}
			q = q[32:]
		}
	}
}

// DequantQ6_K expands Q6_K blocks into y, as dequantize_row_q6_K.
func DequantQ6_K(y []float32, x []byte) {
	for i := 0; i*QKK < len(y); i++ {
		b := x[i*Q6_KBytes:]
		d := F16ToF32(le16(b[208:]))
		for n := 0; n < 2; n++ {
			ql, qh, sc := b[n*64:], b[128+n*32:], b[192+n*8:]
			o := y[i*QKK+n*128:]
			for l := 0; l < 32; l++ {
				is := l / 16
				q1 := int8(ql[l]&0xf|(qh[l]&3)<<4) - 32
				q2 := int8(ql[l+32]&0xf|((qh[l]>>2)&3)<<4) - 32
				q3 := int8(ql[l]>>4|((qh[l]>>4)&3)<<4) - 32
				q4 := int8(ql[l+32]>>4|((qh[l]>>6)&3)<<4) - 32
				o[l] = d * float32(int8(sc[is])) * float32(q1)
				o[l+32] = d * float32(int8(sc[is+2])) * float32(q2)
				o[l+64] = d * float32(int8(sc[is+4])) * float32(q3)
				o[l+96] = d * float32(int8(sc[is+6])) * float32(q4)
			}
		}
	}
}
