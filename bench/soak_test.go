package bench

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/wasmedge"
)

// registerSoakPlugin registers the Go plug-in the soak test imports (only
// when it runs: every VM created afterwards gets its module).
func registerSoakPlugin() error {
	return wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        "soak_plugin",
		Description: "a Go plug-in for the soak test",
		Modules: []wasmedge.PluginModuleDescriptor{{
			Name: "soak_mod",
			Create: func() *wasmedge.Module {
				m := wasmedge.NewModule("soak_mod")
				i32 := wasmedge.NewValTypeI32()
				m.AddFunction("inc", wasmedge.NewFunction(wasmedge.NewFunctionType([]*wasmedge.ValType{i32}, []*wasmedge.ValType{i32}),
					func(_ interface{}, _ *wasmedge.CallingFrame, p []interface{}) ([]interface{}, wasmedge.Result) {
						return []interface{}{p[0].(int32) + 1}, wasmedge.Result_Success
					}, nil, 0))
				return m
			},
		}},
	})
}

// usage returns the Go heap in use (after a collection) and the process's
// resident set, in bytes.
func usage() (heap, rss uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			rss = pages * uint64(os.Getpagesize())
		}
	}
	return ms.HeapAlloc, rss
}

// TestSoak runs the server pattern PUREEDGE_SOAK times (2,000 in CI; the
// full soak is PUREEDGE_SOAK=100000; skipped under -short): a store, a VM over it, a host module, a Store
// registration of a library module, and a guest importing the host module,
// a Go plug-in's module and the library, executed, then everything
// released. Heap and RSS must stay flat after the warm-up.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test: skipped under -short")
	}
	if err := registerSoakPlugin(); err != nil {
		t.Fatal(err)
	}
	n := 2_000 // CI's share; PUREEDGE_SOAK=100000 for the full soak
	if v, err := strconv.Atoi(os.Getenv("PUREEDGE_SOAK")); err == nil && v > 0 {
		n = v
	}
	lib := guestbuild.WAT(t, `(module (func (export "twice") (param i32) (result i32) local.get 0 i32.const 2 i32.mul) (memory (export "mem") 1))`)
	main := guestbuild.WAT(t, `(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "soak_mod" "inc" (func $inc (param i32) (result i32)))
  (import "lib" "twice" (func $twice (param i32) (result i32)))
  (memory 1)
  (func (export "run") (param i32) (result i32)
    local.get 0 call $inc call $twice i32.const 3 call $add))`)
	i32 := wasmedge.NewValTypeI32()
	addType := wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32}, []*wasmedge.ValType{i32})
	add := func(_ interface{}, _ *wasmedge.CallingFrame, p []interface{}) ([]interface{}, wasmedge.Result) {
		return []interface{}{p[0].(int32) + p[1].(int32)}, wasmedge.Result_Success
	}
	cycle := func(i int) {
		store := wasmedge.NewStore()
		vm := wasmedge.NewVMWithStore(store)
		host := wasmedge.NewModule("env")
		host.AddFunction("add", wasmedge.NewFunction(addType, add, nil, 0))
		if err := vm.RegisterModule(host); err != nil {
			t.Fatal(err)
		}
		if err := vm.RegisterWasmBuffer("lib", lib); err != nil {
			t.Fatal(err)
		}
		res, err := vm.RunWasmBuffer(main, "run", int32(i))
		if err != nil || res[0].(int32) != int32(i+1)*2+3 {
			t.Fatalf("cycle %d: %v, %v", i, res, err)
		}
		vm.Release()
		host.Release()
		store.Release()
	}
	warm := n / 10
	for i := range warm {
		cycle(i)
	}
	heap0, rss0 := usage()
	for i := warm; i < n; i++ {
		cycle(i)
	}
	heap1, rss1 := usage()
	t.Logf("%d cycles: after %d, heap %.1f MiB, RSS %.1f MiB; at the end, heap %.1f MiB, RSS %.1f MiB",
		n, warm, mib(heap0), mib(rss0), mib(heap1), mib(rss1))
	if heap1 > heap0+8<<20 {
		t.Errorf("the heap grew by %.1f MiB over %d cycles", mib(heap1-heap0), n-warm)
	}
	if rss1 > rss0+64<<20 {
		t.Errorf("RSS grew by %.1f MiB over %d cycles", mib(rss1-rss0), n-warm)
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
