package wasi_nn

import (
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
)

// Tensor types accepted by set_input (WasmEdge >= 0.15 numbering).
const (
	tensorF16 = 0
	tensorF32 = 1
	tensorU8  = 3
	tensorI32 = 4
)

// load builds a graph from builders.
//
// # Parameters
//   - builders_ptr, builders_len: an array of {u32 ptr, u32 len} (8 bytes each)
//   - encoding, target: WasmEdge's enums
//   - graph_out: -> u32, the new graph id
//
// # Result (Errno)
//   - invalid_argument: graph_out, the array or a builder out of bounds; a
//     target other than CPU/GPU/TPU; an encoding WasmEdge knows that has no
//     backend here (the message names those supported); a bad model
//   - invalid_encoding: an encoding WasmEdge does not know (5, 8, >= 15)
//   - model_not_found: GGML "preload:<path>" whose file is missing
func (e *env) load(m api.Memory, a []uint32) backend.Errno {
	bptr, blen, enc, tgt, out := a[0], a[1], backend.Encoding(a[2]), backend.Target(a[3]), a[4]
	if _, ok := span(m, out, 4); !ok {
		return fail(backend.InvalidArgument, "load: graph pointer %#x out of bounds", out)
	}
	if tgt > backend.TPU {
		return fail(backend.InvalidArgument, "load: target %d is not CPU, GPU or TPU", tgt)
	}
	if uint64(blen)*8 > uint64(m.Size()) {
		return fail(backend.InvalidArgument, "load: %d builders out of bounds", blen)
	}
	arr, ok := span(m, bptr, blen*8)
	if !ok {
		return fail(backend.InvalidArgument, "load: builder array out of bounds")
	}
	builders := make([][]byte, blen)
	for i := range builders {
		p, n := le32(arr[8*i:]), le32(arr[8*i+4:])
		b, ok := span(m, p, n)
		if !ok {
			return fail(backend.InvalidArgument, "load: builder %d out of bounds", i)
		}
		builders[i] = b
	}
	return e.build(m, "", enc, tgt, builders, out)
}

// build dispatches to the backend and stores the graph id at out.
func (e *env) build(m api.Memory, name string, enc backend.Encoding, tgt backend.Target, builders [][]byte, out uint32) backend.Errno {
	be, ok := backends[enc]
	if !ok {
		switch enc {
		case backend.Autodetect, 8:
			return fail(backend.InvalidEncoding, "load: encoding %d is not supported (supported: %s)", enc, Supported())
		}
		if _, known := backend.ParseEncoding(enc.String()); known {
			return fail(backend.InvalidArgument, "load: the %s backend is not built into PureEdge (supported: %s)", enc, Supported())
		}
		return fail(backend.InvalidEncoding, "load: unknown encoding %d (supported: %s)", enc, Supported())
	}
	g, err := be.Load(builders, tgt)
	if err != nil {
		return failErr("load", err)
	}
	id, ok := e.addGraph(&graphEntry{g: g, name: name})
	if !ok {
		g.Close()
		return fail(backend.RuntimeError, "load: no graph ids left")
	}
	if name != "" {
		e.mu.Lock()
		e.byName[name] = id
		e.mu.Unlock()
	}
	m.WriteUint32Le(out, id)
	return backend.Success
}

// loadByName loads a model preloaded with --nn-preload; a name already
// loaded (and not unloaded) gives the same graph id.
//
// # Result (Errno)
//   - invalid_argument: name or graph_out out of bounds
//   - not_found: no --nn-preload entry of that name
func (e *env) loadByName(m api.Memory, a []uint32) backend.Errno {
	return e.byNameConfig(m, a[0], a[1], nil, a[2], "load_by_name")
}

// loadByNameWithConfig is loadByName with a metadata JSON appended as a
// builder (when not empty); the config is ignored for a name already loaded.
func (e *env) loadByNameWithConfig(m api.Memory, a []uint32) backend.Errno {
	cfg, ok := span(m, a[2], a[3])
	if !ok {
		return fail(backend.InvalidArgument, "load_by_name_with_config: config out of bounds")
	}
	return e.byNameConfig(m, a[0], a[1], cfg, a[4], "load_by_name_with_config")
}

