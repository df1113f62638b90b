package wasmedge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// A host funcref table filled from the host with references to a host
// function and a guest function, imported by two modules: both see the same
// elements, call through them, and the host sees their writes.
func TestHostTableAndFuncRefs(t *testing.T) {
	i32 := NewValTypeI32()
	unary := NewFunctionType([]*ValType{i32}, []*ValType{i32})
	tab := NewTable(NewTableType(NewValTypeFuncRef(), NewLimitWithMax(2, 4)))
	if tab == nil {
		t.Fatal("NewTable returned nil")
	}
	triple := NewFunction(unary, func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
		return []interface{}{p[0].(int32) * 3}, Result_Success
	}, nil, 0)
	if err := tab.SetData(NewFuncRef(triple), 0); err != nil {
		t.Fatal(err)
	}
	if err := tab.SetData(NewFuncRef(triple), 2); resultCode(t, err) != errcode.TableOutOfBounds {
		t.Fatalf("SetData past the end: %v", err)
	}
	if err := tab.SetData(NewExternRef(1), 0); resultCode(t, err) != errcode.RefTypeMismatch {
		t.Fatalf("SetData of an externref: %v", err)
	}
	host := NewModule("env")
	host.AddTable("tab", tab)
	host.AddFunction("triple", triple)
	vm := NewVM()
	defer vm.Release()
	if err := vm.RegisterModule(host); err != nil {
		t.Fatal(err)
	}
	user := wat(t, `(module
  (type $u (func (param i32) (result i32)))
  (import "env" "tab" (table $t 2 funcref))
  (func $neg (export "neg") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect $t (type $u) (local.get 1) (local.get 0)))
  (func (export "put") (param i32 funcref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "size") (result i32) (table.size $t)))`)
	if err := vm.RegisterWasmBuffer("a", user); err != nil {
		t.Fatal(err)
	}
	if err := vm.LoadWasmBuffer(user); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		t.Fatal(err)
	}
	call := func(idx, x int32) int32 {
		t.Helper()
		res, err := vm.Execute("call", idx, x)
		if err != nil {
			t.Fatalf("call(%d, %d): %v", idx, x, err)
		}
		return res[0].(int32)
	}
	// The host function, set before any module imported the table.
	if got := call(0, 7); got != 21 {
		t.Fatalf("call_indirect of the host function: %d", got)
	}
	// Element 1 is null: a trap.
	if _, err := vm.Execute("call", int32(1), int32(7)); err == nil {
		t.Fatal("call through a null element succeeded")
	}
	// A guest function of module a, set by the host through the table.
	neg := vm.GetRegisteredModule("a").FindFunction("neg")
	if neg == nil {
		t.Fatal("neg not found")
	}
	if err := tab.SetData(NewFuncRef(neg), 1); err != nil {
		t.Fatal(err)
	}
	if got := call(1, 7); got != -7 {
		t.Fatalf("call_indirect of a guest function set by the host: %d", got)
	}
	// A reference passed as an argument, read back as a result and through
	// GetData: the host sees the function it referenced.
	if _, err := vm.Execute("put", int32(0), NewFuncRef(neg)); err != nil {
		t.Fatal(err)
	}
	if got := call(0, 5); got != -5 {
		t.Fatalf("after put: %d", got)
	}
	res, err := vm.Execute("get", int32(0))
	if err != nil {
		t.Fatal(err)
	}
	if f := res[0].(FuncRef).GetRef(); f == nil || f.GetFunctionType().GetParametersLength() != 1 {
		t.Fatalf("GetRef of a returned reference: %v", f)
	}
	d, err := tab.GetData(0)
	if err != nil {
		t.Fatal(err)
	}
	if f := d.(FuncRef).GetRef(); f == nil {
		t.Fatal("GetRef of a table element set by Wasm to a host-made reference is nil")
	}
	if _, err := tab.GetData(2); resultCode(t, err) != errcode.TableOutOfBounds {
		t.Fatalf("GetData past the end: %v", err)
	}
	// Growing from the host is seen by the guest, up to the maximum.
	if err := tab.Grow(2); err != nil {
		t.Fatal(err)
	}
	if n := tab.GetSize(); n != 4 {
		t.Fatalf("size after Grow: %d", n)
	}
	if res, _ := vm.Execute("size"); res[0].(int32) != 4 {
		t.Fatalf("guest sees size %v", res[0])
	}
	if got := tab.GetTableType().GetLimit().GetMin(); got != 4 {
		t.Fatalf("GetTableType's minimum: %d", got)
	}
	if err := tab.Grow(1); resultCode(t, err) != errcode.TableOutOfBounds {
		t.Fatalf("Grow past the maximum: %v", err)
	}
	// The host module's FindTable is the same table.
	if n := host.FindTable("tab").GetSize(); n != 4 {
		t.Fatalf("FindTable size %d", n)
	}
}

