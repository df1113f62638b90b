package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// hostCalls is the number of guest-to-host calls of one call_add.
const hostCalls = 10000

// The host functions env.add(a, b) and env.greet(ptr, len) of the hostcall
// guest, in each calling convention.

func rawAdd(_ context.Context, _ api.Module, stack []uint64) {
	stack[0] = api.EncodeI32(api.DecodeI32(stack[0]) + api.DecodeI32(stack[1]))
}

func rawGreet(_ context.Context, mod api.Module, stack []uint64) {
	b, _ := mod.Memory().Read(api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	stack[0] = api.EncodeI32(int32(len(b)))
}

func fastAdd(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	stack[0] = api.EncodeI32(api.DecodeI32(stack[0]) + api.DecodeI32(stack[1]))
	return wasmedge.Result_Success
}

func fastGreet(_ context.Context, mod api.Module, stack []uint64) wasmedge.Result {
	b, ok := mod.Memory().Read(api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	if !ok {
		return wasmedge.Result_Fail
	}
	stack[0] = api.EncodeI32(int32(len(b)))
	return wasmedge.Result_Success
}

func sdkAdd(_ interface{}, _ *wasmedge.CallingFrame, p []interface{}) ([]interface{}, wasmedge.Result) {
	return []interface{}{p[0].(int32) + p[1].(int32)}, wasmedge.Result_Success
}

func sdkGreet(_ interface{}, frame *wasmedge.CallingFrame, p []interface{}) ([]interface{}, wasmedge.Result) {
	b, err := frame.GetMemoryByIndex(0).GetData(uint(p[0].(int32)), uint(p[1].(int32)))
	if err != nil {
		return nil, wasmedge.Result_Fail
	}
	return []interface{}{int32(len(b))}, wasmedge.Result_Success
}

// sdkOne is the SDK callback of env.add cut down to what PureEdge's
// adapter costs: it returns a result slice made once (the SDK reads the
// results before the call returns, so a callback may), always 1, instead
// of the two allocations of []interface{}{sum} (the slice, and the box of
// an int32 above 255). call_add(n) then returns 1.
func sdkOne() func(interface{}, *wasmedge.CallingFrame, []interface{}) ([]interface{}, wasmedge.Result) {
	one := []interface{}{int32(1)}
	return func(_ interface{}, _ *wasmedge.CallingFrame, p []interface{}) ([]interface{}, wasmedge.Result) {
		_ = p[0].(int32) + p[1].(int32)
		return one, wasmedge.Result_Success
	}
}

func i32x2i32() *wasmedge.FunctionType {
	i32 := wasmedge.NewValTypeI32()
	return wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32}, []*wasmedge.ValType{i32})
}

// hostCallers returns call_add of the hostcall guest for each way of
// providing env: raw wazero, PureEdge's fast path and PureEdge's SDK
// callback.
type hostCaller struct {
	name string
	call func(export string, n ...int32) int32
}

func hostCallers(tb testing.TB) []hostCaller {
	ctx := context.Background()
	guest := reactor(tb, "hostcall")

	r := newWazero(tb)
	if _, err := r.NewHostModuleBuilder("env").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(rawAdd),
		[]api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, []api.ValueType{api.ValueTypeI32}).Export("add").
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(rawGreet),
		[]api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, []api.ValueType{api.ValueTypeI32}).Export("greet").
		Instantiate(ctx); err != nil {
		tb.Fatal(err)
	}
	rawMod := wazeroReactor(tb, r, guest)
	rawFns := map[string]api.Function{}

	ft := i32x2i32()
	fast := wasmedge.NewModule("env")
	fast.AddFunction("add", wasmedge.NewFastFunction(ft, fastAdd, 0))
	fast.AddFunction("greet", wasmedge.NewFastFunction(ft, fastGreet, 0))
	tb.Cleanup(fast.Release)
	fastVM := pureedgeReactor(tb, guest, fast)

	sdk := wasmedge.NewModule("env")
	sdk.AddFunction("add", wasmedge.NewFunction(ft, sdkAdd, nil, 0))
	sdk.AddFunction("greet", wasmedge.NewFunction(ft, sdkGreet, nil, 0))
	tb.Cleanup(sdk.Release)
	sdkVM := pureedgeReactor(tb, guest, sdk)

	one := wasmedge.NewModule("env")
	one.AddFunction("add", wasmedge.NewFunction(ft, sdkOne(), nil, 0))
	one.AddFunction("greet", wasmedge.NewFunction(ft, sdkGreet, nil, 0))
	tb.Cleanup(one.Release)
	oneVM := pureedgeReactor(tb, guest, one)

	vmCall := func(vm *wasmedge.VM) func(string, ...int32) int32 {
		return func(export string, n ...int32) int32 {
			args := make([]interface{}, len(n))
			for i, v := range n {
				args[i] = v
			}
			res, err := vm.Execute(export, args...)
			if err != nil {
				tb.Fatal(err)
			}
			return res[0].(int32)
		}
	}
	return []hostCaller{
		{"wazero", func(export string, n ...int32) int32 {
			fn, ok := rawFns[export]
			if !ok {
				fn = rawMod.ExportedFunction(export)
				rawFns[export] = fn
			}
			args := make([]uint64, len(n))
			for i, v := range n {
				args[i] = api.EncodeI32(v)
			}
			res, err := fn.Call(ctx, args...)
			if err != nil {
				tb.Fatal(err)
			}
			return api.DecodeI32(res[0])
		}},
		{"fast", vmCall(fastVM)},
		{"sdk", vmCall(sdkVM)},
		{"sdk-noalloc", vmCall(oneVM)}, // call_add returns 1 (see sdkOne)
	}
}

