package wasmedge

import (
	"testing"

	"github.com/pureedge/pureedge/internal/errcode"
)

// bodyModule is a module of one function () -> () whose body (locals and
// code, end included) is body, with extra sections (id, content) before the
// code section.
func bodyModule(body string, extra ...string) []byte {
	out := []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00")
	for i := 0; i+1 < len(extra); i += 2 {
		out = append(out, extra[i][0], byte(len(extra[i+1])))
		out = append(out, extra[i+1]...)
	}
	code := "\x01" + string(rune(len(body))) + body
	out = append(out, 0x0a, byte(len(code)))
	return append(out, code...)
}

// Function bodies are read at loading, as WasmEdge's loader reads them:
// what is malformed there is a load error (0x1xx) from LoadBuffer, with
// WasmEdge 0.17.1's code for each case (checked with its CLI, --wasm-1 /
// --wasm-2), by the configuration's proposals; what is invalid stays a
// validation error.
func TestLoadReadsFunctionBodies(t *testing.T) {
	wasm1 := func() *Configure {
		c := NewConfigure()
		for _, p := range []Proposal{NON_TRAP_FLOAT_TO_INT_CONVERSIONS, SIGN_EXTENSION_OPERATORS, MULTI_VALUE,
			BULK_MEMORY_OPERATIONS, REFERENCE_TYPES, SIMD} {
			c.RemoveConfig(p)
		}
		return c
	}
	mem := []string{"\x05", "\x01\x00\x01"}
	wasm2 := func() *Configure { return NewConfigure() }
	tests := []struct {
		name string
		conf func() *Configure
		bin  []byte
		load errcode.Code // 0: loads
		val  errcode.Code // 0: validates
	}{
		{"valid", wasm2, bodyModule("\x00\x01\x0b"), 0, 0},
		{"cut short", wasm2, bodyModule("\x00\x02\x40"), errcode.UnexpectedEnd, 0},
		{"illegal opcode", wasm2, bodyModule("\x00\x06\x0b"), errcode.IllegalOpCode, 0},
		{"else outside if", wasm2, bodyModule("\x00\x05\x0b"), errcode.IllegalOpCode, 0},
		{"junk after end", wasm2, bodyModule("\x00\x0b\x01"), errcode.JunkSection, 0},
		{"memop flags", wasm2, bodyModule("\x00\x41\x00\x28\x20\x00\x1a\x0b", mem...), errcode.MalformedMemoryOpFlags, 0},
		{"memory.size byte", wasm2, bodyModule("\x00\x3f\x01\x1a\x0b", mem...), errcode.ExpectedZeroByte, 0},
		{"data.drop without data count", wasm2, bodyModule("\x00\xfc\x09\x00\x0b"), errcode.DataCountRequired, 0},
		{"atomics without threads", wasm2, bodyModule("\x00\x41\x00\xfe\x10\x02\x00\x1a\x0b", mem...), errcode.IllegalOpCode, 0},
		{"atomics with threads", func() *Configure { return NewConfigure(THREADS) }, bodyModule("\x00\xfe\x03\x00\x0b"), 0, 0},
		{"Wasm 1.0 sign extension", wasm1, bodyModule("\x00\x41\x00\xc0\x1a\x0b"), errcode.IllegalOpCode, 0},
		{"Wasm 1.0 call_indirect table byte", wasm1, bodyModule("\x00\x41\x00\x11\x00\x01\x0b",
			"\x04", "\x01\x70\x00\x01"), errcode.ExpectedZeroByte, 0},
		{"Wasm 1.0 block type index", wasm1, bodyModule("\x00\x02\x00\x0b\x0b"), errcode.MalformedValType, 0},
		// table.init of a missing table: WasmEdge's validator checks the
		// table before the element segment.
		{"table.init without a table", wasm2, bodyModule("\x00\x41\x00\x41\x00\x41\x00\xfc\x0c\x04\x00\x0b"),
			0, errcode.InvalidTableIdx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := tt.conf()
			defer conf.Release()
			loader := NewLoaderWithConfig(conf)
			defer loader.Release()
			ast, err := loader.LoadBuffer(tt.bin)
			if got := codeOf(err); tt.load != 0 || err != nil {
				if got != int(tt.load) {
					t.Fatalf("LoadBuffer: %v (code %#x), want code %#x", err, got, tt.load)
				}
				return
			}
			defer ast.Release()
			v := NewValidatorWithConfig(conf)
			defer v.Release()
			err = v.Validate(ast)
			if got := codeOf(err); (tt.val == 0 && err != nil) || (tt.val != 0 && got != int(tt.val)) {
				t.Errorf("Validate: %v (code %#x), want code %#x", err, got, tt.val)
			}
		})
	}
}
