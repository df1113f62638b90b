package model

import (
	"errors"
	"math"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/kernels"
)

// ErrContextFull is returned by Eval when the KV cache has no room left.
var ErrContextFull = errors.New("context is full")

// State is one sequence being evaluated: the KV cache (half precision, as
// llama.cpp's default cache) and the scratch buffers of the forward pass.
type State struct {
	m      *Model
	Ctx    int // capacity of the cache in tokens
	Pos    int // tokens evaluated so far
	Pool   kernels.Pool
	k, v   [][]uint16 // per layer: [pos][kvHeads][headDim]
	x, xb  []float32
	q, kk  []float32
	vv     []float32
	att    []float32
	out    []float32
	ffA    []float32
	ffB    []float32
	logits []float32
	score  []float32
	qh     []float32
	vec    kernels.Vec
	rope   []float32 // cos/sin cache for one position
}

// NewState allocates a cache of ctx tokens (at most the model's context length
// if ctx <= 0) evaluated with threads goroutines.
func (m *Model) NewState(ctx, threads int) *State {
	if ctx <= 0 {
		ctx = m.ContextLen
	}
	c := &m.Config
	kvDim := c.KVHeads * c.HeadDim
	s := &State{m: m, Ctx: ctx, Pool: kernels.Pool{Threads: threads}}
	s.k = make([][]uint16, c.Layers)
	s.v = make([][]uint16, c.Layers)
	for i := range s.k {
		s.k[i] = make([]uint16, ctx*kvDim)
		s.v[i] = make([]uint16, ctx*kvDim)
	}
	qDim := c.Heads * c.HeadDim
	s.x, s.xb = make([]float32, c.Dim), make([]float32, c.Dim)
	s.q, s.kk, s.vv = make([]float32, qDim), make([]float32, kvDim), make([]float32, kvDim)
	s.att, s.out = make([]float32, qDim), make([]float32, c.Dim)
	s.ffA, s.ffB = make([]float32, c.FFN), make([]float32, c.FFN)
	s.logits = make([]float32, m.VocabSize)
	s.score = make([]float32, ctx)
	s.qh = make([]float32, c.HeadDim)
	s.rope = make([]float32, c.RopeDim)
	return s
}

// Reset empties the cache.
func (s *State) Reset() { s.Pos = 0 }

// Hidden is the final normalized hidden state of the last Eval (for embeddings).
func (s *State) Hidden() []float32 { return s.xb }

