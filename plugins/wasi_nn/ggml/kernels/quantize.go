package kernels

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

// Encode stores x (rows of cols elements) in format t, for writing model
// files. The quantizers are simple round-to-nearest ones (not llama.cpp's
// searches for the best scales): any valid encoding serves as a test model,
// since both engines then read the same bytes.
func Encode(t gguf.TensorType, x []float32, cols int) ([]byte, error) {
	rb, err := t.RowBytes(uint64(cols))
	if err != nil {
		return nil, err
	}
	if len(x)%cols != 0 {
		return nil, fmt.Errorf("%d values are not rows of %d", len(x), cols)
	}
	rows := len(x) / cols
	out := make([]byte, int(rb)*rows)
	for r := 0; r < rows; r++ {
		row, dst := x[r*cols:(r+1)*cols], out[r*int(rb):(r+1)*int(rb)]
		switch t {
		case gguf.F32:
			for i, v := range row {
				binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
			}
		case gguf.F16:
			for i, v := range row {
				binary.LittleEndian.PutUint16(dst[2*i:], F32ToF16(v))
			}
		case gguf.BF16:
			for i, v := range row {
				binary.LittleEndian.PutUint16(dst[2*i:], F32ToBF16(v))
			}
		case gguf.Q8_0:
			QuantizeQ8_0(dst, row)
		case gguf.Q4_0:
			quantizeQ4_0(dst, row)
		case gguf.Q4_K:
			quantizeQ4_K(dst, row)
		case gguf.Q6_K:
			quantizeQ6_K(dst, row)
		default:
			return nil, fmt.Errorf("cannot encode %v (supported: %s)", t, SupportedTypes)
		}
	}
	return out, nil
}

// quantizeQ4_0 is ggml's quantize_row_q4_0_ref.
func quantizeQ4_0(dst []byte, x []float32) {
	for i := 0; i*QK4_0 < len(x); i++ {
		blk := x[i*32 : i*32+32]
		out := dst[i*Q4_0Bytes:]
		var amax, mx float32
		for _, v := range blk {
			if a := float32(math.Abs(float64(v))); amax < a {
				amax, mx = a, v
			}
		}
		d := mx / -8
		var id float32
		if d != 0 {
			id = 1 / d
		}
		binary.LittleEndian.PutUint16(out, F32ToF16(d))
		for j := 0; j < 16; j++ {
			x0 := min(15, int8(blk[j]*id+8.5))
			x1 := min(15, int8(blk[j+16]*id+8.5))
			out[2+j] = byte(x0) | byte(x1)<<4
		}
	}
}

func clampRound(v float32, lo, hi int) int {
	r := int(math.Round(float64(v)))
	return max(lo, min(hi, r))
}

func quantizeQ4_K(dst []byte, x []float32) {
	for i := 0; i*QKK < len(x); i++ {
		blk := x[i*QKK : (i+1)*QKK]
		out := dst[i*Q4_KBytes : (i+1)*Q4_KBytes]
		var scale, mins [8]float32
		var maxScale, maxMin float32
		for j := 0; j < 8; j++ {
			mn, mx := float32(0), float32(0)
			for _, v := range blk[j*32 : j*32+32] {
				mn, mx = min(mn, v), max(mx, v)
			}
			scale[j], mins[j] = (mx-mn)/15, -mn
			maxScale, maxMin = max(maxScale, scale[j]), max(maxMin, mins[j])
		}
		d, dmin := maxScale/63, maxMin/63
		dh, dminh := F32ToF16(d), F32ToF16(dmin)
		d, dmin = F16ToF32(dh), F16ToF32(dminh)
		binary.LittleEndian.PutUint16(out, dh)
		binary.LittleEndian.PutUint16(out[2:], dminh)
		var sc, m [8]uint8
		for j := range sc {
			if d > 0 {
				sc[j] = uint8(clampRound(scale[j]/d, 0, 63))
			}
			if dmin > 0 {
				m[j] = uint8(clampRound(mins[j]/dmin, 0, 63))
			}
		}
		q := out[4:16]
		for j := 0; j < 4; j++ {
			q[j] = sc[j] | (sc[j+4]>>4)<<6
			q[j+4] = m[j] | (m[j+4]>>4)<<6
			q[j+8] = sc[j+4]&0xf | (m[j+4]&0xf)<<4
		}
		qs := out[16:]
		for j := 0; j < 8; j++ {
			ds, dm := d*float32(sc[j]), dmin*float32(m[j])
			for l := 0; l < 32; l++ {
				v := 0
				if ds > 0 {
					v = clampRound((blk[j*32+l]+dm)/ds, 0, 15)
				}
				if j&1 == 0 {
					qs[(j/2)*32+l] = byte(v)
				} else {
					qs[(j/2)*32+l] |= byte(v) << 4
				}
			}
		}
	}
}

func quantizeQ6_K(dst []byte, x []float32) {
	for i := 0; i*QKK < len(x); i++ {
		blk := x[i*QKK : (i+1)*QKK]
		out := dst[i*Q6_KBytes : (i+1)*Q6_KBytes]
		var scale [16]float32
		var maxScale float32
		for j := range scale {
			var amax float32
			for _, v := range blk[j*16 : j*16+16] {
				amax = max(amax, float32(math.Abs(float64(v))))
			}
			scale[j] = amax / 31
			maxScale = max(maxScale, scale[j])
		}
		dh := F32ToF16(maxScale / 127)
		d := F16ToF32(dh)
		binary.LittleEndian.PutUint16(out[208:], dh)
		var q [QKK]int
		for j := range scale {
			s := 0
			if d > 0 {
				s = clampRound(scale[j]/d, -128, 127)
			}
			out[192+j] = byte(int8(s))
			ds := d * float32(s)
			for l := 0; l < 16; l++ {
				v := 0
				if ds != 0 {
					v = clampRound(blk[j*16+l]/ds, -32, 31)
				}
				q[j*16+l] = v + 32
			}
		}
		for n := 0; n < 2; n++ {
			ql, qh, e := out[n*64:], out[128+n*32:], q[n*128:]
			for l := 0; l < 32; l++ {
				q1, q2, q3, q4 := e[l], e[l+32], e[l+64], e[l+96]
				ql[l] = byte(q1&0xf | (q3&0xf)<<4)
				ql[l+32] = byte(q2&0xf | (q4&0xf)<<4)
				qh[l] = byte(q1>>4 | (q2>>4)<<2 | (q3>>4)<<4 | (q4>>4)<<6)
			}
		}
	}
}
