package wasmedge

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
)

// Numeric parameters reach an SDK callback with their values and Go types,
// in one allocation per call (the slice and the boxed values together), and
// stay valid when the callback keeps them.
func TestParamBoxes(t *testing.T) {
	types := []api.ValueType{api.ValueTypeI32, api.ValueTypeI64, api.ValueTypeF32, api.ValueTypeF64, api.ValueTypeI32}
	boxes := newParamBoxes(types)
	nan := math.Float64frombits(0x7ff8000000000123)
	stack := []uint64{api.EncodeI32(-70000), api.EncodeI64(-1 << 40), api.EncodeF32(2.5), math.Float64bits(nan), 7}
	want := []interface{}{int32(-70000), int64(-1 << 40), float32(2.5), nan, int32(7)}
	check := func(args []interface{}) {
		t.Helper()
		for i, w := range want {
			if i == 3 {
				if f, ok := args[i].(float64); !ok || math.Float64bits(f) != math.Float64bits(nan) {
					t.Fatalf("arg 3: %#v", args[i])
				}
				continue
			}
			if args[i] != w {
				t.Fatalf("arg %d: %#v (%T), want %#v (%T)", i, args[i], args[i], w, w)
			}
		}
	}
	var kept [][]interface{}
	for i := 0; i < 100; i++ {
		kept = append(kept, boxes.decode(stack, nil))
	}
	runtime.GC()
	for _, args := range kept {
		check(args)
	}
	if n := testing.AllocsPerRun(100, func() { boxes.decode(stack, nil) }); n != 1 {
		t.Errorf("decoding 5 numeric parameters: %v allocations, want 1", n)
	}

	// The whole SDK adapter, with a callback that allocates nothing itself.
	results := []interface{}{int32(0)}
	name := "add"
	ftype := engine.FuncType{Params: []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, Results: []api.ValueType{api.ValueTypeI32}}
	fn := sdkHostFunc(&name, ftype, func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
		if p[0].(int32) != 1000 || p[1].(int32) != 2000 {
			t.Errorf("params %v", p)
		}
		return results, Result_Success
	}, nil)
	ctx := context.Background()
	call := make([]uint64, 2)
	if n := testing.AllocsPerRun(100, func() {
		call[0], call[1] = 1000, 2000
		fn.Call(ctx, nil, call)
	}); n > 1 {
		t.Errorf("an SDK host call with two i32 parameters: %v allocations, want at most 1", n)
	}

	// References and v128 take the general path.
	if b := newParamBoxes([]api.ValueType{api.ValueTypeI32, api.ValueTypeExternref}); b.obj != nil {
		t.Error("a signature with a reference is boxed as numeric")
	}
}
