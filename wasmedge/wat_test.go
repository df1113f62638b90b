package wasmedge

import (
	"os"

	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// wat assembles WebAssembly text with wabt's wat2wasm (installed by
// .ci/run); the test is skipped where it is missing.
func wat(t *testing.T, src string) []byte {
	t.Helper()
	tool, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("wat2wasm (Debian package wabt) is not installed")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, "--enable-threads", "--no-check", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
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
