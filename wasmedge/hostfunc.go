package wasmedge

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

// hostFunctionSignature is the SDK's host-function callback: data is the
// value given to NewFunction, params hold one Go value per parameter, and the
// returned values are written to the results by their Go types.
type hostFunctionSignature func(data interface{}, callframe *CallingFrame, params []interface{}) ([]interface{}, Result)

// FastHostFunction is the typed fast path for host functions: no boxing and
// no allocation. Parameters are read from stack and results written back to
// it, encoded as in wazero's api package (api.DecodeI32, api.EncodeF64, ...;
// a v128 takes two slots, low half first). caller is the calling module
// instance; its Memory() is the guest's memory. It is nil when the function
// is invoked directly from the host. The returned Result works as in the
// SDK's callback: Result_Success returns, Result_Terminate ends the run
// cleanly, anything else traps with that code.
type FastHostFunction func(ctx context.Context, caller api.Module, stack []uint64) Result

// CallingFrame is what a host function sees of its caller. It is valid only
// during the call.
type CallingFrame struct {
	ctx context.Context
	mod api.Module
}

// GetExecutor returns the executor running the call, which can invoke other
// functions re-entrantly.
func (self *CallingFrame) GetExecutor() *Executor {
	var e *Executor
	if self.ctx != nil {
		e = executorOf(self.ctx)
	}
	if e == nil {
		return &Executor{conf: defaultConfigure(), ctx: self.ctx}
	}
	return e
}

// GetModule returns the module instance of the calling Wasm function, or nil
// when the host function was invoked directly.
func (self *CallingFrame) GetModule() *Module {
	if self.mod == nil {
		return nil
	}
	return &Module{guestMod: self.mod}
}

// GetMemoryByIndex returns memory idx of the calling module, or nil. Only
// index 0 exists without the multi-memory proposal.
func (self *CallingFrame) GetMemoryByIndex(idx int) *Memory {
	if self.mod == nil || idx != 0 {
		return nil
	}
	mem := self.mod.Memory()
	if isNil(mem) {
		return nil // wazero's Memory() of a module without one is a typed nil
	}
	return &Memory{guest: mem}
}

// Context returns the context of the running call (an addition to the SDK
// API).
func (self *CallingFrame) Context() context.Context { return self.ctx }

// sdkHostFunc adapts the SDK callback to wazero's calling convention. Each
// call gets a parameter slice of its own from a slab and a reused frame (see
// callSlots): no allocation and no atomic instruction per call for numeric
// parameters.
func sdkHostFunc(name *string, ftype engine.FuncType, fn hostFunctionSignature, data interface{}) api.GoModuleFunction {
	results := ftype.Results
	slots := newCallSlots(ftype.Params)
	// The runtime is needed only to decode or encode function references.
	needRT := !slots.numOnly || slices.Contains(results, engine.ValueTypeFuncref)
	return api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
		var rt *engine.Runtime
		if needRT {
			rt = engine.RuntimeOf(mod)
		}
		st, args := slots.begin(ctx, mod, stack, rt)
		// A Go panic in the callback becomes a "host function failed"
		// error instead of a crash (the C SDK aborts the process). The
		// deferred check costs less than a recover on every return; it
		// recovers only while the callback runs, not the panics below.
		inCallback := true
		defer func() {
			if inCallback {
				hostPanicked(*name, recover(), slots, st)
			}
		}()
		rets, res := fn(data, &st.frame, args)
		inCallback = false
		cancellable := st.cancellable
		slots.end(st)
		if !res.isOK() {
			panic(&errcode.Error{Category: errcode.Category(res.code >> 24), Code: errcode.Code(res.code & 0xFFFFFF)})
		}
		writeResults(ctx, rt, stack, results, rets)
		if res.code == Result_Terminate.code {
			panic(&errcode.ExitSignal{})
		}
		// The engine leaves this check to the function (ChecksContext):
		// a context that can never be done needs none.
		if cancellable && ctx.Err() != nil {
			panic(engine.Interrupted())
		}
	})
}

// hostPanicked ends the call of an SDK callback that panicked with r (nil
// for runtime.Goexit, which goes on): it logs the panic and fails the call
// with "host function failed".
func hostPanicked(name string, r any, slots *callSlots, st *callState) {
	slots.end(st)
	if r == nil {
		return
	}
	logf(logLevelError, "host function %s panicked: %v", name, r)
	panic(&errcode.Error{Code: errcode.HostFuncError})
}

// writeResults stores host-function returns by their Go types into the
// declared result slots, as the SDK does: extra values are ignored and
// missing ones leave zeros.
func writeResults(ctx context.Context, rt *engine.Runtime, stack []uint64, results []api.ValueType, rets []interface{}) {
	for i, s := 0, 0; i < len(results); i++ {
		t := results[i]
		var lo, hi uint64
		if i < len(rets) && rets[i] != nil {
			if v, ok := rets[i].(int32); ok && t == api.ValueTypeI32 {
				lo = uint64(uint32(v)) // the usual case, without the type switch
				stack[s] = lo
				s++
				continue
			}
			lo, hi, _, _ = encodeValue(rets[i])
			if r, isRef := rets[i].(FuncRef); isRef && r.fn != nil {
				var err error
				if lo, err = r.refBits(ctx, rt); err != nil {
					panic(errcode.New(errcode.HostFuncError, "returning a function reference: "+err.Error()))
				}
			}
		}
		stack[s] = lo
		s++
		if t == engine.ValueTypeV128 {
			stack[s] = hi
			s++
		}
	}
}

