//go:build purego || !amd64

package kernels

func dotF32Bytes(b []byte, y []float32) float32 { return dotF32BytesGo(b, y) }

func dotQ8_0(x, y []byte, nb int) float32 { return dotQ8_0Go(x, y, nb) }

func mulRowsQ8_0([]float32, []byte, int, []byte, []float32, int) bool { return false }

func dotQ4_K(x []byte, y []Q8KBlock) float32 { return dotQ4_KGo(x, y) }

func dotQ6_K(x []byte, y []Q8KBlock) float32 { return dotQ6_KGo(x, y) }

// HasSIMD reports whether the assembly kernels are in use.
var HasSIMD = false

func dotsF16(out []float32, k []uint16, stride int, q []float32) { dotsF16Go(out, k, stride, q) }

func accF16(out []float32, v []uint16, stride int, p []float32, acc []float64) {
	accF16Go(out, v, stride, p, acc)
}

func f32ToF16s([]uint16, []float32) int { return 0 }

func roundF16s([]float32) int { return 0 }
