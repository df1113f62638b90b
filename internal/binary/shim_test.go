package binary

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

const hidden = "\x00pureedge-host:env"

// engines runs f with a fresh runtime of each wazero engine.
func engines(t *testing.T, f func(t *testing.T, ctx context.Context, r wazero.Runtime)) {
	for name, cfg := range map[string]wazero.RuntimeConfig{
		"interpreter": wazero.NewRuntimeConfigInterpreter(),
		"compiler":    wazero.NewRuntimeConfig(),
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			r := wazero.NewRuntimeWithConfig(ctx, cfg.WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads))
			defer r.Close(ctx)
			f(t, ctx, r)
		})
	}
}

func TestShimDecodes(t *testing.T) {
	spec := ShimSpec{
		Hidden:   hidden,
		Funcs:    []ShimFunc{{"f", FuncType{Params: []ValType{ValI32}, Results: []ValType{ValI32}}}, {"g", FuncType{}}},
		Memories: []ShimMemory{{"memory", Limits{Min: 1, Max: 2, HasMax: true, Shared: true}}},
		Globals:  []ShimGlobal{{Name: "x", Type: ValI64, Mutable: true, Bits: 5}},
		Tables:   []ShimTable{{"t", ValExternref, Limits{Min: 1}}},
	}
	m, err := Decode(EncodeShim(spec))
	if err != nil {
		t.Fatal(err)
	}
	wantExports := []Export{
		{"f", ExternFunc, 0}, {"g", ExternFunc, 1},
		{"t", ExternTable, 0},
		{TableGetName("t"), ExternFunc, 2}, {TableSetName("t"), ExternFunc, 3},
		{TableSizeName("t"), ExternFunc, 4}, {TableGrowName("t"), ExternFunc, 5},
		{"memory", ExternMemory, 0}, {"x", ExternGlobal, 0},
	}
	if len(m.Exports) != len(wantExports) {
		t.Fatalf("exports %v", m.Exports)
	}
	for i, e := range wantExports {
		if m.Exports[i] != e {
			t.Errorf("export %d = %+v, want %+v", i, m.Exports[i], e)
		}
	}
	if got := m.ImportModuleNames(); len(got) != 1 || got[0] != hidden {
		t.Errorf("imports from %q", got)
	}
	if ft, _ := m.FuncType(5); ft.String() != "(externref, i32) -> (i32)" {
		t.Errorf("grow accessor type %v", ft)
	}
	if m.GlobalInits[0] != (Init{Kind: InitI64, Bits: 5}) {
		t.Errorf("global init %+v", m.GlobalInits[0])
	}
	if !m.Memories[0].Limits.Shared {
		t.Error("memory not shared")
	}
	// The accessor names cannot collide with a name a guest would choose.
	if TableGetName("t")[0] != 0 {
		t.Error("accessor names start with NUL")
	}
	// An empty shim is a valid empty module.
	if m, err := Decode(EncodeShim(ShimSpec{})); err != nil || len(m.Exports) != 0 {
		t.Errorf("empty shim: %+v, %v", m, err)
	}
}

// The host-module pattern: Go functions in a hidden host module, re-exported
// by the shim next to its memory and globals; a guest imports them all.
func TestShimMemoryGlobalsFuncs(t *testing.T) {
	for _, shared := range []bool{false, true} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) { testShimMemoryGlobalsFuncs(t, shared) })
	}
}

