package wasmedge_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pureedge/pureedge/wasmedge"
)

// spinVM loads spin.wasm, which exports spin (an endless loop) and
// count(n), a loop of n iterations that returns n.
func spinVM(conf *wasmedge.Configure) *wasmedge.VM {
	vm := wasmedge.NewVMWithConfig(conf)
	if err := vm.LoadWasmFile(filepath.Join("..", "testdata", "wasm", "spin.wasm")); err != nil {
		panic(err)
	}
	if err := vm.Validate(); err != nil {
		panic(err)
	}
	if err := vm.Instantiate(); err != nil {
		panic(err)
	}
	return vm
}

func code(err error) string {
	var r *wasmedge.Result
	if errors.As(err, &r) {
		return fmt.Sprintf("%#x %s", r.GetCode(), r.Error())
	}
	return fmt.Sprint(err)
}

// ExecuteContext (an extension) stops a guest that runs too long, here one
// that never ends, with "execution interrupted" (0x0007). The instance stays
// usable.
func ExampleVM_ExecuteContext() {
	vm := spinVM(nil)
	defer vm.Release()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := vm.ExecuteContext(ctx, "spin")
	fmt.Println(code(err))
	res, err := vm.Execute("count", int32(3))
	fmt.Println(res[0], err)
	// Output:
	// 0x7 execution interrupted
	// 3 <nil>
}

// SetTimeLimit (an extension) bounds every execution of a VM.
func ExampleConfigure_SetTimeLimit() {
	conf := wasmedge.NewConfigure()
	conf.SetTimeLimit(20) // milliseconds
	vm := spinVM(conf)
	conf.Release()
	defer vm.Release()

	_, err := vm.Execute("spin")
	fmt.Println(code(err))
	// Output: 0x7 execution interrupted
}

// Async.Cancel stops a running guest, as WasmEdge's.
func ExampleAsync_Cancel() {
	vm := spinVM(nil)
	defer vm.Release()

	a := vm.AsyncExecute("spin")
	fmt.Println("finished within 20 ms:", a.WaitFor(20))
	a.Cancel()
	_, err := a.GetResult()
	fmt.Println(code(err))
	// Output:
	// finished within 20 ms: false
	// 0x7 execution interrupted
}

// Instruction counting, cost measuring and a cost limit, as WasmEdge's.
func ExampleStatistics() {
	conf := wasmedge.NewConfigure()
	conf.SetStatisticsInstructionCounting(true)
	conf.SetStatisticsCostMeasuring(true)
	vm := spinVM(conf)
	conf.Release()
	defer vm.Release()
	stats := vm.GetStatistics()

	vm.Execute("count", int32(10))
	fmt.Println("instructions:", stats.GetInstrCount(), "cost:", stats.GetTotalCost())

	stats.SetCostLimit(150)
	_, err := vm.Execute("count", int32(1000))
	fmt.Println(code(err), "cost:", stats.GetTotalCost())
	// Output:
	// instructions: 93 cost: 93
	// 0x3 cost limit exceeded cost: 150
}
