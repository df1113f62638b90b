package wasmedge

import (
	"io"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/errcode"
)

// TestReleaseDuringCall releases a VM while its guest waits in a WASI
// fd_read that Release does not interrupt (a read from a pipe): the read
// returns into the guest after the release, and the guest's memory, which
// it then writes and reads, must still be mapped (it was unmapped, and the
// process crashed with a fault the Go runtime cannot recover).
func TestReleaseDuringCall(t *testing.T) {
	src := `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "read") (result i32)
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 4096))
    (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 60000) (i32.const 7))
    (i32.load (i32.const 8))))`
	conf := NewConfigure(WASI)
	defer conf.Release()
	vm := NewVMWithConfig(conf)
	pr, pw := io.Pipe()
	vm.GetImportModule(WASI).host.WASI.SetStdio(pr, nil, nil)
	if err := loadValidateInstantiate(vm, wat(t, src)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := vm.Execute("read")
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // the guest waits in fd_read
	vm.Release()
	if _, err := pw.Write(make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil || resultCode(t, err) != errcode.RuntimeError {
			t.Errorf("the call returned %v, want 0x0002 (its module was closed)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after its read was served")
	}
}