func testShimMemoryGlobalsFuncs(t *testing.T, shared bool) {
	engines(t, func(t *testing.T, ctx context.Context, r wazero.Runtime) {
		var caller string
		_, err := r.NewHostModuleBuilder(hidden).NewFunctionBuilder().
			WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, mod api.Module, stack []uint64) {
				caller = mod.Name()
				stack[0] = uint64(uint32(stack[0]) * 2)
			}), []api.ValueType{api.ValueTypeI32}, []api.ValueType{api.ValueTypeI32}).
			Export("f").Instantiate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		memLimits := Limits{Min: 1, Max: 4, HasMax: true, Shared: shared}
		shim := EncodeShim(ShimSpec{
			Hidden:   hidden,
			Funcs:    []ShimFunc{{"f", FuncType{Params: []ValType{ValI32}, Results: []ValType{ValI32}}}},
			Memories: []ShimMemory{{"memory", memLimits}},
			Globals: []ShimGlobal{
				{Name: "g", Type: ValI32, Mutable: true, Bits: 16},
				{Name: "neg", Type: ValI32, Bits: uint64(uint32(0xFFFFFFF6))},
				{Name: "i64", Type: ValI64, Bits: 1 << 40},
				{Name: "f32", Type: ValF32, Bits: uint64(math.Float32bits(1.5))},
				{Name: "f64", Type: ValF64, Mutable: true, Bits: math.Float64bits(-2.25)},
				{Name: "v128", Type: ValV128, Bits: 1, Hi: 2},
				{Name: "ext", Type: ValExternref, Mutable: true},
				{Name: "fn", Type: ValFuncref},
			},
		})
		env, err := r.InstantiateWithConfig(ctx, shim, wazero.NewModuleConfig().WithName("env"))
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]uint64{"g": 16, "neg": 0xFFFFFFF6, "i64": 1 << 40,
			"f32": uint64(math.Float32bits(1.5)), "f64": math.Float64bits(-2.25), "ext": 0, "fn": 0} {
			g := env.ExportedGlobal(name)
			if g == nil {
				t.Fatalf("global %s not exported", name)
			}
			if got := g.Get(); got != want {
				t.Errorf("global %s = %#x, want %#x", name, got, want)
			}
		}
		if _, ok := env.ExportedGlobal("g").(api.MutableGlobal); !ok {
			t.Error("global g is not mutable")
		}
		if _, ok := env.ExportedGlobal("i64").(api.MutableGlobal); ok {
			t.Error("global i64 is mutable")
		}
		if env.ExportedGlobal("v128") == nil {
			t.Error("global v128 not exported")
		}
		mem := env.ExportedMemory("memory")
		if mem == nil || mem.Size() != 65536 {
			t.Fatalf("memory %v", mem)
		}
		if max, ok := mem.Definition().Max(); !ok || max != 4 {
			t.Errorf("memory max %d, %v", max, ok)
		}
		mem.WriteByte(100, 'h')

		guest := encode(&Module{
			Types: []FuncType{{Params: []ValType{ValI32}, Results: []ValType{ValI32}}, {Results: []ValType{ValI32}}},
			Imports: []Import{
				{Module: "env", Name: "f", Kind: ExternFunc, Func: 0},
				{Module: "env", Name: "memory", Kind: ExternMemory, Memory: MemoryType{Limits: memLimits}},
				{Module: "env", Name: "g", Kind: ExternGlobal, Global: GlobalType{Type: ValI32, Mutable: true}},
			},
			Funcs:   []uint32{1},
			Exports: []Export{{Name: "run", Kind: ExternFunc, Index: 1}},
		}, [][]byte{{
			0x00,                                           // no locals
			0x23, 0x00, 0x41, 0xC7, 0x00, 0x3A, 0x00, 0x00, // i32.store8 (global.get g) 71
			0x41, 0x20, 0x24, 0x00, // global.set g 32
			0x41, 0xE4, 0x00, 0x2D, 0x00, 0x00, // i32.load8_u 100
			0x10, 0x00, // call f
			0x0B,
		}}, nil)
		g, err := r.InstantiateWithConfig(ctx, guest, wazero.NewModuleConfig().WithName("guest"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := g.ExportedFunction("run").Call(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res[0] != 2*'h' {
			t.Errorf("run = %d, want %d", res[0], 2*'h')
		}
		if caller != "guest" {
			t.Errorf("the host function saw caller %q, want the guest", caller)
		}
		if b, _ := mem.ReadByte(16); b != 71 {
			t.Errorf("memory[16] = %d, want 71 (the guest's write)", b)
		}
		if v := env.ExportedGlobal("g").Get(); v != 32 {
			t.Errorf("global g = %d after the guest set it to 32", v)
		}
	})
}