// A guest's own externref table, reached through FindTable.
func TestGuestExternRefTable(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	bin := wat(t, `(module
  (table (export "t") 1 3 externref)
  (func (export "isnull") (param i32) (result i32) (ref.is_null (table.get 0 (local.get 0)))))`)
	if err := vm.RegisterWasmBuffer("m", bin); err != nil {
		t.Fatal(err)
	}
	tab := vm.GetRegisteredModule("m").FindTable("t")
	if tab == nil {
		t.Fatal("FindTable returned nil")
	}
	if !tab.GetTableType().GetRefType().IsExternRef() || tab.GetSize() != 1 {
		t.Fatalf("type %v size %d", tab.GetTableType().GetRefType(), tab.GetSize())
	}
	val := "hello"
	ref := NewExternRef(&val)
	defer ref.Release()
	if err := tab.SetData(ref, 0); err != nil {
		t.Fatal(err)
	}
	d, err := tab.GetData(0)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := d.(ExternRef).GetRef().(*string); !ok || *p != "hello" {
		t.Fatalf("GetData: %v", d)
	}
	res, err := vm.ExecuteRegistered("m", "isnull", int32(0))
	if err != nil || res[0].(int32) != 0 {
		t.Fatalf("isnull: %v %v", res, err)
	}
	if err := tab.SetData(NewFuncRef(nil), 0); resultCode(t, err) != errcode.RefTypeMismatch {
		t.Fatalf("funcref into an externref table: %v", err)
	}
	if err := tab.Grow(3); resultCode(t, err) != errcode.TableOutOfBounds {
		t.Fatalf("Grow past the maximum: %v", err)
	}
	if err := tab.Grow(2); err != nil || tab.GetSize() != 3 {
		t.Fatalf("Grow: %v, size %d", err, tab.GetSize())
	}
}

// An AST owns its bytes: the caller may overwrite the buffer it loaded.
func TestASTCopiesBuffer(t *testing.T) {
	buf := wat(t, `(module (func (export "one") (result i32) (i32.const 1)))`)
	ast, err := NewLoader().LoadBuffer(buf)
	if err != nil {
		t.Fatal(err)
	}
	defer ast.Release()
	clear(buf)
	store := NewStore()
	defer store.Release()
	if err := NewValidator().Validate(ast); err != nil {
		t.Fatalf("Validate after the buffer was cleared: %v", err)
	}
	mod, err := NewExecutor().Instantiate(store, ast)
	if err != nil {
		t.Fatalf("Instantiate after the buffer was cleared: %v", err)
	}
	defer mod.Release()
	res, err := NewExecutor().Invoke(mod.FindFunction("one"))
	if err != nil || res[0].(int32) != 1 {
		t.Fatalf("one() = %v, %v", res, err)
	}
}

