package kernels

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

// Matrix is a weight matrix of Rows rows of Cols elements, stored in the
// file's format (the bytes of a mapped GGUF tensor, never copied).
type Matrix struct {
	Type       gguf.TensorType
	Rows, Cols int
	Data       []byte
	rowBytes   int
}

// Supported reports whether the kernels can multiply by a matrix of type t.
func Supported(t gguf.TensorType) bool {
	switch t {
	case gguf.F32, gguf.F16, gguf.BF16, gguf.Q8_0, gguf.Q4_0, gguf.Q4_K, gguf.Q6_K:
		return true
	}
	return false
}

// SupportedTypes names the supported weight types, for error messages.
const SupportedTypes = "F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K"

// NewMatrix checks a tensor of type t with rows rows of cols elements held
// in data.
func NewMatrix(t gguf.TensorType, rows, cols int, data []byte) (*Matrix, error) {
	if !Supported(t) {
		return nil, fmt.Errorf("tensor type %v is not supported (supported: %s)", t, SupportedTypes)
	}
	rb, err := t.RowBytes(uint64(cols))
	if err != nil {
		return nil, err
	}
	if (t == gguf.Q8_0 || t == gguf.Q4_0) && cols%QK8_0 != 0 || (t == gguf.Q4_K || t == gguf.Q6_K) && cols%QKK != 0 {
		return nil, fmt.Errorf("%v row of %d elements", t, cols)
	}
	if uint64(len(data)) != rb*uint64(rows) {
		return nil, fmt.Errorf("%v matrix %dx%d needs %d bytes, has %d", t, rows, cols, rb*uint64(rows), len(data))
	}
	return &Matrix{Type: t, Rows: rows, Cols: cols, Data: data, rowBytes: int(rb)}, nil
}

