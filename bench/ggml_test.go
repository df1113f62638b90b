package bench

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/kernels"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/model"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/testmodel"
)

// LlamaBenchEnv names a llama.cpp-based program (built outside the repo)
// that BenchmarkGGML runs as the peer, side by side in the same run:
//
//	$LLAMA_BENCH model.gguf threads tokens
//
// decodes tokens tokens one at a time after a one-token prompt and prints
// "tok/s N" (and, if it can, "cpu-tok/s N": tokens per second of the
// process's CPU time). Without it only PureEdge is measured.
const LlamaBenchEnv = "LLAMA_BENCH"

// BenchmarkGGML measures token generation (one token per op) on models
// shaped like stories15M (dim 288, 6 layers, 6 heads, ffn 768, vocab
// 32000) in F32, Q8_0 and Q4_K (with Q8_0 where a row of 288 cannot hold
// Q4_K's 256-element blocks, as llama.cpp's quantizer falls back), at 1 and
// 2 threads, for PureEdge and, when $LLAMA_BENCH is set, llama.cpp:
//
//	LLAMA_BENCH=... GGML_VOCAB_DIR=... go test -run '^$' -bench GGML -benchtime 200x ./bench/
func BenchmarkGGML(b *testing.B) {
	vocab := testmodel.VocabPath(b, "ggml-vocab-llama-spm.gguf")
	dir := b.TempDir()
	peer := os.Getenv(LlamaBenchEnv)
	for _, typ := range []gguf.TensorType{gguf.F32, gguf.Q8_0, gguf.Q4_K} {
		path := writeStories(b, dir, vocab, typ)
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/threads=%d/pureedge", typ, threads), func(b *testing.B) {
				m := loadModel(b, path)
				st := m.NewState(2048, threads)
				defer st.Close()
				tok := 1
				if threads == 1 {
					// One thread: also the rate per second of the
					// thread's own CPU time, which other processes on
					// the cores do not change.
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
				}
				cpu0, cpuOK := threadCPU()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if st.Pos == st.Ctx {
						st.Reset()
					}
					if _, err := st.Eval(tok, true); err != nil {
						b.Fatal(err)
					}
					tok = greedy(b, st)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tok/s")
				if cpu1, ok := threadCPU(); threads == 1 && cpuOK && ok {
					b.ReportMetric(float64(b.N)/(cpu1-cpu0).Seconds(), "cpu-tok/s")
				}
			})
			if peer == "" {
				continue
			}
			b.Run(fmt.Sprintf("%v/threads=%d/llama.cpp", typ, threads), func(b *testing.B) {
				n := min(b.N, 2000)
				out, err := exec.Command(peer, path, strconv.Itoa(threads), strconv.Itoa(n)).Output()
				if err != nil {
					b.Fatalf("%s: %v", peer, err)
				}
				found := false
				sc := bufio.NewScanner(strings.NewReader(string(out)))
				for sc.Scan() {
					if v, ok := strings.CutPrefix(sc.Text(), "tok/s "); ok {
						tps, _ := strconv.ParseFloat(v, 64)
						b.ReportMetric(tps, "tok/s")
						found = true
					}
					if v, ok := strings.CutPrefix(sc.Text(), "cpu-tok/s "); ok && threads == 1 {
						tps, _ := strconv.ParseFloat(v, 64)
						b.ReportMetric(tps, "cpu-tok/s")
					}
				}
				if !found {
					b.Fatalf("no tok/s in %q", out)
				}
			})
		}
	}
}

