package wasmedge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/errcode"
)

// meterWat has straight-line code, if/else, a loop, calls, a branch out of
// a block, an early return and a host call, to check WasmEdge's counting
// rule (see Statistics) instruction by instruction.
const meterWat = `(module
 (import "env" "h" (func $h))
 (func (export "spin") (loop (br 0)))
 (func (export "count") (param $n i32) (result i32) (local $i i32)
  (loop $l
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
  (local.get $i))
 (func (export "ifelse") (param i32) (result i32)
  (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
 (func (export "ifonly") (param i32)
  (if (local.get 0) (then (nop))))
 (func $g (result i32) (i32.const 41))
 (func (export "call") (result i32) (i32.add (call $g) (i32.const 1)))
 (func (export "brout") (block (br 0) (nop)))
 (func (export "ret") (result i32) (return (i32.const 7)) (drop (i32.const 1)))
 (func (export "host") (call $h) (call $h))
)`

// counts are the instruction counts WasmEdge's interpreter gives.
var counts = []struct {
	fn   string
	arg  []interface{}
	want uint
}{
	// loop, local.get, i32.const, i32.add, local.set, local.get, local.get,
	// i32.lt_u, br_if per iteration; then end (loop), local.get, end.
	{"count", []interface{}{int32(10)}, 9*10 + 3},
	// local.get, if, i32.const, else, end, end
	{"ifelse", []interface{}{int32(1)}, 6},
	// local.get, if, else, i32.const, end, end
	{"ifelse", []interface{}{int32(0)}, 6},
	// local.get, if, nop, end, end
	{"ifonly", []interface{}{int32(1)}, 5},
	// local.get, if, end, end
	{"ifonly", []interface{}{int32(0)}, 4},
	// call, i32.const, end (callee), i32.const, i32.add, end
	{"call", nil, 6},
	// block, br, end (block), end
	{"brout", nil, 4},
	// i32.const, return
	{"ret", nil, 2},
	// call, call, end: host functions run no instructions
	{"host", nil, 3},
}

func meterVM(t *testing.T, interp bool, cost uint) *VM {
	t.Helper()
	conf := NewConfigure()
	conf.SetForceInterpreter(interp)
	conf.SetStatisticsInstructionCounting(true)
	conf.SetStatisticsCostMeasuring(true)
	conf.SetStatisticsTimeMeasuring(true)
	vm := NewVMWithConfig(conf)
	conf.Release()
	t.Cleanup(vm.Release)
	env := NewModule("env")
	nop := func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Success }
	env.AddFunction("h", NewFunction(NewFunctionType(nil, nil), nop, nil, cost))
	if err := vm.RegisterModule(env); err != nil {
		t.Fatal(err)
	}
	return vm
}

func loadMeter(t *testing.T, vm *VM) {
	t.Helper()
	if err := vm.LoadWasmBuffer(wat(t, meterWat)); err != nil {
		t.Fatal(err)
	}
	if err := vm.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := vm.Instantiate(); err != nil {
		t.Fatal(err)
	}
}

func engines(t *testing.T, f func(t *testing.T, interp bool)) {
	for _, interp := range []bool{false, true} {
		name := "compiler"
		if interp {
			name = "interpreter"
		}
		t.Run(name, func(t *testing.T) { f(t, interp) })
	}
}

func TestInstructionCounts(t *testing.T) {
	engines(t, func(t *testing.T, interp bool) {
		for _, c := range counts {
			vm := meterVM(t, interp, 0)
			loadMeter(t, vm)
			for run := 0; run < 2; run++ { // the same count every run
				vm.GetStatistics().reset()
				if _, err := vm.Execute(c.fn, c.arg...); err != nil {
					t.Fatalf("%s: %v", c.fn, err)
				}
				st := vm.GetStatistics()
				if got := st.GetInstrCount(); got != c.want {
					t.Errorf("%s%v: %d instructions, WasmEdge counts %d", c.fn, c.arg, got, c.want)
				}
				// The default cost table charges 1 for every instruction.
				if got := st.GetTotalCost(); got != c.want {
					t.Errorf("%s%v: cost %d, want %d", c.fn, c.arg, got, c.want)
				}
				if ips := st.GetInstrPerSecond(); !(ips > 0) {
					t.Errorf("%s: %v instructions per second", c.fn, ips)
				}
			}
		}
	})
}

