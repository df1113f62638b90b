package wasmedge

import (
	"io"
	"os"
	"testing"
)

// FuzzLoad feeds arbitrary bytes through the whole loading path: load,
// validate, instantiate and run _start. Whatever the input, the result must
// be a *Result error or success, never a panic or a crash.
func FuzzLoad(f *testing.F) {
	if hello, err := os.ReadFile("../examples/hello/hello.wasm"); err == nil {
		f.Add(hello)
		for _, n := range []int{0, 4, 8, 9, 20, len(hello) / 2, len(hello) - 1} {
			f.Add(hello[:n])
		}
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	for _, bin := range hostileModules() {
		f.Add(bin)
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00"))
	SetLogOutput(io.Discard)
	defer SetLogOutput(os.Stderr)
	f.Fuzz(func(t *testing.T, data []byte) {
		conf := NewConfigure()
		conf.SetForceInterpreter(true)
		conf.timeLimitMS = 200
		vm := NewVMWithConfig(conf)
		defer vm.Release()
		ast, err := NewLoader().LoadBuffer(data)
		if err != nil {
			if _, ok := err.(*Result); !ok {
				t.Fatalf("load error %T is not a *Result", err)
			}
			return
		}
		if err := vm.LoadWasmAST(ast); err != nil {
			t.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			if _, ok := err.(*Result); !ok {
				t.Fatalf("validation error %T is not a *Result", err)
			}
			return
		}
		if err := vm.Instantiate(); err != nil {
			return
		}
		_, _ = vm.Execute("_start")
		ast.ListImports()
		ast.ListExports()
	})
}
