package bench

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// BenchmarkColdStart measures, in process and with raw wazero, what a CLI
// run of hello (2.6 MB) costs with nothing cached: compiling it with the
// compiler (by 1, 2 and 4 compilation workers, experimental.
// WithCompilationWorkers), compiling it with the interpreter, and the
// interpreter's compile and run together; and, for the warm path, reading
// the compiled code back from a file cache.
func BenchmarkColdStart(b *testing.B) {
	bin := readFile(b, command(b, "hello"))
	ctx := context.Background()
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("engine=compiler/workers=%d/step=compile", workers), func(b *testing.B) {
			wctx := experimental.WithCompilationWorkers(ctx, workers)
			for b.Loop() {
				r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
				if _, err := r.CompileModule(wctx, bin); err != nil {
					b.Fatal(err)
				}
				r.Close(ctx)
			}
		})
	}
	b.Run("engine=compiler/workers=1/step=cached", func(b *testing.B) {
		dir := b.TempDir()
		cache, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		fill := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(cache))
		if _, err := fill.CompileModule(ctx, bin); err != nil {
			b.Fatal(err)
		}
		fill.Close(ctx)
		b.ResetTimer()
		for b.Loop() {
			// A fresh file cache over the same directory: what a new
			// process finds.
			cache, _ := wazero.NewCompilationCacheWithDir(dir)
			r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(cache))
			if _, err := r.CompileModule(ctx, bin); err != nil {
				b.Fatal(err)
			}
			r.Close(ctx)
		}
	})
	b.Run("engine=interpreter/step=compile", func(b *testing.B) {
		for b.Loop() {
			r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
			if _, err := r.CompileModule(ctx, bin); err != nil {
				b.Fatal(err)
			}
			r.Close(ctx)
		}
	})
	b.Run("engine=interpreter/step=compile+run", func(b *testing.B) {
		for b.Loop() {
			r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
			wasi_snapshot_preview1.MustInstantiate(ctx, r)
			if _, err := r.InstantiateWithConfig(ctx, bin, wazero.NewModuleConfig().WithStdout(io.Discard).WithArgs("hello")); err != nil {
				b.Fatal(err)
			}
			r.Close(ctx)
		}
	})
}
