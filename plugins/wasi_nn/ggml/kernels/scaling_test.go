package kernels

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

// BenchmarkMachineScaling measures what a second thread gives on this
// machine, apart from the model: the same work on 1 and on 2 goroutines
// (each goroutine half of it, one start and one wait per pass, so that
// synchronisation costs nothing against the work), for a product whose
// matrix fits in the L2 cache (288x288, computed over and over: bound by
// computation) and for one over as many weights as a stories15M-shaped
// model streams per token (52,000 rows of 288: 60 MB in F32, 16 MB in
// Q8_0). Compare the rows/s of threads=2 with threads=1:
//
//	go test -run '^$' -bench MachineScaling -benchtime 2s ./plugins/wasi_nn/ggml/kernels/
func BenchmarkMachineScaling(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	const cols = 288
	x := make([]float32, cols)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for _, shape := range []struct {
		name       string
		rows, reps int
	}{{"cache", 288, 180}, {"stream", 52000, 1}} {
		w := make([]float32, cols*shape.rows)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		for _, typ := range []gguf.TensorType{gguf.F32, gguf.Q8_0} {
			data, err := Encode(typ, w, cols)
			if err != nil {
				b.Fatal(err)
			}
			m, err := NewMatrix(typ, shape.rows, cols, data)
			if err != nil {
				b.Fatal(err)
			}
			var v Vec
			v.Prepare(typ, x)
			out := make([]float32, shape.rows)
			pass := func(lo, hi int) {
				for range shape.reps {
					m.MulVec(out, &v, lo, hi)
				}
			}
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%v/threads=%d", shape.name, typ, threads), func(b *testing.B) {
					b.SetBytes(int64(len(data) * shape.reps))
					var wg sync.WaitGroup
					for b.Loop() {
						if threads == 1 {
							pass(0, shape.rows)
							continue
						}
						half := shape.rows / 2
						wg.Add(1)
						go func() { pass(half, shape.rows); wg.Done() }()
						pass(0, half)
						wg.Wait()
					}
				})
			}
		}
	}
}