func TestCostTableAndLimit(t *testing.T) {
	engines(t, func(t *testing.T, interp bool) {
		// Only i32.add (WasmEdge OpCode 101) and loop (3) cost; the table is
		// short and padded with zeros.
		vm := meterVM(t, interp, 5)
		table := make([]uint64, 102)
		table[101], table[3] = 10, 1
		vm.GetStatistics().SetCostTable(table)
		loadMeter(t, vm)
		st := vm.GetStatistics()
		if _, err := vm.Execute("count", int32(100)); err != nil {
			t.Fatal(err)
		}
		if got := st.GetTotalCost(); got != 1100 {
			t.Errorf("cost %d, want 1100", got)
		}
		if _, err := vm.Execute("host"); err != nil {
			t.Fatal(err)
		}
		if got := st.GetTotalCost(); got != 1110 {
			t.Errorf("cost after two host calls of cost 5: %d, want 1110", got)
		}

		// Past the limit, the run stops at the instruction that crosses it:
		// 11 per iteration, so with 1110+500 the 46th iteration's i32.add
		// (cost 1110+45*11+1+10 > 1610) fails.
		st.SetCostLimit(1610)
		before := st.GetInstrCount()
		_, err := vm.Execute("count", int32(1000000))
		if code := resultCode(t, err); code != errcode.CostLimitExceeded {
			t.Fatalf("code %#x (%v), want cost limit exceeded", code, err)
		}
		if got := st.GetTotalCost(); got != 1110+45*11+1 {
			t.Errorf("cost at the stop %d, want %d", got, 1110+45*11+1)
		}
		// 45 iterations of 9, then loop, local.get, i32.const, i32.add.
		if got := st.GetInstrCount() - before; got != 45*9+4 {
			t.Errorf("%d instructions at the stop, want %d", got, 45*9+4)
		}
		// A host function whose cost passes the limit does not run.
		st.SetCostLimit(st.GetTotalCost() + 4)
		if _, err := vm.Execute("host"); resultCode(t, err) != errcode.CostLimitExceeded {
			t.Fatalf("host call past the limit: %v", err)
		}
	})
}

func TestCostLimitZeroAndBadTables(t *testing.T) {
	vm := meterVM(t, false, 0)
	st := vm.GetStatistics()
	st.SetCostTable(nil)                           // every instruction free
	st.SetCostTable(make([]uint64, 70000))         // longer: cut
	st.SetCostTable([]uint64{0, 0, 0, 0, 0, 0, 1}) // only OpCode 6 (try) costs
	st.SetCostLimit(0)
	loadMeter(t, vm)
	if _, err := vm.Execute("count", int32(1000)); err != nil {
		t.Fatalf("free instructions under limit 0: %v", err)
	}
	st.SetCostTable(nil)
	vm2 := meterVM(t, false, 0)
	vm2.GetStatistics().SetCostLimit(0)
	loadMeter(t, vm2)
	_, err := vm2.Execute("count", int32(10))
	if resultCode(t, err) != errcode.CostLimitExceeded {
		t.Fatalf("limit 0: %v", err)
	}
	// WasmEdge counts the instruction that fails and charges nothing.
	if c, n := vm2.GetStatistics().GetTotalCost(), vm2.GetStatistics().GetInstrCount(); c != 0 || n != 1 {
		t.Errorf("limit 0: cost %d, %d instructions; want 0 and 1", c, n)
	}
	// A negative limit converted to uint is the largest: no stop.
	neg := -1
	vm2.GetStatistics().SetCostLimit(uint(neg))
	if res, err := vm2.Execute("count", int32(1000)); err != nil || res[0].(int32) != 1000 {
		t.Fatalf("limit uint(-1): %v %v", res, err)
	}
	// A time limit of 0 is none.
	conf := NewConfigure()
	conf.SetTimeLimit(0)
	vm3 := NewVMWithConfig(conf)
	conf.Release()
	defer vm3.Release()
	loop := wat(t, `(module (func (export "count") (param $n i32) (result i32) (local $i i32)
  (loop $l (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (local.get $i)))`)
	if res, err := vm3.RunWasmBuffer(loop, "count", int32(1000000)); err != nil || res[0].(int32) != 1000000 {
		t.Fatalf("time limit 0: %v %v", res, err)
	}
}

func spinVM(t *testing.T, interp bool) *VM {
	t.Helper()
	conf := NewConfigure()
	conf.SetForceInterpreter(interp)
	vm := NewVMWithConfig(conf)
	conf.Release()
	t.Cleanup(vm.Release)
	env := NewModule("env")
	env.AddFunction("h", NewFunction(NewFunctionType(nil, nil),
		func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Success }, nil, 0))
	if err := vm.RegisterModule(env); err != nil {
		t.Fatal(err)
	}
	loadMeter(t, vm)
	return vm
}

