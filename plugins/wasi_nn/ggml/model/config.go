// Package model holds the llama-family architectures of the GGML backend:
// hyperparameters and tensor names read from a GGUF file, the weights as
// matrices over the mapped file, and the forward pass with its KV cache.
package model

import (
	"fmt"
	"strings"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
)

// RopeType is how rotary embeddings pair the dimensions of a head.
type RopeType int

// The rotary embedding layouts of llama.cpp.
const (
	RopeNorm RopeType = iota // adjacent pairs (llama, mistral)
	RopeNeox                 // halves (qwen2)
)

// Arch describes one architecture: how its hyperparameters and tensors are
// named and which layout its rotary embedding uses.
type Arch struct {
	Name   string
	Rope   RopeType
	Biases bool // attention q/k/v biases
}

// Architectures is the registry of supported architectures.
var Architectures = map[string]Arch{
	"llama":   {Name: "llama", Rope: RopeNorm},
	"mistral": {Name: "mistral", Rope: RopeNorm},
	"qwen2":   {Name: "qwen2", Rope: RopeNeox, Biases: true},
}

// SupportedArchitectures names the supported architectures, for messages.
const SupportedArchitectures = "llama, mistral, qwen2"

// Config is a model's hyperparameters.
type Config struct {
	Arch        Arch
	ContextLen  int
	Dim         int // embedding length
	Layers      int
	FFN         int
	Heads       int
	KVHeads     int
	HeadDim     int // key/value length per head
	RopeDim     int // dimensions rotated per head
	RopeBase    float32
	RopeScale   float32 // frequency scale (1 / linear scaling factor)
	NormEps     float32
	VocabSize   int
	TiedOutput  bool
	FreqFactors []float32 // llama 3 rope_freqs, or nil
}

func uintKey(f *gguf.File, key string, def uint64, required bool) (int, error) {
	v, ok := f.Uint(key)
	if !ok {
		if required {
			return 0, fmt.Errorf("missing or invalid key %s", key)
		}
		v = def
	}
	if v > 1<<24 {
		return 0, fmt.Errorf("%s = %d is too large", key, v)
	}
	return int(v), nil
}

// ReadConfig reads the hyperparameters of f's architecture.
func ReadConfig(f *gguf.File) (*Config, error) {
	name, _ := f.String("general.architecture")
	arch, ok := Architectures[name]
	if !ok {
		return nil, fmt.Errorf("architecture %q is not supported (supported: %s)", name, SupportedArchitectures)
	}
	c := &Config{Arch: arch}
	p := name + "."
	var err error
	get := func(dst *int, key string, def uint64, required bool) {
		if err == nil {
			*dst, err = uintKey(f, p+key, def, required)
		}
	}
	get(&c.ContextLen, "context_length", 2048, false)
	get(&c.Dim, "embedding_length", 0, true)
	get(&c.Layers, "block_count", 0, true)
	get(&c.FFN, "feed_forward_length", 0, true)
	get(&c.Heads, "attention.head_count", 0, true)
	if err != nil {
		return nil, err
	}
	get(&c.KVHeads, "attention.head_count_kv", uint64(c.Heads), false)
	if err != nil {
		return nil, err
	}
	if c.Heads == 0 || c.KVHeads == 0 || c.Dim == 0 || c.Layers == 0 || c.FFN == 0 || c.Heads%c.KVHeads != 0 {
		return nil, fmt.Errorf("invalid shape: %d heads, %d kv heads, dim %d, %d layers, ffn %d", c.Heads, c.KVHeads, c.Dim, c.Layers, c.FFN)
	}
	get(&c.HeadDim, "attention.key_length", uint64(c.Dim/c.Heads), false)
	var vlen int
	get(&vlen, "attention.value_length", uint64(c.HeadDim), false)
	get(&c.RopeDim, "rope.dimension_count", uint64(c.HeadDim), false)
	if err != nil {
		return nil, err
	}
	if vlen != c.HeadDim || c.HeadDim == 0 || c.RopeDim > c.HeadDim || c.RopeDim%2 != 0 {
		return nil, fmt.Errorf("head sizes k=%d v=%d rope=%d are not supported", c.HeadDim, vlen, c.RopeDim)
	}
	c.RopeBase = 10000
	if v, ok := f.Float(p + "rope.freq_base"); ok {
		c.RopeBase = float32(v)
	}
	c.RopeScale = 1
	st, _ := f.String(p + "rope.scaling.type")
	switch strings.ToLower(st) {
	case "", "none":
	case "linear":
		if v, ok := f.Float(p + "rope.scaling.factor"); ok && v > 0 {
			c.RopeScale = float32(1 / v)
		}
	default:
		return nil, fmt.Errorf("rope scaling %q is not supported (supported: none, linear)", st)
	}
	if v, ok := f.Float(p + "rope.scale_linear"); ok && v > 0 && st == "" {
		c.RopeScale = float32(1 / v)
	}
	c.NormEps = 1e-5
	if v, ok := f.Float(p + "attention.layer_norm_rms_epsilon"); ok {
		c.NormEps = float32(v)
	}
	return c, nil
}
