package engine

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/meter"
	"github.com/pureedge/pureedge/internal/wasi"
)

// wasiImporter returns a module that imports the named WASI functions,
// each with its own type.
func wasiImporter(names ...string) []byte {
	section := func(id byte, content []byte) []byte {
		return append(binary.AppendU32([]byte{id}, uint32(len(content))), content...)
	}
	types := binary.AppendU32(nil, uint32(len(names)))
	imports := binary.AppendU32(nil, uint32(len(names)))
	for i, n := range names {
		f := wasi.Lookup(n)
		types = append(types, 0x60)
		types = binary.AppendU32(types, uint32(len(f.Params)))
		types = append(types, f.Params...)
		types = binary.AppendU32(types, uint32(len(f.Results)))
		types = append(types, f.Results...)
		imports = binary.AppendName(imports, WASIModuleName)
		imports = binary.AppendName(imports, n)
		imports = binary.AppendU32(append(imports, 0), uint32(i))
	}
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = append(m, section(1, types)...)
	return append(m, section(2, imports)...)
}

// A guest's WASI imports resolve to an instance with just those functions
// (a host module's compilation costs a trampoline per function), shared by
// guests with the same imports, and the whole module past maxWASISubsets
// import sets.
func TestWASISubsetInstances(t *testing.T) {
	ctx := context.Background()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	instance := func(names ...string) api.Module {
		t.Helper()
		c, err := rt.Compile(ctx, wasiImporter(names...), meter.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release()
		mod, err := rt.wasiInstanceFor(ctx, c.Module)
		if err != nil {
			t.Fatal(err)
		}
		return mod
	}
	exports := func(m api.Module) int { return len(m.ExportedFunctionDefinitions()) }
	a := instance("fd_write")
	if n := exports(a); n != 1 {
		t.Errorf("an instance for fd_write alone exports %d functions", n)
	}
	if b := instance("proc_exit", "fd_write", "proc_exit"); exports(b) != 2 || b == a {
		t.Errorf("fd_write and proc_exit: %d exports, shared with fd_write's: %v", exports(b), b == a)
	}
	if instance("fd_write") != a {
		t.Error("the same imports got a new instance")
	}
	full, err := rt.wasiInstance(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := exports(full); n != len(wasi.Functions()) {
		t.Errorf("the whole module exports %d of %d functions", n, len(wasi.Functions()))
	}
	for _, f := range wasi.Functions() {
		if len(rt.wasi) >= maxWASISubsets {
			break
		}
		instance(f.Name)
	}
	if m := instance("fd_read", "fd_write", "fd_close"); m != full {
		t.Errorf("past %d import sets, a new set got an instance of %d functions, not the whole module", maxWASISubsets, exports(m))
	}
}
