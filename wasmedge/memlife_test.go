package wasmedge

import (
	"runtime"
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// A Memory taken from a module stays safe after the module (and its VM) is
// released: its data and the slices it gave out read the memory's last
// bytes (the pages stay mapped while the handle is reachable) instead of
// unmapped pages, which crashed the process; growing it fails with an
// error; and FindMemory on the released module finds nothing.
func TestMemoryAfterRelease(t *testing.T) {
	bin := wat(t, `(module (memory (export "mem") 1 4)
  (func (export "put") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`)
	for _, via := range []string{"active", "registered", "released module"} {
		vm := NewVM()
		var mod *Module
		switch via {
		case "registered":
			if err := vm.RegisterWasmBuffer("m", bin); err != nil {
				t.Fatal(err)
			}
			mod = vm.GetRegisteredModule("m")
		default:
			if err := vm.LoadWasmBuffer(bin); err != nil {
				t.Fatal(err)
			}
			if err := vm.Validate(); err != nil {
				t.Fatal(err)
			}
			if err := vm.Instantiate(); err != nil {
				t.Fatal(err)
			}
			mod = vm.GetActiveModule()
		}
		mem := mod.FindMemory("mem")
		if mem == nil {
			t.Fatalf("%s: no memory", via)
		}
		if via == "registered" {
			_, err := vm.ExecuteRegistered("m", "put", int32(100), int32(42))
			if err != nil {
				t.Fatal(err)
			}
		} else if _, err := vm.Execute("put", int32(100), int32(42)); err != nil {
			t.Fatal(err)
		}
		early, err := mem.GetData(0, 65536)
		if err != nil {
			t.Fatal(err)
		}
		if via == "released module" {
			mod.Release()
		}
		vm.Release()
		runtime.GC()
		runtime.GC()
		if got := mod.FindMemory("mem"); got != nil {
			t.Errorf("%s: FindMemory found a memory in a released module", via)
		}
		data, err := mem.GetData(100, 1)
		if err != nil || data[0] != 42 {
			t.Fatalf("%s: GetData after release: %v, %v", via, data, err)
		}
		if early[100] != 42 {
			t.Fatalf("%s: a slice taken before the release reads %d", via, early[100])
		}
		early[101] = 7 // writes the still mapped page, no fault
		if err := mem.SetData([]byte{1, 2}, 200, 2); err != nil {
			t.Errorf("%s: SetData after release: %v", via, err)
		}
		if got := mem.GetPageSize(); got != 1 {
			t.Errorf("%s: GetPageSize after release: %d", via, got)
		}
		if err := mem.GrowPage(1); resultCode(t, err) != errcode.WrongVMWorkflow {
			t.Errorf("%s: GrowPage after release: %v", via, err)
		}
		runtime.KeepAlive(mem)
	}
}

// A v128 global that a guest exports keeps its high half, read and written
// from the host (wazero's api.Global reaches only the low half), for a
// constant and a mutable global, and the guest sees the host's write.
func TestGuestV128Global(t *testing.T) {
	bin := wat(t, `(module
  (global (export "c") v128 (v128.const i64x2 0x1111222233334444 0x5555666677778888))
  (global $m (export "m") (mut v128) (v128.const i64x2 1 2))
  (func (export "hi") (result i64) (i64x2.extract_lane 1 (global.get $m))))`)
	vm := NewVM()
	defer vm.Release()
	if err := vm.RegisterWasmBuffer("g", bin); err != nil {
		t.Fatal(err)
	}
	mod := vm.GetRegisteredModule("g")
	c, ok := mod.FindGlobal("c").GetValue().(V128)
	if hi, lo := c.GetVal(); !ok || hi != 0x5555666677778888 || lo != 0x1111222233334444 {
		t.Fatalf("constant v128 global: %#x %#x (%v)", hi, lo, ok)
	}
	m := mod.FindGlobal("m")
	if v, _ := m.GetValue().(V128); v != NewV128(2, 1) {
		t.Fatalf("mutable v128 global: %v", v)
	}
	if err := m.SetValue(NewV128(0xAAAA, 0xBBBB)); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.GetValue().(V128); v != NewV128(0xAAAA, 0xBBBB) {
		t.Fatalf("after SetValue: %v", v)
	}
	res, err := vm.ExecuteRegistered("g", "hi")
	if err != nil || res[0].(int64) != 0xAAAA {
		t.Fatalf("the guest reads the high half %v, %v", res, err)
	}
	if err := mod.FindGlobal("c").SetValue(NewV128(1, 1)); resultCode(t, err) != errcode.SetValueToConst {
		t.Errorf("SetValue on a constant: %v", err)
	}
}
