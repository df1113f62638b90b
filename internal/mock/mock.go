// Package mock builds the stand-in modules a VM registers for official
// plug-ins that are not loaded (and for WASI when a VM is created without
// it), from the signature tables of internal/abi.
//
// A mock has every function of the real module with its exact signature.
// Each call logs "<Name> plugin not installed. Please install the plugin and
// restart WasmEdge." and fails as WasmEdge's mock does: errno-style modules
// return the i32 1, the others trap with "host function failed" (0x40E).
//
// Mocks hold no state, so one record per module serves every VM of the
// process. The package does not import the public wasmedge package: the
// caller supplies the logger.
package mock

import (
	"context"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// Message is what a call to a mock of def logs.
func Message(def *abi.Module) string {
	if def.Instance == abi.WASIModuleName {
		return "WASI is not enabled in this VM. Please create the VM with a configuration that has WASI " +
			"(wasmedge.NewConfigure(wasmedge.WASI)) or register a WASI module."
	}
	return def.Display + " plugin not installed. Please install the plugin and restart WasmEdge."
}

// New builds a mock of def. log receives Message(def) on every call; it may
// be nil.
func New(def *abi.Module, log func(msg string)) *engine.HostModule {
	m := engine.NewHostModule(def.Instance)
	msg := Message(def)
	for _, f := range def.Funcs {
		t := engine.FuncType{Params: f.Params, Results: f.Results}
		m.AddFunc(f.Name, &engine.HostFunc{Type: t, Fn: fn(def, f, msg, log)})
	}
	return m
}

func fn(def *abi.Module, f abi.Func, msg string, log func(string)) api.GoModuleFunction {
	if def.Failure == abi.ReturnsOne && len(f.Results) == 1 && f.Results[0] == api.ValueTypeI32 {
		return api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			if log != nil {
				log(msg)
			}
			stack[0] = 1
		})
	}
	trap := &errcode.Error{Code: errcode.HostFuncError, Detail: def.Instance + "." + f.Name + ": " + msg}
	return api.GoModuleFunc(func(_ context.Context, _ api.Module, _ []uint64) {
		if log != nil {
			log(msg)
		}
		panic(trap)
	})
}
