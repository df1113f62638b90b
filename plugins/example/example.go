// Package example is a small PureEdge plug-in written in Go, and the
// template of the plug-in guide (plugins/README.md).
//
// Importing it registers the plug-in "example":
//
//	import _ "github.com/pureedge/pureedge/plugins/example"
//
// Every VM created afterwards then has the module "example_math", which
// guests import:
//
//	add(a i32, b i32) -> i32          a + b + the --example-offset option
//	sum_bytes(ptr i32, len i32) -> i32 the sum of the guest's bytes [ptr, ptr+len)
//
// The option --example-offset (an integer, default 0) is set on the wasmedge
// command line or with wasmedge.SetPluginOption("example", "example-offset",
// "10"); a module reads it when it is created.
package example

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// The names the plug-in registers.
const (
	PluginName   = "example"
	ModuleName   = "example_math"
	OptionOffset = "example-offset"
)

// options is the plug-in's global option storage. Option setters may run on
// any goroutine, so it is guarded; modules copy what they need when they are
// created.
var options struct {
	sync.Mutex
	offset int32
}

func init() {
	// A second plug-in of the same name (another copy of this package, or a
	// shared library loaded earlier) keeps the name: the error says so, and
	// there is nothing else to do about it.
	_ = wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "An example plug-in: integer addition and a sum over guest memory.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 1, Patch: 0, Build: 0},
		Modules: []wasmedge.PluginModuleDescriptor{{
			Name:        ModuleName,
			Description: "add and sum_bytes",
			Create:      newModule,
		}},
		Options: []wasmedge.PluginOption{{
			Name:        OptionOffset,
			Description: "an integer added to every result of add",
			Type:        wasmedge.PluginOptionString,
			Set:         setOffset,
		}},
	})
}

func setOffset(v string) error {
	n, err := strconv.ParseInt(v, 0, 32)
	if err != nil {
		return fmt.Errorf("not a 32-bit integer: %q", v)
	}
	options.Lock()
	options.offset = int32(n)
	options.Unlock()
	return nil
}

// newModule creates a fresh module instance; it runs once per VM (and per
// CreateModule call), so it must not share mutable state between
// instances other than the options.
func newModule() *wasmedge.Module {
	options.Lock()
	offset := options.offset
	options.Unlock()

	mod := wasmedge.NewModule(ModuleName)
	i32 := wasmedge.NewValTypeI32()
	ii2i := wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32}, []*wasmedge.ValType{i32})

	// add uses the typed fast path: parameters and results are wazero stack
	// slots, with no boxing and no allocation per call.
	mod.AddFunction("add", wasmedge.NewFastFunction(ii2i,
		func(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
			a, b := api.DecodeI32(stack[0]), api.DecodeI32(stack[1])
			stack[0] = api.EncodeI32(a + b + offset)
			return wasmedge.Result_Success
		}, 0))

	// sum_bytes uses the WasmEdge SDK's callback and reads the caller's
	// memory through the calling frame. A range outside the memory traps.
	mod.AddFunction("sum_bytes", wasmedge.NewFunction(ii2i, sumBytes, nil, 0))
	return mod
}

func sumBytes(_ interface{}, frame *wasmedge.CallingFrame, params []interface{}) ([]interface{}, wasmedge.Result) {
	mem := frame.GetMemoryByIndex(0)
	if mem == nil {
		return nil, wasmedge.Result_Fail // called from the host, or the guest has no memory
	}
	ptr, n := uint32(params[0].(int32)), uint32(params[1].(int32))
	buf, err := mem.GetData(uint(ptr), uint(n))
	if err != nil {
		return nil, wasmedge.Result_Fail
	}
	var sum int32
	for _, b := range buf {
		sum += int32(b)
	}
	return []interface{}{sum}, wasmedge.Result_Success
}
