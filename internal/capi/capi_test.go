//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

package capi

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// Libraries built by TestMain from testdata/*.c with gcc, linking nothing.
var (
	libDir    string
	buildErr  error // why the libraries could not be built
	pluginLib string
	badLibs   = map[string]string{} // variant -> path
)

var badVariants = map[string][]string{
	"nodesc":   {"-DNO_DESCRIPTOR"},
	"api2":     {"-DAPI_VERSION=2"},
	"api3":     {"-DAPI_VERSION=3"},
	"api5":     {"-DAPI_VERSION=5"},
	"api5mem":  {"-DAPI_VERSION=5", "-DCALLS_MEMORY"},
	"unimpl":   {"-DUNIMPLEMENTED"},
	"cxx":      {"-DCXX"},
	"nulldesc": {"-DNULL_DESCRIPTOR"},
}

func TestMain(m *testing.M) {
	engine.SetCacheDir("") // keep compiled code in memory
	code := func() int {
		gcc, err := exec.LookPath("gcc")
		if err != nil {
			buildErr = errors.New("gcc not found")
			return m.Run()
		}
		libDir, err = os.MkdirTemp("", "pureedge-capi-test-")
		if err != nil {
			buildErr = err
			return m.Run()
		}
		defer os.RemoveAll(libDir)
		include, _ := filepath.Abs("../../include")
		cc := func(out, src string, flags ...string) error {
			args := append([]string{"-shared", "-fPIC", "-O2", "-Wall", "-I" + include, "-o", out, src}, flags...)
			if b, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
				return fmt.Errorf("gcc %s: %v\n%s", strings.Join(args, " "), err, b)
			}
			return nil
		}
		pluginLib = filepath.Join(libDir, "libpureedge_test_c.so")
		if buildErr = cc(pluginLib, "testdata/plugin.c"); buildErr != nil {
			return m.Run()
		}
		for v, flags := range badVariants {
			badLibs[v] = filepath.Join(libDir, "bad_"+v+".so")
			if buildErr = cc(badLibs[v], "testdata/bad.c", flags...); buildErr != nil {
				return m.Run()
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}

func need(tb testing.TB) {
	tb.Helper()
	if buildErr != nil {
		if strings.Contains(buildErr.Error(), "gcc not found") {
			tb.Skip("C plug-in tests need gcc")
		}
		tb.Fatal(buildErr)
	}
}

var loadOnce struct {
	sync.Once
	d   *plugindesc.Descriptor
	err error
}

func testPlugin(tb testing.TB) *plugindesc.Descriptor {
	tb.Helper()
	need(tb)
	loadOnce.Do(func() { loadOnce.d, loadOnce.err = Load(pluginLib) })
	if loadOnce.err != nil {
		tb.Fatal(loadOnce.err)
	}
	return loadOnce.d
}

func module(tb testing.TB, d *plugindesc.Descriptor, name string) plugindesc.Module {
	tb.Helper()
	for _, m := range d.Modules {
		if m.Name == name {
			return m
		}
	}
	tb.Fatalf("no module %q", name)
	return plugindesc.Module{}
}

// options sets the plug-in's options (they are process-wide, like
// WasmEdge's). Tests that create modules run serially.
func options(tb testing.TB, d *plugindesc.Descriptor, kv ...string) {
	tb.Helper()
	for i := 0; i < len(kv); i += 2 {
		var set bool
		for _, o := range d.Options {
			if o.Name == kv[i] {
				if err := o.Set(kv[i+1]); err != nil {
					tb.Fatal(err)
				}
				set = true
			}
		}
		if !set {
			tb.Fatalf("no option %q", kv[i])
		}
	}
}

func create(tb testing.TB, d *plugindesc.Descriptor, name string) *engine.HostModule {
	tb.Helper()
	hm, err := module(tb, d, name).Create()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { hm.Close(context.Background()) })
	return hm
}

// ---- The guest ----------------------------------------------------------

type hostImport struct {
	mod, field      string
	params, results []byte
	export          string // "wrap": a Wasm wrapper of that name; "direct": re-export the import
}

var guestImports = []hostImport{
	{"math", "add", []byte{tI32, tI32}, []byte{tI32}, "wrap"},
	{"math", "sub", []byte{tI32, tI32}, []byte{tI32}, "wrap"},
	{"math", "mix", []byte{tI64, tF32, tF64}, []byte{tF64}, "wrap"},
	{"math", "swap", []byte{tV128}, []byte{tV128}, ""},
	{"math", "selftest", nil, []byte{tI32}, "wrap"},
	{"math", "ref_roundtrip", []byte{tExt}, []byte{tExt}, "direct"},
	{"math", "ref_isnull", []byte{tExt}, []byte{tI32}, "direct"},
	{"pureedge_text", "checksum", []byte{tI32, tI32}, []byte{tI32}, "wrap"},
	{"pureedge_text", "greeting_len", nil, []byte{tI32}, "wrap"},
	{"pureedge_text", "write_greeting", []byte{tI32}, []byte{tI32}, "wrap"},
	{"pureedge_text", "copy", []byte{tI32, tI32, tI32}, []byte{tI32}, "wrap"},
	{"pureedge_text", "grow", []byte{tI32}, []byte{tI32}, "wrap"},
	{"pureedge_text", "finalized", nil, []byte{tI32}, "wrap"},
	{"pureedge_text", "fail", nil, nil, "wrap"},
	{"pureedge_text", "terminate", nil, nil, "wrap"},
	{"pureedge_text", "call_guest", []byte{tI32}, []byte{tI32}, "wrap"},
	{"pureedge_text", "call_guest_grow", nil, []byte{tI32}, "wrap"},
	{"pureedge_text", "call_guest_trap", nil, nil, "wrap"},
	{"pureedge_text", "ratio", nil, []byte{tF64}, "wrap"},
	{"pureedge_text", "set_log", []byte{tI32}, nil, "wrap"},
}

const guestText = "hello, plug-in"

// guestWasm is a module that imports the plug-in's functions and exports
// Wasm wrappers of them, a 1-page memory holding guestText at 16, the
// functions the plug-in calls back ("double", "grow_guest", "trap") and
// "loop_add"(n), which calls math.add(acc, 1) n times.
// With onlyAdd it imports math.add alone.
func guestWasm(onlyAdd bool) []byte {
	m := &wasmModule{}
	idx := map[string]uint32{}
	for _, im := range guestImports {
		if onlyAdd && im.field != "add" {
			continue
		}
		idx[im.field] = m.importFunc(im.mod, im.field, im.params, im.results)
	}
	for _, im := range guestImports {
		if onlyAdd && im.field != "add" {
			continue
		}
		switch im.export {
		case "wrap":
			var body [][]byte
			for i := range im.params {
				body = append(body, localGet(uint32(i)))
			}
			body = append(body, call(idx[im.field]))
			m.exportFunc(im.field, m.fn(im.params, im.results, nil, body...))
		case "direct":
			m.exportFunc(im.field, idx[im.field])
		}
	}
	if !onlyAdd {
		// swap(lo, hi i64) -> (i64, i64) through math.swap(v128)
		m.exportFunc("swap", m.fn([]byte{tI64, tI64}, []byte{tI64, tI64}, []byte{tV128},
			v128Zero(), localGet(0), i64x2Replace(0), localGet(1), i64x2Replace(1),
			call(idx["swap"]), localTee(2), i64x2Extract(0), localGet(2), i64x2Extract(1)))
		m.exportFunc("double", m.fn([]byte{tI32}, []byte{tI32}, nil, localGet(0), i32Const(2), i32Mul))
		m.exportFunc("grow_guest", m.fn(nil, []byte{tI32}, nil, i32Const(1), memoryGrow))
		m.exportFunc("trap", m.fn(nil, nil, nil, unreach))
	}
	m.exportFunc("loop_add", m.fn([]byte{tI32}, []byte{tI32}, []byte{tI32},
		block, loop,
		localGet(0), i32Eqz, brIf(1),
		localGet(1), i32Const(1), call(idx["add"]), localSet(1),
		localGet(0), i32Const(1), i32Sub, localSet(0),
		br(0), end, end,
		localGet(1)))
	m.memory = []byte{0x00, 0x01}
	m.exportMemory("memory")
	m.data = append(m.data, cat([]byte{0x00}, i32Const(16), end, name(guestText)))
	return m.bytes()
}

// instantiate runs a guest against the host modules in a fresh store.
func instantiate(tb testing.TB, wasm []byte, hosts ...*engine.HostModule) *engine.Guest {
	tb.Helper()
	ctx := context.Background()
	store := engine.NewStore()
	for _, hm := range hosts {
		if err := store.Register(hm.Name(), engine.Entry{Host: hm}); err != nil {
			tb.Fatal(err)
		}
	}
	rt := engine.RuntimeFor(engine.Config{Features: api.CoreFeaturesV2})
	c, err := rt.Compile(ctx, wasm, meter.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Release()
	g, err := store.Instantiate(ctx, c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { g.Close(ctx) })
	return g
}

func callGuest(g *engine.Guest, fn string, args ...uint64) ([]uint64, error) {
	f := g.Module.ExportedFunction(fn)
	if f == nil {
		return nil, fmt.Errorf("no export %q", fn)
	}
	return f.Call(context.Background(), args...)
}

func mustCall(tb testing.TB, g *engine.Guest, fn string, args ...uint64) []uint64 {
	tb.Helper()
	res, err := callGuest(g, fn, args...)
	if err != nil {
		tb.Fatalf("%s: %v", fn, err)
	}
	return res
}

func fnv1a(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// ---- Tests --------------------------------------------------------------

func TestLoadDescriptor(t *testing.T) {
	d := testPlugin(t)
	if d.Name != "pureedge_test_c" || d.Description != "PureEdge's C plug-in test" || d.APIVersion != 4 ||
		d.Version != [4]uint32{0, 10, 1, 2} || d.Path != pluginLib {
		t.Errorf("descriptor: %+v", d)
	}
	var mods []string
	for _, m := range d.Modules {
		mods = append(mods, m.Name+":"+m.Description+":"+m.InstanceName)
		if m.Create == nil {
			t.Errorf("module %s has no Create", m.Name)
		}
	}
	if got := strings.Join(mods, ","); got != "math:arithmetic:,text:guest memory:,null:Create returns NULL:,odd:an unsupported value type:" {
		t.Errorf("modules: %s", got)
	}
	var opts []string
	for _, o := range d.Options {
		opts = append(opts, fmt.Sprintf("%s/%d/%q/%s", o.Name, o.Type, o.Default, o.Description))
	}
	want := `greeting/12/"hello"/the greeting,negate/1/"true"/negate sums,bias/4/"7"/added to sums,ratio/11/"1.5"/a ratio`
	if got := strings.Join(opts, ","); got != want {
		t.Errorf("options:\n got %s\nwant %s", got, want)
	}

	// Loading again (dlopen counts references) gives the same plug-in.
	d2, err := Load(pluginLib)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Name != d.Name || len(d2.Modules) != len(d.Modules) || len(d2.Options) != len(d.Options) {
		t.Errorf("second load: %+v", d2)
	}
}

func TestModules(t *testing.T) {
	d := testPlugin(t)
	options(t, d, "greeting", "bonjour", "negate", "false", "bias", "3", "ratio", "")
	math := create(t, d, "math")
	text := create(t, d, "text")
	if math.Name() != "math" || text.Name() != "pureedge_text" {
		t.Fatalf("instance names %q %q", math.Name(), text.Name())
	}
	if got := strings.Join(math.FuncNames(), ","); got != "add,mix,ref_isnull,ref_roundtrip,selftest,sub,swap" {
		t.Errorf("math functions: %s", got)
	}
	if math.Data == nil {
		t.Error("math has no host data")
	}
	g := instantiate(t, guestWasm(false), math, text)
	mem := g.Module.Memory()

	check := func(fn string, got, want uint64) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %#x, want %#x", fn, got, want)
		}
	}
	check("selftest", mustCall(t, g, "selftest")[0], 0)
	check("add(40,2)", mustCall(t, g, "add", 40, 2)[0], 45) // bias 3
	check("sub(10,4)", mustCall(t, g, "sub", 10, 4)[0], 9)
	check("add(-10,2)", uint64(api.DecodeI32(mustCall(t, g, "add", api.EncodeI32(-10), 2)[0])), uint64(api.DecodeI32(api.EncodeI32(-5))))
	check("mix", uint64(api.DecodeF64(mustCall(t, g, "mix", api.EncodeI64(3), api.EncodeF32(0.5), api.EncodeF64(4))[0])), 5)
	res := mustCall(t, g, "swap", 1, 0xFFFF_0000_0000_0002)
	check("swap lo", res[0], 0xFFFF_0000_0000_0002)
	check("swap hi", res[1], 1)
	check("ref_roundtrip", mustCall(t, g, "ref_roundtrip", 0x1000)[0], 0x1001)
	check("ref_roundtrip(null)", mustCall(t, g, "ref_roundtrip", 0)[0], 0)
	check("ref_isnull(null)", mustCall(t, g, "ref_isnull", 0)[0], 1)
	check("ref_isnull(5)", mustCall(t, g, "ref_isnull", 5)[0], 0)

	// Guest memory through the calling frame.
	check("checksum", mustCall(t, g, "checksum", 16, uint64(len(guestText)))[0], uint64(fnv1a([]byte(guestText))))
	_, err := callGuest(g, "checksum", 65530, 10)
	if e := errcode.FromExecution(err); e == nil || e.Code != errcode.RuntimeError || e.Category != errcode.CategoryWASM {
		t.Errorf("checksum out of bounds: %v", err)
	}
	check("greeting_len", mustCall(t, g, "greeting_len")[0], 7)
	check("write_greeting", mustCall(t, g, "write_greeting", 100)[0], 7)
	if b, _ := mem.Read(100, 7); string(b) != "bonjour" {
		t.Errorf("greeting in memory: %q", b)
	}
	_, err = callGuest(g, "write_greeting", 65533)
	if e := errcode.FromExecution(err); e == nil || e.Code != errcode.MemoryOutOfBounds {
		t.Errorf("write_greeting out of bounds: %v", err)
	}
	check("copy", mustCall(t, g, "copy", 16, 200, 5)[0], 5)
	if b, _ := mem.Read(200, 5); string(b) != "hello" {
		t.Errorf("copy: %q", b)
	}
	check("ratio", uint64(api.DecodeF64(mustCall(t, g, "ratio")[0])*10), 15) // the default

	// Growing the caller's memory from C, and from a guest call made by C.
	check("grow(1)", mustCall(t, g, "grow", 1)[0], 2)
	if mem.Size() != 2*65536 {
		t.Errorf("memory size after grow: %d", mem.Size())
	}
	if b, _ := mem.ReadByte(2*65536 - 1); b != 0xAB {
		t.Errorf("last byte after grow: %#x", b)
	}
	check("grow(huge)", uint64(api.DecodeI32(mustCall(t, g, "grow", 70000)[0])), uint64(api.DecodeI32(api.EncodeI32(-1))))
	check("call_guest(20)", mustCall(t, g, "call_guest", 20)[0], 41)
	check("call_guest_grow", mustCall(t, g, "call_guest_grow")[0], 3)
	if b, _ := mem.ReadByte(3*65536 - 1); b != 0xCD {
		t.Errorf("last byte after guest grow: %#x", b)
	}
	if b, _ := mem.Read(16, uint32(len(guestText))); string(b) != guestText {
		t.Errorf("data after grows: %q", b)
	}

	// Traps and termination.
	_, err = callGuest(g, "fail")
	var ee *errcode.Error
	if !errors.As(err, &ee) || ee.Category != errcode.CategoryUserLevel || ee.Code != 0x1234 {
		t.Errorf("fail: %v", err)
	}
	_, err = callGuest(g, "call_guest_trap")
	if e := errcode.FromExecution(err); e == nil || e.Code != errcode.Unreachable {
		t.Errorf("call_guest_trap: %v", err)
	}
	_, err = callGuest(g, "terminate")
	var exit *errcode.ExitSignal
	if !errors.As(err, &exit) || errcode.FromExecution(err) != nil {
		t.Errorf("terminate: %v", err)
	}
	// The guest still works after the traps.
	check("add after traps", mustCall(t, g, "add", 1, 1)[0], 5)
	check("loop_add(10)", mustCall(t, g, "loop_add", 10)[0], 40) // each step adds 1+3
}

func TestOptionsReadAtCreate(t *testing.T) {
	d := testPlugin(t)
	options(t, d, "negate", "false", "bias", "0", "greeting", "")
	plain := create(t, d, "math")
	options(t, d, "negate", "", "bias", "") // given without a value: true, and the default 7
	negated := create(t, d, "math")
	text := create(t, d, "text")
	options(t, d, "negate", "false", "bias", "0")

	g1 := instantiate(t, guestWasm(true), plain)
	g2 := instantiate(t, guestWasm(true), negated)
	if got := mustCall(t, g1, "loop_add", 5)[0]; got != 5 {
		t.Errorf("module created before: loop_add(5) = %d", got)
	}
	// negated, bias 7: acc = -(acc+1+7): 0 -> -8 -> 0 -> -8
	if got := api.DecodeI32(mustCall(t, g2, "loop_add", 3)[0]); got != -8 {
		t.Errorf("module created after: loop_add(3) = %d, want -8", got)
	}
	g3 := instantiate(t, guestWasm(false), negated, text)
	if got := api.DecodeI32(mustCall(t, g3, "add", 1, 2)[0]); got != -10 {
		t.Errorf("negated add(1,2) = %d, want -10", got)
	}
	if got := mustCall(t, g3, "greeting_len")[0]; got != 5 { // default "hello"
		t.Errorf("greeting_len = %d, want 5", got)
	}

	for _, bad := range []struct{ opt, val string }{{"bias", "x"}, {"bias", "99999999999"}, {"negate", "maybe"}, {"ratio", "1.2.3"}} {
		for _, o := range d.Options {
			if o.Name == bad.opt {
				if err := o.Set(bad.val); err == nil || !strings.Contains(err.Error(), "--"+bad.opt) {
					t.Errorf("Set(%q) of --%s: %v", bad.val, bad.opt, err)
				}
			}
		}
	}
}

func TestLogLevelHook(t *testing.T) {
	d := testPlugin(t)
	g := instantiate(t, guestWasm(false), create(t, d, "math"), create(t, d, "text"))
	var got []LogLevel
	SetLogLevelHook(func(l LogLevel) { got = append(got, l) })
	defer SetLogLevelHook(nil)
	for _, l := range []LogLevel{LogError, LogDebug, LogOff} {
		mustCall(t, g, "set_log", uint64(l))
	}
	if fmt.Sprint(got) != fmt.Sprint([]LogLevel{LogError, LogDebug, LogOff}) {
		t.Errorf("levels: %v", got)
	}
	SetLogLevelHook(nil)
	mustCall(t, g, "set_log", 2) // no hook: ignored
}

func TestFinalizer(t *testing.T) {
	d := testPlugin(t)
	text := create(t, d, "text")
	g := instantiate(t, guestWasm(false), create(t, d, "math"), text)
	before := mustCall(t, g, "finalized")[0]
	hm, err := module(t, d, "math").Create()
	if err != nil {
		t.Fatal(err)
	}
	hm.Close(context.Background())
	hm.Close(context.Background()) // idempotent
	if got := mustCall(t, g, "finalized")[0]; got != before+1 {
		t.Errorf("finalized %d times, want 1", got-before)
	}

	// A guest that imported a released module traps instead of reaching
	// freed memory.
	hm, err = module(t, d, "math").Create()
	if err != nil {
		t.Fatal(err)
	}
	g2 := instantiate(t, guestWasm(true), hm)
	mustCall(t, g2, "loop_add", 1)
	hm.Close(context.Background())
	runtime.GC()
	_, err = callGuest(g2, "loop_add", 1)
	if e := errcode.FromExecution(err); e == nil || e.Code != errcode.HostFuncError || !strings.Contains(e.Error(), "released") {
		t.Errorf("call after release: %v", err)
	}
}

func TestCreateErrors(t *testing.T) {
	d := testPlugin(t)
	if _, err := module(t, d, "null").Create(); err == nil || !strings.Contains(err.Error(), `module "null": Create returned NULL`) {
		t.Errorf("null: %v", err)
	}
	if _, err := module(t, d, "odd").Create(); err == nil || !strings.Contains(err.Error(), `function "odd": value type 0`) {
		t.Errorf("odd: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	need(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "x.so")
	if err := os.WriteFile(text, []byte(strings.Repeat("this is not a shared library\n", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.so")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"missing", filepath.Join(dir, "missing.so"), []string{"loading C plug-in", "no such file"}},
		{"directory", dir, []string{"is a directory"}},
		{"text", text, []string{"loading C plug-in " + text + ": dlopen: invalid ELF header"}},
		{"empty", empty, []string{"dlopen: ", "too short"}},
		{"nodesc", badLibs["nodesc"], []string{"not a WasmEdge plug-in: no WasmEdge_Plugin_GetDescriptor"}},
		{"api2", badLibs["api2"], []string{"API version 2", "0.11.1-0.13.5", "loads API versions 3, 4 and 5"}},
		{"api5mem", badLibs["api5mem"], []string{"API version 5", "0.17", "WasmEdge_MemoryInstanceGetPointer: uint64_t offset and length"}},
		{"unimpl", badLibs["unimpl"], []string{"undefined symbol: WasmEdge_VMCreate", "does not implement"}},
		{"cxx", badLibs["cxx"], []string{"undefined symbol: _ZN8WasmEdge", "C++"}},
		{"nulldesc", badLibs["nulldesc"], []string{"WasmEdge_Plugin_GetDescriptor returned NULL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Load(tc.path)
			if err == nil {
				t.Fatalf("loaded %+v", d)
			}
			t.Log(err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}

	_, err := Load(badLibs["api2"])
	var ve *APIVersionError
	if !errors.As(err, &ve) || ve.Version != 2 || ve.Name != "pureedge_test_bad" {
		t.Errorf("api2: %#v", err)
	}
	// API version 5 (WasmEdge 0.17) calling only functions whose signature
	// did not change: accepted.
	if d, err := Load(badLibs["api5"]); err != nil || d.APIVersion != 5 {
		t.Errorf("api5 without changed functions: %v", err)
	}
	// API version 3 (WasmEdge 0.14.0) has the same C API: accepted.
	d, err := Load(badLibs["api3"])
	if err != nil || d.APIVersion != 3 {
		t.Fatalf("api3: %v", err)
	}
	hm, err := d.Modules[0].Create()
	if err != nil || hm.Name() != "bad" {
		t.Fatalf("api3 module: %v", err)
	}
	hm.Close(context.Background())
}

func TestConcurrentCalls(t *testing.T) {
	d := testPlugin(t)
	options(t, d, "negate", "false", "bias", "0")
	math := create(t, d, "math")
	text := create(t, d, "text")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		g := instantiate(t, guestWasm(false), math, text)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if r, err := callGuest(g, "loop_add", 100); err != nil || r[0] != 100 {
					errs <- fmt.Errorf("loop_add: %v %v", r, err)
					return
				}
				if r, err := callGuest(g, "checksum", 16, uint64(len(guestText))); err != nil || uint32(r[0]) != fnv1a([]byte(guestText)) {
					errs <- fmt.Errorf("checksum: %v %v", r, err)
					return
				}
				if r, err := callGuest(g, "call_guest", uint64(i)); err != nil || r[0] != uint64(2*i+1) {
					errs <- fmt.Errorf("call_guest: %v %v", r, err)
					return
				}
				if j%10 == 0 {
					runtime.GC()
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// ---- Benchmarks ---------------------------------------------------------

// BenchmarkCPluginAdd measures one guest->host call of the C plug-in's add
// (guest -> wazero -> Go -> one cgo call -> C trampoline -> plug-in): the
// guest's loop_add calls math.add b.N times in one Wasm call.
func BenchmarkCPluginAdd(b *testing.B) {
	d := testPlugin(b)
	options(b, d, "negate", "false", "bias", "0")
	g := instantiate(b, guestWasm(true), create(b, d, "math"))
	b.ResetTimer()
	if r := mustCall(b, g, "loop_add", uint64(b.N))[0]; r != uint64(uint32(b.N)) {
		b.Fatalf("loop_add(%d) = %d", b.N, r)
	}
}

// BenchmarkGoHostAdd is the baseline: the same add as a Go host function.
func BenchmarkGoHostAdd(b *testing.B) {
	hm := engine.NewHostModule("math")
	i32 := []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}
	hm.AddFunc("add", &engine.HostFunc{Type: engine.FuncType{Params: i32, Results: i32[:1]},
		Fn: api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
			s[0] = api.EncodeI32(api.DecodeI32(s[0]) + api.DecodeI32(s[1]))
		})})
	b.Cleanup(func() { hm.Close(context.Background()) })
	g := instantiate(b, guestWasm(true), hm)
	b.ResetTimer()
	if r := mustCall(b, g, "loop_add", uint64(b.N))[0]; r != uint64(uint32(b.N)) {
		b.Fatalf("loop_add(%d) = %d", b.N, r)
	}
}
