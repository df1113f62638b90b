package model_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/model"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/sample"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/testmodel"
)

type goldenRun struct {
	NVocab int `json:"n_vocab"`
	Steps  []struct {
		Token int       `json:"token"`
		Logit float64   `json:"logit"`
		Probe []float64 `json:"probe"`
	} `json:"steps"`
}

// TestWriteModels writes the golden models into $GGML_WRITE_MODELS, for the
// llama.cpp oracle that produced testdata/golden (not part of normal runs).
func TestWriteModels(t *testing.T) {
	dir := os.Getenv("GGML_WRITE_MODELS")
	if dir == "" {
		t.Skip("GGML_WRITE_MODELS not set")
	}
	vocab := testmodel.VocabPath(t, "ggml-vocab-llama-spm.gguf")
	for _, g := range testmodel.GoldenSet(vocab) {
		if err := testmodel.WriteFile(filepath.Join(dir, g.Spec.Name()), g.Spec); err != nil {
			t.Fatal(err)
		}
	}
}

func openModel(t *testing.T, s testmodel.Spec) *model.Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), s.Name())
	if err := testmodel.WriteFile(path, s); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	m, err := model.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGolden runs every golden model greedily and compares tokens and
// logits with llama.cpp's plain build (scalar: no SIMD beyond the x86-64
// baseline), at every step. Half of the models run on two threads, which
// must not change a bit.
func TestGolden(t *testing.T) {
	vocab := testmodel.VocabPath(t, "ggml-vocab-llama-spm.gguf")
	for gi, g := range testmodel.GoldenSet(vocab) {
		name := strings.TrimSuffix(g.Spec.Name(), ".gguf")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "golden", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var want goldenRun
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if len(want.Steps) != testmodel.GoldenSteps {
				t.Fatalf("golden file has %d steps", len(want.Steps))
			}
			m := openModel(t, g.Spec)
			st := m.NewState(testmodel.GoldenCtx, 1+gi%2)
			defer st.Close()
			var logits []float32
			for i, tok := range testmodel.GoldenPrompt {
				if logits, err = st.Eval(tok, i == len(testmodel.GoldenPrompt)-1); err != nil {
					t.Fatal(err)
				}
			}
			var maxDiff float64
			for i, step := range want.Steps {
				best := 0
				for j, v := range logits {
					if v > logits[best] {
						best = j
					}
				}
				if best != step.Token {
					t.Fatalf("step %d: token %d, llama.cpp %d (logits %g vs %g)", i, best, step.Token, logits[best], logits[step.Token])
				}
				d := math.Abs(float64(logits[best]) - step.Logit)
				for k, id := range testmodel.GoldenProbes {
					d = math.Max(d, math.Abs(float64(logits[id])-step.Probe[k]))
				}
				if d > g.Tol {
					t.Errorf("step %d: logits differ from llama.cpp's by %g (tolerance %g)", i, d, g.Tol)
				}
				maxDiff = math.Max(maxDiff, d)
				if i+1 < len(want.Steps) {
					if logits, err = st.Eval(best, true); err != nil {
						t.Fatal(err)
					}
				}
			}
			t.Logf("%d threads: %d tokens identical; max logit difference %.3g (tolerance %g)",
				st.Threads(), len(want.Steps), maxDiff, g.Tol)
		})
	}
}

// TestThreadsBitIdentical runs models greedily on one, two and three
// threads (by KV head, and by matrix rows then heads when there are fewer
// KV heads than threads) past the length where attention is split by head,
// and wants the same logits to the bit, and State.Greedy to pick what
// sample.Greedy picks from them.
func TestThreadsBitIdentical(t *testing.T) {
	vocab := testmodel.VocabPath(t, "ggml-vocab-llama-spm.gguf")
	set := testmodel.GoldenSet(vocab)
	for _, gi := range []int{5, 8, 9} {
		m := openModel(t, set[gi].Spec)
		var first [][]float32
		for threads := 1; threads <= 3; threads++ {
			st := m.NewState(96, threads)
			tok := 1
			for i := 0; i < 80; i++ {
				logits, err := st.Eval(tok, true)
				if err != nil {
					t.Fatal(err)
				}
				if id, ok := st.Greedy(); !ok || id != sample.Greedy(logits) {
					t.Fatalf("%s, %d threads, step %d: Greedy = %d, %v; sample.Greedy %d",
						set[gi].Spec.Name(), threads, i, id, ok, sample.Greedy(logits))
				}
				if threads == 1 {
					first = append(first, append([]float32(nil), logits...))
				} else {
					for j, v := range logits {
						if math.Float32bits(v) != math.Float32bits(first[i][j]) {
							t.Fatalf("%s, %d threads, step %d: logit %d is %g, on one thread %g",
								set[gi].Spec.Name(), threads, i, j, v, first[i][j])
						}
					}
				}
				tok = (tok*7919 + i) % m.VocabSize
			}
			if _, err := st.Eval(tok, false); err != nil {
				t.Fatal(err)
			}
			if _, ok := st.Greedy(); ok {
				t.Fatal("Greedy reports logits after an Eval without them")
			}
			st.Close()
		}
	}
}
