package wasmedge

import (
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/guestbuild"
)

// wat assembles WebAssembly text (see guestbuild.WAT).
func wat(t *testing.T, src string) []byte {
	t.Helper()
	return guestbuild.WAT(t, src)
}

// A host module that owns a memory and a global, as go_ThreadsMandelbrot
// builds: the guest imports them, and host and guest see the same bytes.
func TestHostMemoryAndGlobal(t *testing.T) {
	for _, shared := range []bool{false, true} {
		conf := NewConfigure(THREADS)
		vm := NewVMWithConfig(conf)
		lim := NewLimitWithMax(1, 4)
		memDecl := "(memory 1 4)"
		if shared {
			lim, memDecl = NewLimitSharedWithMax(1, 4), "(memory 1 4 shared)"
		}
		mem := NewMemory(NewMemoryType(lim))
		if mem == nil {
			t.Fatal("NewMemory failed")
		}
		host := NewModule("env")
		host.AddMemory("memory", mem)
		host.AddGlobal("base", NewGlobal(NewGlobalType(NewValTypeI32(), ValMut_Var), int32(16)))
		i32 := NewValTypeI32()
		host.AddFunction("double", NewFunction(NewFunctionType([]*ValType{i32}, []*ValType{i32}),
			func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
				return []interface{}{p[0].(int32) * 2}, Result_Success
			}, nil, 0))
		hm := host.FindMemory("memory")
		b, _ := hm.GetData(100, 4)
		copy(b, "host")
		if err := vm.RegisterModule(host); err != nil {
			t.Fatal(err)
		}
		guest := wat(t, `(module
		  (import "env" "memory" `+memDecl+`)
		  (import "env" "base" (global $base (mut i32)))
		  (import "env" "double" (func $double (param i32) (result i32)))
		  (func (export "run") (result i32)
		    (i32.store8 (global.get $base) (i32.const 71))
		    (global.set $base (i32.const 32))
		    (call $double (i32.load8_u (i32.const 100)))))`)
		res, err := vm.RunWasmBuffer(guest, "run")
		if err != nil {
			t.Fatalf("shared=%v: %v", shared, err)
		}
		if res[0].(int32) != 2*'h' {
			t.Errorf("guest read %v, want %d", res[0], 2*'h')
		}
		b, _ = host.FindMemory("memory").GetData(16, 1)
		if b[0] != 71 {
			t.Errorf("host sees %d at 16, want 71", b[0])
		}
		if v := host.FindGlobal("base").GetValue().(int32); v != 32 {
			t.Errorf("global = %d, want 32", v)
		}
		if got := host.FindMemory("memory").GetMemoryType().GetLimit().IsShared(); got != shared {
			t.Errorf("shared flag = %v", got)
		}
		vm.Release()
		host.Release()
	}
}

func TestErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		name, src, fn string
		code          errcode.Code
	}{
		{"unreachable", `(module (func (export "f") unreachable))`, "f", errcode.Unreachable},
		{"divide by zero", `(module (func (export "f") (result i32) (i32.div_s (i32.const 1) (i32.const 0))))`, "f", errcode.DivideByZero},
		{"out of bounds", `(module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 70000))))`, "f", errcode.MemoryOutOfBounds},
		{"validation", `(module (func (export "f") (result i32) (i64.const 1)))`, "", errcode.TypeCheckFailed},
		{"unknown import", `(module (import "nowhere" "f" (func)))`, "", errcode.UnknownImport},
		{"stack overflow", `(module (func $f (export "f") (call $f)))`, "f", errcode.RuntimeError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vm := NewVM()
			defer vm.Release()
			_, err := vm.RunWasmBuffer(wat(t, tc.src), tc.fn)
			if err == nil {
				t.Fatal("no error")
			}
			if c := resultCode(t, err); c != tc.code {
				t.Errorf("code %#x (%v), want %#x", c, err, tc.code)
			}
		})
	}
}

// go_ExternRef's pattern: Go values cross Wasm as externrefs and come back
// to host functions; exports of every kind are listed.
func TestExternRefAndListings(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	i32, ext := NewValTypeI32(), NewValTypeExternRef()
	host := NewModule("extern_module")
	host.AddFunction("apply", NewFunction(NewFunctionType([]*ValType{ext, i32}, []*ValType{i32}),
		func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
			f := p[0].(ExternRef).GetRef().(func(int32) int32)
			return []interface{}{f(p[1].(int32))}, Result_Success
		}, nil, 0))
	defer host.Release()
	if err := vm.RegisterModule(host); err != nil {
		t.Fatal(err)
	}
	mod := wat(t, `(module
	  (import "extern_module" "apply" (func $apply (param externref i32) (result i32)))
	  (table (export "tab") 2 funcref)
	  (global (export "g") (mut i64) (i64.const 7))
	  (global (export "c") f32 (f32.const 1.5))
	  (memory (export "mem") 1 3)
	  (func (export "call") (param externref i32) (result i32)
	    (call $apply (local.get 0) (local.get 1)))
	  (func (export "v128") (param v128) (result v128) (local.get 0)))`)
	if err := vm.LoadWasmBuffer(mod); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		t.Fatal(err)
	}
	square := NewExternRef(func(x int32) int32 { return x * x })
	defer square.Release()
	res, err := vm.Execute("call", square, int32(12))
	if err != nil || res[0].(int32) != 144 {
		t.Fatalf("call = %v, %v", res, err)
	}
	res, err = vm.Execute("v128", NewV128(0x0102030405060708, 0x1112131415161718))
	if hi, lo := res[0].(V128).GetVal(); err != nil || hi != 0x0102030405060708 || lo != 0x1112131415161718 {
		t.Fatalf("v128 round trip = %v, %v", res, err)
	}
	active := vm.GetActiveModule()
	for _, c := range []struct {
		got  []string
		want string
	}{
		{active.ListFunction(), "call,v128"},
		{active.ListGlobal(), "c,g"},
		{active.ListTable(), "tab"},
		{active.ListMemory(), "mem"},
	} {
		if strings.Join(c.got, ",") != c.want {
			t.Errorf("listed %v, want %s", c.got, c.want)
		}
	}
	g := active.FindGlobal("g")
	if g.GetValue().(int64) != 7 || g.GetGlobalType().GetMutability() != ValMut_Var {
		t.Errorf("global g = %v", g.GetValue())
	}
	if err := g.SetValue(int64(9)); err != nil || active.FindGlobal("g").GetValue().(int64) != 9 {
		t.Errorf("SetValue: %v", err)
	}
	if c := active.FindGlobal("c"); c.GetValue().(float32) != 1.5 || c.SetValue(float32(2)) == nil {
		t.Error("const global")
	}
	if tab := active.FindTable("tab"); tab == nil || tab.GetSize() != 2 || !tab.GetTableType().GetRefType().IsFuncRef() {
		t.Errorf("table = %v", tab)
	}
	if lim := active.FindMemory("mem").GetMemoryType().GetLimit(); lim.GetMin() != 1 || lim.GetMax() != 3 {
		t.Errorf("memory limit = %+v", lim)
	}
	ast, _ := NewLoader().LoadBuffer(mod)
	imports, exports := ast.ListImports(), ast.ListExports()
	if len(imports) != 1 || imports[0].GetModuleName() != "extern_module" ||
		imports[0].GetExternalValue().(*FunctionType).GetParameters()[0].String() != "externref" {
		t.Errorf("imports = %v", imports)
	}
	if len(exports) != 6 || exports[0].GetExternalName() != "tab" || exports[0].GetExternalType() != ExternType_Table {
		t.Errorf("exports = %v", exports)
	}
}
