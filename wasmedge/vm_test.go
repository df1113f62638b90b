package wasmedge

import (
	"context"

	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/guestbuild"
)

func guest(t testing.TB, name string) string {
	t.Helper()
	return guestbuild.MustBuild(t, filepath.Join("..", "testdata", "guests", name))
}

func reactor(t testing.TB, name string) string {
	t.Helper()
	return guestbuild.MustBuildReactor(t, filepath.Join("..", "testdata", "guests", name))
}

// captureStdout makes the VM's WASI module write its stdout to a buffer.
func captureStdout(vm *VM) *bytes.Buffer {
	var out bytes.Buffer
	vm.GetImportModule(WASI).host.WASI.SetStdio(nil, &out, &out)
	return &out
}

func resultCode(t *testing.T, err error) errcode.Code {
	t.Helper()
	var r *Result
	if !errors.As(err, &r) {
		t.Fatalf("error %v (%T) is not a *Result", err, err)
	}
	return errcode.Code(r.GetCode())
}

func TestRunWasiCommand(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	out := captureStdout(vm)
	vm.GetImportModule(WASI).InitWasi([]string{"hello", "one", "two"}, []string{"GREETING=hi"}, nil)
	res, err := vm.RunWasmFile(guest(t, "hello"), "_start")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 0 {
		t.Errorf("results = %v, want none", res)
	}
	want := "Hello from WebAssembly!\narg 1: one\narg 2: two\nGREETING = hi\n"
	if out.String() != want {
		t.Errorf("stdout = %q, want %q", out.String(), want)
	}
	if code := vm.GetImportModule(WASI).WasiGetExitCode(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

func TestExitCodeIsNotAnError(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	wasi := vm.GetImportModule(WASI)
	wasi.InitWasi([]string{"exit", "42"}, nil, nil)
	if _, err := vm.RunWasmFile(guest(t, "exit"), "_start"); err != nil {
		t.Fatalf("proc_exit gave an error: %v", err)
	}
	if code := wasi.WasiGetExitCode(); code != 42 {
		t.Errorf("exit code = %d, want 42", code)
	}
	wasi.InitWasi(nil, nil, nil)
	if code := wasi.WasiGetExitCode(); code != 0 {
		t.Errorf("InitWasi did not reset the exit code: %d", code)
	}
}

func TestPreopens(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.txt"), []byte("pure edge"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []string{"/data:" + dir, "/data:" + dir + ":readonly"} {
		vm := NewVMWithConfig(NewConfigure(WASI))
		captureStdout(vm)
		vm.GetImportModule(WASI).InitWasi([]string{"files", "/data/in.txt", "/data/out.txt"}, nil, []string{spec})
		if _, err := vm.RunWasmFile(guest(t, "files"), "_start"); err != nil {
			t.Fatal(err)
		}
		code := vm.GetImportModule(WASI).WasiGetExitCode()
		if strings.HasSuffix(spec, ":readonly") {
			if code != 3 {
				t.Errorf("%s: writing to a read-only preopen: exit code %d, want 3", spec, code)
			}
			vm.Release()
			continue
		}
		if code != 0 {
			t.Fatalf("%s: exit code %d", spec, code)
		}
		b, err := os.ReadFile(filepath.Join(dir, "out.txt"))
		if err != nil || string(b) != "PURE EDGE" {
			t.Fatalf("%s: out.txt = %q, %v", spec, b, err)
		}
		vm.Release()
	}
}

func TestWorkflowStages(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	if c := resultCode(t, vm.Validate()); c != errcode.WrongVMWorkflow {
		t.Errorf("Validate before load: code %#x", c)
	}
	if c := resultCode(t, vm.Instantiate()); c != errcode.WrongVMWorkflow {
		t.Errorf("Instantiate before validate: code %#x", c)
	}
	if _, err := vm.Execute("fib", int32(1)); resultCode(t, err) != errcode.WrongInstanceAddress {
		t.Errorf("Execute before instantiate: %v", err)
	}
	if err := vm.LoadWasmFile(filepath.Join(t.TempDir(), "missing.wasm")); resultCode(t, err) != errcode.IllegalPath {
		t.Errorf("missing file: %v", err)
	}
	if err := vm.LoadWasmBuffer([]byte("not wasm at all")); resultCode(t, err) != errcode.MalformedMagic {
		t.Errorf("garbage: %v", err)
	}
}

func TestExecuteReactor(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	if err := vm.LoadWasmFile(reactor(t, "fib")); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.Execute("_initialize"); err != nil {
		t.Fatal(err)
	}
	res, err := vm.Execute("fib", int32(20))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].(int32) != 6765 {
		t.Errorf("fib(20) = %v", res)
	}
	if _, err := vm.Execute("fib", 20); resultCode(t, err) != errcode.FuncSigMismatch {
		t.Errorf("Go int for i32: %v", err)
	}
	if _, err := vm.Execute("fib"); resultCode(t, err) != errcode.FuncSigMismatch {
		t.Errorf("missing argument: %v", err)
	}
	if _, err := vm.Execute("nope"); resultCode(t, err) != errcode.FuncNotFound {
		t.Errorf("missing function: %v", err)
	}
	names, types := vm.GetFunctionList()
	found := false
	for i, n := range names {
		if n == "fib" {
			found = true
			if types[i].GetParametersLength() != 1 || !types[i].GetReturns()[0].IsI32() {
				t.Errorf("fib type = %v", types[i])
			}
		}
	}
	if !found || !sortedStrings(names) {
		t.Errorf("GetFunctionList = %v", names)
	}
	if ft := vm.GetFunctionType("fib"); ft == nil || !ft.GetParameters()[0].IsI32() {
		t.Errorf("GetFunctionType(fib) = %v", ft)
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

// hostEnv builds the "env" host module that the hostcall guest imports.
func hostEnv(t *testing.T, got *string) *Module {
	env := NewModule("env")
	i32 := NewValTypeI32()
	addType := NewFunctionType([]*ValType{i32, i32}, []*ValType{i32})
	env.AddFunction("add", NewFunction(addType, func(data interface{}, frame *CallingFrame, p []interface{}) ([]interface{}, Result) {
		return []interface{}{p[0].(int32) + p[1].(int32)}, Result_Success
	}, nil, 0))
	env.AddFunction("greet", NewFunction(addType, func(data interface{}, frame *CallingFrame, p []interface{}) ([]interface{}, Result) {
		mem := frame.GetMemoryByIndex(0)
		b, err := mem.GetData(uint(p[0].(int32)), uint(p[1].(int32)))
		if err != nil {
			return nil, Result_Fail
		}
		*got = string(b)
		return []interface{}{int32(len(b))}, Result_Success
	}, nil, 0))
	return env
}

func TestHostFunctions(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	var got string
	env := hostEnv(t, &got)
	defer env.Release()
	if err := vm.RegisterModule(env); err != nil {
		t.Fatal(err)
	}
	if err := vm.RegisterModule(NewModule("env")); resultCode(t, err) != errcode.ModuleNameConflict {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := vm.RunWasmFile(reactor(t, "hostcall"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	res, err := vm.Execute("call_add", int32(1000))
	if err != nil || res[0].(int32) != 1000 {
		t.Fatalf("call_add = %v, %v", res, err)
	}
	res, err = vm.Execute("call_greet")
	if err != nil || res[0].(int32) != 10 || got != "hello host" {
		t.Fatalf("call_greet = %v, %v, host saw %q", res, err, got)
	}
	// A host function called directly, with no calling module.
	res, err = vm.ExecuteRegistered("env", "add", int32(2), int32(3))
	if err != nil || res[0].(int32) != 5 {
		t.Fatalf("ExecuteRegistered(env.add) = %v, %v", res, err)
	}
	if m := vm.GetRegisteredModule("env"); m == nil || strings.Join(m.ListFunction(), ",") != "add,greet" {
		t.Errorf("registered env: %v", m.ListFunction())
	}
}

func TestHostFunctionFailures(t *testing.T) {
	i32 := NewValTypeI32()
	ft := NewFunctionType([]*ValType{i32, i32}, []*ValType{i32})
	for _, tc := range []struct {
		name string
		fn   hostFunctionSignature
		code uint32
	}{
		{"fail", func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Fail }, 2},
		{"user", func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
			return nil, NewResult(ErrCategory_UserLevel, 5)
		}, 1<<24 | 5},
		{"panic", func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { panic("boom") }, uint32(errcode.HostFuncError)},
		// A panic with an error that carries a code of its own (as from a
		// failed Executor.Invoke) is still "host function failed".
		{"panic-error", func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
			err := NewResult(ErrCategory_UserLevel, 5)
			panic(&err)
		}, uint32(errcode.HostFuncError)},
		{"panic-exit", func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
			panic(sys.NewExitError(0))
		}, uint32(errcode.HostFuncError)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vm := NewVMWithConfig(NewConfigure(WASI))
			defer vm.Release()
			captureStdout(vm)
			env := NewModule("env")
			env.AddFunction("add", NewFunction(ft, tc.fn, nil, 0))
			env.AddFunction("greet", NewFunction(ft, tc.fn, nil, 0))
			defer env.Release()
			if err := vm.RegisterModule(env); err != nil {
				t.Fatal(err)
			}
			if _, err := vm.RunWasmFile(reactor(t, "hostcall"), "_initialize"); err != nil {
				t.Fatal(err)
			}
			_, err := vm.Execute("call_add", int32(3))
			var r *Result
			if !errors.As(err, &r) || r.code != tc.code {
				t.Fatalf("error = %v (%#v), want code %#x", err, r, tc.code)
			}
			// The instance stays usable after a failed host call.
			if _, err := vm.Execute("call_add", int32(0)); err != nil {
				t.Errorf("after failure: %v", err)
			}
		})
	}
}

