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
