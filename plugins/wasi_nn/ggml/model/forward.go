package model

import (
	"errors"
	"math"
	"runtime"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/kernels"
)

// ErrContextFull is returned by Eval when the KV cache has no room left.
var ErrContextFull = errors.New("context is full")

// State is one sequence being evaluated: the KV cache (half precision, as
// llama.cpp's default cache), the scratch buffers of the forward pass and
// the worker pool its products run on. Close stops the workers.
type State struct {
	m      *Model
	Ctx    int // capacity of the cache in tokens
	Pos    int // tokens evaluated so far
	pool   *kernels.Pool
	k, v   [][]uint16 // per layer: [pos][kvHeads][headDim]
	x, xb  []float32
	q, kk  []float32
	vv     []float32
	att    []float32
	out    []float32
	ffA    []float32
	ffB    []float32
	logits []float32
	score  []float32 // per head: [heads][ctx]
	qh     []float32 // per head: Q rounded to F16
	acc    []float64 // per head: V·KQ sums
	vecs   [3]kernels.Vec
	rope   []float32 // cos/sin cache for one position

	// The largest logit of each classifier chunk (index -1: none above
	// -Inf), and of all of them once Eval has combined them.
	chunkBest []best
	grain     int
	best      best
	bestOK    bool

	// The current parallel task: products (jobs), attention or both
	// (layer, n).
	jobs                         [3]matJob
	nJobs                        int
	mulFn, attnFn, headFn, ffnFn func(lo, hi int)
	logitsFn                     func(lo, hi int)

	// SiLU·up prepared for the down product by the FFN task's chunks.
	downVec  kernels.Vec
	downType gguf.TensorType
	downPrep bool
	layer, n int
}

// best is a logit and its index.
type best struct {
	v float32
	i int
}

// matJob is one matrix-vector product of a parallel task: out = w·v +
// bias, then out added into resid if resid is not nil.
type matJob struct {
	out   []float32
	w     *kernels.Matrix
	v     *kernels.Vec
	bias  []float32
	resid []float32
}

// rows computes rows [lo, hi) of the job.
func (j *matJob) rows(lo, hi int) {
	j.w.MulVec(j.out, j.v, lo, hi)
	if j.bias != nil {
		for i := lo; i < hi; i++ {
			j.out[i] += j.bias[i]
		}
	}
	if j.resid != nil {
		for i := lo; i < hi; i++ {
			j.resid[i] += j.out[i]
		}
	}
}

// NewState allocates a cache of ctx tokens (at most the model's context length
// if ctx <= 0) evaluated with threads goroutines.
func (m *Model) NewState(ctx, threads int) *State {
	if ctx <= 0 {
		ctx = m.ContextLen
	}
	c := &m.Config
	kvDim := c.KVHeads * c.HeadDim
	s := &State{m: m, Ctx: ctx, pool: kernels.NewPool(threads)}
	s.mulFn, s.attnFn, s.headFn, s.ffnFn = s.mulRange, s.attnRange, s.headRange, s.ffnRange
	s.logitsFn = s.logitsRange
	// The workers hold the pool, not the state: a state dropped without
	// Close still stops them.
	runtime.AddCleanup(s, func(p *kernels.Pool) { p.Close() }, s.pool)
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
	s.score = make([]float32, c.Heads*ctx)
	s.qh = make([]float32, qDim)
	s.acc = make([]float64, qDim)
	s.rope = make([]float32, c.RopeDim)
	return s
}

// Close stops the state's worker goroutines; the state stays usable on
// one thread.
func (s *State) Close() { s.pool.Close() }

// Threads is the number of threads the state evaluates on.
func (s *State) Threads() int { return s.pool.Threads() }

// Reset empties the cache.
func (s *State) Reset() { s.Pos, s.bestOK = 0, false }

