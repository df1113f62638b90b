package wasmedge

import (
	"errors"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// trapCode runs the export fn of a module with args and returns the code
// of the error, and the error's detail.
func trapCode(t *testing.T, conf *Configure, src, fn string, args ...interface{}) (int, string) {
	t.Helper()
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	_, err := vm.RunWasmBuffer(wat(t, src), fn, args...)
	var res *Result
	if !errors.As(err, &res) {
		t.Fatalf("%s: error %v is not a *Result", fn, err)
	}
	var ee *errcode.Error
	detail := ""
	if errors.As(err, &ee) {
		detail = ee.Detail
	}
	return res.GetCode(), detail
}

// The table traps wazero reports as one, told apart as WasmEdge does.
func TestTableTrapCodes(t *testing.T) {
	src := `(module
  (type $v (func))
  (table $t 4 funcref)
  (table $full funcref (elem $f $f))
  (func $f)
  (elem (table $t) (i32.const 0) func $f)
  (func (export "null") (call_indirect $t (type $v) (i32.const 1)))
  (func (export "past") (call_indirect $full (type $v) (i32.const 2)))
  (func (export "get") (drop (table.get $t (i32.const 9))))
)`
	for _, c := range []struct {
		fn   string
		code int
	}{
		{"null", 0x40B}, // uninitialized element
		{"past", 0x40C}, // undefined element
		{"get", 0x407},  // out of bounds table access
	} {
		if code, _ := trapCode(t, nil, src, c.fn); code != c.code {
			t.Errorf("%s: code %#x, want %#x", c.fn, code, c.code)
		}
	}
}

// A function with both call_indirect and table instructions, through a
// table that grew and through a second table by index: each trap has its
// exact code, by the checks the rewriter writes before indirect calls
// (internal/meter, tablecheck.go). A guess from
// the function's code could not tell these apart.
func TestTableTrapCodesMixed(t *testing.T) {
	src := `(module
  (type $v (func))
  (table $a 1 funcref)
  (table $t 2 funcref)
  (func $f)
  (elem (table $t) (i32.const 0) func $f)
  (func $mixed (param $op i32) (param $i i32)
    (if (i32.eqz (local.get $op))
      (then (call_indirect $t (type $v) (local.get $i)))
      (else (drop (table.get $t (local.get $i))))))
  (func (export "grow") (drop (table.grow $t (ref.null func) (i32.const 2))))
  (func (export "call") (param i32) (call $mixed (i32.const 0) (local.get 0)))
  (func (export "get") (param i32) (call $mixed (i32.const 1) (local.get 0)))
)`
	vm := NewVM()
	defer vm.Release()
	if err := loadValidateInstantiate(vm, wat(t, src)); err != nil {
		t.Fatal(err)
	}
	checkTrapCodes(t, vm, []trapCase{
		{"call", 0, 0},
		{"call", 1, 0x40B},  // null
		{"call", 2, 0x40C},  // past the table
		{"call", -1, 0x40C}, // past the table (unsigned)
		{"get", 2, 0x407},
		{"grow", 0, 0},
		{"call", 3, 0x40B}, // grown: null now
		{"call", 4, 0x40C},
		{"get", 3, 0},
		{"get", 4, 0x407},
	})
}

// trapCase is a call of an export with an i32 argument (none for "grow")
// and the code it must fail with (0: success).
type trapCase struct {
	fn   string
	arg  int32
	code int
}

// checkTrapCodes runs the cases in order on the VM's active module.
func checkTrapCodes(t *testing.T, vm *VM, cases []trapCase) {
	t.Helper()
	for _, c := range cases {
		args := []interface{}{c.arg}
		if c.fn == "grow" {
			args = nil
		}
		_, err := vm.Execute(c.fn, args...)
		code := 0
		if err != nil {
			code = int(resultCode(t, err))
		}
		if code != c.code {
			t.Errorf("%s(%d): code %#x, want %#x", c.fn, c.arg, code, c.code)
		}
	}
}

// The table checks are not instructions of the module: a call_indirect
// counts and costs as one instruction, as in WasmEdge (a direct call and an
// indirect one differ by the index's i32.const).
func TestTableChecksNotCounted(t *testing.T) {
	count := func(call string) uint {
		conf := NewConfigure()
		conf.SetStatisticsInstructionCounting(true)
		conf.SetStatisticsCostMeasuring(true)
		vm := NewVMWithConfig(conf)
		defer vm.Release()
		src := `(module (type $v (func)) (table 1 funcref) (elem (i32.const 0) $f) (func $f)
  (func (export "f") ` + call + `))`
		if _, err := vm.RunWasmBuffer(wat(t, src), "f"); err != nil {
			t.Fatal(err)
		}
		st := vm.GetStatistics()
		if st.GetInstrCount() != uint(st.GetTotalCost()) {
			t.Errorf("%s: %d instructions cost %d", call, st.GetInstrCount(), st.GetTotalCost())
		}
		return st.GetInstrCount()
	}
	direct, indirect := count("(call $f)"), count("(call_indirect (type $v) (i32.const 0))")
	if indirect != direct+1 {
		t.Errorf("call_indirect: %d instructions, call: %d; want one more", indirect, direct)
	}
}

func TestStackOverflowDetail(t *testing.T) {
	code, detail := trapCode(t, nil, `(module (func $f (export "f") (call $f)))`, "f")
	if code != 0x002 || detail != "call stack exhausted" {
		t.Errorf("code %#x detail %q, want 0x2 and \"call stack exhausted\"", code, detail)
	}
}

// A data segment that does not fit traps as memory.init does (bulk memory
// is on by default); with Wasm 1.0 it is "data segment does not fit".
func TestDataSegmentOutOfBounds(t *testing.T) {
	src := `(module (memory 1) (data (i32.const 65535) "ab") (func (export "f")))`
	if code, _ := trapCode(t, nil, src, "f"); code != 0x408 {
		t.Errorf("code %#x, want 0x408", code)
	}
	conf := NewConfigure()
	conf.RemoveConfig(BULK_MEMORY_OPERATIONS)
	conf.RemoveConfig(REFERENCE_TYPES)
	if code, _ := trapCode(t, conf, src, "f"); code != 0x303 {
		t.Errorf("Wasm 1.0: code %#x, want 0x303", code)
	}
}

// An element segment that does not fit its table: 0x407 (0x304 in Wasm
// 1.0, where wazero finds it when compiling).
func TestElemSegmentOutOfBounds(t *testing.T) {
	src := `(module (table 1 funcref) (func $f) (elem (i32.const 1) $f) (func (export "f")) (start $f))`
	if code, _ := trapCode(t, nil, src, "f"); code != 0x407 {
		t.Errorf("code %#x, want 0x407", code)
	}
	conf := NewConfigure()
	conf.RemoveConfig(BULK_MEMORY_OPERATIONS)
	conf.RemoveConfig(REFERENCE_TYPES)
	if code, _ := trapCode(t, conf, src, "f"); code != 0x304 {
		t.Errorf("Wasm 1.0: code %#x, want 0x304", code)
	}
}

func TestAtomicAlignment(t *testing.T) {
	conf := NewConfigure(THREADS)
	src := `(module (memory 1 1 shared) (func (export "f") (drop (i32.atomic.load align=2 (i32.const 0)))))`
	if code, _ := trapCode(t, conf, src, "f"); code != int(errcode.InvalidAlignment) {
		t.Errorf("code %#x, want %#x (atomic alignment must be natural)", code, errcode.InvalidAlignment)
	}
	if msg := errcode.InvalidAlignment.Message(); msg != "atomic alignment must be natural" {
		t.Errorf("message %q", msg)
	}
}

// A module importing a shared memory is refused a memory that is not.
func TestSharedMemoryImport(t *testing.T) {
	conf := NewConfigure(THREADS)
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	if err := vm.RegisterWasmBuffer("m", wat(t, `(module (memory (export "mem") 1 1))`)); err != nil {
		t.Fatal(err)
	}
	err := vm.LoadWasmBuffer(wat(t, `(module (import "m" "mem" (memory 1 1 shared)))`))
	if err == nil {
		err = vm.Validate()
	}
	if err == nil {
		err = vm.Instantiate()
	}
	var res *Result
	if !errors.As(err, &res) || res.GetCode() != 0x301 {
		t.Errorf("instantiating: %v, want incompatible import type (0x301)", err)
	}
}

// Without the threads proposal the shared flag is malformed at loading.
func TestSharedFlagWithoutThreads(t *testing.T) {
	_, err := NewLoader().LoadBuffer(wat(t, `(module (memory 1 1 shared))`))
	var res *Result
	if !errors.As(err, &res) || res.GetCode() != int(errcode.IntegerTooLarge) {
		t.Errorf("LoadBuffer: %v, want integer too large", err)
	}
}

// The interpreter's call depth is wazero's: 2,000 frames (the compiler's is
// bounded by its stack, millions of frames); both report an overflow as
// WasmEdge does (0x2, "call stack exhausted"). README's "Not supported yet"
// states the difference.
func TestCallDepthInterpreterAndCompiler(t *testing.T) {
	src := `(module (func $d (export "d") (param i32) (result i32)
  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
    (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))`
	vm := NewVMWithConfig(NewConfigure())
	res, err := vm.RunWasmBuffer(wat(t, src), "d", int32(3000))
	vm.Release()
	if err != nil || res[0].(int32) != 3000 {
		t.Fatalf("compiler, depth 3,000: %v, %v", res, err)
	}
	interp := NewConfigure()
	interp.SetForceInterpreter(true)
	vm = NewVMWithConfig(interp)
	res, err = vm.RunWasmBuffer(wat(t, src), "d", int32(1900))
	vm.Release()
	if err != nil || res[0].(int32) != 1900 {
		t.Fatalf("interpreter, depth 1,900: %v, %v", res, err)
	}
	if code, detail := trapCode(t, interp, src, "d", int32(3000)); code != 0x002 || detail != "call stack exhausted" {
		t.Errorf("interpreter, depth 3,000: code %#x detail %q, want 0x2 and \"call stack exhausted\"", code, detail)
	}
}

// TestTableTrapCodesMVP checks the call_indirect trap codes in an engine
// without reference-types, where the rewriter records each indirect call's
// index (meter.ExportTableIndex) and the tables cannot grow: past the
// exporter's table (whose size the importer's declared minimum understates)
// 0x40C, a null element 0x40B, also through an export of an imported
// function, in a function of the exporter called by the importer's, and in
// the exporting module itself.
func TestTableTrapCodesMVP(t *testing.T) {
	conf := NewConfigure()
	defer conf.Release()
	for _, p := range []Proposal{REFERENCE_TYPES, BULK_MEMORY_OPERATIONS} {
		conf.RemoveConfig(p)
	}
	vm := NewVMWithConfig(conf)
	defer vm.Release()
	mt := `(module
  (type $v (func))
  (table (export "tab") 10 funcref)
  (func $f)
  (elem (i32.const 2) $f $f)
  (func (export "call") (param i32) (call_indirect (type $v) (local.get 0))))`
	if err := vm.RegisterWasmBuffer("Mt", wat(t, mt)); err != nil {
		t.Fatal(err)
	}
	ot := `(module
  (type $v (func))
  (import "Mt" "call" (func $mtcall (param i32)))
  (import "Mt" "tab" (table 5 funcref))
  (export "Mt.call" (func $mtcall))
  (func (export "call Mt.call") (param i32) (call $mtcall (local.get 0)))
  (func (export "call") (param i32) (call_indirect (type $v) (local.get 0))))`
	if err := loadValidateInstantiate(vm, wat(t, ot)); err != nil {
		t.Fatal(err)
	}
	cases := []trapCase{
		{"call", 2, 0},
		{"call", 1, 0x40B},  // null
		{"call", 7, 0x40B},  // null, past the importer's minimum
		{"call", 10, 0x40C}, // past the exporter's table
		{"call", -1, 0x40C},
		{"Mt.call", 3, 0},
		{"Mt.call", 9, 0x40B},
		{"Mt.call", 20, 0x40C},
		{"call Mt.call", 3, 0},
		{"call Mt.call", 9, 0x40B},
		{"call Mt.call", 20, 0x40C},
	}
	checkTrapCodes(t, vm, cases)
	for _, c := range cases[6:8] { // the traps of Mt.call, in Mt itself
		_, err := vm.ExecuteRegistered("Mt", "call", c.arg)
		if code := resultCode(t, err); int(code) != c.code {
			t.Errorf("Mt call(%d): code %#x, want %#x", c.arg, code, c.code)
		}
	}
}
