//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

package capi

/*
#include "capi.h"
*/
import "C"

import (
	"context"
	"reflect"
	"runtime"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/errcode"
)

// hostFunc runs a plug-in's host function: one cgo call per guest call.
type hostFunc struct {
	c *C.pe_function
	// own is the function's call slot, taken by one call at a time; calls
	// that find it busy (concurrent or recursive ones) use the pool.
	own  *callSlot
	busy atomic.Bool
	// released is set when the module instance is released: the plug-in
	// may have freed the function's data, so calls trap from then on.
	released atomic.Bool
	module   string
}

// newHostFunc wraps a function instance added to a module. The C function
// is freed once the wrapper is unreachable, not when the module is
// released, so that a guest still holding the import cannot reach freed
// memory.
func newHostFunc(c *C.pe_function, module string) *hostFunc {
	f := &hostFunc{c: c, own: callSlots.Get().(*callSlot), module: module}
	runtime.AddCleanup(f, func(c *C.pe_function) { C.pe_function_unref(c) }, c)
	return f
}

// callState is what the C API functions that call back into Go during a
// host call need: the calling module and the call's context. C reaches it
// through a cgo.Handle carried by the calling frame.
type callState struct {
	mod api.Module
	ctx context.Context

	pin    runtime.Pinner // buffers handed to C after the memory moved
	pinned bool

	nestedErr  error // the error of a guest call made through the executor
	nestedCode uint32
}

// callSlot pairs a callState with its permanent handle, so that a host call
// costs no handle allocation. Slots are pooled; a slot the pool drops
// deletes its handle when collected.
type callSlot struct {
	st *callState
	h  cgo.Handle
}

var callSlots = sync.Pool{New: func() any {
	st := &callState{}
	s := &callSlot{st: st, h: cgo.NewHandle(st)}
	runtime.AddCleanup(s, func(h cgo.Handle) { h.Delete() }, s.h)
	return s
}}

// memoryOf returns the module's memory, or nil. mod is nil when the host
// calls the function itself (VM.ExecuteRegistered, Executor.Invoke): the
// calling frame then has no module, and its memory lookups return NULL.
// wazero answers Memory() of a module without memory (a host module) with
// a typed nil.
func memoryOf(mod api.Module) api.Memory {
	if isNil(mod) {
		return nil
	}
	mem := mod.Memory()
	if isNil(mem) {
		return nil
	}
	return mem
}

// isNil reports whether v is nil or a nil pointer in an interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func callOf(h C.uintptr_t) *callState {
	if h == 0 {
		return nil
	}
	st, _ := cgo.Handle(h).Value().(*callState)
	return st
}

// refresh points the frame's memory at the current buffer of the calling
// module's memory, after it may have grown (and moved). A moved buffer is
// pinned until the host call returns, as C holds it.
func (st *callState) refresh(m *C.pe_memory) {
	mem := memoryOf(st.mod)
	if mem == nil {
		return
	}
	buf, _ := mem.Read(0, mem.Size())
	if len(buf) == 0 {
		m.base, m.len = nil, 0
		return
	}
	// Store a Go pointer into C memory only when pinned (cgocheck2 checks
	// every such store, even of the same value).
	if p := unsafe.Pointer(&buf[0]); p != unsafe.Pointer(m.base) {
		st.pin.Pin(p)
		st.pinned = true
		m.base = (*C.uint8_t)(p)
	}
	m.len = C.uint64_t(len(buf))
}

func (st *callState) reset() {
	if st.pinned {
		st.pin.Unpin()
		st.pinned = false
	}
	st.mod, st.ctx, st.nestedErr, st.nestedCode = nil, nil, nil, 0
}

// Call implements api.GoModuleFunction.
func (f *hostFunc) Call(ctx context.Context, mod api.Module, stack []uint64) {
	if f.released.Load() {
		panic(errcode.Newf(errcode.HostFuncError, "the C plug-in module instance %q was released", f.module))
	}
	slot, own := f.own, f.busy.CompareAndSwap(false, true)
	if !own {
		slot = callSlots.Get().(*callSlot)
	}
	st := slot.st
	st.mod, st.ctx = mod, ctx

	// The caller's memory is passed as an argument of the C call: it holds
	// no Go pointers, and the frame C builds on its stack keeps it only for
	// the call (cgo's rules allow exactly that).
	var base *C.uint8_t
	var size C.uint64_t
	var flags C.uint32_t
	if !isNil(mod) {
		flags |= C.PE_INVOKE_HASCALLER
	}
	var buf []byte
	if mem := memoryOf(mod); mem != nil {
		flags |= C.PE_INVOKE_HASMEM
		if n := mem.Size(); n > 0 {
			buf, _ = mem.Read(0, n)
			base, size = (*C.uint8_t)(unsafe.Pointer(&buf[0])), C.uint64_t(len(buf))
		}
	}
	var sp *C.uint64_t
	if len(stack) > 0 {
		sp = (*C.uint64_t)(unsafe.Pointer(&stack[0]))
	}
	code := uint32(C.pe_invoke(f.c, base, size, flags, sp, C.uintptr_t(slot.h)))
	runtime.KeepAlive(buf)

	nested, nestedCode := st.nestedErr, st.nestedCode
	st.reset()
	if own {
		f.busy.Store(false)
	} else {
		callSlots.Put(slot)
	}
	if code == 0 {
		return
	}
	// Panic only now, with no C frame left on the stack.
	if nested != nil && code == nestedCode {
		panic(nested)
	}
	panic(resultError(code))
}

// resultError is the panic value for a WasmEdge_Result code other than
// success: termination ends the run cleanly, anything else traps.
func resultError(code uint32) error {
	cat, c := code>>24, code&0xFFFFFF
	if cat == 0 && c == uint32(errcode.Terminated) {
		return &errcode.ExitSignal{}
	}
	return &errcode.Error{Category: errcode.Category(cat), Code: errcode.Code(c)}
}
