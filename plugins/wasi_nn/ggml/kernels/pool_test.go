package kernels

import (
	"fmt"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"sync/atomic"
	"testing"
	"time"
)

// TestPool checks that every index of every task is visited exactly once,
// across tasks that follow each other at once and after the workers have
// gone to sleep, and that a closed pool still runs tasks.
func TestPool(t *testing.T) {
	p := NewPool(3)
	if p.Threads() != 3 {
		t.Fatalf("Threads = %d", p.Threads())
	}
	check := func(n, grain int) {
		t.Helper()
		seen := make([]atomic.Int32, n)
		p.Run(n, grain, func(lo, hi int) {
			if lo < 0 || hi > n || lo >= hi {
				t.Errorf("chunk [%d, %d) of %d", lo, hi, n)
				return
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d grain=%d: index %d visited %d times", n, grain, i, c)
			}
		}
	}
	for i := 0; i < 2000; i++ {
		check(1+i%97, 1+i%7)
	}
	time.Sleep(3 * spinTime)
	check(1000, 10)
	p.Close()
	if p.Threads() != 1 {
		t.Fatalf("Threads after Close = %d", p.Threads())
	}
	check(100, 10)
	p.Close()
	var nilPool *Pool
	n := 0
	nilPool.Run(5, 1, func(lo, hi int) { n += hi - lo })
	if n != 5 {
		t.Fatalf("nil pool ran %d of 5", n)
	}
}

// TestPoolMatVec checks that a product split over threads equals the
// product on one thread bit for bit.
func TestPoolMatVec(t *testing.T) {
	const rows, cols = 300, 64
	w := make([]float32, rows*cols)
	x := make([]float32, cols)
	for i := range w {
		w[i] = float32(i%13) - 6
	}
	for i := range x {
		x[i] = float32(i%5) * 0.25
	}
	data, err := Encode(gguf.Q8_0, w, cols)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMatrix(gguf.Q8_0, rows, cols, data)
	if err != nil {
		t.Fatal(err)
	}
	var v Vec
	v.Prepare(gguf.Q8_0, x)
	one, two := make([]float32, rows), make([]float32, rows)
	(*Pool)(nil).MatVec(one, m, &v)
	p := NewPool(2)
	defer p.Close()
	p.MatVec(two, m, &v)
	for i := range one {
		if one[i] != two[i] {
			t.Fatalf("row %d: %g on one thread, %g on two", i, one[i], two[i])
		}
	}
}

// BenchmarkPoolRun measures the cost of one parallel task: handing out
// chunks and waiting for them (the work itself is a few nanoseconds a
// chunk). A generated token runs about 5 tasks a layer.
func BenchmarkPoolRun(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			p := NewPool(threads)
			defer p.Close()
			out := make([]float32, 768)
			fn := func(lo, hi int) {
				for i := lo; i < hi; i++ {
					out[i] = float32(i)
				}
			}
			for b.Loop() {
				p.Run(768, RowGrain(768, 768*306, 2), fn)
			}
		})
	}
}

// RowGrain's chunks never share a cache line of float32 results, give
// each thread several chunks, and keep a chunk of a large product to about
// chunkBytes of weights.
func TestRowGrain(t *testing.T) {
	for _, c := range []struct{ rows, rowBytes, threads int }{
		{288, 306, 2}, {768, 612, 2}, {32000, 1152, 2}, {32000, 306, 3}, {1, 4, 2}, {100000, 8192, 1},
	} {
		g := RowGrain(c.rows, c.rows*c.rowBytes, c.threads)
		if g%16 != 0 || g < 32 {
			t.Errorf("%+v: grain %d", c, g)
		}
		if chunks := (c.rows + g - 1) / g; c.rows >= 128*c.threads && chunks < 3*c.threads {
			t.Errorf("%+v: grain %d gives %d chunks", c, g, chunks)
		}
		if g > 32 && g*c.rowBytes > chunkBytes+16*c.rowBytes {
			t.Errorf("%+v: grain %d covers %d bytes", c, g, g*c.rowBytes)
		}
	}
}