// Row dequantizes row r into y (len Cols).
func (m *Matrix) Row(y []float32, r int) {
	b := m.Data[r*m.rowBytes : (r+1)*m.rowBytes]
	switch m.Type {
	case gguf.F32:
		for i := range y[:m.Cols] {
			y[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	case gguf.F16:
		for i := range y[:m.Cols] {
			y[i] = F16ToF32(le16(b[2*i:]))
		}
	case gguf.BF16:
		for i := range y[:m.Cols] {
			y[i] = BF16ToF32(le16(b[2*i:]))
		}
	case gguf.Q8_0:
		DequantQ8_0(y[:m.Cols], b)
	case gguf.Q4_0:
		DequantQ4_0(y[:m.Cols], b)
	case gguf.Q4_K:
		DequantQ4_K(y[:m.Cols], b)
	case gguf.Q6_K:
		DequantQ6_K(y[:m.Cols], b)
	}
}

// Vec is an activation vector prepared for products with matrices of one
// type: converted or quantized the way ggml converts src1 to the weight
// type's vec_dot_type.
type Vec struct {
	n   int
	f32 []float32  // F32 weights: x itself; F16/BF16 weights: x rounded to that type
	q8  []byte     // Q8_0 blocks (Q8_0, Q4_0 weights)
	q8d []float32  // the Q8_0 blocks' scales as float32
	q8k []Q8KBlock // Q8_K blocks (Q4_K, Q6_K weights)
}

// Prepare converts x for products with matrices of type t, reusing v's buffers.
func (v *Vec) Prepare(t gguf.TensorType, x []float32) {
	v.Reserve(t, x)
	v.PrepareRange(t, x, 0, len(x))
}

// VecBlock is how many elements of x Prepare converts together for type
// t: the pieces of PrepareRange start and end at multiples of it.
func VecBlock(t gguf.TensorType) int {
	switch t {
	case gguf.Q8_0, gguf.Q4_0:
		return QK8_0
	case gguf.Q4_K, gguf.Q6_K:
		return QKK
	}
	return 1
}

// Reserve sizes v for x and type t, for PrepareRange: once it has
// converted every piece of x, v is as Prepare(t, x) leaves it (pieces may
// be converted by different goroutines at once).
func (v *Vec) Reserve(t gguf.TensorType, x []float32) {
	v.n = len(x)
	switch t {
	case gguf.F32:
		v.f32 = x
	case gguf.F16, gguf.BF16:
		v.f32 = grow(v.f32, len(x))
	case gguf.Q8_0, gguf.Q4_0:
		n := len(x) / QK8_0 * Q8_0Bytes
		if cap(v.q8) < n {
			v.q8 = make([]byte, n)
		}
		v.q8 = v.q8[:n]
		v.q8d = grow(v.q8d, len(x)/QK8_0)
	case gguf.Q4_K, gguf.Q6_K:
		n := len(x) / QKK
		if cap(v.q8k) < n {
			v.q8k = make([]Q8KBlock, n)
		}
		v.q8k = v.q8k[:n]
	}
}

// PrepareRange converts x[lo:hi] (lo and hi multiples of VecBlock(t), or
// hi the end of x) into v, sized for x by Reserve.
func (v *Vec) PrepareRange(t gguf.TensorType, x []float32, lo, hi int) {
	switch t {
	case gguf.F16:
		for i, f := range x[lo:hi] {
			v.f32[lo+i] = F16ToF32(F32ToF16(f))
		}
	case gguf.BF16:
		for i, f := range x[lo:hi] {
			v.f32[lo+i] = BF16ToF32(F32ToBF16(f))
		}
	case gguf.Q8_0, gguf.Q4_0:
		q8 := v.q8[lo/QK8_0*Q8_0Bytes : hi/QK8_0*Q8_0Bytes]
		QuantizeQ8_0(q8, x[lo:hi])
		q8Scales(v.q8d[lo/QK8_0:hi/QK8_0], q8)
	case gguf.Q4_K, gguf.Q6_K:
		QuantizeQ8_K(v.q8k[lo/QKK:hi/QKK], x[lo:hi])
	}
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// dotRow is the product of row r with the prepared vector.
func (m *Matrix) dotRow(r int, v *Vec) float32 {
	b := m.Data[r*m.rowBytes : (r+1)*m.rowBytes]
	switch m.Type {
	case gguf.F32:
		return DotF32Bytes(b, v.f32)
	case gguf.F16:
		return dotF16(b, v.f32)
	case gguf.BF16:
		return dotBF16(b, v.f32)
	case gguf.Q8_0:
		return dotQ8_0(b, v.q8, m.Cols/QK8_0)
	case gguf.Q4_0:
		return dotQ4_0(b, v.q8, m.Cols/QK4_0)
	case gguf.Q4_K:
		return dotQ4_K(b, v.q8k)
	case gguf.Q6_K:
		return dotQ6_K(b, v.q8k)
	}
	return 0
}

// MulVec sets out[r] = row r · x for rows [lo, hi), x prepared by
// v.Prepare(m.Type, ...).
func (m *Matrix) MulVec(out []float32, v *Vec, lo, hi int) {
	if lo >= hi {
		return
	}
	if m.Type == gguf.Q8_0 && mulRowsQ8_0(out[lo:hi], m.Data[lo*m.rowBytes:hi*m.rowBytes], m.rowBytes, v.q8, v.q8d, m.Cols/QK8_0) {
		return
	}
	for r := lo; r < hi; r++ {
		out[r] = m.dotRow(r, v)
	}
}

// MatVec computes out = m · x with x prepared in v, its rows split over
// the pool's threads (p may be nil: one thread).
func (p *Pool) MatVec(out []float32, m *Matrix, v *Vec) {
	p.Run(m.Rows, RowGrain(m.Rows, len(m.Data), p.Threads()), func(lo, hi int) { m.MulVec(out, v, lo, hi) })
}

// chunkBytes is about how many bytes of weights one chunk of a large
// product covers: some microseconds of work, so that the thread that
// takes the last chunk holds the others up by little more than that.
const chunkBytes = 192 << 10

// RowGrain is the chunk size in rows for splitting rows rows, of bytes
// bytes of weights in all, over threads threads: at least four chunks a
// thread, so that a thread that started late does not hold the others up;
// at most about chunkBytes of weights a chunk, so that the last chunk of a
// large product (the classifier) is short; at least 32 rows, so that
// handing a chunk out (a cache line moving between cores) costs little
// against computing it; and a multiple of 16 rows, so that two threads
// never write one cache line of float32 results.
func RowGrain(rows, bytes, threads int) int {
	g := (rows + 4*threads - 1) / (4 * threads)
	if rows > 0 && bytes > 0 {
		g = min(g, max(1, chunkBytes/max(1, bytes/rows)))
	}
	return (max(32, g) + 15) &^ 15
}