// BenchmarkGGMLScaling measures 2-thread against 1-thread generation on
// the stories15M-shaped models with the two runs interleaved in blocks of
// 8 tokens, so that a machine shared with other work slows both alike; it
// reports both rates and their ratio (x2/x1). Interleaved with them, it
// measures what a second thread gives the machine on the model's largest
// product without the pool: the classifier (the model's output matrix,
// more than half its weights) on one goroutine and split in two halves
// on two, one start and one wait per product (static-x2/x1, a ceiling
// for x2/x1 on the weights' share of the time):
//
//	GGML_VOCAB_DIR=... go test -run '^$' -bench GGMLScaling -benchtime 40x ./bench/
func BenchmarkGGMLScaling(b *testing.B) {
	vocab := testmodel.VocabPath(b, "ggml-vocab-llama-spm.gguf")
	dir := b.TempDir()
	for _, typ := range []gguf.TensorType{gguf.F32, gguf.Q8_0, gguf.Q4_K} {
		path := writeStories(b, dir, vocab, typ)
		b.Run(typ.String(), func(b *testing.B) {
			m := loadModel(b, path)
			states := [2]*model.State{m.NewState(2048, 1), m.NewState(2048, 2)}
			defer states[0].Close()
			defer states[1].Close()
			static := newStaticProduct(m.Output, states[0].Hidden())
			var spent, spentStatic [2]time.Duration
			toks := [2]int{1, 1}
			const block = 8
			for b.Loop() {
				for k, st := range states {
					start := time.Now()
					for range block {
						if st.Pos == st.Ctx {
							st.Reset()
						}
						if _, err := st.Eval(toks[k], true); err != nil {
							b.Fatal(err)
						}
						toks[k] = greedy(b, st)
					}
					spent[k] += time.Since(start)
					start = time.Now()
					for range block {
						static.run(k + 1)
					}
					spentStatic[k] += time.Since(start)
				}
			}
			n := float64(b.N * block)
			b.ReportMetric(n/spent[0].Seconds(), "tok/s-1thread")
			b.ReportMetric(n/spent[1].Seconds(), "tok/s-2threads")
			b.ReportMetric(spent[0].Seconds()/spent[1].Seconds(), "x2/x1")
			b.ReportMetric(spentStatic[0].Seconds()/spentStatic[1].Seconds(), "static-x2/x1")
		})
	}
}

// staticProduct is a matrix-vector product split statically over
// goroutines, without the pool.
type staticProduct struct {
	m   *kernels.Matrix
	v   kernels.Vec
	out []float32
	wg  sync.WaitGroup
}

func newStaticProduct(m *kernels.Matrix, x []float32) *staticProduct {
	p := &staticProduct{m: m, out: make([]float32, m.Rows)}
	p.v.Prepare(m.Type, x)
	return p
}

// run computes the product on threads goroutines (1 or 2), the rows cut
// in equal halves at a multiple of 16.
func (p *staticProduct) run(threads int) {
	if threads == 1 {
		p.m.MulVec(p.out, &p.v, 0, p.m.Rows)
		return
	}
	half := p.m.Rows / 2 &^ 15
	p.wg.Add(1)
	go func() {
		p.m.MulVec(p.out, &p.v, half, p.m.Rows)
		p.wg.Done()
	}()
	p.m.MulVec(p.out, &p.v, 0, half)
	p.wg.Wait()
}

// writeStories writes the stories15M-shaped model of type typ into dir.
func writeStories(b *testing.B, dir, vocab string, typ gguf.TensorType) string {
	spec := testmodel.Spec{Arch: "llama", Dim: 288, Layers: 6, Heads: 6, KVHeads: 6, FFN: 768,
		ContextLen: 2048, Type: typ, Fallback: gguf.Q8_0, Seed: 15, Vocab: vocab}
	path := filepath.Join(dir, spec.Name())
	if err := testmodel.WriteFile(path, spec); err != nil {
		b.Fatal(err)
	}
	return path
}

// loadModel maps and loads path until the benchmark ends.
func loadModel(b *testing.B, path string) *model.Model {
	f, err := gguf.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	m, err := model.Load(f)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// greedy is the plug-in's greedy pick (temp 0): the largest logit, found
// while the classifier ran (llama.cpp's side scans its logits after
// llama_decode, as its greedy sampler does).
func greedy(b *testing.B, st *model.State) int {
	id, ok := st.Greedy()
	if !ok {
		b.Fatal("no logits")
	}
	return id
}
