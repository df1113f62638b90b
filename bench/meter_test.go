package bench

import (
	"context"
	"io"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/pureedge/pureedge/wasmedge"
)

// meterLoads are the CPU-bound guests of BenchmarkMeter.
var meterLoads = []struct {
	name, export string
	arg          int32
	bin          func(testing.TB) []byte // nil: the reactor guest of that name
}{
	{"fib", "fib", 25, nil},
	// A tight counting loop without calls (testdata/wasm/spin.wat).
	{"loop", "count", 10_000_000, func(tb testing.TB) []byte {
		return readFile(tb, filepath.Join("..", "testdata", "wasm", "spin.wasm"))
	}},
	{"sha256", "hash_loop", 1000, nil},
}

func meterBin(tb testing.TB, i int) []byte {
	if b := meterLoads[i].bin; b != nil {
		return b(tb)
	}
	return readFile(tb, reactor(tb, meterLoads[i].name))
}

// BenchmarkMeter measures what the metering layer costs: raw wazero
// (impl=wazero, the base), wazero with WithCloseOnContextDone (its own
// interruption, for comparison), a plain PureEdge VM (safe points only:
// goal at most 1.15x), and a VM with instruction counting, cost measuring
// and a cost limit that is never reached (goal at most 1.5x). bench/compare.sh
// puts the implementations side by side. Each sub-benchmark compiles its
// module anew and single figures drift between runs (by a third or more on
// a shared machine); BenchmarkMeterRounds, which alternates the
// configurations in one process, is the one to judge the goals by.
//
// Besides the wall time it reports cpu-ns/op, the CPU time of the calling
// thread (Linux): on a machine whose cores other processes share, the wall
// time counts their turns too, the thread's CPU time does not.
func BenchmarkMeter(b *testing.B) {
	for i, w := range meterLoads {
		for _, impl := range meterImpls {
			b.Run("impl="+impl+"/guest="+w.name, func(b *testing.B) {
				call := meterCaller(b, impl, meterBin(b, i), w.bin == nil, w.export)
				// One call outside the measurement, and the garbage of the
				// compilation collected before it, so that neither is
				// measured.
				call(w.arg)
				runtime.GC()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu0, ok := threadCPU()
				b.ResetTimer()
				for b.Loop() {
					call(w.arg)
				}
				b.StopTimer()
				if cpu1, ok1 := threadCPU(); ok && ok1 {
					b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

// meterCaller prepares one implementation and returns a call of export.
func meterCaller(tb testing.TB, impl string, bin []byte, isReactor bool, export string) func(int32) int32 {
	tb.Helper()
	ctx := context.Background()
	switch impl {
	case "wazero", "wazero-closectx":
		rc := wazero.NewRuntimeConfigCompiler().WithCompilationCache(wazeroCache()).
			WithCloseOnContextDone(impl == "wazero-closectx")
		r := wazero.NewRuntimeWithConfig(ctx, rc)
		tb.Cleanup(func() { r.Close(ctx) })
		wasi_snapshot_preview1.MustInstantiate(ctx, r)
		mc := wazero.NewModuleConfig().WithStdout(io.Discard).WithStderr(io.Discard)
		if isReactor {
			mc = mc.WithStartFunctions("_initialize")
		}
		mod, err := r.InstantiateWithConfig(ctx, bin, mc)
		if err != nil {
			tb.Fatal(err)
		}
		fn := mod.ExportedFunction(export)
		cctx := ctx
		if impl == "wazero-closectx" {
			c, cancel := context.WithCancel(ctx) // a context that can be done
			tb.Cleanup(cancel)
			cctx = c
		}
		return func(arg int32) int32 {
			res, err := fn.Call(cctx, api.EncodeI32(arg))
			if err != nil {
				tb.Fatal(err)
			}
			return api.DecodeI32(res[0])
		}
	}
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	if impl == "pureedge-stats" {
		conf.SetStatisticsInstructionCounting(true)
		conf.SetStatisticsCostMeasuring(true)
		conf.SetStatisticsTimeMeasuring(true)
	}
	vm := wasmedge.NewVMWithConfig(conf)
	conf.Release()
	tb.Cleanup(vm.Release)
	if impl == "pureedge-stats" {
		vm.GetStatistics().SetCostLimit(1 << 62)
		// WasmEdge logs the statistics after every run at info level; the
		// benchmark's output stays readable for benchstat.
		wasmedge.SetLogErrorLevel()
	}
	if err := vm.LoadWasmBuffer(bin); err != nil {
		tb.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		tb.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		tb.Fatal(err)
	}
	if isReactor {
		if _, err := vm.Execute("_initialize"); err != nil {
			tb.Fatal(err)
		}
	}
	return func(arg int32) int32 {
		res, err := vm.Execute(export, arg)
		if err != nil {
			tb.Fatal(err)
		}
		return res[0].(int32)
	}
}

// TestMeterSetup checks that every implementation of BenchmarkMeter computes
// the same results.
func TestMeterSetup(t *testing.T) {
	for i, w := range meterLoads {
		want := int32(0)
		for j, impl := range meterImpls {
			got := meterCaller(t, impl, meterBin(t, i), w.bin == nil, w.export)(w.arg / 10)
			if j == 0 {
				want = got
			} else if got != want {
				t.Errorf("%s %s: %d, wazero %d", impl, w.name, got, want)
			}
		}
	}
}
