package model

import (
	"fmt"

	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/kernels"
)

// Layer holds the weights of one transformer block.
type Layer struct {
	AttnNorm, FFNNorm   []float32
	Q, K, V, O          *kernels.Matrix
	QBias, KBias, VBias []float32
	OBias               []float32
	Gate, Up, Down      *kernels.Matrix
}

// Model is a loaded model: its configuration and its weights, which point
// into the mapped GGUF file.
type Model struct {
	Config
	File    *gguf.File
	Embed   *kernels.Matrix
	OutNorm []float32
	Output  *kernels.Matrix
	Layers  []Layer
}

// Load builds a model over f (which must stay open while the model is used).
func Load(f *gguf.File) (*Model, error) {
	c, err := ReadConfig(f)
	if err != nil {
		return nil, err
	}
	m := &Model{Config: *c, File: f}
	emb := f.Tensor("token_embd.weight")
	if emb == nil || len(emb.Dims) != 2 || emb.Dims[0] != uint64(c.Dim) {
		return nil, fmt.Errorf("token_embd.weight is missing or not [%d, vocab]", c.Dim)
	}
	m.VocabSize = int(emb.Dims[1])
	if m.Embed, err = matrix(f, "token_embd.weight", c.Dim, m.VocabSize); err != nil {
		return nil, err
	}
	if m.OutNorm, err = vector(f, "output_norm.weight", c.Dim, true); err != nil {
		return nil, err
	}
	if f.Tensor("output.weight") != nil {
		if m.Output, err = matrix(f, "output.weight", c.Dim, m.VocabSize); err != nil {
			return nil, err
		}
	} else {
		m.Output, m.TiedOutput = m.Embed, true
	}
	if f.Tensor("rope_freqs.weight") != nil {
		if m.FreqFactors, err = vector(f, "rope_freqs.weight", c.RopeDim/2, true); err != nil {
			return nil, err
		}
	}
	qDim, kvDim := c.Heads*c.HeadDim, c.KVHeads*c.HeadDim
	m.Layers = make([]Layer, c.Layers)
	for i := range m.Layers {
		l := &m.Layers[i]
		p := fmt.Sprintf("blk.%d.", i)
		steps := []func() error{
			func() (e error) { l.AttnNorm, e = vector(f, p+"attn_norm.weight", c.Dim, true); return },
			func() (e error) { l.FFNNorm, e = vector(f, p+"ffn_norm.weight", c.Dim, true); return },
			func() (e error) { l.Q, e = matrix(f, p+"attn_q.weight", c.Dim, qDim); return },
			func() (e error) { l.K, e = matrix(f, p+"attn_k.weight", c.Dim, kvDim); return },
			func() (e error) { l.V, e = matrix(f, p+"attn_v.weight", c.Dim, kvDim); return },
			func() (e error) { l.O, e = matrix(f, p+"attn_output.weight", qDim, c.Dim); return },
			func() (e error) { l.Gate, e = matrix(f, p+"ffn_gate.weight", c.Dim, c.FFN); return },
			func() (e error) { l.Up, e = matrix(f, p+"ffn_up.weight", c.Dim, c.FFN); return },
			func() (e error) { l.Down, e = matrix(f, p+"ffn_down.weight", c.FFN, c.Dim); return },
			func() (e error) { l.QBias, e = vector(f, p+"attn_q.bias", qDim, c.Arch.Biases); return },
			func() (e error) { l.KBias, e = vector(f, p+"attn_k.bias", kvDim, c.Arch.Biases); return },
			func() (e error) { l.VBias, e = vector(f, p+"attn_v.bias", kvDim, c.Arch.Biases); return },
			func() (e error) { l.OBias, e = vector(f, p+"attn_output.bias", c.Dim, false); return },
		}
		for _, s := range steps {
			if err := s(); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// matrix finds a 2-D tensor [cols, rows].
func matrix(f *gguf.File, name string, cols, rows int) (*kernels.Matrix, error) {
	t := f.Tensor(name)
	if t == nil {
		return nil, fmt.Errorf("tensor %s is missing", name)
	}
	if len(t.Dims) != 2 || t.Dims[0] != uint64(cols) || t.Dims[1] != uint64(rows) {
		return nil, fmt.Errorf("tensor %s has shape %v, want [%d %d]", name, t.Dims, cols, rows)
	}
	m, err := kernels.NewMatrix(t.Type, rows, cols, t.Data)
	if err != nil {
		return nil, fmt.Errorf("tensor %s: %w", name, err)
	}
	return m, nil
}

// vector reads a 1-D tensor of n elements as float32 (nil if absent and not required).
func vector(f *gguf.File, name string, n int, required bool) ([]float32, error) {
	t := f.Tensor(name)
	if t == nil {
		if required {
			return nil, fmt.Errorf("tensor %s is missing", name)
		}
		return nil, nil
	}
	if len(t.Dims) != 1 || t.Dims[0] != uint64(n) {
		return nil, fmt.Errorf("tensor %s has shape %v, want [%d]", name, t.Dims, n)
	}
	m, err := kernels.NewMatrix(t.Type, 1, n, t.Data)
	if err != nil {
		return nil, fmt.Errorf("tensor %s: %w", name, err)
	}
	v := make([]float32, n)
	m.Row(v, 0)
	return v, nil
}
