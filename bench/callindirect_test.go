package bench

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/wasmedge"
)

// callIndirectWAT runs n indirect calls of two tiny functions in a loop:
// the cost of the table checks PureEdge writes before each call_indirect
// (internal/meter, tablecheck.go) at its most visible.
const callIndirectWAT = `(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $inc $flip)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $flip (type $t) (i32.xor (local.get 0) (i32.const 3)))
  (func (export "run") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call_indirect (type $t) (local.get $acc) (i32.and (local.get $n) (i32.const 1))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))`

// callIndirectN is the number of indirect calls per run.
const callIndirectN = 100_000

// BenchmarkCallIndirect compares VM.Execute with wazero's api.Function.Call
// on a loop of call_indirect (100,000 calls a run).
func BenchmarkCallIndirect(b *testing.B) {
	bin := guestbuild.WAT(b, callIndirectWAT)
	b.Run("pureedge", func(b *testing.B) {
		vm := wasmedge.NewVM()
		b.Cleanup(vm.Release)
		if err := vm.LoadWasmBuffer(bin); err != nil {
			b.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			b.Fatal(err)
		}
		if err := vm.Instantiate(); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := vm.Execute("run", int32(callIndirectN)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wazero", func(b *testing.B) {
		r := newWazero(b)
		ctx := context.Background()
		mod, err := r.Instantiate(ctx, bin)
		if err != nil {
			b.Fatal(err)
		}
		fn := mod.ExportedFunction("run")
		for b.Loop() {
			if _, err := fn.Call(ctx, api.EncodeI32(callIndirectN)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