func TestAsyncCancel(t *testing.T) {
	engines(t, func(t *testing.T, interp bool) {
		vm := spinVM(t, interp)
		a := vm.AsyncExecute("spin")
		if a.WaitFor(50) {
			t.Fatal("an endless loop finished")
		}
		var wg sync.WaitGroup
		for range 20 { // cancel from many goroutines at once
			wg.Add(1)
			go func() { defer wg.Done(); a.Cancel() }()
		}
		wg.Wait()
		if !a.WaitFor(10000) {
			t.Fatal("Cancel did not stop the loop")
		}
		_, err := a.GetResult()
		if code := resultCode(t, err); code != errcode.Interrupted {
			t.Fatalf("cancelled run: code %#x (%v), want 0x7", code, err)
		}
		a.Cancel() // after the end: nothing happens
		// The instance stays usable.
		if res, err := vm.Execute("count", int32(3)); err != nil || res[0].(int32) != 3 {
			t.Fatalf("after Cancel: %v %v", res, err)
		}
		done := vm.AsyncExecute("count", int32(5))
		if res, err := done.GetResult(); err != nil || res[0].(int32) != 5 {
			t.Fatalf("async: %v %v", res, err)
		}
		done.Cancel() // after the end: the result stays
		if res, err := done.GetResult(); err != nil || res[0].(int32) != 5 {
			t.Fatalf("cancel after the end: %v %v", res, err)
		}
		// Cancelled before it could start: interrupted at once.
		early := vm.AsyncExecute("spin")
		early.Cancel()
		if _, err := early.GetResult(); resultCode(t, err) != errcode.Interrupted {
			t.Fatalf("cancel at the start: %v", err)
		}
		var nilAsync *Async
		nilAsync.Cancel()
	})
}

func TestTimeLimitAndContext(t *testing.T) {
	engines(t, func(t *testing.T, interp bool) {
		conf := NewConfigure()
		conf.SetForceInterpreter(interp)
		conf.SetTimeLimit(30)
		if conf.GetTimeLimit() != 30 {
			t.Fatal("GetTimeLimit")
		}
		vm := NewVMWithConfig(conf)
		defer vm.Release()
		if err := vm.LoadWasmBuffer(wat(t, `(module (func (export "spin") (loop (br 0))))`)); err != nil {
			t.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := vm.Instantiate(); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := vm.Execute("spin")
		if resultCode(t, err) != errcode.Interrupted {
			t.Fatalf("time limit: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a 30 ms limit took %v", d)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if _, err := vm.ExecuteContext(ctx, "spin"); resultCode(t, err) != errcode.Interrupted {
			t.Fatalf("ExecuteContext: %v", err)
		}
		if _, err := vm.ExecuteContext(ctx, "spin"); resultCode(t, err) != errcode.Interrupted {
			t.Fatalf("ExecuteContext with a done context: %v", err)
		}
	})
}

// TestNoFreeze runs a guest that loops for ever, with no limit configured,
// in a child process: the garbage collector, other goroutines and the exit
// of the process must not wait for it. A regression makes the child hang;
// the parent kills it after a timeout and fails.
func TestNoFreeze(t *testing.T) {
	if os.Getenv("PUREEDGE_NOFREEZE_CHILD") != "" {
		noFreezeChild(t)
		return
	}
	for _, procs := range []string{"2", "1"} {
		t.Run("GOMAXPROCS="+procs, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestNoFreeze$", "-test.count=1")
			cmd.Env = append(os.Environ(), "PUREEDGE_NOFREEZE_CHILD=1", "GOMAXPROCS="+procs)
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("the child hung (a looping guest froze the Go runtime):\n%s", out)
			}
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ExitCode() == 42 {
				return // the child exited while its guest was still looping
			}
			t.Fatalf("child: %v\n%s", err, out)
		})
	}
}