func (e *env) byNameConfig(m api.Memory, nptr, nlen uint32, cfg []byte, out uint32, fn string) backend.Errno {
	if _, ok := span(m, out, 4); !ok {
		return fail(backend.InvalidArgument, "%s: graph pointer out of bounds", fn)
	}
	nb, ok := span(m, nptr, nlen)
	if !ok {
		return fail(backend.InvalidArgument, "%s: name out of bounds", fn)
	}
	name := string(nb)
	e.mu.Lock()
	if id, ok := e.byName[name]; ok {
		if g := e.graphs[id]; g != nil && !g.unloaded {
			e.mu.Unlock()
			m.WriteUint32Le(out, id)
			return backend.Success
		}
	}
	e.mu.Unlock()
	p, ok := lookupPreload(name)
	if !ok {
		return fail(backend.NotFound, "%s: no model preloaded as %q (use --nn-preload %s:GGML:AUTO:model.gguf)", fn, name, name)
	}
	builders := append([][]byte(nil), p.builders...)
	if len(cfg) > 0 {
		builders = append(builders, cfg)
	}
	return e.build(m, name, p.encoding, p.target, builders, out)
}

// initExecutionContext creates a context of graph.
//
// # Result (Errno)
//   - invalid_argument: context_out out of bounds, unknown or unloaded graph
func (e *env) initExecutionContext(m api.Memory, a []uint32) backend.Errno {
	gid, out := a[0], a[1]
	if _, ok := span(m, out, 4); !ok {
		return fail(backend.InvalidArgument, "init_execution_context: context pointer out of bounds")
	}
	g := e.graph(gid)
	if g == nil {
		return fail(backend.InvalidArgument, "init_execution_context: unknown graph %d", gid)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.unloaded {
		return fail(backend.InvalidArgument, "init_execution_context: graph %d was unloaded", gid)
	}
	c, err := g.g.NewContext()
	if err != nil {
		return failErr("init_execution_context", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.nextCtx >= 1<<32-1 {
		c.Close()
		return fail(backend.RuntimeError, "init_execution_context: no context ids left")
	}
	id := uint32(e.nextCtx)
	e.nextCtx++
	e.ctxs[id] = &contextEntry{graph: g, c: c}
	m.WriteUint32Le(out, id)
	return backend.Success
}

// live looks up a context whose graph is still loaded.
func (e *env) live(id uint32, fn string) (*contextEntry, backend.Errno) {
	c := e.context(id)
	if c == nil {
		return nil, fail(backend.InvalidArgument, "%s: unknown context %d", fn, id)
	}
	return c, backend.Success
}

// setInput gives the context its prompt (index 0) or metadata JSON (index 1).
//
// # Parameters
//   - tensor_ptr: {u32 dims_ptr, u32 dims_len, u32 type, u32 data_ptr, u32 data_len}
//
// # Result (Errno)
//   - invalid_argument: the tensor, its dimensions or data out of bounds, a
//     type other than F16/F32/U8/I32, an unknown context or unloaded graph
func (e *env) setInput(m api.Memory, a []uint32) backend.Errno {
	cid, index, tptr := a[0], a[1], a[2]
	ts, ok := span(m, tptr, 20)
	if !ok {
		return fail(backend.InvalidArgument, "set_input: tensor out of bounds")
	}
	dptr, dlen, typ, bptr, blen := le32(ts), le32(ts[4:]), le32(ts[8:]), le32(ts[12:]), le32(ts[16:])
	if uint64(dlen)*4 > uint64(m.Size()) {
		return fail(backend.InvalidArgument, "set_input: %d dimensions out of bounds", dlen)
	}
	db, ok := span(m, dptr, dlen*4)
	if !ok {
		return fail(backend.InvalidArgument, "set_input: dimensions out of bounds")
	}
	switch typ {
	case tensorF16, tensorF32, tensorU8, tensorI32:
	default:
		return fail(backend.InvalidArgument, "set_input: tensor type %d is not F16, F32, U8 or I32", typ)
	}
	data, ok := span(m, bptr, blen)
	if !ok {
		return fail(backend.InvalidArgument, "set_input: tensor data out of bounds")
	}
	c, errno := e.live(cid, "set_input")
	if c == nil {
		return errno
	}
	dims := make([]uint32, dlen)
	for i := range dims {
		dims[i] = le32(db[4*i:])
	}
	c.graph.mu.Lock()
	defer c.graph.mu.Unlock()
	if c.graph.unloaded {
		return fail(backend.InvalidArgument, "set_input: the graph of context %d was unloaded", cid)
	}
	t := backend.Tensor{Dims: dims, Type: typ, Data: append([]byte(nil), data...)}
	if err := c.c.SetInput(index, t); err != nil {
		return failErr("set_input", err)
	}
	return backend.Success
}

// compute runs the whole generation.
//
// # Result (Errno)
//   - invalid_argument: unknown context, unloaded graph, no prompt set
//   - context_full (101), prompt_too_long (102): as WasmEdge's GGML backend
func (e *env) compute(m api.Memory, a []uint32) backend.Errno {
	return e.run(a[0], "compute", func(c backend.Context) error { return c.Compute() })
}

// computeSingle generates one token; end_of_sequence (100) ends the stream.
func (e *env) computeSingle(m api.Memory, a []uint32) backend.Errno {
	return e.run(a[0], "compute_single", func(c backend.Context) error {
		s, ok := c.(backend.Streamer)
		if !ok {
			return backend.Errorf(backend.InvalidArgument, "this backend does not stream")
		}
		return s.ComputeSingle()
	})
}

func (e *env) run(cid uint32, fn string, op func(backend.Context) error) backend.Errno {
	c, errno := e.live(cid, fn)
	if c == nil {
		return errno
	}
	c.graph.mu.Lock()
	defer c.graph.mu.Unlock()
	if c.graph.unloaded {
		return fail(backend.InvalidArgument, "%s: the graph of context %d was unloaded", fn, cid)
	}
	if err := op(c.c); err != nil {
		return failErr(fn, err)
	}
	return backend.Success
}

// getOutput copies output index to out.
//
// # Result (Errno)
//   - invalid_argument: the buffer or bytes_written out of bounds, unknown context
//   - too_large: the buffer is smaller than the output; bytes_written is
//     the size needed and nothing is copied
func (e *env) getOutput(m api.Memory, a []uint32) backend.Errno {
	return e.output(m, a, "get_output", func(c backend.Context, i uint32) ([]byte, error) { return c.Output(i) })
}

// getOutputSingle copies the last token's text (0 bytes before the first).
func (e *env) getOutputSingle(m api.Memory, a []uint32) backend.Errno {
	return e.output(m, a, "get_output_single", func(c backend.Context, i uint32) ([]byte, error) {
		s, ok := c.(backend.Streamer)
		if !ok {
			return nil, backend.Errorf(backend.InvalidArgument, "this backend does not stream")
		}
		return s.OutputSingle(i)
	})
}

func (e *env) output(m api.Memory, a []uint32, fn string, get func(backend.Context, uint32) ([]byte, error)) backend.Errno {
	cid, index, optr, omax, wptr := a[0], a[1], a[2], a[3], a[4]
	buf, ok := span(m, optr, omax)
	if !ok {
		return fail(backend.InvalidArgument, "%s: output buffer out of bounds", fn)
	}
	if _, ok := span(m, wptr, 4); !ok {
		return fail(backend.InvalidArgument, "%s: bytes_written pointer out of bounds", fn)
	}
	c, errno := e.live(cid, fn)
	if c == nil {
		return errno
	}
	c.graph.mu.Lock()
	defer c.graph.mu.Unlock()
	out, err := get(c.c, index)
	if err != nil {
		return failErr(fn, err)
	}
	m.WriteUint32Le(wptr, uint32(len(out)))
	if len(out) > len(buf) {
		return fail(backend.TooLarge, "%s: output buffer too small, need %d bytes but got %d", fn, len(out), len(buf))
	}
	copy(buf, out)
	return backend.Success
}

// finiSingle ends a stream: outputs cleared, the next compute_single starts over.
func (e *env) finiSingle(m api.Memory, a []uint32) backend.Errno {
	c, errno := e.live(a[0], "fini_single")
	if c == nil {
		return errno
	}
	c.graph.mu.Lock()
	defer c.graph.mu.Unlock()
	s, ok := c.c.(backend.Streamer)
	if !ok {
		return fail(backend.InvalidArgument, "fini_single: this backend does not stream")
	}
	if err := s.FiniSingle(); err != nil {
		return failErr("fini_single", err)
	}
	return backend.Success
}

// unload releases a graph; its contexts can still read their outputs.
//
// # Result (Errno)
//   - invalid_argument: unknown or already unloaded graph
func (e *env) unload(m api.Memory, a []uint32) backend.Errno {
	gid := a[0]
	e.mu.Lock()
	g := e.graphs[gid]
	delete(e.graphs, gid)
	if g != nil && g.name != "" && e.byName[g.name] == gid {
		delete(e.byName, g.name)
	}
	e.mu.Unlock()
	if g == nil {
		return fail(backend.InvalidArgument, "unload: unknown graph %d", gid)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unloaded = true
	if err := g.g.Close(); err != nil {
		return failErr("unload", err)
	}
	return backend.Success
}

// finalizeExecutionContext removes a context.
//
// # Result (Errno)
//   - invalid_argument: unknown context
func (e *env) finalizeExecutionContext(m api.Memory, a []uint32) backend.Errno {
	cid := a[0]
	e.mu.Lock()
	c := e.ctxs[cid]
	delete(e.ctxs, cid)
	e.mu.Unlock()
	if c == nil {
		return fail(backend.InvalidArgument, "finalize_execution_context: unknown context %d", cid)
	}
	c.graph.mu.Lock()
	defer c.graph.mu.Unlock()
	c.c.Close()
	return backend.Success
}
