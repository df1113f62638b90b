package bench

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/pureedge/pureedge/wasmedge"
)

// smallModule imports wasi_snapshot_preview1.proc_exit, has one page of
// memory and exports "add" (i32, i32) -> i32: the shape of a small guest
// that a server instantiates per request.
var smallModule = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	// type: (i32)->(), (i32 i32)->i32
	0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
	// import wasi_snapshot_preview1.proc_exit type 0
	0x02, 0x24, 0x01, 0x16, 'w', 'a', 's', 'i', '_', 's', 'n', 'a', 'p', 's', 'h', 'o', 't', '_',
	'p', 'r', 'e', 'v', 'i', 'e', 'w', '1', 0x09, 'p', 'r', 'o', 'c', '_', 'e', 'x', 'i', 't', 0x00, 0x00,
	// function: one of type 1
	0x03, 0x02, 0x01, 0x01,
	// memory: one page
	0x05, 0x03, 0x01, 0x00, 0x01,
	// export "add" func 1
	0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x01,
	// code: local.get 0 local.get 1 i32.add
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
}

// BenchmarkStart measures the start of a small guest in a fresh VM: VM
// creation with WASI, load, validate, instantiate, one call and release,
// against raw wazero instantiating the same module (compiled code cached in
// both) and calling it.
func BenchmarkStart(b *testing.B) {
	b.Run("pureedge", func(b *testing.B) {
		conf := wasmedge.NewConfigure(wasmedge.WASI)
		b.ReportAllocs()
		for b.Loop() {
			vm := wasmedge.NewVMWithConfig(conf)
			if err := vm.LoadWasmBuffer(smallModule); err != nil {
				b.Fatal(err)
			}
			if err := vm.Validate(); err != nil {
				b.Fatal(err)
			}
			if err := vm.Instantiate(); err != nil {
				b.Fatal(err)
			}
			if r, err := vm.Execute("add", int32(1), int32(2)); err != nil || r[0].(int32) != 3 {
				b.Fatal(r, err)
			}
			vm.Release()
		}
	})
	b.Run("wazero", func(b *testing.B) {
		ctx := context.Background()
		r := newWazero(b)
		b.ReportAllocs()
		for b.Loop() {
			c, err := r.CompileModule(ctx, smallModule)
			if err != nil {
				b.Fatal(err)
			}
			m, err := r.InstantiateModule(ctx, c, wazero.NewModuleConfig().WithName(""))
			if err != nil {
				b.Fatal(err)
			}
			if res, err := m.ExportedFunction("add").Call(ctx, 1, 2); err != nil || res[0] != 3 {
				b.Fatal(res, err)
			}
			m.Close(ctx)
		}
	})
}
