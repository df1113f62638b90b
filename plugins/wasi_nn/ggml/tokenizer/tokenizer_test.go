package tokenizer_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/testmodel"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/tokenizer"
)

// TestVectors tokenizes llama.cpp's tokenizer test inputs
// (models/ggml-vocab-*.gguf.inp) and compares with its outputs (.out).
func TestVectors(t *testing.T) {
	for _, name := range []string{"llama-spm", "gpt-2", "llama-bpe", "qwen2"} {
		t.Run(name, func(t *testing.T) {
			path := testmodel.VocabPath(t, "ggml-vocab-"+name+".gguf")
			f, err := gguf.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			v, err := tokenizer.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			inp, err := os.ReadFile(path + ".inp")
			if err != nil {
				t.Fatal(err)
			}
			outb, err := os.ReadFile(path + ".out")
			if err != nil {
				t.Fatal(err)
			}
			// Each input is followed by "\n__ggml_vocab_test__\n".
			inputs := strings.Split(string(inp), "\n__ggml_vocab_test__\n")
			if inputs[len(inputs)-1] == "" {
				inputs = inputs[:len(inputs)-1]
			}
			outputs := strings.Split(strings.TrimSuffix(string(outb), "\n"), "\n")
			if len(inputs) != len(outputs) {
				t.Fatalf("%d inputs, %d outputs", len(inputs), len(outputs))
			}
			fails := 0
			for i, in := range inputs {
				var want []int
				for _, s := range strings.Fields(outputs[i]) {
					n, _ := strconv.Atoi(s)
					want = append(want, n)
				}
				got := v.Encode(in, false, false)
				if !equal(got, want) {
					fails++
					t.Errorf("%q: got %v, want %v", in, got, want)
				}
				// Decoding gives the text back (SPM adds a leading space).
				var dec []byte
				for _, id := range got {
					dec = append(dec, v.Piece(id, true)...)
				}
				d := string(dec)
				if v.Model == "llama" {
					d = strings.TrimPrefix(d, " ")
				}
				if d != in && strings.ToValidUTF8(in, "") == in {
					t.Errorf("%q decodes to %q", in, d)
				}
			}
			t.Logf("%d/%d vectors identical", len(inputs)-fails, len(inputs))
		})
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
