package kernels

// DotsF16 sets out[t] to the dot product of row t of k (half precision,
// rows stride elements apart) with q, for every t < len(out): each
// product rounded to float32 and the sum kept in float64, as ggml's plain
// build computes K·Q over an F16 cache (the SIMD version sums in eight
// lanes, so the order of the float64 additions differs).
func DotsF16(out []float32, k []uint16, stride int, q []float32) {
	n, hd := len(out), len(q)
	if n == 0 || hd == 0 {
		clear(out)
		return
	}
	_ = k[(n-1)*stride+hd-1]
	dotsF16(out, k, stride, q)
}

func dotsF16Go(out []float32, k []uint16, stride int, q []float32) {
	half := halfTable()
	for t := range out {
		kr := k[t*stride : t*stride+len(q)]
		var sum float64
		for i, x := range q {
			sum += float64(half[kr[i]] * x)
		}
		out[t] = float32(sum)
	}
}

// AccF16 sets out[i] to the sum over t < len(p) of row t of v (half
// precision, rows stride elements apart) at column i times p[t], for
// every i < len(out): each product rounded to float32, the sum kept in
// float64 and taken in the order of t, as ggml's plain build computes
// V·KQ (the SIMD version gives the same bits). acc is scratch of at least
// len(out) elements.
func AccF16(out []float32, v []uint16, stride int, p []float32, acc []float64) {
	n, hd := len(p), len(out)
	if n == 0 || hd == 0 {
		clear(out)
		return
	}
	_ = v[(n-1)*stride+hd-1]
	accF16(out, v, stride, p, acc[:hd])
}

func accF16Go(out []float32, v []uint16, stride int, p []float32, acc []float64) {
	clear(acc)
	half := halfTable()
	for t, pt := range p {
		vr := v[t*stride : t*stride+len(acc)]
		for i, x := range vr {
			acc[i] += float64(half[x] * pt)
		}
	}
	for i, a := range acc {
		out[i] = float32(a)
	}
}
