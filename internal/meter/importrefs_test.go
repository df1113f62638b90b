package meter

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// With ImportRefs, each imported function gets an exported funcref global
// holding its reference, the same value as ref.func of the import in the
// module's own code; without it, no such global.
func TestImportRefs(t *testing.T) {
	bin := wat(t, `(module
 (import "env" "f" (func $f (param i32)))
 (import "env" "g" (func $g (result i32)))
 (global (export "user") i32 (i32.const 7))
 (elem declare func $f $g)
 (func (export "reff") (result funcref) (ref.func $f))
 (func (export "refg") (result funcref) (ref.func $g)))`)
	ctx := context.Background()
	for _, on := range []bool{false, true} {
		out, _, err := Instrument(bin, Options{ImportRefs: on})
		if err != nil {
			t.Fatal(err)
		}
		r := wazero.NewRuntime(ctx)
		noop := api.GoModuleFunc(func(context.Context, api.Module, []uint64) {})
		if _, err := r.NewHostModuleBuilder("env").
			NewFunctionBuilder().WithGoModuleFunction(noop, []api.ValueType{api.ValueTypeI32}, nil).Export("f").
			NewFunctionBuilder().WithGoModuleFunction(noop, nil, []api.ValueType{api.ValueTypeI32}).Export("g").
			Instantiate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := r.NewHostModuleBuilder(ImportModule).
			NewFunctionBuilder().WithGoModuleFunction(noop, []api.ValueType{api.ValueTypeI32}, nil).Export(ImportCheck).
			Instantiate(ctx); err != nil {
			t.Fatal(err)
		}
		mod, err := r.Instantiate(ctx, out)
		if err != nil {
			t.Fatalf("ImportRefs=%v: %v", on, err)
		}
		if g := mod.ExportedGlobal("user"); g == nil || g.Get() != 7 {
			t.Fatalf("ImportRefs=%v: the user's global is lost", on)
		}
		for i, fn := range []string{"reff", "refg"} {
			g := mod.ExportedGlobal(ImportRefName(uint32(i)))
			if !on {
				if g != nil {
					t.Fatalf("ImportRefs off: global %q exists", ImportRefName(uint32(i)))
				}
				continue
			}
			res, err := mod.ExportedFunction(fn).Call(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if g == nil || g.Get() == 0 || g.Get() != res[0] {
				t.Fatalf("import %d: global %v, ref.func gives %#x", i, g, res[0])
			}
		}
		if mod.ExportedGlobal(ImportRefName(2)) != nil {
			t.Fatal("a global for the rewriter's own import")
		}
		r.Close(ctx)
	}
}