// Eval runs token through the model at the next position and returns the
// logits (valid until the next call). With logits false only the cache is
// updated and the returned slice is nil.
func (s *State) Eval(token int, logits bool) ([]float32, error) {
	m := s.m
	c := &m.Config
	if token < 0 || token >= m.VocabSize {
		return nil, errors.New("token id out of range")
	}
	if s.Pos >= s.Ctx {
		return nil, ErrContextFull
	}
	pos := s.Pos
	m.Embed.Row(s.x, token)
	s.ropeCache(pos)
	kvDim := c.KVHeads * c.HeadDim
	group := c.Heads / c.KVHeads
	scale := float32(1 / math.Sqrt(float64(c.HeadDim)))
	for li := range m.Layers {
		l := &m.Layers[li]
		rmsNorm(s.xb, s.x, l.AttnNorm, c.NormEps)
		s.matVec(s.q, l.Q, s.xb, l.QBias)
		s.matVec(s.kk, l.K, s.xb, l.KBias)
		s.matVec(s.vv, l.V, s.xb, l.VBias)
		for h := 0; h < c.Heads; h++ {
			s.applyRope(s.q[h*c.HeadDim : (h+1)*c.HeadDim])
		}
		for h := 0; h < c.KVHeads; h++ {
			s.applyRope(s.kk[h*c.HeadDim : (h+1)*c.HeadDim])
		}
		kc, vc := s.k[li][pos*kvDim:(pos+1)*kvDim], s.v[li][pos*kvDim:(pos+1)*kvDim]
		for i := range kc {
			kc[i] = kernels.F32ToF16(s.kk[i])
			vc[i] = kernels.F32ToF16(s.vv[i])
		}
		n := pos + 1
		for h := 0; h < c.Heads; h++ {
			kh := h / group
			// ggml converts Q to the cache's type (F16) for K·Q.
			for i, f := range s.q[h*c.HeadDim : (h+1)*c.HeadDim] {
				s.qh[i] = kernels.F16ToF32(kernels.F32ToF16(f))
			}
			sc := s.score[:n]
			mx := float32(math.Inf(-1))
			for t := 0; t < n; t++ {
				kr := s.k[li][t*kvDim+kh*c.HeadDim : t*kvDim+(kh+1)*c.HeadDim]
				var sum float64
				for i, q := range s.qh {
					sum += float64(float32(kernels.F16ToF32(kr[i]) * q))
				}
				sc[t] = float32(sum) * scale
				mx = max(mx, sc[t])
			}
			total := kernels.SoftMax(sc, sc, mx)
			inv := float32(1 / total)
			for t := range sc {
				// ggml converts the probabilities to F16 for V·KQ.
				sc[t] = kernels.F16ToF32(kernels.F32ToF16(sc[t] * inv))
			}
			o := s.att[h*c.HeadDim : (h+1)*c.HeadDim]
			for i := range o {
				var sum float64
				for t, p := range sc {
					sum += float64(float32(kernels.F16ToF32(s.v[li][t*kvDim+kh*c.HeadDim+i]) * p))
				}
				o[i] = float32(sum)
			}
		}
		s.matVec(s.out, l.O, s.att, l.OBias)
		for i := range s.x {
			s.x[i] += s.out[i]
		}
		rmsNorm(s.xb, s.x, l.FFNNorm, c.NormEps)
		s.matVec(s.ffA, l.Gate, s.xb, nil)
		s.matVec(s.ffB, l.Up, s.xb, nil)
		for i, g := range s.ffA {
			s.ffA[i] = kernels.SiLU(g) * s.ffB[i]
		}
		s.matVec(s.out, l.Down, s.ffA, nil)
		for i := range s.x {
			s.x[i] += s.out[i]
		}
	}
	s.Pos++
	rmsNorm(s.xb, s.x, m.OutNorm, c.NormEps)
	if !logits {
		return nil, nil
	}
	s.matVec(s.logits, m.Output, s.xb, nil)
	return s.logits, nil
}

func (s *State) matVec(out []float32, w *kernels.Matrix, x, bias []float32) {
	s.vec.Prepare(w.Type, x)
	s.Pool.MatVec(out, w, &s.vec)
	for i, b := range bias {
		out[i] += b
	}
}

// rmsNorm is ggml_rms_norm followed by the multiplication by w.
func rmsNorm(dst, x, w []float32, eps float32) {
	var sum float64
	for _, v := range x {
		sum += float64(float32(v * v))
	}
	mean := float32(sum / float64(len(x)))
	sc := 1 / float32(math.Sqrt(float64(mean+eps)))
	for i, v := range x {
		dst[i] = (v * sc) * w[i]
	}
}

// ropeCache computes cos/sin pairs for pos as ggml_rope_cache_init does.
func (s *State) ropeCache(pos int) {
	c := &s.m.Config
	thetaScale := float32(math.Pow(float64(c.RopeBase), float64(float32(-2)/float32(c.RopeDim))))
	theta := float32(pos)
	for i := 0; i < c.RopeDim; i += 2 {
		ff := float32(1)
		if s.m.FreqFactors != nil {
			ff = s.m.FreqFactors[i/2]
		}
		t := c.RopeScale * float32(theta/ff)
		s.rope[i] = float32(math.Cos(float64(t)))
		s.rope[i+1] = float32(math.Sin(float64(t)))
		theta *= thetaScale
	}
}

func (s *State) applyRope(x []float32) {
	c := &s.m.Config
	n := c.RopeDim
	if c.Arch.Rope == RopeNeox {
		for i := 0; i < n; i += 2 {
			cs, sn := s.rope[i], s.rope[i+1]
			a, b := x[i/2], x[i/2+n/2]
			x[i/2] = float32(a*cs) - float32(b*sn)
			x[i/2+n/2] = float32(a*sn) + float32(b*cs)
		}
		return
	}
	for i := 0; i < n; i += 2 {
		cs, sn := s.rope[i], s.rope[i+1]
		a, b := x[i], x[i+1]
		x[i] = float32(a*cs) - float32(b*sn)
		x[i+1] = float32(a*sn) + float32(b*cs)
	}
}