// The table accessors reach the shim's externref and funcref tables.
func TestShimTables(t *testing.T) {
	engines(t, func(t *testing.T, ctx context.Context, r wazero.Runtime) {
		shim := EncodeShim(ShimSpec{Tables: []ShimTable{
			{"ext", ValExternref, Limits{Min: 2, Max: 10, HasMax: true}},
			{"fns", ValFuncref, Limits{Min: 2}},
		}})
		env, err := r.InstantiateWithConfig(ctx, shim, wazero.NewModuleConfig().WithName("env"))
		if err != nil {
			t.Fatal(err)
		}
		call := func(name string, args ...uint64) []uint64 {
			t.Helper()
			fn := env.ExportedFunction(name)
			if fn == nil {
				t.Fatalf("accessor %q not exported", name)
			}
			res, err := fn.Call(ctx, args...)
			if err != nil {
				t.Fatalf("%q%v: %v", name, args, err)
			}
			return res
		}
		// externref
		call(TableSetName("ext"), 0, 42)
		if got := call(TableGetName("ext"), 0)[0]; got != 42 {
			t.Errorf("ext[0] = %d, want 42", got)
		}
		if got := call(TableGetName("ext"), 1)[0]; got != 0 {
			t.Errorf("ext[1] = %d, want null", got)
		}
		if got := call(TableSizeName("ext"))[0]; got != 2 {
			t.Errorf("size(ext) = %d", got)
		}
		if got := call(TableGrowName("ext"), 7, 3)[0]; got != 2 {
			t.Errorf("grow(ext, 3) = %d, want 2", got)
		}
		if got := call(TableGetName("ext"), 4)[0]; got != 7 {
			t.Errorf("ext[4] = %d, want 7 (the grow's initial value)", got)
		}
		if got := call(TableSizeName("ext"))[0]; got != 5 {
			t.Errorf("size(ext) = %d after growing, want 5", got)
		}
		if got := call(TableGrowName("ext"), 0, 100)[0]; uint32(got) != math.MaxUint32 {
			t.Errorf("grow(ext, 100) beyond the maximum = %d, want -1", int32(got))
		}
		if _, err := env.ExportedFunction(TableGetName("ext")).Call(ctx, 5); err == nil {
			t.Error("ext[5] out of bounds did not trap")
		}

		// funcref: a guest puts one of its functions into the table, the
		// host copies it with the accessors, the guest calls the copy.
		guest := encode(&Module{
			Types: []FuncType{{Results: []ValType{ValI32}}, {Params: []ValType{ValI32}, Results: []ValType{ValI32}}, {}},
			Imports: []Import{{Module: "env", Name: "fns", Kind: ExternTable,
				Table: TableType{Elem: ValFuncref, Limits: Limits{Min: 2}}}},
			Funcs: []uint32{0, 2, 1},
			Exports: []Export{{Name: "install", Kind: ExternFunc, Index: 1},
				{Name: "call_at", Kind: ExternFunc, Index: 2}},
		}, [][]byte{
			{0x00, 0x41, 0x07, 0x0B},                         // seven: i32.const 7
			{0x00, 0x41, 0x00, 0xD2, 0x00, 0x26, 0x00, 0x0B}, // install: table.set 0 (i32.const 0) (ref.func 0)
			{0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0B},       // call_at: call_indirect (type 0) (local.get 0)
		}, [][]byte{{0x03, 0x00, 0x01, 0x00}}) // declarative segment: ref.func 0
		g, err := r.InstantiateWithConfig(ctx, guest, wazero.NewModuleConfig().WithName("guest"))
		if err != nil {
			t.Fatal(err)
		}
		if got := call(TableGetName("fns"), 0)[0]; got != 0 {
			t.Errorf("fns[0] = %#x before install, want null", got)
		}
		if _, err := g.ExportedFunction("install").Call(ctx); err != nil {
			t.Fatal(err)
		}
		ref := call(TableGetName("fns"), 0)[0]
		if ref == 0 {
			t.Fatal("fns[0] is null after install")
		}
		call(TableSetName("fns"), 1, ref)
		res, err := g.ExportedFunction("call_at").Call(ctx, 1)
		if err != nil || res[0] != 7 {
			t.Errorf("call_at(1) = %v, %v; want 7", res, err)
		}
		if got := call(TableGrowName("fns"), 0, 1)[0]; got != 2 {
			t.Errorf("grow(fns, 1) = %d, want 2", got)
		}
		if _, err := g.ExportedFunction("call_at").Call(ctx, 2); err == nil {
			t.Error("calling the null element did not trap")
		}
	})
}
