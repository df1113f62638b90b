package testmodel

import "github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"

// Golden is one model of the golden set: its spec and the run llama.cpp made.
type Golden struct {
	Spec Spec
	Tol  float64 // allowed absolute difference of logits
}

// GoldenPrompt is the prompt (token ids of the llama-spm vocabulary: <s> Hello world,)
// the golden runs start from, GoldenSteps the number of greedy tokens,
// GoldenCtx the context size.
var GoldenPrompt = []int{1, 15043, 3186, 29892}

// GoldenSteps and GoldenCtx are the generation length and context size of the golden runs.
const (
	GoldenSteps = 64
	GoldenCtx   = 128
)

// GoldenProbes are the token ids whose logits the golden files record at every step.
var GoldenProbes = []int{0, 1, 2, 13, 29871, 100, 1000, 2000, 4000, 8000, 12000, 16000, 20000, 24000, 28000, 31999}

// GoldenSet lists the golden models; vocab is the path of ggml-vocab-llama-spm.gguf.
func GoldenSet(vocab string) []Golden {
	small := func(arch string, t gguf.TensorType, tied bool, seed uint64) Spec {
		return Spec{Arch: arch, Dim: 64, Layers: 2, Heads: 4, KVHeads: 2, FFN: 192, ContextLen: 512,
			Type: t, Tied: tied, Seed: seed, Vocab: vocab}
	}
	kq := func(t gguf.TensorType, tied bool, seed uint64) Spec {
		return Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 4, KVHeads: 2, FFN: 512, ContextLen: 512,
			Type: t, Tied: tied, Seed: seed, Vocab: vocab}
	}
	scaled := small("llama", gguf.F32, true, 7)
	scaled.RopeBase, scaled.RopeLinear = 500000, 4
	qwen := small("qwen2", gguf.F32, true, 8)
	qwen.KVHeads = 1
	return []Golden{
		{small("llama", gguf.F32, false, 1), 5e-4},
		{small("llama", gguf.F16, true, 2), 1e-2},
		{small("llama", gguf.BF16, false, 3), 1e-2},
		{small("llama", gguf.Q8_0, false, 4), 1e-2},
		{small("llama", gguf.Q4_0, true, 5), 1e-2},
		{kq(gguf.Q4_K, true, 6), 1e-2},
		{kq(gguf.Q6_K, false, 9), 1e-2},
		{scaled, 5e-4},
		{qwen, 5e-4},
		{small("qwen2", gguf.Q8_0, false, 10), 1e-2},
	}
}
