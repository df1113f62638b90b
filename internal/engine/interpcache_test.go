package engine

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/internal/meter"
)

// Runtimes of different proposals validate by their own (the interpreter's
// and the compiler's): a
// multi-value block is refused in Wasm 1.0 and accepted in Wasm 2.0,
// whichever runtime compiled first. (wazero's shared compilation cache
// keeps one interpreter engine, made with the first runtime's features.)
func TestInterpreterFeaturesPerRuntime(t *testing.T) {
	ctx := context.Background()
	bin := guestbuild.WAT(t, `(module (func (export "f") (result i32 i32)
  (block (result i32 i32) (i32.const 1) (i32.const 2))))`)
	for i, order := range [][]api.CoreFeatures{
		{api.CoreFeaturesV1, api.CoreFeaturesV2},
		{api.CoreFeaturesV2, api.CoreFeaturesV1},
		{api.CoreFeaturesV1, api.CoreFeaturesV2},
		{api.CoreFeaturesV2, api.CoreFeaturesV1},
	} {
		for _, f := range order {
			// A limit of its own per order, so that each order starts
			// with new runtimes; the last two on the compiler.
			cfg := Config{Features: f, Interpreter: i < 2, MemoryLimitPages: uint32(1000 + i)}
			c, err := RuntimeFor(cfg).Compile(ctx, bin, meter.Options{})
			if v2 := f == api.CoreFeaturesV2; v2 != (err == nil) {
				t.Errorf("Wasm %v after %v: compile error %v", map[bool]string{true: "2.0", false: "1.0"}[v2], order[0], err)
			}
			if c != nil {
				c.Release()
			}
		}
	}
}