// Greedy returns the index of the largest of the last Eval's logits (the
// first one on ties), as sample.Greedy would pick it, found while the
// classifier's chunks were computed (in parallel, on logits still in the
// cache); false if the last Eval computed no logits.
func (s *State) Greedy() (int, bool) { return s.best.i, s.bestOK }

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
	// Per layer, the tasks the pool runs (each a barrier): Q/K/V, RoPE,
	// the cache's new row and attention, by KV head when there are enough
	// KV heads for the threads (else Q/K/V, then attention by head); the
	// output projection with the residual; gate/up with SiLU·up; down with
	// the residual. Every element is computed as on one thread, so the
	// results do not depend on the number of threads.
	byKVHead := c.KVHeads >= s.pool.Threads()
	for li := range m.Layers {
		l := &m.Layers[li]
		s.layer, s.n = li, pos+1
		rmsNorm(s.xb, s.x, l.AttnNorm, c.NormEps)
		qkv := []matJob{{out: s.q, w: l.Q, bias: l.QBias}, {out: s.kk, w: l.K, bias: l.KBias}, {out: s.vv, w: l.V, bias: l.VBias}}
		if byKVHead {
			s.prepare(s.xb, qkv...)
			s.pool.Run(c.KVHeads, 1, s.headFn)
		} else {
			s.mul(s.xb, qkv...)
			for h := 0; h < c.Heads; h++ {
				s.applyRope(s.q[h*c.HeadDim : (h+1)*c.HeadDim])
			}
			for h := 0; h < c.KVHeads; h++ {
				s.storeKV(h)
			}
			// Heads are worth splitting only over a longer cache.
			grain := c.Heads
			if s.n >= 64 {
				grain = 1
			}
			s.pool.Run(c.Heads, grain, s.attnFn)
		}
		s.mul(s.att, matJob{out: s.out, w: l.O, bias: l.OBias, resid: s.x})
		rmsNorm(s.xb, s.x, l.FFNNorm, c.NormEps)
		s.prepare(s.xb, matJob{out: s.ffA, w: l.Gate}, matJob{out: s.ffB, w: l.Up})
		// The chunks also convert their part of SiLU·up for the down
		// product when they cover whole blocks of its type (Q8_0's 32
		// elements, not Q8_K's 256: 768 rows would make 3 chunks).
		grain := kernels.RowGrain(c.FFN, len(l.Gate.Data)+len(l.Up.Data), s.pool.Threads())
		s.downType, s.downPrep = l.Down.Type, false
		if b := kernels.VecBlock(l.Down.Type); b <= kernels.QK8_0 {
			grain = (grain + b - 1) / b * b
			s.downVec.Reserve(l.Down.Type, s.ffA)
			s.downPrep = true
		}
		s.pool.Run(c.FFN, grain, s.ffnFn)
		down := matJob{out: s.out, w: l.Down, resid: s.x}
		if s.downPrep {
			down.v = &s.downVec
		}
		s.mul(s.ffA, down)
	}
	s.Pos++
	s.bestOK = false
	rmsNorm(s.xb, s.x, m.OutNorm, c.NormEps)
	if !logits {
		return nil, nil
	}
	s.classify()
	return s.logits, nil
}

// classify computes the logits, and their largest as Greedy returns it:
// the largest of each chunk as the chunk is computed, then of the chunks
// in order.
func (s *State) classify() {
	w := s.m.Output
	rows := s.prepare(s.xb, matJob{out: s.logits, w: w})
	s.grain = kernels.RowGrain(rows, len(w.Data), s.pool.Threads())
	n := (rows + s.grain - 1) / s.grain
	if cap(s.chunkBest) < n {
		s.chunkBest = make([]best, n)
	}
	s.chunkBest = s.chunkBest[:n]
	for i := range s.chunkBest {
		s.chunkBest[i] = best{i: -1}
	}
	s.pool.Run(rows, s.grain, s.logitsFn)
	s.best, s.bestOK = combineBest(s.logits[0], s.chunkBest), true
}

// combineBest returns the largest of the chunks' largest (in order, only a
// strictly larger one taken) after first, the first logit: what a scan of
// all logits from the first does (sample.Greedy), NaN and -Inf included,
// which neither takes unless first.
func combineBest(first float32, chunks []best) best {
	r := best{v: first, i: 0}
	for _, b := range chunks {
		if b.i >= 0 && b.v > r.v {
			r = b
		}
	}
	return r
}

// chunkMax returns the largest of x (logits from index lo; the first one on
// ties) above -Inf, or index -1.
func chunkMax(x []float32, lo int) best {
	b := best{v: float32(math.Inf(-1)), i: -1}
	for i, v := range x {
		if v > b.v {
			b = best{v: v, i: lo + i}
		}
	}
	return b
}

// logitsRange computes logits [lo, hi) (the current job) and their
// largest, into the chunk's entry (a pool of one thread runs all rows as
// chunk 0).
func (s *State) logitsRange(lo, hi int) {
	s.mulRange(lo, hi)
	s.chunkBest[lo/s.grain] = chunkMax(s.logits[lo:hi], lo)
}

// mul computes the products of jobs (at most three) with x, their rows
// split over the pool as one task.
func (s *State) mul(x []float32, jobs ...matJob) {
	rows := s.prepare(x, jobs...)
	bytes := 0
	for i := range jobs {
		bytes += len(jobs[i].w.Data)
	}
	s.pool.Run(rows, kernels.RowGrain(rows, bytes, s.pool.Threads()), s.mulFn)
}

