package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/wasi"
	"github.com/pureedge/pureedge/wasmedge"
)

// wasiCalls is the number of WASI calls of one export call.
const wasiCalls = 100

// BenchmarkWASI compares PureEdge's WASI (internal/wasi) with wazero's
// wasi_snapshot_preview1 on the same guest (wasibench) in the same run:
// fd_write of 16 bytes (to /dev/null for both), fd_seek+fd_read of a
// 64 KiB file, path_open+fd_close, and clock_time_get. Each op is
// wasiCalls calls from one export call; ns/call is per WASI call.
func BenchmarkWASI(b *testing.B) {
	wasm := reactor(b, "wasibench")
	dir := wasiDir(b)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()

	// PureEdge: the WASI module takes the process's stdout when the VM is made.
	stdout := os.Stdout
	os.Stdout = devnull
	vm := wasmedge.NewVMWithConfig(wasmedge.NewConfigure(wasmedge.WASI))
	os.Stdout = stdout
	defer vm.Release()
	vm.GetImportModule(wasmedge.WASI).InitWasi(nil, nil, []string{"/data:" + dir})
	if _, err := vm.RunWasmFile(wasm, "_initialize"); err != nil {
		b.Fatal(err)
	}

	ctx := context.Background()
	r := newWazero(b)
	mod, err := r.InstantiateWithConfig(ctx, readFile(b, wasm), wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithStdout(devnull).WithStderr(devnull).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(dir, "/data")).WithSysNanotime())
	if err != nil {
		b.Fatal(err)
	}

	for _, fn := range []string{"write16", "read64k", "openclose", "clock"} {
		b.Run(fn+"/wazero", func(b *testing.B) {
			f := mod.ExportedFunction(fn)
			for b.Loop() {
				res, err := f.Call(ctx, api.EncodeI32(wasiCalls))
				if err != nil || res[0] != 0 {
					b.Fatalf("%s: %v %v", fn, res, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*wasiCalls), "ns/call")
		})
		b.Run(fn+"/pureedge", func(b *testing.B) {
			for b.Loop() {
				res, err := vm.Execute(fn, int32(wasiCalls))
				if err != nil || res[0].(int32) != 0 {
					b.Fatalf("%s: %v %v", fn, res, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*wasiCalls), "ns/call")
		})
	}
}

// BenchmarkWASILayer compares the two WASI implementations alone: the same
// uninstrumented guest (wasibench) in raw wazero runtimes, one importing
// wazero's wasi_snapshot_preview1, the other PureEdge's (internal/wasi's
// functions as plain wazero host functions), standard output discarded by
// both. BenchmarkWASI measures the same calls through the SDK.
func BenchmarkWASILayer(b *testing.B) {
	wasm := reactor(b, "wasibench")
	bin := readFile(b, wasm)
	dir := wasiDir(b)
	ctx := context.Background()
	wz := newWazero(b)
	wzMod, err := wz.InstantiateWithConfig(ctx, bin, wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithStdout(io.Discard).WithStderr(io.Discard).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(dir, "/data")).WithSysNanotime())
	if err != nil {
		b.Fatal(err)
	}

	env, err := wasi.New(wasi.Config{Stdout: io.Discard, Stderr: io.Discard,
		Preopens: []wasi.Preopen{{Guest: "/data", Host: dir}}})
	if err != nil {
		b.Fatal(err)
	}
	defer env.Close()
	pe := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(wazeroCache()))
	defer pe.Close(ctx)
	hb := pe.NewHostModuleBuilder(wasi.ModuleName)
	for _, f := range wasi.Functions() {
		hb.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
			f.Call(ctx, env, m, stack)
		}), f.Params, f.Results).Export(f.Name)
	}
	if _, err := hb.Instantiate(ctx); err != nil {
		b.Fatal(err)
	}
	peMod, err := pe.InstantiateWithConfig(ctx, bin, wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		b.Fatal(err)
	}

	for _, fn := range []string{"write16", "read64k", "openclose", "clock"} {
		for _, impl := range []struct {
			name string
			mod  api.Module
		}{{"wazero", wzMod}, {"pureedge", peMod}} {
			b.Run(fn+"/"+impl.name, func(b *testing.B) {
				f := impl.mod.ExportedFunction(fn)
				for b.Loop() {
					res, err := f.Call(ctx, api.EncodeI32(wasiCalls))
					if err != nil || res[0] != 0 {
						b.Fatalf("%s: %v %v", fn, res, err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*wasiCalls), "ns/call")
			})
		}
	}
}

// wasiDir makes the preopen of the wasibench guest: "big" (64 KiB) and
// "small".
func wasiDir(b *testing.B) string {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big"), make([]byte, 64<<10), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "small"), []byte("x"), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}