// BenchmarkHostCall measures a guest-to-host call (env.add from call_add's
// loop), reported as ns/call: raw wazero (GoModuleFunc), PureEdge's fast
// path, the SDK callback, and the SDK callback without its own allocations
// (sdk-noalloc: PureEdge's share of the SDK's cost). Goals: fast at most
// 1.2x wazero, sdk at most 2x wazero. Compare with
// benchstat -col /impl (bench/compare.sh names the implementation so).
func BenchmarkHostCall(b *testing.B) {
	for _, c := range hostCallers(b) {
		want := int32(hostCalls)
		if c.name == "sdk-noalloc" {
			want = 1
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.call("call_add", hostCalls) != want {
					b.Fatal("wrong sum")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/hostCalls, "ns/call")
		})
	}
}

// BenchmarkHostCallRatio runs wazero's and the SDK callback's call_add
// alternately in each iteration, so that both see the same load of a shared
// machine, and reports the SDK's time per host call as a multiple of
// wazero's (goal: at most 2) along with both ns/call: sdk/wazero by the
// wall clock, and sdk/wazero-cpu by the process's CPU time (where it can be
// read), which leaves out the time the process waits for a core on a loaded
// machine but counts the garbage collector's work on other threads.
// noalloc/wazero-cpu is the same for the SDK callback without its own
// allocations (sdk-noalloc of BenchmarkHostCall).
func BenchmarkHostCallRatio(b *testing.B) {
	callers := hostCallers(b)
	raw, sdk, noalloc := callers[0], callers[2], callers[3]
	var tRaw, tSDK time.Duration
	var cRaw, cSDK, cNoalloc time.Duration
	cpuOK := true
	cpu := func() time.Duration {
		t, ok := processCPU(os.Getpid())
		cpuOK = cpuOK && ok
		return t
	}
	for b.Loop() {
		c0 := cpu()
		t0 := time.Now()
		raw.call("call_add", hostCalls)
		t1 := time.Now()
		c1 := cpu()
		sdk.call("call_add", hostCalls)
		tSDK += time.Since(t1)
		c2 := cpu()
		noalloc.call("call_add", hostCalls)
		c3 := cpu()
		tRaw += t1.Sub(t0)
		cRaw += c1 - c0
		cSDK += c2 - c1
		cNoalloc += c3 - c2
	}
	b.ReportMetric(float64(tSDK)/float64(tRaw), "sdk/wazero")
	if cpuOK && cRaw > 0 {
		b.ReportMetric(float64(cSDK)/float64(cRaw), "sdk/wazero-cpu")
		b.ReportMetric(float64(cNoalloc)/float64(cRaw), "noalloc/wazero-cpu")
	}
	b.ReportMetric(float64(tRaw.Nanoseconds())/float64(b.N)/hostCalls, "wazero-ns/call")
	b.ReportMetric(float64(tSDK.Nanoseconds())/float64(b.N)/hostCalls, "sdk-ns/call")
}

// BenchmarkGuestLoop is call_add(n) against the raw wazero host function
// for n = 0 and n = hostCalls, to separate the guest's own loop and the
// call of call_add from the host calls.
func BenchmarkGuestLoop(b *testing.B) {
	c := hostCallers(b)[0]
	for _, n := range []int32{0, hostCalls} {
		b.Run(map[int32]string{0: "n=0", hostCalls: "n=10000"}[n], func(b *testing.B) {
			for b.Loop() {
				c.call("call_add", n)
			}
		})
	}
}

// TestHostCallSetup checks every host-call path and greet's memory access.
func TestHostCallSetup(t *testing.T) {
	for _, c := range hostCallers(t) {
		if got := c.call("call_add", 1000); got != 1000 && (c.name != "sdk-noalloc" || got != 1) {
			t.Errorf("%s: call_add(1000) = %d", c.name, got)
		}
		if got := c.call("call_greet"); got != 10 {
			t.Errorf("%s: call_greet() = %d, want 10", c.name, got)
		}
	}
}
