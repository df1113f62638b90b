package binary

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

func TestModuleIndexSpaces(t *testing.T) {
	ft := func(p ...ValType) FuncType { return FuncType{Params: p} }
	m := &Module{
		Types: []FuncType{ft(ValI32), ft(ValI64), ft(ValF32)},
		Imports: []Import{
			{Module: "a", Name: "f0", Kind: ExternFunc, Func: 2},
			{Module: "b", Name: "g0", Kind: ExternGlobal, Global: GlobalType{Type: ValI64, Mutable: true}},
			{Module: "a", Name: "t0", Kind: ExternTable, Table: TableType{Elem: ValExternref}},
			{Module: "c", Name: "f1", Kind: ExternFunc, Func: 9}, // bad type index
			{Module: "b", Name: "m0", Kind: ExternMemory, Memory: MemoryType{Limits: Limits{Min: 1, Shared: true, HasMax: true, Max: 2}}},
			{Module: "a", Name: "e0", Kind: ExternTag, Tag: 1},
		},
		Funcs:    []uint32{0, 1},
		Tables:   []TableType{{Elem: ValFuncref, Limits: Limits{Min: 4}}},
		Memories: []MemoryType{{Limits: Limits{Min: 7}}},
		Globals:  []GlobalType{{Type: ValF64}},
		Tags:     []uint32{0, 7},
	}
	if got := m.ImportModuleNames(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("ImportModuleNames = %q", got)
	}
	if got := (&Module{}).ImportModuleNames(); got != nil {
		t.Errorf("ImportModuleNames of no imports = %q", got)
	}
	counts := map[ExternKind]uint32{ExternFunc: 2, ExternTable: 1, ExternMemory: 1, ExternGlobal: 1, ExternTag: 1}
	for k, n := range counts {
		if got := m.ImportCount(k); got != n {
			t.Errorf("ImportCount(%v) = %d, want %d", k, got, n)
		}
	}
	tests := []struct {
		e    Export
		want any // nil: not found
	}{
		{Export{Kind: ExternFunc, Index: 0}, ft(ValF32)},
		{Export{Kind: ExternFunc, Index: 1}, nil},
		{Export{Kind: ExternFunc, Index: 2}, ft(ValI32)},
		{Export{Kind: ExternFunc, Index: 3}, ft(ValI64)},
		{Export{Kind: ExternFunc, Index: 4}, nil},
		{Export{Kind: ExternFunc, Index: 1 << 31}, nil},
		{Export{Kind: ExternTable, Index: 0}, TableType{Elem: ValExternref}},
		{Export{Kind: ExternTable, Index: 1}, TableType{Elem: ValFuncref, Limits: Limits{Min: 4}}},
		{Export{Kind: ExternTable, Index: 2}, nil},
		{Export{Kind: ExternMemory, Index: 0}, MemoryType{Limits: Limits{Min: 1, Shared: true, HasMax: true, Max: 2}}},
		{Export{Kind: ExternMemory, Index: 1}, MemoryType{Limits: Limits{Min: 7}}},
		{Export{Kind: ExternMemory, Index: 2}, nil},
		{Export{Kind: ExternGlobal, Index: 0}, GlobalType{Type: ValI64, Mutable: true}},
		{Export{Kind: ExternGlobal, Index: 1}, GlobalType{Type: ValF64}},
		{Export{Kind: ExternGlobal, Index: 2}, nil},
		{Export{Kind: ExternTag, Index: 0}, ft(ValI64)},
		{Export{Kind: ExternTag, Index: 1}, ft(ValI32)},
		{Export{Kind: ExternTag, Index: 2}, nil},
		{Export{Kind: ExternTag, Index: 3}, nil},
		{Export{Kind: 9, Index: 0}, nil},
	}
	for _, tt := range tests {
		got, ok := m.ExportType(tt.e)
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ExportType(%v %d) = %v, %v; want %v", tt.e.Kind, tt.e.Index, got, ok, tt.want)
		}
	}
	if _, ok := m.FuncType(1); ok {
		t.Error("FuncType of an import with a bad type index")
	}
	if got, ok := m.TagType(1); !ok || !got.Equal(ft(ValI32)) {
		t.Errorf("TagType(1) = %v, %v", got, ok)
	}
	if got, ok := m.GlobalType(1); !ok || got != (GlobalType{Type: ValF64}) {
		t.Errorf("GlobalType(1) = %v, %v", got, ok)
	}
}

