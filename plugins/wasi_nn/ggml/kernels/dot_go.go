package kernels

import (
	"encoding/binary"
	"math"
)

// dotF32BytesGo sums float32 products in float64, as ggml's plain build.
func dotF32BytesGo(b []byte, y []float32) float32 {
	var s float64
	for i, v := range y {
		s += float64(float32(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])) * v))
	}
	return float32(s)
}
