package engine

import (
	"context"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

// meterInstance returns the runtime's instance of the meter's host module,
// which instrumented modules import their check function from.
func (rt *Runtime) meterInstance(ctx context.Context) (api.Module, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.meter != nil {
		return rt.meter, nil
	}
	check := &HostFunc{
		Type: FuncType{Params: []api.ValueType{api.ValueTypeI32}},
		Fn: api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
			meter.Check(ctx, mod, int32(uint32(stack[0])))
		}),
	}
	mod, err := rt.instantiateFuncs(ctx, meter.ImportModule, map[string]*HostFunc{meter.ImportCheck: check})
	if err != nil {
		return nil, err
	}
	rt.meter = mod
	return mod, nil
}

// Interrupted is the error with which a host call that returns after the
// run's context is done stops the run.
func Interrupted() error { return errcode.New(errcode.Interrupted, "execution interrupted") }

// chargeHost wraps a host function: a function with a cost charges it to
// the run's statistics per call (past the limit the call fails with "cost
// limit exceeded", 0x0003, without running), and a call that returns after
// the run's context is done (its time limit passed, or Async.Cancel) stops
// the run with "execution interrupted" (0x0007) at once, as WasmEdge stops
// at the next instruction.
func chargeHost(f *HostFunc) api.GoModuleFunction {
	fn, cost := f.Fn, f.Cost
	if cost == 0 && f.ChecksContext {
		return fn
	}
	return api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
		if cost != 0 && !meter.ChargeHost(ctx, mod, cost) {
			panic(errcode.New(errcode.CostLimitExceeded, "cost limit exceeded"))
		}
		fn.Call(ctx, mod, stack)
		if ctx.Err() != nil {
			panic(Interrupted())
		}
	})
}
