package wasi_nn

import (
	"context"
	"encoding/binary"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
	"github.com/pureedge/pureedge/wasmedge"
)

// graphEntry is a loaded graph: its backend graph and the mutex that
// serializes every operation on it, as WasmEdge's per-graph lock.
type graphEntry struct {
	mu       sync.Mutex
	g        backend.Graph
	unloaded bool
	name     string
}

type contextEntry struct {
	graph *graphEntry
	c     backend.Context
}

// env is the state of one module instance.
type env struct{ *tables }

// tables are the two handle tables of a module instance; ids start at 0,
// grow by one and are never reused.
type tables struct {
	mu        sync.Mutex
	graphs    map[uint32]*graphEntry
	nextGraph uint64
	ctxs      map[uint32]*contextEntry
	nextCtx   uint64
	byName    map[string]uint32
}

func (e *env) addGraph(g *graphEntry) (uint32, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.nextGraph >= 1<<32-1 {
		return 0, false
	}
	id := uint32(e.nextGraph)
	e.nextGraph++
	e.graphs[id] = g
	return id, true
}

func (e *env) graph(id uint32) *graphEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.graphs[id]
}

func (e *env) context(id uint32) *contextEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ctxs[id]
}

// closeAll releases every graph and context (the module was collected).
func (e *tables) closeAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.ctxs {
		c.c.Close()
	}
	for _, g := range e.graphs {
		g.g.Close()
	}
	clear(e.ctxs)
	clear(e.graphs)
}

func newModule() *wasmedge.Module {
	e := newEnv()
	mod := wasmedge.NewModule(InstanceName)
	i32 := wasmedge.NewValTypeI32()
	typ := func(n int) *wasmedge.FunctionType {
		p := make([]*wasmedge.ValType, n)
		for i := range p {
			p[i] = i32
		}
		return wasmedge.NewFunctionType(p, []*wasmedge.ValType{i32})
	}
	add := func(name string, n int, fn func(e *env, m api.Memory, args []uint32) backend.Errno) {
		mod.AddFunction(name, wasmedge.NewFastFunction(typ(n),
			func(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
				if caller == nil || caller.Memory() == nil {
					logf("error", "%s: the caller has no memory", name)
					return wasmedge.Result_Fail
				}
				var args [5]uint32
				for i := 0; i < n; i++ {
					args[i] = api.DecodeU32(stack[i])
				}
				stack[0] = api.EncodeU32(uint32(fn(e, caller.Memory(), args[:n])))
				return wasmedge.Result_Success
			}, 0))
	}
	add("load", 5, (*env).load)
	add("init_execution_context", 2, (*env).initExecutionContext)
	add("set_input", 3, (*env).setInput)
	add("get_output", 5, (*env).getOutput)
	add("compute", 1, (*env).compute)
	add("load_by_name", 3, (*env).loadByName)
	add("load_by_name_with_config", 5, (*env).loadByNameWithConfig)
	add("compute_single", 1, (*env).computeSingle)
	add("get_output_single", 5, (*env).getOutputSingle)
	add("fini_single", 1, (*env).finiSingle)
	add("unload", 1, (*env).unload)
	add("finalize_execution_context", 1, (*env).finalizeExecutionContext)
	return mod
}

// newEnv returns an empty instance state. Its graphs (mapped model files)
// and contexts (KV caches) are released when the module's functions, which
// hold the env, are collected.
func newEnv() *env {
	t := &tables{graphs: map[uint32]*graphEntry{}, ctxs: map[uint32]*contextEntry{}, byName: map[string]uint32{}}
	e := &env{t}
	runtime.AddCleanup(e, func(t *tables) { t.closeAll() }, t)
	return e
}

// span is guest memory [ptr, ptr+n), or false when out of bounds
// (ptr+n > size, in 64 bits: ptr == size with n == 0 is in bounds).
func span(m api.Memory, ptr, n uint32) ([]byte, bool) {
	if uint64(ptr)+uint64(n) > uint64(m.Size()) {
		return nil, false
	}
	if n == 0 {
		return []byte{}, true
	}
	return m.Read(ptr, n)
}

func fail(code backend.Errno, format string, args ...any) backend.Errno {
	logf("error", format, args...)
	return code
}

func failErr(fn string, err error) backend.Errno {
	code := backend.Code(err)
	if code != backend.EndOfSequence {
		logf("error", "%s: %v", fn, err)
	}
	return code
}

func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
