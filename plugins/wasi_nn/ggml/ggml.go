// Package ggml is wasi_nn's GGML backend in pure Go: it runs llama-family
// GGUF models (llama 2/3, mistral, qwen2) the way WasmEdge's llama.cpp
// backend does, with the prompt in set_input index 0, the metadata JSON in
// builder 1 or set_input index 1, the generated text in output index 0 and
// the token counts in output index 1.
package ggml

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/gguf"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/model"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/sample"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/tokenizer"
)

// MaxKVBytes bounds the KV cache of one execution context (ctx-size times
// the model's layers and key/value width, in F16).
const MaxKVBytes = 8 << 30

// Backend is the GGML backend.
type Backend struct {
	// Logf receives the backend's log lines (enable-log and errors).
	Logf func(level, format string, args ...any)
	// Stdout receives the tokens of stream-stdout (os.Stdout when nil).
	Stdout func([]byte)
}

// Graph is a loaded GGUF model with its options.
type Graph struct {
	b     *Backend
	mu    sync.Mutex
	file  *gguf.File
	model *model.Model
	vocab *tokenizer.Vocab
	opts  Options
	// closed is set by Close, after which the mapping is gone.
	closed bool
}

// Load opens the model: builder 0 is "preload:<path>" (from --nn-preload)
// or the GGUF bytes themselves; builder 1, when present, is the metadata JSON.
func (b *Backend) Load(builders [][]byte, _ backend.Target) (backend.Graph, error) {
	if len(builders) == 0 {
		return nil, backend.Errorf(backend.InvalidArgument, "GGML backend: no model builder")
	}
	g := &Graph{b: b, opts: DefaultOptions()}
	if len(builders) > 1 {
		if _, err := g.opts.apply(builders[1]); err != nil {
			return nil, fmt.Errorf("load: failed to parse metadata: %w", err)
		}
	}
	var f *gguf.File
	var err error
	if p, ok := strings.CutPrefix(string(builders[0]), "preload:"); ok {
		if _, serr := os.Stat(p); serr != nil {
			return nil, backend.Errorf(backend.ModelNotFound, "load: model file not found: %s", p)
		}
		f, err = gguf.Open(p)
	} else {
		// The guest's bytes are copied: guest memory may change later.
		f, err = gguf.Parse(append([]byte(nil), builders[0]...))
	}
	if err != nil {
		return nil, backend.Errorf(backend.InvalidArgument, "load: unable to init model: %v", err)
	}
	m, err := model.Load(f)
	if err != nil {
		f.Close()
		return nil, backend.Errorf(backend.InvalidArgument, "load: unable to init model: %v", err)
	}
	v, err := tokenizer.Load(f)
	if err != nil {
		f.Close()
		return nil, backend.Errorf(backend.InvalidArgument, "load: unable to init vocabulary: %v", err)
	}
	if len(v.Tokens) != m.VocabSize {
		f.Close()
		return nil, backend.Errorf(backend.InvalidArgument, "load: vocabulary has %d tokens, the model %d", len(v.Tokens), m.VocabSize)
	}
	g.file, g.model, g.vocab = f, m, v
	g.logf(g.opts.EnableLog, "info", "load: %s, %d layers, dim %d, vocab %d; %s", m.Arch.Name, m.Config.Layers, m.Dim, m.VocabSize, g.opts.String())
	return g, nil
}

func (g *Graph) logf(enabled bool, level, format string, args ...any) {
	if (enabled || level == "error") && g.b.Logf != nil {
		g.b.Logf(level, format, args...)
	}
}

// Close unmaps the model. Contexts may still read their outputs; they can
// no longer compute.
func (g *Graph) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	g.model = nil
	return g.file.Close()
}

func (g *Graph) checkOpen() error {
	if g.closed {
		return backend.Errorf(backend.InvalidArgument, "the graph was unloaded")
	}
	return nil
}

// Context is one conversation: its own KV cache, sampler and outputs.
type Context struct {
	g            *Graph
	opts         Options
	state        *model.State
	sampler      *sample.Sampler
	inputs       []int
	nInputs      int
	outTokens    []int
	output       []byte
	single       bool
	contextStale bool
	pending      []float32
}

