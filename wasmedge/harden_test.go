package wasmedge

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/errcode"
)

// codeOf returns the code of a *Result error, or -1.
func codeOf(err error) int {
	var r *Result
	if errors.As(err, &r) {
		return r.GetCode()
	}
	return -1
}

const exitInStart = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $start i32.const 7 call $exit)
  (start $start)
  (func (export "_start")))`

// proc_exit in a start function ends instantiation with "terminated" and
// the guest's exit code; no instance is kept, and nothing crashes.
func TestProcExitInStartFunction(t *testing.T) {
	bin := wat(t, exitInStart)
	vm := NewVMWithConfig(NewConfigure(WASI))
	_, err := vm.RunWasmBuffer(bin, "_start")
	if codeOf(err) != int(errcode.Terminated) {
		t.Fatalf("RunWasmBuffer: %v, want terminated", err)
	}
	if c := vm.GetImportModule(WASI).WasiGetExitCode(); c != 7 {
		t.Errorf("exit code %d, want 7", c)
	}
	if vm.GetActiveModule() != nil {
		t.Error("an active module was kept")
	}
	if _, err := vm.Execute("_start"); err == nil {
		t.Error("Execute ran without an instance")
	}
	if err := vm.RegisterWasmBuffer("m", bin); codeOf(err) != int(errcode.Terminated) {
		t.Fatalf("RegisterWasmBuffer: %v", err)
	}
	if m := vm.GetRegisteredModule("m"); m != nil {
		t.Fatalf("a nil guest was registered: %v", m.ListFunction())
	}
	if err := vm.LoadWasmBuffer(bin); err != nil {
		t.Fatal(err)
	}
	vm.Validate()
	if err := vm.Instantiate(); codeOf(err) != int(errcode.Terminated) {
		t.Fatalf("Instantiate: %v", err)
	}
	vm.Release()
}

// A start function that loops for ever ends at the time limit.
func TestTimeLimitCoversInstantiation(t *testing.T) {
	bin := wat(t, `(module (func $s (loop br 0)) (start $s))`)
	conf := NewConfigure()
	conf.timeLimitMS = 100
	vm := NewVMWithConfig(conf) // not released on failure: it is stuck
	done := make(chan error, 1)
	go func() {
		vm.LoadWasmBuffer(bin)
		vm.Validate()
		done <- vm.Instantiate()
	}()
	select {
	case err := <-done:
		if codeOf(err) != int(errcode.Interrupted) {
			t.Fatalf("Instantiate: %v, want interrupted", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("instantiation did not stop at the time limit")
	}
	go func() { done <- vm.RegisterWasmBuffer("loop", bin) }()
	select {
	case err := <-done:
		if codeOf(err) != int(errcode.Interrupted) {
			t.Fatalf("RegisterWasmBuffer: %v, want interrupted", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("registration did not stop at the time limit")
	}
	vm.Release()
}

// CallingFrame.GetMemoryByIndex returns a true nil for a caller without
// memory, so that a nil check works.
func TestGetMemoryByIndexWithoutMemory(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	var got *Memory
	var called bool
	host.AddFunction("f", NewFunction(NewFunctionType(nil, nil),
		func(_ interface{}, frame *CallingFrame, _ []interface{}) ([]interface{}, Result) {
			called = true
			got = frame.GetMemoryByIndex(0)
			return nil, Result_Success
		}, nil, 0))
	if err := vm.RegisterModule(host); err != nil {
		t.Fatal(err)
	}
	bin := wat(t, `(module (import "env" "f" (func $f)) (func (export "run") call $f))`)
	if _, err := vm.RunWasmBuffer(bin, "run"); err != nil {
		t.Fatal(err)
	}
	if !called || got != nil {
		t.Fatalf("called %v, memory %#v, want nil", called, got)
	}
}

// Memory.GetData and SetData reject offsets and lengths beyond the memory
// instead of truncating them to 32 bits.
func TestMemoryDataBounds(t *testing.T) {
	mem := NewMemory(NewMemoryType(NewLimit(1)))
	defer mem.Release()
	if err := mem.SetData([]byte("abc"), 0, 3); err != nil {
		t.Fatal(err)
	}
	if b, err := mem.GetData(0, 3); err != nil || string(b) != "abc" {
		t.Fatalf("GetData(0,3) = %q, %v", b, err)
	}
	if math.MaxUint == math.MaxUint32 {
		t.Skip("32-bit uint")
	}
	for _, c := range [][2]uint{{1 << 32, 3}, {0, 1<<32 + 3}, {math.MaxUint, 2}, {2, math.MaxUint}} {
		if b, err := mem.GetData(c[0], c[1]); err == nil {
			t.Errorf("GetData(%#x, %#x) = %q, want an error", c[0], c[1], b)
		}
		if err := mem.SetData(make([]byte, 4), c[0], min(c[1], 4)); err == nil && c[0] > 4 {
			t.Errorf("SetData(%#x, %d) succeeded", c[0], min(c[1], 4))
		}
	}
}

// A host v128 global keeps its high half, read by a guest, written by one
// and read back by the host.
func TestHostV128Global(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	g := NewGlobal(NewGlobalType(NewValTypeV128(), ValMut_Var), NewV128(0x1122334455667788, 0x99aabbccddeeff00))
	host.AddGlobal("g", g)
	if err := vm.RegisterModule(host); err != nil {
		t.Fatal(err)
	}
	bin := wat(t, `(module (import "env" "g" (global $g (mut v128)))
  (func (export "hi") (result i64) global.get $g i64x2.extract_lane 1)
  (func (export "set") (param i64 i64) local.get 0 i64x2.splat local.get 1 i64x2.replace_lane 1 global.set $g))`)
	res, err := vm.RunWasmBuffer(bin, "hi")
	if err != nil || uint64(res[0].(int64)) != 0x1122334455667788 {
		t.Fatalf("guest read %x, %v", res, err)
	}
	if _, err := vm.Execute("set", int64(5), int64(6)); err != nil {
		t.Fatal(err)
	}
	if v := g.GetValue().(V128); v != NewV128(6, 5) {
		h, l := v.GetVal()
		t.Fatalf("host read %x %x after the guest wrote 6 5", h, l)
	}
	if err := g.SetValue(NewV128(8, 9)); err != nil {
		t.Fatal(err)
	}
	if res, err := vm.Execute("hi"); err != nil || res[0].(int64) != 8 {
		t.Fatalf("guest read %v, %v after the host wrote 8 9", res, err)
	}
}

// A panic in a NewFastFunction host function is "host function failed"
// (0x40E), as one in a NewFunction callback is.
func TestFastFunctionPanic(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	host.AddFunction("boom", NewFastFunction(NewFunctionType(nil, nil),
		func(context.Context, api.Module, []uint64) Result { panic("boom") }, 0))
	vm.RegisterModule(host)
	bin := wat(t, `(module (import "env" "boom" (func $b)) (func (export "run") call $b))`)
	_, err := vm.RunWasmBuffer(bin, "run")
	if codeOf(err) != int(errcode.HostFuncError) {
		t.Fatalf("%v, want host function failed", err)
	}
	if !strings.Contains(fmt.Sprintf("%+v", err), "boom") {
		t.Errorf("%%+v lost the panic value: %+v", err)
	}
}

// A trap keeps wazero's detail (the function and the stack trace) for
// errors.Unwrap and %+v, while Error() stays WasmEdge's one line.
func TestTrapKeepsCause(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	bin := wat(t, `(module (func $deep (export "run") unreachable))`)
	_, err := vm.RunWasmBuffer(bin, "run")
	if codeOf(err) != int(errcode.Unreachable) {
		t.Fatalf("%v", err)
	}
	if err.Error() != "unreachable" {
		t.Errorf("Error() = %q", err.Error())
	}
	full := fmt.Sprintf("%+v", err)
	if !strings.Contains(full, "wasm stack trace") || !strings.Contains(full, "$0()") {
		t.Errorf("%%+v = %q, want wazero's stack trace", full)
	}
	var e *errcode.Error
	if !errors.As(err, &e) || errors.Unwrap(e) == nil {
		t.Errorf("no cause behind %v", err)
	}
}

// An unknown import names its module and field.
func TestUnknownImportNamesModule(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	host.AddFunction("f", NewFunction(NewFunctionType(nil, nil),
		func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Success }, nil, 0))
	vm.RegisterModule(host)
	bin := wat(t, `(module (import "env" "g" (func)))`)
	_, err := vm.RunWasmBuffer(bin, "_start")
	if codeOf(err) != int(errcode.UnknownImport) {
		t.Fatalf("%v", err)
	}
	if s := fmt.Sprintf("%+v", err); !strings.Contains(s, "env.g") {
		t.Errorf("the error does not name the module: %s", s)
	}
	bin = wat(t, `(module (import "nowhere" "g" (memory 1)))`)
	_, err = vm.RunWasmBuffer(bin, "_start")
	if s := fmt.Sprintf("%+v", err); codeOf(err) != int(errcode.UnknownImport) || !strings.Contains(s, "nowhere") {
		t.Errorf("%s", s)
	}
}

func TestUnknownImportOfGlobalAndTable(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	host.AddGlobal("g", NewGlobal(NewGlobalType(NewValTypeI32(), ValMut_Const), int32(1)))
	vm.RegisterModule(host)
	for _, src := range []string{
		`(module (import "nowhere" "g" (global i32)))`,
		`(module (import "nowhere" "t" (table 1 funcref)))`,
		`(module (import "env" "h" (global i32)))`,
	} {
		_, err := vm.RunWasmBuffer(wat(t, src), "_start")
		s := fmt.Sprintf("%+v", err)
		if codeOf(err) != int(errcode.UnknownImport) || !(strings.Contains(s, "nowhere") || strings.Contains(s, `"h" is not exported in module "env"`)) {
			t.Errorf("%s: %s", src, s)
		}
	}
}

// A host module that cannot be built is reported as such, not as an
// unknown import.
func TestHostModuleBuildError(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	host := NewModule("env")
	host.AddMemory("m1", NewMemory(NewMemoryType(NewLimit(1))))
	host.AddMemory("m2", NewMemory(NewMemoryType(NewLimit(1))))
	host.AddFunction("f", NewFunction(NewFunctionType(nil, nil),
		func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) { return nil, Result_Success }, nil, 0))
	vm.RegisterModule(host)
	_, err := vm.RunWasmBuffer(wat(t, `(module (import "env" "f" (func)))`), "_start")
	s := fmt.Sprintf("%+v", err)
	if err == nil || codeOf(err) == int(errcode.UnknownImport) || !strings.Contains(s, `host module "env"`) {
		t.Fatalf("%s", s)
	}
}

// hostileModules are modules whose counts claim far more than their bytes
// hold, one for each count the loader reads.
func hostileModules() map[string][]byte {
	huge := binary.AppendU32(nil, 0xFFFF_FFFF)
	header := binary.AppendHeader(nil)
	sec := func(id binary.SectionID, content ...byte) []byte {
		return binary.AppendSection(slices.Clone(header), id, append(slices.Clone(huge), content...))
	}
	oneFunc := func(body []byte) []byte {
		bin := binary.AppendSection(slices.Clone(header), binary.SectionType, []byte{1, 0x60, 0, 0})
		bin = binary.AppendSection(bin, binary.SectionFunction, []byte{1, 0})
		code := append(binary.AppendU32(binary.AppendU32(nil, 1), uint32(len(body))), body...)
		return binary.AppendSection(bin, binary.SectionCode, code)
	}
	names := func(sub ...byte) []byte {
		content := append(binary.AppendName(nil, "name"), sub[0], byte(len(sub)-1))
		return binary.AppendSection(oneFunc([]byte{0, 0x0b}), binary.SectionCustom, append(content, sub[1:]...))
	}
	m := map[string][]byte{
		"locals":      oneFunc([]byte{2, 0x80, 0xd0, 0xac, 0xf3, 0x0e, 0x7f, 0x80, 0xd0, 0xac, 0xf3, 0x0e, 0x7f, 0x0b}),
		"types":       sec(binary.SectionType, 0x60),
		"params":      binary.AppendSection(slices.Clone(header), binary.SectionType, append([]byte{1, 0x60}, huge...)),
		"imports":     sec(binary.SectionImport, 1, 'a'),
		"functions":   sec(binary.SectionFunction, 0),
		"tables":      sec(binary.SectionTable, 0x70, 0),
		"memories":    sec(binary.SectionMemory, 0),
		"globals":     sec(binary.SectionGlobal, 0x7f),
		"exports":     sec(binary.SectionExport, 1, 'a'),
		"elements":    sec(binary.SectionElement, 0),
		"elem items":  binary.AppendSection(slices.Clone(header), binary.SectionElement, append([]byte{1, 1, 0}, huge...)),
		"code":        sec(binary.SectionCode, 2),
		"data":        sec(binary.SectionData, 1),
		"data bytes":  binary.AppendSection(slices.Clone(header), binary.SectionData, append([]byte{1, 1}, huge...)),
		"func names":  names(append([]byte{1}, huge...)...),
		"local names": names(append([]byte{2, 1, 0}, huge...)...),
	}
	return m
}

// No count read from a module makes the loader or the engine allocate more
// than a small multiple of the module's size: each hostile module is
// rejected (or loaded) cheaply.
func TestLoaderBoundsBeforeAllocation(t *testing.T) {
	SetLogOff()
	defer SetLogErrorLevel()
	vm := NewVM()
	defer vm.Release()
	for name, bin := range hostileModules() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := vm.LoadWasmBuffer(bin)
		if err == nil {
			err = vm.Validate()
		}
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if limit := uint64(4<<20 + 64*len(bin)); alloc > limit {
			t.Errorf("%s (%d bytes): %d bytes allocated, more than %d (%v)", name, len(bin), alloc, limit, err)
		}
		if name == "locals" && codeOf(err) != int(errcode.TooManyLocals) {
			t.Errorf("locals: %v, want too many locals", err)
		}
		if strings.HasSuffix(name, "names") && err != nil {
			t.Errorf("%s: %v; the name section is WasmEdge's to ignore", name, err)
		}
	}
}

// The walks over every function body (the threads proposal's alignment
// check, the table-trap analysis) take one pass over the code section: with
// a lookup per body from the section's start, 300,000 empty functions took
// about 90 s here. The last function's misaligned atomic load is still found,
// and named by its index.
func TestManyFunctionsOnePass(t *testing.T) {
	const n = 300_000
	funcs := binary.AppendU32(nil, n)
	code := binary.AppendU32(nil, n)
	for range n - 1 {
		funcs = append(funcs, 0)
		code = append(code, 2, 0, 0x0B) // no locals; end
	}
	funcs = append(funcs, 0)
	code = append(code, 9, 0, 0x41, 0, 0xFE, 0x10, 1, 0, 0x1A, 0x0B) // i32.atomic.load align=2^1
	bin := binary.AppendHeader(nil)
	bin = binary.AppendSection(bin, binary.SectionType, []byte{1, 0x60, 0, 0})
	bin = binary.AppendSection(bin, binary.SectionFunction, funcs)
	bin = binary.AppendSection(bin, binary.SectionMemory, []byte{1, 3, 1, 1}) // shared 1..1
	bin = binary.AppendSection(bin, binary.SectionCode, code)

	conf := NewConfigure(THREADS)
	defer conf.Release()
	ast, err := NewLoaderWithConfig(conf).LoadBuffer(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer ast.Release()
	done := make(chan *errcode.Error, 1)
	go func() { done <- checkAtomicAlignment(ast) }()
	select {
	case err := <-done:
		if err == nil || err.Code != errcode.InvalidAlignment || !strings.HasPrefix(err.Detail, fmt.Sprintf("function %d:", n-1)) {
			t.Errorf("checkAtomicAlignment = %v, want InvalidAlignment in function %d", err, n-1)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the alignment check of 300,000 functions did not end within 30 s: a walk per body from the start")
	}
}

// memory.grow to 65535 pages returns at once and commits nothing it does
// not touch; slices from GetData stay valid across GrowPage.
func TestLazyLinearMemory(t *testing.T) {
	vm := NewVM()
	defer vm.Release()
	bin := wat(t, `(module (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size)
  (func (export "poke") (param i32) local.get 0 i32.const 7 i32.store8))`)
	if _, err := vm.RunWasmBuffer(bin, "size"); err != nil {
		t.Fatal(err)
	}
	mem := vm.GetActiveModule().FindMemory("memory")
	head, err := mem.GetData(0, 16)
	if err != nil {
		t.Fatal(err)
	}
	_, rss0 := rssNow()
	start := time.Now()
	res, err := vm.Execute("grow", int32(65534))
	if err != nil || res[0].(int32) != 1 {
		t.Fatalf("memory.grow(65534) = %v, %v", res, err)
	}
	took := time.Since(start)
	if _, err := vm.Execute("poke", int32(-65537)); err != nil { // the last byte, 65535*65536-1
		t.Fatalf("the last byte of 65535 pages: %v", err)
	}
	_, rss1 := rssNow()
	t.Logf("memory.grow(65534) took %v; RSS %+.1f MiB", took, float64(int64(rss1)-int64(rss0))/(1<<20))
	if took > 2*time.Second || rss1 > rss0+256<<20 {
		t.Errorf("memory.grow(65534) took %v and %d bytes of RSS", took, rss1-rss0)
	}
	if res, _ := vm.Execute("grow", int32(1)); res[0].(int32) != -1 {
		t.Errorf("growing to 65536 pages gave %v, want -1", res[0])
	}
	if err := mem.GrowPage(1); err == nil {
		t.Error("GrowPage to 65536 pages succeeded")
	}
	head[3] = 42 // written through the slice taken before growing
	if now, _ := mem.GetData(0, 16); now[3] != 42 {
		t.Error("a GetData slice went stale across memory.grow")
	}
	// A memory of exactly 65536 pages is refused with a clear message.
	_, err = vm.RunWasmBuffer(wat(t, `(module (memory 65536) (func (export "f")))`), "f")
	if err == nil || !strings.Contains(fmt.Sprintf("%+v", err), "65535") {
		t.Errorf("a 4 GiB memory: %+v", err)
	}
}

func rssNow() (uint64, uint64) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, 0
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return 0, pages * uint64(os.Getpagesize())
}

// A memory imported from a registered module outlives the module's store
// for as long as its importer lives.
func TestImportedMemoryOutlivesExporter(t *testing.T) {
	store := NewStore()
	vm := NewVMWithStore(store)
	defer vm.Release()
	lib := wat(t, `(module (memory (export "mem") 1) (data (i32.const 8) "hi"))`)
	if err := vm.RegisterWasmBuffer("lib", lib); err != nil {
		t.Fatal(err)
	}
	main := wat(t, `(module (import "lib" "mem" (memory 1))
  (func (export "peek") (result i32) i32.const 8 i32.load8_u))`)
	if res, err := vm.RunWasmBuffer(main, "peek"); err != nil || res[0].(int32) != 'h' {
		t.Fatalf("%v, %v", res, err)
	}
	store.Release() // closes lib
	if res, err := vm.Execute("peek"); err != nil || res[0].(int32) != 'h' {
		t.Fatalf("after the exporter was closed: %v, %v", res, err)
	}
}

// table.grow past the table element limit returns -1.
func TestTableElementLimit(t *testing.T) {
	bin := wat(t, `(module (table $t 1 funcref)
  (func (export "grow") (param i32) (result i32) ref.null func local.get 0 table.grow $t))`)
	vm := NewVM()
	defer vm.Release()
	if res, err := vm.RunWasmBuffer(bin, "grow", int32(20_000_000)); err != nil || res[0].(int32) != -1 {
		t.Fatalf("table.grow(2e7) = %v, %v; want -1 (default limit 1e7)", res, err)
	}
	conf := NewConfigure()
	conf.SetMaxTableElements(100)
	vm2 := NewVMWithConfig(conf)
	defer vm2.Release()
	if res, err := vm2.RunWasmBuffer(bin, "grow", int32(50)); err != nil || res[0].(int32) != 1 {
		t.Fatalf("table.grow(50) = %v, %v", res, err)
	}
	if res, err := vm2.Execute("grow", int32(50)); err != nil || res[0].(int32) != -1 {
		t.Fatalf("table.grow past 100 = %v, %v", res, err)
	}
}