// prepare makes jobs (at most three) the current ones, with x prepared
// once per weight type, and returns their rows in all.
func (s *State) prepare(x []float32, jobs ...matJob) int {
	rows := 0
	for i := range jobs {
		j := &jobs[i]
		for k := range i {
			if jobs[k].w.Type == j.w.Type {
				j.v = jobs[k].v
				break
			}
		}
		if j.v == nil {
			j.v = &s.vecs[i]
			j.v.Prepare(j.w.Type, x)
		}
		rows += j.w.Rows
	}
	s.nJobs = copy(s.jobs[:], jobs)
	return rows
}

// mulRange computes rows [lo, hi) of the current jobs, numbered one after the other.
func (s *State) mulRange(lo, hi int) {
	off := 0
	for i := range s.jobs[:s.nJobs] {
		j := &s.jobs[i]
		if a, b := max(lo, off), min(hi, off+j.w.Rows); a < b {
			j.rows(a-off, b-off)
		}
		off += j.w.Rows
	}
}

// ffnRange computes rows [lo, hi) of gate and up (the current jobs) and
// their SiLU(gate)·up.
func (s *State) ffnRange(lo, hi int) {
	s.jobs[0].rows(lo, hi)
	s.jobs[1].rows(lo, hi)
	for i := lo; i < hi; i++ {
		s.ffA[i] = kernels.SiLU(s.ffA[i]) * s.ffB[i]
	}
	if s.downPrep {
		s.downVec.PrepareRange(s.downType, s.ffA, lo, hi)
	}
}

// headRange computes, for KV heads [lo, hi) of the current layer, their
// K and V rows (the current jobs 1 and 2) with RoPE into the cache, then
// for each query head of their group its Q rows (job 0) with RoPE and its
// attention.
func (s *State) headRange(lo, hi int) {
	c := &s.m.Config
	hd := c.HeadDim
	group := c.Heads / c.KVHeads
	for kh := lo; kh < hi; kh++ {
		s.jobs[1].rows(kh*hd, (kh+1)*hd)
		s.jobs[2].rows(kh*hd, (kh+1)*hd)
		s.storeKV(kh)
		for h := kh * group; h < (kh+1)*group; h++ {
			s.jobs[0].rows(h*hd, (h+1)*hd)
			s.applyRope(s.q[h*hd : (h+1)*hd])
			s.attnRange(h, h+1)
		}
	}
}

// storeKV applies RoPE to KV head kh of the new K and writes it and V
// into the current layer's cache at the new position, in half precision.
func (s *State) storeKV(kh int) {
	c := &s.m.Config
	hd, kvDim := c.HeadDim, c.KVHeads*c.HeadDim
	s.applyRope(s.kk[kh*hd : (kh+1)*hd])
	off := (s.n-1)*kvDim + kh*hd
	kernels.F32ToF16s(s.k[s.layer][off:off+hd], s.kk[kh*hd:(kh+1)*hd])
	kernels.F32ToF16s(s.v[s.layer][off:off+hd], s.vv[kh*hd:(kh+1)*hd])
}

// attnRange computes the attention of heads [lo, hi) over the first s.n
// positions of layer s.layer's cache.
func (s *State) attnRange(lo, hi int) {
	c := &s.m.Config
	li, n := s.layer, s.n
	kvDim := c.KVHeads * c.HeadDim
	group := c.Heads / c.KVHeads
	scale := float32(1 / math.Sqrt(float64(c.HeadDim)))
	for h := lo; h < hi; h++ {
		kh := h / group
		qh := s.qh[h*c.HeadDim : (h+1)*c.HeadDim]
		// ggml converts Q to the cache's type (F16) for K·Q.
		copy(qh, s.q[h*c.HeadDim:(h+1)*c.HeadDim])
		kernels.RoundF16s(qh)
		sc := s.score[h*s.Ctx : h*s.Ctx+n]
		kernels.DotsF16(sc, s.k[li][kh*c.HeadDim:], kvDim, qh)
		mx := float32(math.Inf(-1))
		for t, v := range sc {
			sc[t] = v * scale
			if sc[t] > mx { // not Go's max: its NaN rules cost more than the loop
				mx = sc[t]
			}
		}
		total := kernels.SoftMax(sc, sc, mx)
		inv := float32(1 / total)
		for t := range sc {
			sc[t] *= inv
		}
		// ggml converts the probabilities to F16 for V·KQ.
		kernels.RoundF16s(sc)
		// Each output element sums over the positions in order, as ggml's
		// V·KQ row does.
		kernels.AccF16(s.att[h*c.HeadDim:(h+1)*c.HeadDim], s.v[li][kh*c.HeadDim:], kvDim, sc,
			s.acc[h*c.HeadDim:(h+1)*c.HeadDim])
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