// NewContext creates an execution context with the graph's options.
func (g *Graph) NewContext() (backend.Context, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.checkOpen(); err != nil {
		return nil, err
	}
	c := &Context{g: g, opts: g.opts, contextStale: true}
	c.newSampler()
	return c, nil
}

func (c *Context) newSampler() {
	p := c.opts.Sampling
	if !c.opts.seedSet {
		p.Seed = rand.Uint64()
	}
	c.sampler = sample.New(p)
}

// Close releases the context's cache and stops its worker goroutines.
func (c *Context) Close() error {
	if c.state != nil {
		c.state.Close()
	}
	c.state = nil
	return nil
}

// SetInput takes the prompt (index 0, or any index but 1) or metadata (index 1).
func (c *Context) SetInput(index uint32, t backend.Tensor) error {
	if index == 1 {
		ch, err := c.opts.apply(t.Data)
		if err != nil {
			return fmt.Errorf("setInput: failed to parse metadata: %w", err)
		}
		if ch.context {
			c.contextStale = true
		}
		if ch.sampler {
			c.newSampler()
		}
		return nil
	}
	c.inputs = c.g.vocab.Encode(string(t.Data), true, true)
	c.nInputs = len(c.inputs)
	return nil
}

func (c *Context) ensureState() error {
	if !c.contextStale && c.state != nil {
		return nil
	}
	m := c.g.model
	n := int(c.opts.CtxSize)
	if n == 0 {
		n = m.ContextLen
	}
	kv := int64(n) * int64(m.Config.Layers) * int64(m.KVHeads*m.HeadDim) * 4
	if kv > MaxKVBytes {
		return backend.Errorf(backend.InvalidArgument, "ctx-size %d needs a %d-byte KV cache (at most %d)", n, kv, int64(MaxKVBytes))
	}
	if c.state != nil {
		c.state.Close()
	}
	c.state = m.NewState(n, int(c.opts.Threads))
	c.contextStale = false
	return nil
}

func (c *Context) clear() error {
	if err := c.ensureState(); err != nil {
		return err
	}
	c.state.Reset()
	c.newSampler()
	c.output = c.output[:0]
	c.outTokens = c.outTokens[:0]
	return nil
}

// evaluate runs tokens through the model; the logits of the last one are kept.
func (c *Context) evaluate(tokens []int) ([]float32, error) {
	if c.state.Pos+len(tokens) > c.state.Ctx {
		c.g.logf(c.opts.EnableLog, "info", "the context is full (%d / %d tokens)", c.state.Pos+len(tokens), c.state.Ctx)
		return nil, backend.Errorf(backend.ContextFull, "the context is full (%d / %d tokens); increase ctx-size", c.state.Pos+len(tokens), c.state.Ctx)
	}
	var logits []float32
	for i, t := range tokens {
		var err error
		if logits, err = c.state.Eval(t, i == len(tokens)-1); err != nil {
			return nil, backend.Errorf(backend.RuntimeError, "evaluate: %v", err)
		}
	}
	return logits, nil
}

func (c *Context) evaluateInput() ([]float32, error) {
	if len(c.inputs) == 0 {
		return nil, backend.Errorf(backend.InvalidArgument, "compute: llama input is not set")
	}
	if max := c.state.Ctx - 4; len(c.inputs) > max {
		return nil, backend.Errorf(backend.PromptTooLong, "compute: the prompt is too long: %d tokens, at most %d", len(c.inputs), max)
	}
	return c.evaluate(c.inputs)
}

