package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

func TestHalfRoundTrip(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		f := F16ToF32(uint16(h))
		if f != f { // NaN
			continue
		}
		if got := F32ToF16(f); got != uint16(h) {
			t.Fatalf("%#04x -> %g -> %#04x", h, f, got)
		}
	}
	// Halfway cases round to even.
	if got := F32ToF16(1 + 1.0/2048); got != 0x3c00 {
		t.Errorf("1+2^-11 -> %#04x", got)
	}
	if got := F32ToF16(1 + 3.0/2048); got != 0x3c02 {
		t.Errorf("1+3*2^-11 -> %#04x", got)
	}
	if got := F32ToF16(70000); got != 0x7c00 {
		t.Errorf("overflow -> %#04x", got)
	}
	if got := F32ToBF16(1 + 1.0/256); BF16ToF32(got) != 1 {
		t.Errorf("bf16 halfway -> %g", BF16ToF32(got))
	}
}

func TestExpf(t *testing.T) {
	for _, x := range []float32{-80, -50, -10, -1, -0.5, 0, 0.5, 1, 10, 50, 88} {
		want := math.Exp(float64(x))
		got := float64(Expf(x))
		if want == 0 && got == 0 {
			continue
		}
		if math.Abs(got-want)/want > 4e-7 {
			t.Errorf("Expf(%g) = %g, want %g", x, got, want)
		}
	}
}

// Each quantized product agrees with the product of the dequantized row and
// the quantized activations, and approximates the float product.
func TestQuantizedDots(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const cols, rows = 512, 8
	w := make([]float32, cols*rows)
	x := make([]float32, cols)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for _, typ := range []gguf.TensorType{gguf.F32, gguf.F16, gguf.BF16, gguf.Q8_0, gguf.Q4_0, gguf.Q4_K, gguf.Q6_K} {
		data, err := Encode(typ, w, cols)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMatrix(typ, rows, cols, data)
		if err != nil {
			t.Fatal(err)
		}
		var v Vec
		v.Prepare(typ, x)
		out := make([]float32, rows)
		p := NewPool(2)
		p.MatVec(out, m, &v)
		p.Close()
		row := make([]float32, cols)
		for r := 0; r < rows; r++ {
			m.Row(row, r)
			var exact, deq float64
			for i := range row {
				exact += float64(w[r*cols+i]) * float64(x[i])
				deq += float64(row[i]) * float64(x[i])
			}
			tol := map[gguf.TensorType]float64{gguf.F32: 1e-4, gguf.F16: 0.05, gguf.BF16: 0.3, gguf.Q8_0: 0.5, gguf.Q4_0: 6, gguf.Q4_K: 10, gguf.Q6_K: 1.5}[typ]
			if math.Abs(float64(out[r])-exact) > tol {
				t.Errorf("%v row %d: %g, float product %g", typ, r, out[r], exact)
			}
			// Against the dequantized row the only error left is the
			// activations' quantization.
			if math.Abs(float64(out[r])-deq) > tol/2+1e-3 {
				t.Errorf("%v row %d: %g, dequantized product %g", typ, r, out[r], deq)
			}
		}
	}
}

func TestNewMatrixRejects(t *testing.T) {
	if _, err := NewMatrix(gguf.Q4_1, 1, 32, make([]byte, 20)); err == nil {
		t.Error("Q4_1 accepted")
	}
	if _, err := NewMatrix(gguf.F32, 2, 4, make([]byte, 31)); err == nil {
		t.Error("short data accepted")
	}
	if _, err := NewMatrix(gguf.Q4_K, 1, 32, make([]byte, 144)); err == nil {
		t.Error("Q4_K row of 32 accepted")
	}
}

func BenchmarkMatVec(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const cols, rows = 768, 768
	w := make([]float32, cols*rows)
	x := make([]float32, cols)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for _, typ := range []gguf.TensorType{gguf.F32, gguf.Q8_0, gguf.Q4_K, gguf.Q6_K} {
		data, _ := Encode(typ, w, cols)
		m, _ := NewMatrix(typ, rows, cols, data)
		out := make([]float32, rows)
		b.Run(typ.String(), func(b *testing.B) {
			var v Vec
			for b.Loop() {
				v.Prepare(typ, x)
				m.MulVec(out, &v, 0, rows)
			}
		})
	}
}

