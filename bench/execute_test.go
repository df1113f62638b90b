package bench

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero/api"
)

// The CPU-bound workloads: an export and its i32 argument.
var workloads = []struct {
	guest, export string
	arg           int32
}{
	{"fib", "fib", 25},            // ~250k recursive calls
	{"sha256", "hash_loop", 1000}, // 1000 SHA-256 sums of 1 KiB
}

// BenchmarkExecute compares VM.Execute with wazero's api.Function.Call on
// the same module and engine. Goal: PureEdge at most 3% slower.
func BenchmarkExecute(b *testing.B) {
	b.Run("pureedge", func(b *testing.B) {
		for _, w := range workloads {
			b.Run(w.guest, func(b *testing.B) {
				vm := pureedgeReactor(b, reactor(b, w.guest))
				b.ResetTimer()
				for b.Loop() {
					if _, err := vm.Execute(w.export, w.arg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("wazero", func(b *testing.B) {
		for _, w := range workloads {
			b.Run(w.guest, func(b *testing.B) {
				r := newWazero(b)
				fn := wazeroReactor(b, r, reactor(b, w.guest)).ExportedFunction(w.export)
				ctx := context.Background()
				b.ResetTimer()
				for b.Loop() {
					if _, err := fn.Call(ctx, api.EncodeI32(w.arg)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// TestExecuteSetup checks that both sides of BenchmarkExecute compute the
// same, right results.
func TestExecuteSetup(t *testing.T) {
	for _, w := range workloads {
		vm := pureedgeReactor(t, reactor(t, w.guest))
		res, err := vm.Execute(w.export, w.arg)
		if err != nil {
			t.Fatal(err)
		}
		fn := wazeroReactor(t, newWazero(t), reactor(t, w.guest)).ExportedFunction(w.export)
		raw, err := fn.Call(context.Background(), api.EncodeI32(w.arg))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res[0].(int32), api.DecodeI32(raw[0]); got != want {
			t.Errorf("%s(%d): pureedge %d, wazero %d", w.export, w.arg, got, want)
		}
		if w.export == "fib" && res[0].(int32) != 75025 {
			t.Errorf("fib(25) = %d", res[0])
		}
	}
}

// BenchmarkCallOverhead is the fixed cost of a call from the host: fib(1)
// returns at once, so the figures are VM.Execute's and api.Function.Call's
// own work (argument checks, boxing, the function lookup).
func BenchmarkCallOverhead(b *testing.B) {
	b.Run("pureedge", func(b *testing.B) {
		vm := pureedgeReactor(b, reactor(b, "fib"))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := vm.Execute("fib", int32(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wazero", func(b *testing.B) {
		fn := wazeroReactor(b, newWazero(b), reactor(b, "fib")).ExportedFunction("fib")
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fn.Call(ctx, api.EncodeI32(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
