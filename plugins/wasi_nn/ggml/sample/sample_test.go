package sample

import (
	"math/rand/v2"
	"sort"
	"testing"
)

func TestGreedyAndTemperatureZero(t *testing.T) {
	l := []float32{0.1, 3, 2, 3}
	if Greedy(l) != 1 {
		t.Error("greedy takes the first maximum")
	}
	s := New(Params{Temp: 0, RepeatPenalty: 1})
	if s.Sample(l, nil) != 1 {
		t.Error("temp 0 is greedy")
	}
}

func TestRepeatPenalty(t *testing.T) {
	s := New(Params{Temp: 0, RepeatPenalty: 2, RepeatLastN: 64})
	if got := s.Sample([]float32{0, 3, 2}, []int{1}); got != 2 {
		t.Errorf("penalized token chosen: %d", got)
	}
	// A negative logit is multiplied.
	if got := s.Sample([]float32{-1, -0.6, -5}, []int{1}); got != 0 {
		t.Errorf("got %d", got)
	}
}

func TestSeededAndFiltered(t *testing.T) {
	l := make([]float32, 100)
	for i := range l {
		l[i] = float32(i) / 10
	}
	draw := func(p Params) []int {
		s := New(p)
		var out []int
		for i := 0; i < 50; i++ {
			out = append(out, s.Sample(l, nil))
		}
		return out
	}
	p := Params{Temp: 1, TopK: 5, TopP: 1, RepeatPenalty: 1, Seed: 42}
	a, b := draw(p), draw(p)
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed, different draws")
		}
		if a[i] < 95 {
			t.Fatalf("top-k 5 drew %d", a[i])
		}
	}
	p.Seed = 43
	c := draw(p)
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Error("different seeds, same draws")
	}
	// top-p small enough keeps only the best token.
	for _, x := range draw(Params{Temp: 1, TopP: 0.01, RepeatPenalty: 1, Seed: 1}) {
		if x != 99 {
			t.Fatalf("top-p 0.01 drew %d", x)
		}
	}
}

// topK keeps what sorting all candidates and cutting at k keeps, in that
// order, with many ties.
func TestTopKAsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 3000 {
		n := 2 + rng.IntN(300)
		c := make([]cand, n)
		for i := range c {
			c[i] = cand{id: i, l: float64(rng.IntN(20))}
		}
		k := 1 + rng.IntN(n-1)
		want := append([]cand(nil), c...)
		sort.Slice(want, func(i, j int) bool { return before(&want[i], &want[j]) })
		got := topK(c, k)
		for i := range k {
			if got[i].id != want[i].id {
				t.Fatalf("iteration %d, n %d, k %d: position %d is %d, want %d", iter, n, k, i, got[i].id, want[i].id)
			}
		}
	}
}

// BenchmarkSampleDefaults samples with llama.cpp's default parameters
// (top-k 40) from a vocabulary of 32,000.
func BenchmarkSampleDefaults(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	l := make([]float32, 32000)
	for i := range l {
		l[i] = float32(rng.NormFloat64())
	}
	s := New(Defaults())
	for b.Loop() {
		s.Sample(l, nil)
	}
}
