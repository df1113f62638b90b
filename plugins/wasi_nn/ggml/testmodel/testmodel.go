// Package testmodel generates tiny llama-family GGUF models with seeded
// random weights and a real vocabulary copied from a vocabulary-only GGUF
// (llama.cpp's models/ggml-vocab-*.gguf). Tests and benchmarks use them, and
// the golden values committed under testdata were computed by llama.cpp on
// exactly these files.
package testmodel

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/kernels"
)

// Spec describes a model to generate.
type Spec struct {
	Arch       string // llama, mistral or qwen2
	Dim        int
	Layers     int
	Heads      int
	KVHeads    int
	FFN        int
	ContextLen int
	Type       gguf.TensorType // type of the 2-D weights (norms stay F32)
	// Fallback is the type of matrices whose rows are not a whole number
	// of Type's blocks (llama.cpp's quantizer falls back the same way);
	// unset means Q8_0.
	Fallback   gguf.TensorType
	Tied       bool // no output.weight: the embeddings serve
	RopeBase   float32
	RopeLinear float32 // linear RoPE scaling factor, 0 for none
	Seed       uint64
	// Vocab is the vocabulary-only GGUF whose tokenizer.* keys are copied.
	Vocab string
	// VocabSize, when Vocab is empty, makes a synthetic byte-level SPM vocabulary.
	VocabSize int
}

// Name is a file name describing s.
func (s Spec) Name() string {
	t := "sep"
	if s.Tied {
		t = "tied"
	}
	return fmt.Sprintf("%s-d%d-l%d-h%d-kv%d-%s-%s-s%d.gguf", s.Arch, s.Dim, s.Layers, s.Heads, s.KVHeads, strings.ToLower(s.Type.String()), t, s.Seed)
}