// isNil reports whether an interface holds nil or a nil pointer.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// fastHostFunc adapts a FastHostFunction. A Go panic in fn is not
// recovered here (a deferred recover costs every call): wazero recovers it,
// and errcode.FromExecution reports it as "host function failed" (0x40E).
func fastHostFunc(fn FastHostFunction) api.GoModuleFunction {
	return api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
		if r := fn(ctx, mod, stack); r.code != 0 {
			if r.code == Result_Terminate.code {
				panic(&errcode.ExitSignal{})
			}
			panic(&errcode.Error{Category: errcode.Category(r.code >> 24), Code: errcode.Code(r.code & 0xFFFFFF)})
		}
	})
}

// NewFunction creates a host function of the given type from the SDK
// callback. additional is handed to every call as data; cost is the gas a
// call charges when cost measuring is on. It returns nil for a nil type.
func NewFunction(ftype *FunctionType, fn hostFunctionSignature, additional interface{}, cost uint) *Function {
	if ftype == nil || fn == nil {
		return nil
	}
	t := ftype.engineType()
	f := &Function{ftype: t, own: true}
	f.host = &engine.HostFunc{Type: t, Fn: sdkHostFunc(&f.name, t, fn, additional), Cost: uint64(cost), Owner: f,
		ChecksContext: true}
	return f
}

// NewFastFunction creates a host function from the typed fast path (an
// addition to the SDK API; see FastHostFunction).
func NewFastFunction(ftype *FunctionType, fn FastHostFunction, cost uint) *Function {
	if ftype == nil || fn == nil {
		return nil
	}
	t := ftype.engineType()
	f := &Function{ftype: t, own: true}
	f.host = &engine.HostFunc{Type: t, Fn: fastHostFunc(fn), Cost: uint64(cost), Owner: f}
	return f
}

// invokeHost calls a host function directly from the host, with no calling
// module.
func invokeHost(ctx context.Context, h *engine.HostFunc, stack []uint64) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			err = &errcode.HostPanic{Value: r}
		}
	}()
	if h.Fn == nil {
		return errcode.New(errcode.FuncNotFound, "the function cannot be invoked from the host")
	}
	if !meter.ChargeHost(ctx, nil, h.Cost) {
		return errcode.New(errcode.CostLimitExceeded, "cost limit exceeded")
	}
	h.Fn.Call(ctx, nil, stack)
	return nil
}

type executorKey struct{}

func executorOf(ctx context.Context) *Executor {
	e, _ := ctx.Value(executorKey{}).(*Executor)
	return e
}

func withExecutor(ctx context.Context, e *Executor) context.Context {
	ctx = context.WithValue(ctx, executorKey{}, e)
	if e.conf.instrCount || e.conf.costMeasure {
		ctx = meter.WithStats(ctx, e.stats.m)
	}
	return ctx
}

// stackFor encodes params for a call, checking them against the signature
// as WasmEdge's executor does: the count and each type must match.
// A FuncRef made by NewFuncRef becomes the engine's reference in rt.
func stackFor(ctx context.Context, rt *engine.Runtime, t engine.FuncType, params []interface{}) ([]uint64, error) {
	if len(params) != len(t.Params) {
		return nil, fail(errcode.FuncSigMismatch,
			fmt.Sprintf("expected %d arguments, got %d", len(t.Params), len(params)))
	}
	stack := make([]uint64, max(engine.Slots(t.Params), engine.Slots(t.Results)))
	s := 0
	for i, p := range params {
		lo, hi, vt, ok := encodeValue(p)
		if !ok || vt != t.Params[i] {
			return nil, fail(errcode.FuncSigMismatch,
				fmt.Sprintf("argument %d: a Go %T does not fit a %s parameter", i, p, valType(t.Params[i])))
		}
		if r, isRef := p.(FuncRef); isRef {
			var err error
			if lo, err = r.refBits(ctx, rt); err != nil {
				return nil, asResult(err)
			}
		}
		stack[s] = lo
		s++
		if vt == engine.ValueTypeV128 {
			stack[s] = hi
			s++
		}
	}
	return stack, nil
}

// resultsFrom decodes the result slots of a call.
func resultsFrom(t engine.FuncType, stack []uint64, rt *engine.Runtime) []interface{} {
	return decodeValues(t.Results, stack, rt)
}

// decodeValues converts the stack slots of a list of values (parameters or
// results) to Go values by their types; a v128 takes two slots. Function
// references are those of rt.
func decodeValues(types []api.ValueType, stack []uint64, rt *engine.Runtime) []interface{} {
	out := make([]interface{}, len(types))
	decodeInto(out, types, stack, rt)
	return out
}

// decodeInto is decodeValues into out, which has one element per type.
func decodeInto(out []interface{}, types []api.ValueType, stack []uint64, rt *engine.Runtime) {
	for i, s := 0, 0; i < len(types); i++ {
		if t := types[i]; t == engine.ValueTypeV128 {
			out[i] = V128{low: stack[s], high: stack[s+1]}
			s += 2
		} else {
			out[i] = decodeValue(t, stack[s], 0, rt)
			s++
		}
	}
}
