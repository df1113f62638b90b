package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/wasmedge"
)

// reactor returns the path of a guest built with -buildmode=c-shared: its
// //go:wasmexport functions may be called once _initialize has run (in a
// command build, the Go runtime is not set up before _start, and _start
// exits).
func reactor(tb testing.TB, name string) string {
	tb.Helper()
	return guestbuild.MustBuildReactor(tb, filepath.Join("..", "testdata", "guests", name))
}

// command returns the path of a guest built as a WASI command.
func command(tb testing.TB, name string) string {
	tb.Helper()
	return guestbuild.MustBuild(tb, filepath.Join("..", "testdata", "guests", name))
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// wazeroCache is shared by the raw wazero runtimes of the benchmarks, so
// that each module is compiled once per process, as PureEdge's runtimes do.
var wazeroCache = sync.OnceValue(wazero.NewCompilationCache)

// newWazero returns a raw wazero runtime with the compiler and WASI, as
// PureEdge's default configuration makes one.
func newWazero(tb testing.TB) wazero.Runtime {
	tb.Helper()
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(wazeroCache()))
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	tb.Cleanup(func() { r.Close(ctx) })
	return r
}

// wazeroReactor instantiates a reactor guest in r and runs _initialize.
func wazeroReactor(tb testing.TB, r wazero.Runtime, path string) api.Module {
	tb.Helper()
	ctx := context.Background()
	mod, err := r.InstantiateWithConfig(ctx, readFile(tb, path), wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithStdout(io.Discard).WithStderr(io.Discard))
	if err != nil {
		tb.Fatal(err)
	}
	return mod
}

// pureedgeReactor loads a reactor guest in a new WASI VM of PureEdge and
// runs _initialize; extra host modules are registered first.
func pureedgeReactor(tb testing.TB, path string, hosts ...*wasmedge.Module) *wasmedge.VM {
	tb.Helper()
	vm := wasmedge.NewVMWithConfig(wasmedge.NewConfigure(wasmedge.WASI))
	tb.Cleanup(vm.Release)
	for _, h := range hosts {
		if err := vm.RegisterModule(h); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := vm.RunWasmFile(path, "_initialize"); err != nil {
		tb.Fatal(err)
	}
	return vm
}
