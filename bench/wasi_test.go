package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

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

// BenchmarkWASILayer compares the two WASI implementations alone: one
// uninstrumented guest (wasibench), compiled once in one raw wazero runtime,
// instantiated twice from the same machine code (so that neither side gains
// from where its loops happen to lie), one instance importing wazero's
// wasi_snapshot_preview1, the other PureEdge's (internal/wasi's functions
// as plain wazero host functions, Function.Bind), standard output discarded
// by both. Each side's calls are warmed up before any is measured.
// BenchmarkWASI measures the same calls through the SDK.
func BenchmarkWASILayer(b *testing.B) {
	wasm := reactor(b, "wasibench")
	bin := readFile(b, wasm)
	dir := wasiDir(b)
	ctx := context.Background()
	r := newWazero(b) // wazero's wasi_snapshot_preview1 is instantiated
	compiled, err := r.CompileModule(ctx, bin)
	if err != nil {
		b.Fatal(err)
	}
	wzMod, err := r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName("wazero").
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
	hb := r.NewHostModuleBuilder("pureedge_" + wasi.ModuleName)
	for _, f := range wasi.Functions() {
		hb.NewFunctionBuilder().WithGoModuleFunction(f.Bind(env), f.Params, f.Results).Export(f.Name)
	}
	hostCompiled, err := hb.Compile(ctx)
	if err != nil {
		b.Fatal(err)
	}
	peHost, err := r.InstantiateModule(ctx, hostCompiled, wazero.NewModuleConfig())
	if err != nil {
		b.Fatal(err)
	}
	// The second instance's wasi_snapshot_preview1 imports resolve to
	// PureEdge's module.
	pctx := experimental.WithImportResolver(ctx, func(name string) api.Module {
		if name == wasi.ModuleName {
			return peHost
		}
		return nil
	})
	peMod, err := r.InstantiateModule(pctx, compiled, wazero.NewModuleConfig().WithName("pureedge").
		WithStartFunctions("_initialize"))
	if err != nil {
		b.Fatal(err)
	}

	for _, fn := range []string{"write16", "read64k", "openclose", "clock"} {
		for _, mod := range []api.Module{wzMod, peMod} {
			for range 200 {
				if res, err := mod.ExportedFunction(fn).Call(ctx, api.EncodeI32(wasiCalls)); err != nil || res[0] != 0 {
					b.Fatalf("%s warm-up on %s: %v %v", fn, mod.Name(), res, err)
				}
			}
		}
	}
	for _, fn := range []string{"write16", "read64k", "openclose", "clock"} {
		b.Run(fn, func(b *testing.B) { pairedWASI(b, fn, wzMod, peMod) })
	}
}

// pairedRun is the number of export calls (each wasiCalls WASI calls) one
// side makes in a row in pairedWASI, between two readings of the clocks.
const pairedRun = 10

// pairedWASI measures fn of the two instances in turns: each iteration
// runs pairedRun export calls on one side, then on the other (wazero first
// on even iterations, PureEdge first on odd ones), timing each side apart,
// so that both see the same machine (other processes, frequency, caches)
// to within a millisecond. It reports, per WASI call, each side's wall
// time and thread CPU time, and PureEdge's over wazero's (the ratios: goal
// <= 1).
func pairedWASI(b *testing.B, fn string, wzMod, peMod api.Module) {
	ctx := context.Background()
	funcs := [2]api.Function{wzMod.ExportedFunction(fn), peMod.ExportedFunction(fn)}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC() // not the garbage of the setup
	var wall, cpu [2]time.Duration
	cpuOK := true
	run := func(side int) {
		c0, ok0 := threadCPUPrecise()
		t0 := time.Now()
		for range pairedRun {
			res, err := funcs[side].Call(ctx, api.EncodeI32(wasiCalls))
			if err != nil || res[0] != 0 {
				b.Fatalf("%s: %v %v", fn, res, err)
			}
		}
		wall[side] += time.Since(t0)
		c1, ok1 := threadCPUPrecise()
		cpu[side] += c1 - c0
		cpuOK = cpuOK && ok0 && ok1
	}
	i := 0
	for b.Loop() {
		run(i & 1)
		run(1 - i&1)
		i++
	}
	calls := float64(b.N * pairedRun * wasiCalls)
	b.ReportMetric(float64(wall[0])/calls, "wazero-ns/call")
	b.ReportMetric(float64(wall[1])/calls, "pureedge-ns/call")
	b.ReportMetric(float64(wall[1])/float64(wall[0]), "wall-ratio")
	if cpuOK {
		b.ReportMetric(float64(cpu[0])/calls, "wazero-cpu-ns/call")
		b.ReportMetric(float64(cpu[1])/calls, "pureedge-cpu-ns/call")
		b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "cpu-ratio")
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