// The assembly kernels (when in use) agree with the portable ones.
func TestSIMDMatchesPortable(t *testing.T) {
	t.Logf("SIMD kernels in use: %v", HasSIMD)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{32, 64, 288, 768, 800} {
		x := make([]float32, n)
		y := make([]float32, n)
		for i := range x {
			x[i], y[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		xb, _ := Encode(gguf.F32, x, n)
		a, b := dotF32Bytes(xb, y), dotF32BytesGo(xb, y)
		if math.Abs(float64(a-b)) > 1e-6*math.Abs(float64(b)) {
			t.Errorf("F32 n=%d: %g vs %g", n, a, b)
		}
		if n%256 == 0 {
			qx, _ := Encode(gguf.Q4_K, x, n)
			var v Vec
			v.Prepare(gguf.Q4_K, y)
			a, b := dotQ4_K(qx, v.q8k), dotQ4_KGo(qx, v.q8k)
			if a != b {
				t.Errorf("Q4_K n=%d: %g vs %g", n, a, b)
			}
			q6, _ := Encode(gguf.Q6_K, x, n)
			if a, b := dotQ6_K(q6, v.q8k), dotQ6_KGo(q6, v.q8k); a != b {
				t.Errorf("Q6_K n=%d: %g vs %g", n, a, b)
			}
		}
		if n%32 == 0 {
			qx, _ := Encode(gguf.Q8_0, x, n)
			qy, _ := Encode(gguf.Q8_0, y, n)
			a, b := dotQ8_0(qx, qy, n/32), dotQ8_0Go(qx, qy, n/32)
			if a != b {
				t.Errorf("Q8_0 n=%d: %g vs %g", n, a, b)
			}
			// Weights from a file may hold any byte, -128 too.
			for i := range qx {
				if i%Q8_0Bytes >= 2 {
					qx[i] = byte(rng.IntN(256))
				}
			}
			qx[2] = 0x80
			if a, b := dotQ8_0(qx, qy, n/32), dotQ8_0Go(qx, qy, n/32); a != b {
				t.Errorf("Q8_0 n=%d, any weight bytes: %g vs %g", n, a, b)
			}
			// Any finite scale, subnormal halves too (the SIMD kernel
			// converts them by F16C, the portable code by table).
			for i := 0; i < len(qx); i += Q8_0Bytes {
				for _, b := range [][]byte{qx[i:], qy[i:]} {
					h := uint16(rng.IntN(1 << 16))
					if i == 0 {
						h = 0x0001 // the smallest subnormal
					}
					if h&0x7c00 == 0x7c00 {
						h &^= 0x4000
					}
					binary.LittleEndian.PutUint16(b, h)
				}
			}
			if a, b := dotQ8_0(qx, qy, n/32), dotQ8_0Go(qx, qy, n/32); a != b {
				t.Errorf("Q8_0 n=%d, any scales: %g vs %g", n, a, b)
			}
			// A matrix of several rows, multiplied in one call.
			const rows = 5
			w := make([]float32, rows*n)
			for i := range w {
				w[i] = float32(rng.NormFloat64())
			}
			qw, _ := Encode(gguf.Q8_0, w, n)
			m, err := NewMatrix(gguf.Q8_0, rows, n, qw)
			if err != nil {
				t.Fatal(err)
			}
			var v Vec
			v.Prepare(gguf.Q8_0, y)
			out := make([]float32, rows)
			m.MulVec(out, &v, 1, rows)
			for r := 1; r < rows; r++ {
				if want := dotQ8_0Go(qw[r*m.rowBytes:], v.q8, n/32); out[r] != want {
					t.Errorf("Q8_0 n=%d row %d of a matrix: %g vs %g", n, r, out[r], want)
				}
			}
		}
	}
}

// The attention kernels (SIMD when in use) agree with the portable ones:
// V·KQ bit for bit, K·Q up to the order of its float64 sums.
func TestAttentionKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, hd := range []int{8, 16, 24, 48, 64, 128, 12} {
		for _, n := range []int{1, 2, 7, 33} {
			stride := 3*hd + 5
			k := make([]uint16, (n-1)*stride+hd)
			for i := range k {
				k[i] = F32ToF16(float32(rng.NormFloat64()))
			}
			q := make([]float32, hd)
			for i := range q {
				q[i] = float32(rng.NormFloat64())
			}
			p := make([]float32, n)
			for i := range p {
				p[i] = rng.Float32()
			}
			got, want := make([]float32, n), make([]float32, n)
			DotsF16(got, k, stride, q)
			dotsF16Go(want, k, stride, q)
			for i := range got {
				if math.Abs(float64(got[i]-want[i])) > 1e-6*math.Abs(float64(want[i]))+1e-30 {
					t.Errorf("DotsF16 hd=%d n=%d [%d]: %g vs %g", hd, n, i, got[i], want[i])
				}
			}
			acc := make([]float64, hd)
			got, want = make([]float32, hd), make([]float32, hd)
			AccF16(got, k, stride, p, acc)
			accF16Go(want, k, stride, p, acc)
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("AccF16 hd=%d n=%d [%d]: %g vs %g", hd, n, i, got[i], want[i])
				}
			}
		}
	}
}