// References that Wasm made itself (an element segment, ref.func, a
// global's initializer) to functions the host never referenced come back
// from GetRef, on the compiler and the interpreter, as functions that can be
// invoked and re-enter Wasm: the module's own functions, an imported guest
// function, and an imported host function, which gives the host's own
// Function. (Looking a reference to an imported host function up as a
// function crashed the process on the compiler; the import reference
// globals of internal/meter tell such references apart.)
func TestGetRefOfEngineRefs(t *testing.T) {
	lib := wat(t, `(module (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))`)
	src := wat(t, `(module
  (import "env" "dbl" (func $dbl (param i32) (result i32)))
  (import "lib" "triple" (func $triple (param i32) (result i32)))
  (func $first (result i32) (i32.const 1))
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sq (param i64) (result i64) (i64.mul (local.get 0) (local.get 0)))
  (table $t 5 funcref)
  (elem (table $t) (i32.const 0) func $add $sq $dbl $triple)
  (global $g (export "g") funcref (ref.func $dbl))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "reffunc") (result funcref) (ref.func $add))
  (func (export "reftriple") (result funcref) (ref.func $triple))
  (func (export "call") (param funcref i32 i32) (result i32)
    (table.set $t (i32.const 4) (local.get 0))
    (call_indirect $t (param i32 i32) (result i32) (local.get 1) (local.get 2) (i32.const 4)))
  (func (export "call1") (param funcref i32) (result i32)
    (table.set $t (i32.const 4) (local.get 0))
    (call_indirect $t (param i32) (result i32) (local.get 1) (i32.const 4))))`)
	i32 := NewValTypeI32()
	for _, interp := range []bool{false, true} {
		vm := vmOnEngine(interp)
		env := NewModule("env")
		dblFn := NewFunction(NewFunctionType([]*ValType{i32}, []*ValType{i32}),
			func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
				return []interface{}{p[0].(int32) * 2}, Result_Success
			}, nil, 0)
		env.AddFunction("dbl", dblFn)
		if err := vm.RegisterModule(env); err != nil {
			t.Fatal(err)
		}
		if err := vm.RegisterWasmBuffer("lib", lib); err != nil {
			t.Fatal(err)
		}
		if err := loadValidateInstantiate(vm, src); err != nil {
			t.Fatal(err)
		}
		ref := func(name string, args ...interface{}) *Function {
			t.Helper()
			res, err := vm.Execute(name, args...)
			if err != nil {
				t.Fatal(err)
			}
			return res[0].(FuncRef).GetRef()
		}
		exec := vm.GetExecutor()
		invoke := func(what string, f *Function, want interface{}, args ...interface{}) {
			t.Helper()
			if f == nil {
				t.Fatalf("interpreter=%v: GetRef of %s is nil", interp, what)
			}
			if res, err := exec.Invoke(f, args...); err != nil || res[0] != want {
				t.Fatalf("interpreter=%v: invoking %s: %v %v", interp, what, res, err)
			}
		}
		add, sq := ref("get", int32(0)), ref("get", int32(1))
		invoke("$add (element segment)", add, int32(42), int32(40), int32(2))
		if ft := add.GetFunctionType(); ft.GetParametersLength() != 2 || ft.GetReturnsLength() != 1 {
			t.Fatalf("interpreter=%v: type of $add: %d -> %d", interp, ft.GetParametersLength(), ft.GetReturnsLength())
		}
		invoke("$sq (element segment)", sq, int64(81), int64(9))
		invoke("ref.func $add", ref("reffunc"), int32(3), int32(1), int32(2))
		// An imported host function gives the host's own Function.
		dbl := ref("get", int32(2))
		if dbl != dblFn {
			t.Fatalf("interpreter=%v: GetRef of the imported host function: %p, want the host's %p", interp, dbl, dblFn)
		}
		invoke("$dbl (element segment)", dbl, int32(14), int32(7))
		g := vm.GetActiveModule().FindGlobal("g")
		if g == nil {
			t.Fatal("no global g")
		}
		invoke("$dbl (global)", g.GetValue().(FuncRef).GetRef(), int32(10), int32(5))
		// An imported guest function, from a table and from ref.func.
		invoke("$triple (element segment)", ref("get", int32(3)), int32(21), int32(7))
		triple := ref("reftriple")
		invoke("ref.func $triple", triple, int32(9), int32(3))
		// The functions found go back into Wasm as references.
		if res, err := vm.Execute("call", NewFuncRef(add), int32(5), int32(6)); err != nil || res[0] != int32(11) {
			t.Fatalf("interpreter=%v: passing $add back: %v %v", interp, res, err)
		}
		if res, err := vm.Execute("call1", NewFuncRef(triple), int32(5)); err != nil || res[0] != int32(15) {
			t.Fatalf("interpreter=%v: passing $triple back: %v %v", interp, res, err)
		}
		if res, err := vm.Execute("call1", NewFuncRef(dbl), int32(8)); err != nil || res[0] != int32(16) {
			t.Fatalf("interpreter=%v: passing $dbl back: %v %v", interp, res, err)
		}
		// The hidden globals are in no listing.
		for _, name := range vm.GetActiveModule().ListGlobal() {
			if name != "g" {
				t.Fatalf("interpreter=%v: ListGlobal lists %q", interp, name)
			}
		}
		env.Release()
		vm.Release()
	}
}

