package wasmedge

import (
	"context"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// Numeric parameters reach an SDK callback with their values and Go types,
// with no allocation per call (records come from a slab), and stay valid
// when the callback keeps them, across slabs and garbage collections.
func TestCallSlots(t *testing.T) {
	types := []api.ValueType{api.ValueTypeI32, api.ValueTypeI64, api.ValueTypeF32, api.ValueTypeF64, api.ValueTypeI32}
	slots := newCallSlots(types)
	nan := math.Float64frombits(0x7ff8000000000123)
	stackOf := func(i int) []uint64 {
		return []uint64{api.EncodeI32(-70000 - int32(i)), api.EncodeI64(-1 << 40), api.EncodeF32(2.5), math.Float64bits(nan), uint64(i)}
	}
	check := func(i int, args []interface{}) {
		t.Helper()
		want := []interface{}{int32(-70000 - int32(i)), int64(-1 << 40), float32(2.5), nan, int32(i)}
		for j, w := range want {
			if j == 3 {
				if f, ok := args[j].(float64); !ok || math.Float64bits(f) != math.Float64bits(nan) {
					t.Fatalf("call %d arg 3: %#v", i, args[j])
				}
				continue
			}
			if args[j] != w {
				t.Fatalf("call %d arg %d: %#v (%T), want %#v (%T)", i, j, args[j], args[j], w, w)
			}
		}
	}
	var kept [][]interface{}
	var keptVals []interface{}
	n := 3*int(slots.perSlab) + 5
	st := new(callState)
	for i := 0; i < n; i++ {
		args := slots.params(st, stackOf(i), nil)
		kept = append(kept, args)
		keptVals = append(keptVals, args[0])
	}
	runtime.GC()
	for i, args := range kept {
		check(i, args)
		if keptVals[i] != int32(-70000-int32(i)) {
			t.Fatalf("kept value %d changed to %v", i, keptVals[i])
		}
	}

	// The whole SDK adapter, with a callback that allocates nothing itself.
	results := []interface{}{int32(0)}
	name := "add"
	ftype := engine.FuncType{Params: []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, Results: []api.ValueType{api.ValueTypeI32}}
	var lastFrame *CallingFrame
	fn := sdkHostFunc(&name, ftype, func(_ interface{}, f *CallingFrame, p []interface{}) ([]interface{}, Result) {
		if p[0].(int32) != 1000 || p[1].(int32) != 2000 || f.Context() == nil {
			t.Errorf("params %v, context %v", p, f.Context())
		}
		lastFrame = f
		return results, Result_Success
	}, nil)
	ctx := context.Background()
	call := make([]uint64, 2)
	const calls = 1000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < calls; i++ {
		call[0], call[1] = 1000, 2000
		fn.Call(ctx, nil, call)
	}
	runtime.ReadMemStats(&after)
	if allocs := after.Mallocs - before.Mallocs; allocs > calls/10 && !raceEnabled {
		t.Errorf("%d SDK host calls with two i32 parameters: %d allocations, want at most %d", calls, allocs, calls/10)
	}
	if lastFrame.Context() != nil || lastFrame.GetModule() != nil {
		t.Error("a frame keeps its call's context or module after the call")
	}

	// References and v128 take the general path, in a record too.
	ref := newCallSlots([]api.ValueType{api.ValueTypeI32, api.ValueTypeExternref, engine.ValueTypeV128})
	if ref.numOnly {
		t.Fatal("a signature with a reference is boxed as numeric")
	}
	args := ref.params(new(callState), []uint64{5, 0, 1, 2}, nil)
	if args[0] != int32(5) || args[2] != (V128{low: 1, high: 2}) {
		t.Errorf("general path: %#v", args)
	}
	if _, ok := args[1].(ExternRef); !ok {
		t.Errorf("externref param is a %T", args[1])
	}
}

// Calls from many goroutines at once each get parameter records of their
// own, and a frame no other running call has.
func TestCallSlotsConcurrent(t *testing.T) {
	slots := newCallSlots([]api.ValueType{api.ValueTypeI64})
	var wg sync.WaitGroup
	var mu sync.Mutex
	inUse := map[*CallingFrame]bool{}
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.WithValue(context.Background(), executorKey{}, g)
			var args [][]interface{}
			for i := 0; i < 500; i++ {
				st, a := slots.begin(ctx, nil, []uint64{uint64(g<<20 | i)}, nil)
				args = append(args, a)
				f := &st.frame
				mu.Lock()
				if inUse[f] {
					t.Error("two running calls share a frame")
				}
				inUse[f] = true
				mu.Unlock()
				if f.Context() != ctx {
					t.Error("a frame shows another call's context")
				}
				mu.Lock()
				delete(inUse, f)
				mu.Unlock()
				slots.end(st)
			}
			for i, a := range args {
				if a[0] != int64(g<<20|i) {
					t.Errorf("goroutine %d call %d: %v", g, i, a[0])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// An SDK host function that returns after the run's context is done stops
// the run with "execution interrupted" at once (the adapter makes the check
// the engine leaves to it, see engine.HostFunc.ChecksContext), even when the
// guest would return right after the call; with a context that is never
// done the same call returns normally.
func TestSDKCallInterrupted(t *testing.T) {
	src := wat(t, `(module (import "env" "wait" (func $wait (result i32)))
  (func (export "f") (result i32) (call $wait)))`)
	i32 := NewValTypeI32()
	for _, interp := range []bool{false, true} {
		vm := vmOnEngine(interp)
		env := NewModule("env")
		var cancel context.CancelFunc
		env.AddFunction("wait", NewFunction(NewFunctionType(nil, []*ValType{i32}),
			func(_ interface{}, _ *CallingFrame, _ []interface{}) ([]interface{}, Result) {
				if cancel != nil {
					cancel()
				}
				return []interface{}{int32(7)}, Result_Success
			}, nil, 0))
		if err := vm.RegisterModule(env); err != nil {
			t.Fatal(err)
		}
		if err := loadValidateInstantiate(vm, src); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second call finds the state of the first
			if res, err := vm.ExecuteContext(context.Background(), "f"); err != nil || res[0] != int32(7) {
				t.Fatalf("interpreter=%v: never-done context: %v %v", interp, res, err)
			}
		}
		ctx, c := context.WithCancel(context.Background())
		cancel = c
		if _, err := vm.ExecuteContext(ctx, "f"); resultCode(t, err) != errcode.Interrupted {
			t.Fatalf("interpreter=%v: a call that returns after its context is done: %v", interp, err)
		}
		c()
		env.Release()
		vm.Release()
	}
}

// vmOnEngine returns a VM on the compiler, or on the interpreter.
func vmOnEngine(interp bool) *VM {
	conf := NewConfigure()
	conf.SetForceInterpreter(interp)
	defer conf.Release()
	return NewVMWithConfig(conf)
}