// Generate builds the model file in memory.
func Generate(s Spec) ([]byte, error) {
	w := gguf.NewWriter()
	w.String("general.architecture", s.Arch)
	w.String("general.name", "pureedge-test")
	p := s.Arch + "."
	w.Uint32(p+"context_length", uint32(s.ContextLen))
	w.Uint32(p+"embedding_length", uint32(s.Dim))
	w.Uint32(p+"block_count", uint32(s.Layers))
	w.Uint32(p+"feed_forward_length", uint32(s.FFN))
	w.Uint32(p+"attention.head_count", uint32(s.Heads))
	w.Uint32(p+"attention.head_count_kv", uint32(s.KVHeads))
	w.Uint32(p+"rope.dimension_count", uint32(s.Dim/s.Heads))
	w.Float32(p+"attention.layer_norm_rms_epsilon", 1e-5)
	base := s.RopeBase
	if base == 0 {
		base = 10000
	}
	w.Float32(p+"rope.freq_base", base)
	if s.RopeLinear != 0 {
		w.String(p+"rope.scaling.type", "linear")
		w.Float32(p+"rope.scaling.factor", s.RopeLinear)
	}
	vocab, err := copyVocab(w, s)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	gauss := func(n int, std float32) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64()) * std
		}
		return x
	}
	ones := func(n int) []float32 {
		x := gauss(n, 0.1)
		for i := range x {
			x[i] += 1
		}
		return x
	}
	add := func(name string, t gguf.TensorType, cols, rows int, x []float32) error {
		dims := []uint64{uint64(cols)}
		if rows > 0 {
			dims = append(dims, uint64(rows))
		} else {
			rows = 1
		}
		if t != gguf.F32 && uint64(cols)%t.BlockSize() != 0 {
			t = s.Fallback
			if t == 0 {
				t = gguf.Q8_0
			}
		}
		b, err := kernels.Encode(t, x, cols)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return w.Tensor(name, t, dims, b)
	}
	hd := s.Dim / s.Heads
	qd, kvd := s.Heads*hd, s.KVHeads*hd
	wstd := float32(1 / math.Sqrt(float64(s.Dim)))
	var errs []error
	try := func(e error) { errs = append(errs, e) }
	try(add("token_embd.weight", s.Type, s.Dim, vocab, gauss(s.Dim*vocab, 0.5)))
	try(add("output_norm.weight", gguf.F32, s.Dim, 0, ones(s.Dim)))
	if !s.Tied {
		try(add("output.weight", s.Type, s.Dim, vocab, gauss(s.Dim*vocab, 0.5)))
	}
	for l := 0; l < s.Layers; l++ {
		b := fmt.Sprintf("blk.%d.", l)
		try(add(b+"attn_norm.weight", gguf.F32, s.Dim, 0, ones(s.Dim)))
		try(add(b+"attn_q.weight", s.Type, s.Dim, qd, gauss(s.Dim*qd, 2*wstd)))
		try(add(b+"attn_k.weight", s.Type, s.Dim, kvd, gauss(s.Dim*kvd, 2*wstd)))
		try(add(b+"attn_v.weight", s.Type, s.Dim, kvd, gauss(s.Dim*kvd, wstd)))
		if s.Arch == "qwen2" {
			try(add(b+"attn_q.bias", gguf.F32, qd, 0, gauss(qd, 0.1)))
			try(add(b+"attn_k.bias", gguf.F32, kvd, 0, gauss(kvd, 0.1)))
			try(add(b+"attn_v.bias", gguf.F32, kvd, 0, gauss(kvd, 0.1)))
		}
		try(add(b+"attn_output.weight", s.Type, qd, s.Dim, gauss(qd*s.Dim, wstd)))
		try(add(b+"ffn_norm.weight", gguf.F32, s.Dim, 0, ones(s.Dim)))
		try(add(b+"ffn_gate.weight", s.Type, s.Dim, s.FFN, gauss(s.Dim*s.FFN, wstd)))
		try(add(b+"ffn_up.weight", s.Type, s.Dim, s.FFN, gauss(s.Dim*s.FFN, wstd)))
		try(add(b+"ffn_down.weight", s.Type, s.FFN, s.Dim, gauss(s.FFN*s.Dim, float32(1/math.Sqrt(float64(s.FFN))))))
	}
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	var out bytes.Buffer
	if _, err := w.WriteTo(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// WriteFile generates the model into path.
func WriteFile(path string, s Spec) error {
	b, err := Generate(s)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// copyVocab copies the tokenizer keys of s.Vocab (or writes a synthetic
// vocabulary) and returns the vocabulary size.
func copyVocab(w *gguf.Writer, s Spec) (int, error) {
	if s.Vocab == "" {
		n := max(s.VocabSize, 259)
		toks := make([]string, n)
		scores := make([]float32, n)
		types := make([]int32, n)
		toks[0], toks[1], toks[2] = "<unk>", "<s>", "</s>"
		types[0], types[1], types[2] = 2, 3, 3
		for i := 0; i < 256; i++ {
			toks[3+i] = fmt.Sprintf("<0x%02X>", i)
			types[3+i] = 6
		}
		for i := 259; i < n; i++ {
			toks[i] = fmt.Sprintf("▁t%d", i)
			scores[i] = -float32(i)
			types[i] = 1
		}
		w.String("tokenizer.ggml.model", "llama")
		w.Strings("tokenizer.ggml.tokens", toks)
		w.Float32s("tokenizer.ggml.scores", scores)
		w.Int32s("tokenizer.ggml.token_type", types)
		w.Uint32("tokenizer.ggml.bos_token_id", 1)
		w.Uint32("tokenizer.ggml.eos_token_id", 2)
		w.Uint32("tokenizer.ggml.unknown_token_id", 0)
		return n, nil
	}
	v, err := gguf.Open(s.Vocab)
	if err != nil {
		return 0, err
	}
	defer v.Close()
	n := 0
	for _, k := range v.Keys {
		if !strings.HasPrefix(k, "tokenizer.") {
			continue
		}
		if err := w.CopyKV(k, v.KV[k]); err != nil {
			return 0, err
		}
		if k == "tokenizer.ggml.tokens" {
			n = len(v.KV[k].Strings)
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("%s has no tokenizer.ggml.tokens", s.Vocab)
	}
	return n, nil
}