func TestStrings(t *testing.T) {
	if got := (FuncType{Params: []ValType{ValI32, ValExternref}, Results: []ValType{ValV128}}).String(); got != "(i32, externref) -> (v128)" {
		t.Errorf("FuncType.String = %q", got)
	}
	if got := ValType(0x40).String(); got != "valtype(0x40)" {
		t.Errorf("ValType.String = %q", got)
	}
	if ExternTag.String() != "tag" || ExternKind(7).String() != "externkind(7)" {
		t.Error("ExternKind.String")
	}
	if SectionDataCount.String() != "data count" || SectionID(20).String() != "section(20)" {
		t.Error("SectionID.String")
	}
	for _, v := range []ValType{ValFuncref, ValExternref, ValExnref} {
		if !v.IsRef() {
			t.Errorf("%v is a reference type", v)
		}
	}
	if ValI32.IsRef() || ValV128.IsRef() {
		t.Error("numeric types are no reference types")
	}
}

// The decoder agrees with wazero on the imports and exports of real modules:
// the repository's example, and the Go guests cached by the engine's tests
// where they exist.
func TestDecodeAgreesWithWazero(t *testing.T) {
	files := []string{"../../examples/hello/hello.wasm"}
	if home, err := os.UserHomeDir(); err == nil {
		cached, _ := filepath.Glob(filepath.Join(home, ".cache/pureedge/guests/*.wasm"))
		files = append(files, cached...)
	}
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Logf("skipping %s: %v", f, err)
			continue
		}
		m, err := Decode(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		cm, err := r.CompileModule(ctx, b)
		if err != nil {
			t.Fatalf("%s: wazero: %v", f, err)
		}
		compareWithWazero(t, filepath.Base(f), m, cm)
		_ = cm.Close(ctx)
	}
}

func compareWithWazero(t *testing.T, name string, m *Module, cm wazero.CompiledModule) {
	t.Helper()
	toAPI := func(ts []ValType) []api.ValueType {
		out := make([]api.ValueType, len(ts))
		for i, v := range ts {
			out[i] = api.ValueType(v)
		}
		return out
	}
	same := func(what string, ft FuncType, def api.FunctionDefinition) {
		if !slices.Equal(toAPI(ft.Params), def.ParamTypes()) || !slices.Equal(toAPI(ft.Results), def.ResultTypes()) {
			t.Errorf("%s: %s: type %v, wazero %v -> %v", name, what, ft, def.ParamTypes(), def.ResultTypes())
		}
	}
	imported := cm.ImportedFunctions()
	var n int
	for _, im := range m.Imports {
		if im.Kind != ExternFunc {
			continue
		}
		if n >= len(imported) {
			t.Fatalf("%s: more function imports than wazero's %d", name, len(imported))
		}
		def := imported[n]
		mod, nm, _ := def.Import()
		if mod != im.Module || nm != im.Name {
			t.Errorf("%s: import %d is %s.%s, wazero %s.%s", name, n, im.Module, im.Name, mod, nm)
		}
		ft, _ := m.FuncType(uint32(n))
		same(im.Module+"."+im.Name, ft, def)
		n++
	}
	if n != len(imported) {
		t.Errorf("%s: %d function imports, wazero %d", name, n, len(imported))
	}
	exported := cm.ExportedFunctions()
	nf := 0
	for _, e := range m.Exports {
		switch e.Kind {
		case ExternFunc:
			nf++
			def, ok := exported[e.Name]
			if !ok {
				t.Errorf("%s: export %s unknown to wazero", name, e.Name)
				continue
			}
			ft, ok := m.FuncType(e.Index)
			if !ok {
				t.Errorf("%s: export %s has no type", name, e.Name)
			}
			same("export "+e.Name, ft, def)
		case ExternMemory:
			def, ok := cm.ExportedMemories()[e.Name]
			mt, _ := m.MemoryType(e.Index)
			if !ok || uint64(def.Min()) != mt.Limits.Min {
				t.Errorf("%s: memory %s: %+v, wazero %v", name, e.Name, mt, def)
			}
		}
	}
	if nf != len(exported) {
		t.Errorf("%s: %d function exports, wazero %d", name, nf, len(exported))
	}
}
