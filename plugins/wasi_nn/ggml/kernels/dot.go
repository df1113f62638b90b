package kernels

// DotF32 is the dot product of two float32 vectors of equal length, with
// four partial sums.
func DotF32(x, y []float32) float32 {
	n := len(x)
	y = y[:n]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < n; i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// DotF32Bytes is the dot product of little-endian float32 bytes with y,
// summed in float64 as ggml's plain build sums it.
func DotF32Bytes(b []byte, y []float32) float32 {
	return dotF32Bytes(b, y)
}

func dotF16(b []byte, y []float32) float32 {
	b = b[:2*len(y)]
	half := halfTable()
	var s float64
	for i, v := range y {
		s += float64(float32(half[le16(b[2*i:])] * v))
	}
	return float32(s)
}

func dotBF16(b []byte, y []float32) float32 {
	b = b[:2*len(y)]
	var s float64
	for i, v := range y {
		s += float64(float32(BF16ToF32(le16(b[2*i:])) * v))
	}
	return float32(s)
}