func TestTerminateIsSuccess(t *testing.T) {
	i32 := NewValTypeI32()
	ft := NewFunctionType([]*ValType{i32, i32}, []*ValType{i32})
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	env := NewModule("env")
	stop := func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Terminate }
	env.AddFunction("add", NewFunction(ft, stop, nil, 0))
	env.AddFunction("greet", NewFunction(ft, stop, nil, 0))
	if err := vm.RegisterModule(env); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunWasmFile(reactor(t, "hostcall"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	res, err := vm.Execute("call_add", int32(3))
	if err != nil || len(res) != 1 || res[0].(int32) != 0 {
		t.Fatalf("terminate: %v, %v; want zero results and no error", res, err)
	}
}

func TestFastHostFunction(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	i32 := NewValTypeI32()
	ft := NewFunctionType([]*ValType{i32, i32}, []*ValType{i32})
	env := NewModule("env")
	env.AddFunction("add", NewFastFunction(ft, func(_ context.Context, _ api.Module, stack []uint64) Result {
		stack[0] = api.EncodeI32(api.DecodeI32(stack[0]) + api.DecodeI32(stack[1]))
		return Result_Success
	}, 0))
	env.AddFunction("greet", NewFastFunction(ft, func(_ context.Context, caller api.Module, stack []uint64) Result {
		b, ok := caller.Memory().Read(api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
		if !ok || string(b) != "hello host" {
			return NewResult(ErrCategory_UserLevel, 9)
		}
		stack[0] = api.EncodeI32(int32(len(b)))
		return Result_Success
	}, 0))
	if err := vm.RegisterModule(env); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunWasmFile(reactor(t, "hostcall"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	if res, err := vm.Execute("call_add", int32(77)); err != nil || res[0].(int32) != 77 {
		t.Fatalf("call_add = %v, %v", res, err)
	}
	if res, err := vm.Execute("call_greet"); err != nil || res[0].(int32) != 10 {
		t.Fatalf("call_greet = %v, %v", res, err)
	}
}

func TestUnknownImport(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	if err := vm.LoadWasmFile(reactor(t, "hostcall")); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if c := resultCode(t, vm.Instantiate()); c != errcode.UnknownImport {
		t.Errorf("code %#x, want unknown import", c)
	}
}

func TestTrapAndMemory(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	if _, err := vm.RunWasmFile(reactor(t, "fib"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	mem := vm.GetActiveModule().FindMemory("memory")
	if mem == nil {
		t.Fatal("no exported memory")
	}
	pages := mem.GetPageSize()
	if err := mem.GrowPage(1); err != nil || mem.GetPageSize() != pages+1 {
		t.Fatalf("GrowPage: %v, %d pages", err, mem.GetPageSize())
	}
	end := mem.GetPageSize() * 65536
	if _, err := mem.GetData(end-4, 8); err == nil {
		t.Error("GetData past the end succeeded")
	}
	b, err := mem.GetData(end-4, 4)
	if err != nil {
		t.Fatal(err)
	}
	copy(b, "wasm")
	if err := mem.SetData([]byte("edge"), end-8, 4); err != nil {
		t.Fatal(err)
	}
	got, _ := mem.GetData(end-8, 8)
	if string(got) != "edgewasm" {
		t.Errorf("memory = %q", got)
	}
	if err := mem.SetData([]byte("x"), end, 1); resultCode(t, err) != errcode.MemoryOutOfBounds {
		t.Errorf("SetData out of bounds: %v", err)
	}
}

func TestIsolation(t *testing.T) {
	path := reactor(t, "fib")
	buf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			vm := NewVMWithConfig(NewConfigure(WASI))
			defer vm.Release()
			vm.GetImportModule(WASI).host.WASI.SetStdio(nil, &bytes.Buffer{}, &bytes.Buffer{})
			name := "mine"
			if err := vm.RegisterWasmBuffer(name, buf); err != nil {
				errs <- err
				return
			}
			if _, err := vm.ExecuteRegistered(name, "_initialize"); err != nil {
				errs <- err
				return
			}
			res, err := vm.ExecuteRegistered(name, "fib", int32(i%15))
			if err != nil {
				errs <- err
				return
			}
			if want := fibGo(int32(i % 15)); res[0].(int32) != want {
				errs <- errors.New("wrong fib")
			}
			if len(vm.ListRegisteredModule()) == 0 || vm.GetRegisteredModule(name) == nil {
				errs <- errors.New("own module missing")
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func fibGo(n int32) int32 {
	if n < 2 {
		return n
	}
	return fibGo(n-1) + fibGo(n-2)
}

func TestReleaseIsIdempotent(t *testing.T) {
	conf := NewConfigure(WASI)
	vm := NewVMWithConfig(conf)
	conf.Release()
	conf.Release()
	vm.Release()
	vm.Release()
	if vm.GetImportModule(WASI) != nil || vm.ListRegisteredModule() != nil {
		t.Error("a released VM still answers")
	}
	if _, err := vm.Execute("x"); err == nil {
		t.Error("Execute on a released VM succeeded")
	}
	m := NewModule("m")
	m.Release()
	m.Release()
}

func TestConfigure(t *testing.T) {
	c := NewConfigure()
	for _, p := range []Proposal{IMPORT_EXPORT_MUT_GLOBALS, NON_TRAP_FLOAT_TO_INT_CONVERSIONS, SIGN_EXTENSION_OPERATORS,
		MULTI_VALUE, BULK_MEMORY_OPERATIONS, REFERENCE_TYPES, SIMD} {
		if !c.HasConfig(p) {
			t.Errorf("default lacks %v", p)
		}
	}
	if c.HasConfig(THREADS) || c.HasConfig(WASI) {
		t.Error("threads or WASI on by default")
	}
	c.AddConfig(GC)
	if !c.HasConfig(FUNCTION_REFERENCES) || !c.HasConfig(REFERENCE_TYPES) {
		t.Error("GC did not bring its dependencies")
	}
	c.RemoveConfig(REFERENCE_TYPES)
	if !c.HasConfig(REFERENCE_TYPES) {
		t.Error("reference types removed while GC is set")
	}
	c.SetMaxMemoryPage(10)
	c.SetForceInterpreter(true)
	if c.GetMaxMemoryPage() != 10 || !c.IsForceInterpreter() {
		t.Error("setters")
	}
	defer func() {
		if recover() == nil {
			t.Error("NewConfigure(42) did not panic")
		}
	}()
	NewConfigure(42)
}

func TestMemoryPageLimit(t *testing.T) {
	conf := NewConfigure(WASI)
	conf.SetMaxMemoryPage(20)
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	captureStdout(vm)
	if _, err := vm.RunWasmFile(reactor(t, "fib"), "_initialize"); err == nil {
		mem := vm.GetActiveModule().FindMemory("memory")
		if err := mem.GrowPage(100); err == nil {
			t.Error("grew past the page limit")
		}
	}
}

func TestInterpreter(t *testing.T) {
	conf := NewConfigure(WASI)
	conf.SetForceInterpreter(true)
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	captureStdout(vm)
	if _, err := vm.RunWasmFile(reactor(t, "fib"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	if res, err := vm.Execute("fib", int32(15)); err != nil || res[0].(int32) != 610 {
		t.Fatalf("fib(15) = %v, %v", res, err)
	}
}

func TestResult(t *testing.T) {
	r := NewResult(ErrCategory_UserLevel, 0x1234)
	if r.GetCode() != 0x1234 || r.GetErrorCategory() != ErrCategory_UserLevel || r.Error() != "user defined error code" {
		t.Errorf("user result: %v", r)
	}
	w := Result{code: uint32(errcode.Unreachable)}
	if w.Error() != "unreachable" {
		t.Errorf("message %q", w.Error())
	}
	var err error = &w
	if _, ok := err.(*Result); !ok {
		t.Error("*Result is not an error")
	}
}

func TestValues(t *testing.T) {
	v := NewV128(1, 2)
	if hi, lo := v.GetVal(); hi != 1 || lo != 2 {
		t.Error("V128")
	}
	ref := NewExternRef("payload")
	if ref.GetRef() != "payload" {
		t.Error("externref")
	}
	ref.Release()
	if ref.GetRef() != nil {
		t.Error("released externref still resolves")
	}
	if NewLimitWithMax(3, 2) != nil || NewLimitWithMax(2, 3).GetMax() != 3 {
		t.Error("limits")
	}
	g := NewGlobal(NewGlobalType(NewValTypeI64(), ValMut_Var), int64(7))
	if g.GetValue().(int64) != 7 {
		t.Error("global value")
	}
	if err := g.SetValue(int32(1)); resultCode(t, err) != errcode.SetValueErrorType {
		t.Errorf("type mismatch: %v", err)
	}
	c := NewGlobal(NewGlobalType(NewValTypeI32(), ValMut_Const), int32(1))
	if err := c.SetValue(int32(2)); resultCode(t, err) != errcode.SetValueToConst {
		t.Errorf("const: %v", err)
	}
}

// A guest that runs out of memory under the page limit ends with its own
// error status; the host goes on.
func TestGuestOutOfMemory(t *testing.T) {
	conf := NewConfigure(WASI)
	conf.SetMaxMemoryPage(1024) // 64 MiB
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	out := captureStdout(vm)
	_, err := vm.RunWasmFile(guest(t, "oom"), "_start")
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if code := vm.GetImportModule(WASI).WasiGetExitCode(); code != 2 || !strings.Contains(out.String(), "out of memory") {
		t.Fatalf("exit code %d, output:\n%s", code, out.String())
	}
}
