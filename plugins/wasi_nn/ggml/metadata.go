package ggml

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"

	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml/sample"
)

// Options are the settings WasmEdge's GGML backend reads from the metadata
// JSON (builder 1 of load, or set_input index 1). Keys this backend has no
// use for (GPU layers, mmproj, grammar, ...) are accepted and ignored, as
// WasmEdge ignores unknown keys.
type Options struct {
	EnableLog      bool
	EnableDebugLog bool
	StreamStdout   bool
	Embedding      bool
	NPredict       int64 // -1: until end of sequence or context full
	CtxSize        int64 // 0: the model's context length
	BatchSize      int64
	Threads        int64
	ReversePrompt  string
	IgnoreEOS      bool
	Sampling       sample.Params
	seedSet        bool
}

// DefaultOptions are llama.cpp's common_params defaults, as WasmEdge starts from.
func DefaultOptions() Options {
	return Options{
		NPredict:  -1,
		CtxSize:   4096,
		BatchSize: 2048,
		Threads:   int64(max(1, min(runtime.NumCPU(), 4))),
		Sampling:  sample.Defaults(),
	}
}

// changes reports which parts a metadata update touched.
type changes struct{ context, sampler bool }

// apply parses a metadata document into o.
func (o *Options) apply(doc []byte) (changes, error) {
	var ch changes
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		return ch, backend.Errorf(backend.InvalidEncoding, "parse metadata error: %v", err)
	}
	var err error
	boolKey := func(k string, dst *bool) {
		if raw, ok := m[k]; ok && err == nil {
			if e := json.Unmarshal(raw, dst); e != nil {
				err = backend.Errorf(backend.InvalidArgument, "metadata %q: want a boolean", k)
			}
		}
	}
	num := func(k string) (float64, bool) {
		raw, ok := m[k]
		if !ok || err != nil {
			return 0, false
		}
		var f float64
		if e := json.Unmarshal(raw, &f); e != nil || math.IsNaN(f) {
			err = backend.Errorf(backend.InvalidArgument, "metadata %q: want a number", k)
			return 0, false
		}
		return f, true
	}
	intKey := func(k string, dst *int64, lo, hi int64) bool {
		f, ok := num(k)
		if !ok {
			return false
		}
		if f < float64(lo) || f > float64(hi) || f != math.Trunc(f) {
			err = backend.Errorf(backend.InvalidArgument, "metadata %q: %v is out of range [%d, %d]", k, f, lo, hi)
			return false
		}
		if *dst != int64(f) {
			*dst = int64(f)
			return true
		}
		return false
	}
	nonNeg := func(k string, dst *float64) bool {
		f, ok := num(k)
		if !ok {
			return false
		}
		f = max(0, f)
		if *dst != f {
			*dst = f
			return true
		}
		return false
	}
	boolKey("enable-log", &o.EnableLog)
	boolKey("enable-debug-log", &o.EnableDebugLog)
	boolKey("stream-stdout", &o.StreamStdout)
	boolKey("ignore-eos", &o.IgnoreEOS)
	var emb = o.Embedding
	boolKey("embedding", &emb)
	o.Embedding = emb
	intKey("n-predict", &o.NPredict, math.MinInt32, math.MaxInt32)
	if intKey("ctx-size", &o.CtxSize, 0, 1<<24) {
		ch.context = true
	}
	if intKey("batch-size", &o.BatchSize, 1, 1<<24) {
		ch.context = true
	}
	if intKey("threads", &o.Threads, 1, 1024) {
		ch.context = true
	}
	var topK = int64(o.Sampling.TopK)
	var lastN = int64(o.Sampling.RepeatLastN)
	var seed int64
	if o.seedSet {
		seed = int64(o.Sampling.Seed)
	}
	ch.sampler = nonNeg("temp", &o.Sampling.Temp) || ch.sampler
	ch.sampler = nonNeg("top-p", &o.Sampling.TopP) || ch.sampler
	ch.sampler = nonNeg("min-p", &o.Sampling.MinP) || ch.sampler
	ch.sampler = nonNeg("repeat-penalty", &o.Sampling.RepeatPenalty) || ch.sampler
	ch.sampler = nonNeg("presence-penalty", &o.Sampling.PresencePenalty) || ch.sampler
	ch.sampler = nonNeg("frequency-penalty", &o.Sampling.FrequencyPenalty) || ch.sampler
	ch.sampler = intKey("top-k", &topK, math.MinInt32, math.MaxInt32) || ch.sampler
	ch.sampler = intKey("last-n-penalty", &lastN, -1, math.MaxInt32) || ch.sampler
	if intKey("seed", &seed, math.MinInt64, math.MaxInt64) || (m["seed"] != nil && !o.seedSet) {
		ch.sampler = true
		o.seedSet = true
		o.Sampling.Seed = uint64(seed)
	}
	o.Sampling.TopK, o.Sampling.RepeatLastN = int(topK), int(lastN)
	if raw, ok := m["reverse-prompt"]; ok && err == nil {
		if e := json.Unmarshal(raw, &o.ReversePrompt); e != nil {
			err = backend.Errorf(backend.InvalidArgument, "metadata \"reverse-prompt\": want a string")
		}
	}
	if err != nil {
		return ch, err
	}
	return ch, nil
}

func (o *Options) String() string {
	return fmt.Sprintf("ctx-size=%d batch-size=%d threads=%d n-predict=%d temp=%g top-k=%d top-p=%g",
		o.CtxSize, o.BatchSize, o.Threads, o.NPredict, o.Sampling.Temp, o.Sampling.TopK, o.Sampling.TopP)
}