// step samples a token from logits, records it and evaluates it.
func (c *Context) step(logits []float32, single bool) ([]float32, error) {
	var id int
	if best, ok := c.state.Greedy(); ok && c.sampler.IsGreedy() {
		id = best // the same pick, found with the logits
	} else {
		id = c.sampler.Sample(logits, append(c.inputs[:len(c.inputs):len(c.inputs)], c.outTokens...))
	}
	c.outTokens = append(c.outTokens, id)
	piece := c.g.vocab.Piece(id, true)
	c.output = append(c.output, piece...)
	if !single {
		if c.opts.StreamStdout {
			if c.g.b.Stdout != nil {
				c.g.b.Stdout(piece)
			} else {
				os.Stdout.Write(piece)
			}
		}
		if c.opts.ReversePrompt != "" && strings.Contains(string(c.output), c.opts.ReversePrompt) {
			return nil, backend.Errorf(backend.EndOfSequence, "reverse prompt found")
		}
	}
	if !c.opts.IgnoreEOS && c.g.vocab.IsEOG(id) {
		return nil, backend.Errorf(backend.EndOfSequence, "end of sequence")
	}
	return c.evaluate([]int{id})
}

// Compute generates the whole answer (or the embedding).
func (c *Context) Compute() error {
	c.g.mu.Lock()
	defer c.g.mu.Unlock()
	if err := c.g.checkOpen(); err != nil {
		return err
	}
	if err := c.clear(); err != nil {
		return err
	}
	if c.opts.Embedding {
		return c.embedding()
	}
	logits, err := c.evaluateInput()
	if err != nil {
		return err
	}
	for n := c.opts.NPredict; n != 0; n-- {
		if logits, err = c.step(logits, false); err != nil {
			break
		}
	}
	if backend.Code(err) == backend.EndOfSequence {
		err = nil
	}
	return err
}

func (c *Context) embedding() error {
	if int64(len(c.inputs)) > c.opts.BatchSize {
		return backend.Errorf(backend.PromptTooLong, "getEmbedding: the prompt has %d tokens, more than batch-size %d", len(c.inputs), c.opts.BatchSize)
	}
	if _, err := c.evaluateInput(); err != nil {
		return err
	}
	h := c.state.Hidden()
	var sum float64
	for _, v := range h {
		sum += float64(v) * float64(v)
	}
	norm := 0.0
	if sum > 0 {
		norm = 1 / sqrt(sum)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `{"n_embedding": %d, "embedding": [`, len(h))
	for i, v := range h {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.FormatFloat(float64(float32(float64(v)*norm)), 'g', 10, 32))
	}
	sb.WriteString("]}")
	c.output = append(c.output[:0], sb.String()...)
	return nil
}

// ComputeSingle evaluates the prompt on its first call, then generates one
// token per call; EndOfSequence (100) ends the stream, and the next call
// starts over.
func (c *Context) ComputeSingle() error {
	c.g.mu.Lock()
	defer c.g.mu.Unlock()
	if err := c.g.checkOpen(); err != nil {
		return err
	}
	if !c.single {
		c.single = true
		if err := c.clear(); err != nil {
			c.single = false
			return err
		}
		logits, err := c.evaluateInput()
		if err != nil {
			c.single = false
			return err
		}
		c.pending = logits
	}
	logits, err := c.step(c.pending, true)
	if err != nil {
		c.single = false
		return err
	}
	c.pending = logits
	return nil
}

// OutputSingle is the last token's text (index 0) or the token counts (index 1).
func (c *Context) OutputSingle(index uint32) ([]byte, error) {
	if index == 1 {
		return c.metadata(), nil
	}
	if len(c.outTokens) == 0 {
		return nil, nil
	}
	return c.g.vocab.Piece(c.outTokens[len(c.outTokens)-1], true), nil
}

// FiniSingle clears the outputs and the streaming state.
func (c *Context) FiniSingle() error {
	c.output = c.output[:0]
	c.outTokens = c.outTokens[:0]
	c.single = false
	return nil
}

// Output is the generated text (index 0) or the token counts (index 1).
func (c *Context) Output(index uint32) ([]byte, error) {
	if index == 1 {
		return c.metadata(), nil
	}
	return c.output, nil
}

func (c *Context) metadata() []byte {
	return fmt.Appendf(nil, `{"input_tokens": %d, "output_tokens": %d, "llama_build_number": %d, "llama_commit": "%s"}`,
		c.nInputs, len(c.outTokens), 0, "pureedge")
}

func sqrt(x float64) float64 { return math.Sqrt(x) }