// What is not supported yet fails clearly: a host global cannot hold a
// NewFuncRef reference (NewGlobal returns nil, SetValue fails), and a host
// table already used by a VM of one configuration cannot be imported by a
// VM of another.
func TestFuncRefLimits(t *testing.T) {
	i32 := NewValTypeI32()
	f := NewFunction(NewFunctionType([]*ValType{i32}, []*ValType{i32}),
		func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
			return []interface{}{p[0]}, Result_Success
		}, nil, 0)
	gt := NewGlobalType(NewValTypeFuncRef(), ValMut_Var)
	if g := NewGlobal(gt, NewFuncRef(f)); g != nil {
		t.Error("NewGlobal of a NewFuncRef reference is not nil")
	}
	g := NewGlobal(gt, FuncRef{})
	if g == nil {
		t.Fatal("NewGlobal of a null funcref is nil")
	}
	if err := g.SetValue(NewFuncRef(f)); resultCode(t, err) != errcode.WrongVMWorkflow {
		t.Errorf("SetValue of a NewFuncRef reference on a host global: %v", err)
	}

	host := NewModule("env")
	defer host.Release()
	host.AddTable("tab", NewTable(NewTableType(NewValTypeFuncRef(), NewLimit(1))))
	user := wat(t, `(module (import "env" "tab" (table 1 funcref)))`)
	run := func(interp bool) error {
		conf := NewConfigure()
		conf.SetForceInterpreter(interp)
		vm := NewVMWithConfig(conf)
		conf.Release()
		defer vm.Release()
		if err := vm.RegisterModule(host); err != nil {
			return err
		}
		return loadValidateInstantiate(vm, user)
	}
	if err := run(false); err != nil {
		t.Fatalf("a host table in a first configuration: %v", err)
	}
	err := run(true)
	if err == nil || !strings.Contains(fmt.Sprintf("%+v", err), "one configuration") {
		t.Fatalf("a host table in a second configuration: %v", err)
	}
}

// loadValidateInstantiate makes buf the VM's active module.
func loadValidateInstantiate(vm *VM, buf []byte) error {
	if err := vm.LoadWasmBuffer(buf); err != nil {
		return err
	}
	if err := vm.Validate(); err != nil {
		return err
	}
	return vm.Instantiate()
}

