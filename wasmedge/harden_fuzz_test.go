package wasmedge

import (
	"io"
	"os"
	"testing"
)

// withCount writes v as a five-byte LEB128 over the LEB128 that starts at
// at (modulo the length) in a copy of data: the fuzzer's way to a huge
// count anywhere in a module.
func withCount(data []byte, at int, v uint32) []byte {
	if len(data) == 0 {
		return data
	}
	p := at % len(data)
	n := 1
	for n < 5 && p+n <= len(data) && data[p+n-1] >= 0x80 {
		n++
	}
	leb := []byte{byte(v) | 0x80, byte(v>>7) | 0x80, byte(v>>14) | 0x80, byte(v>>21) | 0x80, byte(v >> 28)}
	out := append([]byte(nil), data[:p]...)
	out = append(out, leb...)
	return append(out, data[min(p+n, len(data)):]...)
}

// FuzzHugeCounts loads and validates modules in which one LEB128 (a count,
// a size, an index) is replaced by a value the fuzzer picks, often huge:
// the loader must answer with a *Result, never a crash or a runaway
// allocation.
func FuzzHugeCounts(f *testing.F) {
	for _, bin := range hostileModules() {
		f.Add(bin, uint16(9), uint32(0xFFFF_FFFF))
	}
	if hello, err := os.ReadFile("../examples/hello/hello.wasm"); err == nil {
		for _, at := range []uint16{9, 11, 20, 40, 100} {
			f.Add(hello, at, uint32(0xFFFF_FFFF))
		}
	}
	SetLogOutput(io.Discard)
	defer SetLogOutput(os.Stderr)
	f.Fuzz(func(t *testing.T, data []byte, at uint16, v uint32) {
		vm := NewVM()
		defer vm.Release()
		err := vm.LoadWasmBuffer(withCount(data, int(at), v))
		if err == nil {
			err = vm.Validate()
		}
		if _, ok := err.(*Result); err != nil && !ok {
			t.Fatalf("error %T is not a *Result", err)
		}
	})
}