// The slice conversions to half precision (F16C when in use) give
// F32ToF16's bits: normal, subnormal, overflowing, infinite, halfway and
// NaN values.
func TestF16Slices(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	src := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 65504, 65520, 65519.99, 1e6, -1e6,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 6e-8, 3e-8, 2.9e-8, 1e-10,
		5.96e-8, 6.1e-5, 6.09e-5, 1 + 1.0/2048, 1 + 3.0/2048, -(1 + 1.0/2048)}
	for range 4000 {
		src = append(src, float32(rng.NormFloat64()*math.Pow(2, float64(rng.IntN(50)-30))))
	}
	for _, n := range []int{len(src), 7, 8, 13} {
		x := src[:n]
		got := make([]uint16, n)
		F32ToF16s(got, x)
		r := append([]float32(nil), x...)
		RoundF16s(r)
		for i, f := range x {
			want := F32ToF16(f)
			isNaN := f != f
			if got[i] != want && !(isNaN && got[i]&0x7c00 == 0x7c00 && got[i]&0x3ff != 0) {
				t.Errorf("F32ToF16s(%g) = %#04x, F32ToF16 %#04x", f, got[i], want)
			}
			if wantR := F16ToF32(want); math.Float32bits(r[i]) != math.Float32bits(wantR) && !isNaN {
				t.Errorf("RoundF16s(%g) = %g, want %g", f, r[i], wantR)
			}
		}
	}
}

// roundAwayInt rounds as roundf does: at, just below and just above every
// half between -130 and 130, near zero, and at random values.
func TestRoundAwayInt(t *testing.T) {
	check := func(x float32) {
		t.Helper()
		if got, want := roundAwayInt(x), int32(roundAway(x)); got != want {
			t.Fatalf("roundAwayInt(%v) = %d, want %d", x, got, want)
		}
	}
	for k := -130; k <= 130; k++ {
		h := float32(k) + 0.5
		check(h)
		check(math.Nextafter32(h, float32(math.Inf(1))))
		check(math.Nextafter32(h, float32(math.Inf(-1))))
		check(float32(k))
	}
	for _, x := range []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 0.49999997, -0.49999997, 1 << 29} {
		check(x)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 1_000_000 {
		check(float32(rng.Float64()*260 - 130))
	}
}

// QuantizeQ8_0 writes the bytes of ggml's quantize_row_q8_0_ref (here in
// its plain form, with math.Round).
func TestQuantizeQ8_0Ref(t *testing.T) {
	ref := func(dst []byte, x []float32) {
		for i := 0; i*QK8_0 < len(x); i++ {
			blk := x[i*QK8_0 : (i+1)*QK8_0]
			out := dst[i*Q8_0Bytes : (i+1)*Q8_0Bytes]
			var amax float32
			for _, v := range blk {
				amax = max(amax, float32(math.Abs(float64(v))))
			}
			d := amax / 127
			var id float32
			if d != 0 {
				id = 1 / d
			}
			out[0], out[1] = byte(F32ToF16(d)), byte(F32ToF16(d)>>8)
			for j, v := range blk {
				out[2+j] = byte(int8(roundAway(v * id)))
			}
		}
	}
	rng := rand.New(rand.NewPCG(9, 10))
	x := make([]float32, 32*64)
	for i := range x {
		switch i / 32 % 4 {
		case 0:
			x[i] = float32(rng.NormFloat64())
		case 1:
			x[i] = float32(rng.IntN(255) - 127) // halves after scaling by 1
		case 2:
			x[i] = float32(rng.NormFloat64() * 1e-3)
		}
	}
	got, want := make([]byte, 64*Q8_0Bytes), make([]byte, 64*Q8_0Bytes)
	QuantizeQ8_0(got, x)
	ref(want, x)
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("byte %d (block %d): %#x, want %#x", i, i/Q8_0Bytes, got[i], want[i])
		}
	}
}

func BenchmarkQuantizeQ8_0(b *testing.B) {
	x := make([]float32, 768)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	dst := make([]byte, 768/QK8_0*Q8_0Bytes)
	for b.Loop() {
		QuantizeQ8_0(dst, x)
	}
}

// Preparing a vector in pieces of whole blocks (as the FFN task's chunks
// do, in any order) gives the products of preparing it at once.
func TestPrepareRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	const n = 768
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for _, typ := range []gguf.TensorType{gguf.F32, gguf.F16, gguf.BF16, gguf.Q8_0, gguf.Q4_0, gguf.Q4_K, gguf.Q6_K} {
		w := make([]float32, n*4)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		data, err := Encode(typ, w, n)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewMatrix(typ, 4, n, data)
		if err != nil {
			t.Fatal(err)
		}
		var whole, parts Vec
		whole.Prepare(typ, x)
		parts.Reserve(typ, x)
		b := VecBlock(typ)
		for lo := n - b; lo >= 0; lo -= b {
			parts.PrepareRange(typ, x, lo, lo+b)
		}
		a, c := make([]float32, 4), make([]float32, 4)
		m.MulVec(a, &whole, 0, 4)
		m.MulVec(c, &parts, 0, 4)
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(c[i]) {
				t.Errorf("%v row %d: %g prepared at once, %g in pieces", typ, i, a[i], c[i])
			}
		}
	}
}