// A host table works with reference-types off (the Wasm 1.0 configuration
// of WasmEdge's wasm-1.0 suite): a module imports it, fills it with an
// element segment and calls through it. The host cannot reach its elements
// there (wazero rejects the accessors without the proposal), and says so.
func TestHostTableWithoutReferenceTypes(t *testing.T) {
	conf := NewConfigure()
	conf.RemoveConfig(REFERENCE_TYPES)
	conf.RemoveConfig(BULK_MEMORY_OPERATIONS)
	tab := NewTable(NewTableType(NewValTypeFuncRef(), NewLimitWithMax(10, 20)))
	host := NewModule("spectest")
	host.AddTable("table", tab)
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	if err := vm.RegisterModule(host); err != nil {
		t.Fatal(err)
	}
	user := wat(t, `(module
  (type $v (func (result i32)))
  (import "spectest" "table" (table 10 funcref))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 3) $seven)
  (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0))))`)
	if err := vm.LoadWasmBuffer(user); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		t.Fatalf("instantiating a module that imports a host table: %v", err)
	}
	if res, err := vm.Execute("call", int32(3)); err != nil || res[0].(int32) != 7 {
		t.Fatalf("call_indirect through the host table: %v, %v", res, err)
	}
	if got := tab.GetSize(); got != 10 {
		t.Errorf("GetSize: %d, want 10", got)
	}
	if _, err := tab.GetData(3); err == nil {
		t.Error("GetData succeeded on a table the host cannot reach")
	}
	// A host table with an element set cannot be materialised there.
	f := NewFunction(NewFunctionType(nil, nil), func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
		return nil, Result_Success
	}, nil, 0)
	full := NewTable(NewTableType(NewValTypeFuncRef(), NewLimit(1)))
	if err := full.SetData(NewFuncRef(f), 0); err != nil {
		t.Fatal(err)
	}
	host2 := NewModule("other")
	host2.AddTable("t", full)
	vm2 := NewVMWithConfig(conf)
	defer vm2.Release()
	err := vm2.RegisterModule(host2)
	if err == nil {
		err = vm2.RegisterWasmBuffer("u", wat(t, `(module (import "other" "t" (table 1 funcref)))`))
	}
	if err == nil || !strings.Contains(fmt.Sprintf("%+v", err), "reference-types") {
		t.Errorf("a host table with elements, without reference-types: %v", err)
	}
}

// Wasm 1.0: an element segment that does not fit its table fails the
// instantiation with 0x304, as in WasmEdge, not the validation (wazero
// checks it when compiling), for a table of the module's own and for an
// imported one.
func TestElemSegmentDoesNotFitWasm1(t *testing.T) {
	conf := NewConfigure()
	conf.RemoveConfig(REFERENCE_TYPES)
	conf.RemoveConfig(BULK_MEMORY_OPERATIONS)
	host := NewModule("spectest")
	host.AddTable("table", NewTable(NewTableType(NewValTypeFuncRef(), NewLimitWithMax(10, 20))))
	for _, src := range []string{
		`(module (func) (table 0 funcref) (elem (i32.const 0) 0))`,
		`(module (import "spectest" "table" (table 10 funcref)) (func) (elem (i32.const 10) 0))`,
	} {
		vm := NewVMWithConfig(conf)
		if err := vm.RegisterModule(host); err != nil {
			t.Fatal(err)
		}
		if err := vm.LoadWasmBuffer(wat(t, src)); err != nil {
			t.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", src, err)
		} else if err := vm.Instantiate(); resultCode(t, err) != errcode.ElemSegDoesNotFit {
			t.Errorf("%s: Instantiate: %v, want 0x304", src, err)
		}
		vm.Release()
	}
}

// A module that names one of its own exports as the rewriter's hidden
// import reference globals cannot collide with them: it is refused (run as
// given, it would have no safe points), so GetRef can never return the
// module's own global for a reference to its import.
func TestGetRefHiddenNameTaken(t *testing.T) {
	src := wat(t, `(module
  (import "env" "dbl" (func $dbl (param i32) (result i32)))
  (func $own (param i32) (result i32) (local.get 0))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $dbl $own)
  (global (export "\00pureedge:ref.import:0") funcref (ref.func $own))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0))))`)
	i32 := NewValTypeI32()
	for _, interp := range []bool{false, true} {
		vm := vmOnEngine(interp)
		env := NewModule("env")
		env.AddFunction("dbl", NewFunction(NewFunctionType([]*ValType{i32}, []*ValType{i32}),
			func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
				return []interface{}{p[0].(int32) * 2}, Result_Success
			}, nil, 0))
		if err := vm.RegisterModule(env); err != nil {
			t.Fatal(err)
		}
		err := loadValidateInstantiate(vm, src)
		if err == nil {
			t.Errorf("interpreter=%v: a module with a reserved export name was instantiated", interp)
		} else if d := fmt.Sprintf("%+v", err); !strings.Contains(d, "reserved for PureEdge") {
			t.Errorf("interpreter=%v: %s, want the reserved-name refusal", interp, d)
		}
		env.Release()
		vm.Release()
	}
}
