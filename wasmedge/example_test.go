package wasmedge_test

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// Run a WASI command, as the wasmedge CLI does.
func ExampleVM_RunWasmFile() {
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	conf.Release()
	defer vm.Release()

	wasi := vm.GetImportModule(wasmedge.WASI)
	wasi.InitWasi([]string{"hello.wasm"}, nil, nil)
	if _, err := vm.RunWasmFile("../examples/hello/hello.wasm", "_start"); err != nil {
		fmt.Println("run failed:", err)
	}
	fmt.Println("exit code:", wasi.WasiGetExitCode())
	// Output:
	// Hello from PureEdge, WebAssembly without C++!
	// exit code: 0
}

// A host module with a function written with the SDK's callback: values
// arrive and leave boxed in []interface{}.
func ExampleNewFunction() {
	vm := wasmedge.NewVM()
	defer vm.Release()

	i32 := wasmedge.NewValTypeI32()
	ftype := wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32}, []*wasmedge.ValType{i32})
	add := func(data interface{}, frame *wasmedge.CallingFrame, params []interface{}) ([]interface{}, wasmedge.Result) {
		return []interface{}{params[0].(int32) + params[1].(int32)}, wasmedge.Result_Success
	}
	host := wasmedge.NewModule("math")
	host.AddFunction("add", wasmedge.NewFunction(ftype, add, nil, 0))
	defer host.Release()
	if err := vm.RegisterModule(host); err != nil {
		fmt.Println(err)
		return
	}
	res, err := vm.ExecuteRegistered("math", "add", int32(40), int32(2))
	fmt.Println(res[0], err)
	// Output: 42 <nil>
}

// The typed fast path: the function reads and writes the raw value stack,
// with no boxing and no allocation.
func ExampleNewFastFunction() {
	vm := wasmedge.NewVM()
	defer vm.Release()

	i64 := wasmedge.NewValTypeI64()
	ftype := wasmedge.NewFunctionType([]*wasmedge.ValType{i64}, []*wasmedge.ValType{i64})
	square := func(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
		x := int64(stack[0])
		stack[0] = uint64(x * x)
		return wasmedge.Result_Success
	}
	host := wasmedge.NewModule("math")
	host.AddFunction("square", wasmedge.NewFastFunction(ftype, square, 0))
	defer host.Release()
	if err := vm.RegisterModule(host); err != nil {
		fmt.Println(err)
		return
	}
	res, err := vm.ExecuteRegistered("math", "square", int64(12))
	fmt.Println(res[0], err)
	// Output: 144 <nil>
}
