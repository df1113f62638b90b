//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

package capi

// The C API functions that need Go state, called from capi.c. This file's
// preamble may only declare: it is copied into _cgo_export.c.

/*
#include <stdlib.h>
#include "capi.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"runtime/cgo"
	"sort"
	"sync"
	"unsafe"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// cModule is the Go side of a module instance a plug-in created: the
// engine record guests import, and the C function instances it owns.
type cModule struct {
	c  *C.pe_module
	h  cgo.Handle
	hm *engine.HostModule

	mu     sync.Mutex
	funcs  map[string]*C.pe_function // current exports
	all    []*C.pe_function          // functions added without a wrapper, freed on release
	gofns  []*hostFunc               // wrappers of the functions added
	cnames map[string]*C.char        // C copies of export names (ListFunction)
	err    error                     // first function PureEdge cannot run
}

func moduleState(h C.uintptr_t) (st *cModule) {
	if h == 0 {
		return nil
	}
	defer func() {
		if recover() != nil { // a deleted handle
			st = nil
		}
	}()
	st, _ = cgo.Handle(h).Value().(*cModule)
	return st
}

func (st *cModule) failure() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// release runs when the engine record is closed: it runs the plug-in's
// finalizer and frees the C module. Its functions trap from then on; their
// C side is freed when the wrappers are collected.
func (st *cModule) release() {
	C.pe_module_release(st.c) // the plug-in's finalizer runs here
	st.mu.Lock()
	all, gofns, names := st.all, st.gofns, st.cnames
	st.all, st.gofns, st.cnames, st.funcs = nil, nil, nil, nil
	st.mu.Unlock()
	for _, f := range gofns {
		f.released.Store(true)
	}
	for _, f := range all {
		C.pe_function_unref(f)
	}
	for _, n := range names {
		C.free(unsafe.Pointer(n))
	}
	st.h.Delete()
}

//export pureedgeCapiModuleNew
func pureedgeCapiModuleNew(cm *C.pe_module) C.uintptr_t {
	hm := engine.NewHostModule(C.GoStringN(cm.name, C.int(cm.name_len)))
	if cm.host_data != nil {
		// Kept as an integer: the plug-in's pointer is not the GC's business.
		hm.Data = uintptr(cm.host_data)
	}
	st := &cModule{c: cm, hm: hm, funcs: map[string]*C.pe_function{}, cnames: map[string]*C.char{}}
	st.h = cgo.NewHandle(st)
	hm.OnClose(st.release)
	return C.uintptr_t(st.h)
}

//export pureedgeCapiModuleAddFunction
func pureedgeCapiModuleAddFunction(h C.uintptr_t, name *C.char, n C.uint32_t, f *C.pe_function) {
	st := moduleState(h)
	if st == nil {
		C.pe_function_unref(f)
		return
	}
	fname := C.GoStringN(name, C.int(n))
	ft := f._type
	params, perr := goTypes(unsafe.Slice(ft.pc, ft.np))
	results, rerr := goTypes(unsafe.Slice(ft.rc, ft.nr))
	st.mu.Lock()
	if st.cnames[fname] == nil {
		st.cnames[fname] = C.CString(fname)
	}
	if perr != nil || rerr != nil {
		st.all = append(st.all, f)
		if st.err == nil {
			st.err = fmt.Errorf("function %q: %w", fname, errors.Join(perr, rerr))
		}
		st.mu.Unlock()
		return
	}
	hf := newHostFunc(f, st.hm.Name())
	st.gofns = append(st.gofns, hf)
	st.funcs[fname] = f
	st.mu.Unlock()
	st.hm.AddFunc(fname, &engine.HostFunc{
		Type: engine.FuncType{Params: params, Results: results},
		Fn:   hf,
		Cost: uint64(f.cost),
	})
}

func goTypes(codes []C.uint8_t) ([]api.ValueType, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	out := make([]api.ValueType, len(codes))
	for i, c := range codes {
		if c == 0 {
			return nil, fmt.Errorf("value type %d is not one of i32, i64, f32, f64, v128, funcref, externref", i)
		}
		out[i] = api.ValueType(c)
	}
	return out, nil
}

//export pureedgeCapiModuleDelete
func pureedgeCapiModuleDelete(h C.uintptr_t) {
	if st := moduleState(h); st != nil {
		st.hm.Close(context.Background())
	}
}

//export pureedgeCapiModuleFindFunction
func pureedgeCapiModuleFindFunction(h C.uintptr_t, name *C.char, n C.uint32_t) *C.pe_function {
	st := moduleState(h)
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.funcs[C.GoStringN(name, C.int(n))]
}

//export pureedgeCapiModuleListFunctions
func pureedgeCapiModuleListFunctions(h C.uintptr_t, names *C.WasmEdge_String, n C.uint32_t) C.uint32_t {
	st := moduleState(h)
	if st == nil {
		return 0
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	keys := make([]string, 0, len(st.funcs))
	for k := range st.funcs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if names != nil {
		out := unsafe.Slice(names, n)
		for i := 0; i < len(keys) && i < len(out); i++ {
			out[i].Length = C.uint32_t(len(keys[i]))
			out[i].Buf = st.cnames[keys[i]]
		}
	}
	return C.uint32_t(len(keys))
}

// ---- Calls back from inside a host function ------------------------------

//export pureedgeCapiMemoryGrow
func pureedgeCapiMemoryGrow(call C.uintptr_t, m *C.pe_memory, pages C.uint32_t) (code C.uint32_t) {
	defer recoverCode(&code, errcode.MemoryOutOfBounds)
	st := callOf(call)
	if st == nil || st.mod == nil {
		return C.uint32_t(errcode.WrongVMWorkflow)
	}
	mem := memoryOf(st.mod)
	if mem == nil {
		return C.uint32_t(errcode.MemoryOutOfBounds)
	}
	if _, ok := mem.Grow(uint32(pages)); !ok {
		return C.uint32_t(errcode.MemoryOutOfBounds)
	}
	st.refresh(m)
	return 0
}

//export pureedgeCapiCallerMemory
func pureedgeCapiCallerMemory(call C.uintptr_t, name *C.char, n C.uint32_t) (ok C.int) {
	defer recoverCode(&ok, 0)
	st := callOf(call)
	if st == nil || st.mod == nil {
		return 0
	}
	if st.mod.ExportedMemory(C.GoStringN(name, C.int(n))) == nil {
		return 0
	}
	return 1
}

//export pureedgeCapiCallerFunction
func pureedgeCapiCallerFunction(call C.uintptr_t, fr *C.pe_frame, name *C.char, n C.uint32_t) (f *C.pe_function) {
	defer func() {
		if recover() != nil {
			f = nil
		}
	}()
	st := callOf(call)
	if st == nil || st.mod == nil {
		return nil
	}
	fn := st.mod.ExportedFunction(C.GoStringN(name, C.int(n)))
	if fn == nil {
		return nil
	}
	def := fn.Definition()
	codes := make([]byte, 0, len(def.ParamTypes())+len(def.ResultTypes())+1)
	for _, t := range def.ParamTypes() {
		codes = append(codes, t)
	}
	for _, t := range def.ResultTypes() {
		codes = append(codes, t)
	}
	codes = append(codes, 0) // never empty, so &codes[0] is valid
	np := len(def.ParamTypes())
	return C.pe_guest_function(fr, name, n, C.uint32_t(np), (*C.uint8_t)(&codes[0]),
		C.uint32_t(len(def.ResultTypes())), (*C.uint8_t)(&codes[np]))
}

//export pureedgeCapiInvokeGuest
func pureedgeCapiInvokeGuest(call C.uintptr_t, m *C.pe_memory, name *C.char, n C.uint32_t,
	stack *C.uint64_t, ns C.uint32_t) (code C.uint32_t) {
	defer recoverCode(&code, errcode.HostFuncError)
	st := callOf(call)
	if st == nil || st.mod == nil {
		return C.uint32_t(errcode.WrongVMWorkflow)
	}
	fn := st.mod.ExportedFunction(C.GoStringN(name, C.int(n)))
	if fn == nil {
		return C.uint32_t(errcode.FuncNotFound)
	}
	var s []uint64
	if ns > 0 {
		s = unsafe.Slice((*uint64)(unsafe.Pointer(stack)), ns)
	}
	err := fn.CallWithStack(st.ctx, s)
	st.refresh(m) // the guest may have grown its memory
	if err == nil {
		return 0
	}
	// Keep the error: if the plug-in passes the code on, the host call ends
	// with this very error (an exit code, a trap's details).
	raw := uint32(errcode.Terminated)
	if e := errcode.FromExecution(err); e != nil {
		raw = e.Raw()
	}
	st.nestedErr, st.nestedCode = err, raw
	return C.uint32_t(raw)
}

// recoverCode turns a panic in a callback into an error code: a Go panic
// must not unwind through the plug-in's C frames.
func recoverCode[T ~uint32 | ~int32](code *T, onPanic errcode.Code) {
	if recover() != nil {
		*code = T(onPanic)
	}
}

// ---- Stateless helpers that live in Go ----------------------------------

var messages sync.Map // message -> *C.char, never freed

//export pureedgeCapiResultMessage
func pureedgeCapiResultMessage(code C.uint32_t) *C.char {
	msg := "user defined error code"
	if code>>24 == 0 {
		msg = errcode.Code(code & 0xFFFFFF).Message()
	}
	if p, ok := messages.Load(msg); ok {
		return p.(*C.char)
	}
	c := C.CString(msg)
	p, loaded := messages.LoadOrStore(msg, c)
	if loaded {
		C.free(unsafe.Pointer(c))
	}
	return p.(*C.char)
}

//export pureedgeCapiLogLevel
func pureedgeCapiLogLevel(level C.int) { setLogLevel(LogLevel(level)) }
