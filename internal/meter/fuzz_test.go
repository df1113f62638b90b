package meter

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/pureedge/pureedge/internal/binary"
)

// FuzzInstrument: the rewriter never panics on any input, and what it
// returns for a module the loader and the engine accept, the engine accepts
// too (else the module would run without its safe points).
func FuzzInstrument(f *testing.F) {
	for _, src := range []string{structureWat, nestedWat,
		`(module (func (export "f") (param i32) (result i32) (loop (result i32) (br_if 0 (local.get 0)) (i32.const 1))))`} {
		f.Add(wat(f, src))
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	f.Cleanup(func() { r.Close(ctx) })
	f.Fuzz(func(t *testing.T, bin []byte) {
		if len(bin) > 1<<16 {
			return
		}
		// What the engine is given: modules our loader accepts, with its
		// hardening (wazero allocates by some malformed counts itself).
		m, err := binary.Decode(bin)
		if err != nil {
			Instrument(bin, Options{Count: true, Cost: true}) // must not panic
			return
		}
		bin = m.ForEngine(bin, 0)
		for _, o := range []Options{{}, {ImportRefs: true}, {Count: true, Cost: true}, {Count: true, Cost: true, Table: []uint64{1, 2, 3}}} {
			out, _, err := Instrument(bin, o)
			if err != nil {
				continue
			}
			orig, err := r.CompileModule(ctx, bin)
			if err != nil {
				continue
			}
			orig.Close(ctx)
			cm, err := r.CompileModule(ctx, out)
			if err != nil {
				t.Fatalf("%+v: the engine accepts the module but not its instrumented form: %v", o, err)
			}
			cm.Close(ctx)
		}
	})
}
