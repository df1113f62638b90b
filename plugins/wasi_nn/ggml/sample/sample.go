// Package sample picks the next token from logits with llama.cpp's
// sampler chain: repetition penalties, top-k, top-p, min-p, temperature,
// then a seeded draw (or the arg-max when the temperature is not positive).
package sample

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Params are the sampling settings (WasmEdge's metadata keys in brackets).
type Params struct {
	Temp             float64 // [temp]; <= 0 is greedy
	TopK             int     // [top-k]; <= 0 keeps all
	TopP             float64 // [top-p]; >= 1 keeps all
	MinP             float64 // [min-p]
	RepeatPenalty    float64 // [repeat-penalty]; 1 is none
	RepeatLastN      int     // tokens the penalties look back on
	PresencePenalty  float64 // [presence-penalty]
	FrequencyPenalty float64 // [frequency-penalty]
	Seed             uint64  // [seed]
}

// Defaults are llama.cpp's common defaults (WasmEdge's too).
func Defaults() Params {
	return Params{Temp: 0.8, TopK: 40, TopP: 0.95, MinP: 0.05, RepeatPenalty: 1.0, RepeatLastN: 64}
}

// Sampler draws tokens with fixed parameters and its own seeded generator.
type Sampler struct {
	P   Params
	rng *rand.Rand
	buf []cand
}

type cand struct {
	id int
	l  float64
	p  float64
}

// New returns a sampler seeded with p.Seed.
func New(p Params) *Sampler {
	return &Sampler{P: p, rng: rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))}
}

// Greedy returns the index of the largest logit (the first one on ties).
func Greedy(logits []float32) int {
	best := 0
	for i, v := range logits {
		if v > logits[best] {
			best = i
		}
	}
	return best
}

// IsGreedy reports whether Sample picks the largest logit as it is (no
// temperature, no penalties): what Greedy returns.
func (s *Sampler) IsGreedy() bool {
	return s.P.Temp <= 0 && !s.P.penalized()
}

// penalized reports whether Sample changes the logits by penalties.
func (p *Params) penalized() bool {
	return p.RepeatPenalty != 1 && p.RepeatPenalty > 0 || p.PresencePenalty != 0 || p.FrequencyPenalty != 0
}

// Sample picks a token; history is the sequence so far (for the penalties).
func (s *Sampler) Sample(logits []float32, history []int) int {
	p := s.P
	if p.penalized() {
		logits = append([]float32(nil), logits...)
		start := max(0, len(history)-p.RepeatLastN)
		if p.RepeatLastN < 0 {
			start = 0
		}
		counts := map[int]int{}
		for _, t := range history[start:] {
			if t >= 0 && t < len(logits) {
				counts[t]++
			}
		}
		for t, c := range counts {
			if p.RepeatPenalty > 0 && p.RepeatPenalty != 1 {
				if logits[t] <= 0 {
					logits[t] *= float32(p.RepeatPenalty)
				} else {
					logits[t] /= float32(p.RepeatPenalty)
				}
			}
			logits[t] -= float32(float64(c)*p.FrequencyPenalty + p.PresencePenalty)
		}
	}
	if p.Temp <= 0 {
		return Greedy(logits)
	}
	c := s.buf[:0]
	for i, l := range logits {
		c = append(c, cand{id: i, l: float64(l)})
	}
	if p.TopK > 0 && p.TopK < len(c) {
		c = topK(c, p.TopK)
	} else {
		sort.Slice(c, func(i, j int) bool { return before(&c[i], &c[j]) })
	}
	softmax(c, 1)
	if p.TopP < 1 {
		var cum float64
		for i := range c {
			cum += c[i].p
			if cum >= p.TopP {
				c = c[:i+1]
				break
			}
		}
	}
	if p.MinP > 0 {
		lim := c[0].p * p.MinP
		n := 1
		for n < len(c) && c[n].p >= lim {
			n++
		}
		c = c[:n]
	}
	softmax(c, p.Temp)
	s.buf = c
	r := s.rng.Float64()
	var cum float64
	for _, x := range c {
		cum += x.p
		if r < cum {
			return x.id
		}
	}
	return c[len(c)-1].id
}

// before is the candidates' order: larger logit first, then lower id.
func before(a, b *cand) bool { return a.l > b.l || a.l == b.l && a.id < b.id }

// topK returns the first k (0 < k < len(c)) of c in the order of before,
// sorted, in c's first k elements: what sorting all of c and keeping k
// gives, in O(n log k) (k is 40 by default, n the vocabulary). c[:k] is
// kept as a heap whose root is the last of the k best so far.
func topK(c []cand, k int) []cand {
	h := c[:k]
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
	for i := k; i < len(c); i++ {
		if before(&c[i], &h[0]) {
			h[0] = c[i]
			siftDown(h, 0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return before(&h[i], &h[j]) })
	return h
}

// siftDown restores the heap property (a parent comes after its
// children in the order of before) below i.
func siftDown(h []cand, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && before(&h[l], &h[r]) {
			m = r
		}
		if !before(&h[i], &h[m]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func softmax(c []cand, temp float64) {
	mx := c[0].l / temp
	var sum float64
	for i := range c {
		c[i].p = math.Exp(c[i].l/temp - mx)
		sum += c[i].p
	}
	for i := range c {
		c[i].p /= sum
	}
}