func noFreezeChild(t *testing.T) {
	// The compiler, the interpreter, and the compiler with every statistic
	// on (its safe points are then the fuel checks).
	for i, interp := range []bool{false, true, false} {
		conf := NewConfigure()
		conf.SetForceInterpreter(interp)
		if i == 2 {
			conf.SetStatisticsInstructionCounting(true)
			conf.SetStatisticsCostMeasuring(true)
		}
		vm := NewVMWithConfig(conf)
		if err := vm.LoadWasmBuffer(wat(t, `(module (func (export "spin") (loop (br 0))))`)); err != nil {
			t.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := vm.Instantiate(); err != nil {
			t.Fatal(err)
		}
		go vm.Execute("spin")
	}
	time.Sleep(50 * time.Millisecond) // the guests are looping now
	var ticks atomic.Int64
	go func() {
		for {
			ticks.Add(1)
			time.Sleep(time.Millisecond)
		}
	}()
	for range 5 {
		runtime.GC()
	}
	time.Sleep(50 * time.Millisecond)
	if ticks.Load() == 0 {
		t.Fatal("another goroutine never ran")
	}
	os.Exit(42)
}

// TestContextVariants: every context-taking call stops a looping guest with
// 0x0007 and refuses a nil context.
func TestContextVariants(t *testing.T) {
	spin := wat(t, `(module (func (export "spin") (loop (br 0))))`)
	short := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		t.Cleanup(cancel)
		return ctx
	}
	vm := NewVM()
	defer vm.Release()
	if _, err := vm.RunWasmBufferContext(short(), spin, "spin"); resultCode(t, err) != errcode.Interrupted {
		t.Fatalf("RunWasmBufferContext: %v", err)
	}
	file := t.TempDir() + "/spin.wasm"
	if err := os.WriteFile(file, spin, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunWasmFileContext(short(), file, "spin"); resultCode(t, err) != errcode.Interrupted {
		t.Fatalf("RunWasmFileContext: %v", err)
	}
	ast, err := NewLoader().LoadBuffer(spin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunWasmASTContext(short(), ast, "spin"); resultCode(t, err) != errcode.Interrupted {
		t.Fatalf("RunWasmASTContext: %v", err)
	}
	if err := vm.RegisterWasmBuffer("m", spin); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.ExecuteRegisteredContext(short(), "m", "spin"); resultCode(t, err) != errcode.Interrupted {
		t.Fatalf("ExecuteRegisteredContext: %v", err)
	}
	exec := NewExecutor()
	f := vm.GetActiveModule().FindFunction("spin")
	if _, err := exec.InvokeContext(short(), f); resultCode(t, err) != errcode.Interrupted {
		t.Fatalf("InvokeContext: %v", err)
	}
	if _, err := vm.ExecuteContext(nil, "spin"); resultCode(t, err) != errcode.WrongVMWorkflow {
		t.Fatalf("nil context: %v", err)
	}
}

// TestTrapTraceNamesUserCode: in an instrumented module (every module is, for
// its safe points; with statistics more so), a trap's stack trace names the
// user's functions by their names and, where they have none, by their own
// indices, although the rewrite adds an import before them; the function
// list is the user's.
func TestTrapTraceNamesUserCode(t *testing.T) {
	bin := wat(t, `(module (import "env" "h" (func $h))
 (func (unreachable)) (func (call 1)) (func (export "outer") (loop (call 2))))`)
	// A name section that names only function 3.
	sub := binary.AppendName(binary.AppendU32(binary.AppendU32(nil, 1), 3), "outer")
	names := append(binary.AppendName(nil, "name"), 1)
	names = append(binary.AppendU32(names, uint32(len(sub))), sub...)
	bin = binary.AppendSection(bin, 0, names)
	engines(t, func(t *testing.T, interp bool) {
		for _, stats := range []bool{false, true} {
			conf := NewConfigure()
			conf.SetForceInterpreter(interp)
			conf.SetStatisticsInstructionCounting(stats)
			conf.SetStatisticsCostMeasuring(stats)
			vm := NewVMWithConfig(conf)
			conf.Release()
			env := NewModule("env")
			env.AddFunction("h", NewFunction(NewFunctionType(nil, nil),
				func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Success }, nil, 0))
			if err := vm.RegisterModule(env); err != nil {
				t.Fatal(err)
			}
			_, err := vm.RunWasmBuffer(bin, "outer")
			if code := resultCode(t, err); code != errcode.Unreachable {
				t.Fatalf("code %#x, want unreachable", code)
			}
			trace := fmt.Sprintf("%+v", err)
			if want := "\t.$1()\n\t.$2()\n\t.outer()"; !strings.Contains(trace, want) {
				t.Errorf("stats %v: trace\n%s\nwant the frames\n%s", stats, trace, want)
			}
			if fns, _ := vm.GetFunctionList(); len(fns) != 1 || fns[0] != "outer" {
				t.Errorf("function list %v", fns)
			}
			vm.Release()
		}
	})
}
