package kernels

import "math"

// Expf is ggml's vectorized expf (the SSE2 and NEON ggml_v_expf, adapted
// from ARM's optimized routines; at most 1.5 ulp from expf), written out
// lane by lane with every operation rounded to float32 as the vector code
// rounds it (no fused multiply-add, as in ggml's plain x86 build). The
// softmax and SiLU of ggml's CPU backend use it, so using it here keeps
// attention weights bit-identical.
func Expf(x float32) float32 {
	const r = 0x1.8p23
	z := float32(float32(x*0x1.715476p+0) + r)
	n := float32(z - r)
	b := float32(float32(x-float32(n*0x1.62e4p-1)) - float32(n*0x1.7f7d1cp-20))
	e := math.Float32bits(z) << 23
	k := math.Float32frombits(e + math.Float32bits(1))
	an := float32(math.Abs(float64(n)))
	u := float32(b * b)
	j := float32(float32(float32(float32(float32(float32(0x1.0e4020p-7*b)+0x1.573e2ep-5)*u)+float32(float32(0x1.555e66p-3*b)+0x1.fffdb6p-2))*u) + float32(0x1.ffffecp-1*b))
	if !(an > 126) {
		return float32(float32(j*k) + k)
	}
	var g uint32
	if n <= 0 {
		g = 0x82000000
	}
	s1 := math.Float32frombits(g + 0x7f000000)
	s2 := math.Float32frombits(e - g)
	if an > 192 {
		return float32(s1 * s1)
	}
	return float32(float32(float32(s2*j)+s2) * s1)
}

// SiLU is ggml's vectorized x/(1+exp(-x)).
func SiLU(x float32) float32 {
	return x / float32(1+Expf(float32(0-x)))
}

// SoftMax sets y = exp(x - max) and returns their sum as ggml's
// ggml_vec_soft_max_f32 does: lanes of four added in float32
// ((y0+y1)+(y2+y3)), the groups in float64. x is treated as padded with
// -inf to a multiple of four, as ggml's cache is.
func SoftMax(y, x []float32, mx float32) float64 {
	var sum float64
	for i := 0; i < len(x); i += 4 {
		var v [4]float32
		for l := 0; l < 4 && i+l < len(x); l++ {
			v[l] = Expf(float32(x[i+l] - mx))
			y[i+l] = v[l]
		}
		sum += float64(float32(float32(v[0]+v[1]) + float32(v[2]+v[3])))
	}
	return sum
}
