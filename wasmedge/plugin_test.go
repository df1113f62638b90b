package wasmedge

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pureedge/pureedge/internal/binary"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// isolate gives a test an empty plug-in registry, a fake shared-library
// loader serving libs (by file base name; other names fail as a bad ELF
// file would), and a captured log at debug level. Everything is restored
// afterwards.
func isolate(t *testing.T, libs map[string]func() *plugindesc.Descriptor) (log *syncBuffer, loads *atomic.Int64) {
	t.Helper()
	oldSnap, oldFiles, oldLoader := plugins.snap.Load(), plugins.files, loadSharedLibrary
	plugins.snap.Store(&registry{byName: map[string]*loadedPlugin{}})
	plugins.files = map[string]struct{}{}
	loads = new(atomic.Int64)
	loadSharedLibrary = func(path string) (*plugindesc.Descriptor, error) {
		loads.Add(1)
		mk, ok := libs[filepath.Base(path)]
		if !ok {
			return nil, errors.New("invalid ELF header")
		}
		return mk(), nil
	}
	log = &syncBuffer{}
	oldLevel := logLevel.Load()
	SetLogOutput(log)
	logLevel.Store(logLevelDebug)
	t.Cleanup(func() {
		plugins.snap.Store(oldSnap)
		plugins.files, loadSharedLibrary = oldFiles, oldLoader
		SetLogOutput(os.Stderr)
		logLevel.Store(oldLevel)
	})
	return log, loads
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// hostDesc is a descriptor of a plug-in whose modules have one function,
// "f" () -> i32 returning ret. Each module is given as "descriptor" or
// "descriptor=instance".
func hostDesc(name string, ret int32, modules ...string) func() *plugindesc.Descriptor {
	return func() *plugindesc.Descriptor {
		d := &plugindesc.Descriptor{Name: name, APIVersion: 3, Version: [4]uint32{0, 10, 0, 0}}
		for _, m := range modules {
			desc, inst, ok := strings.Cut(m, "=")
			if !ok {
				inst = desc
			}
			d.Modules = append(d.Modules, plugindesc.Module{Name: desc, InstanceName: inst, Create: func() (*engine.HostModule, error) {
				return constModule(inst, ret), nil
			}})
		}
		return d
	}
}

func constModule(name string, ret int32) *engine.HostModule {
	m := NewModule(name)
	i32 := NewValTypeI32()
	m.AddFunction("f", NewFunction(NewFunctionType(nil, []*ValType{i32}),
		func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
			return []interface{}{ret}, Result_Success
		}, nil, 0))
	return m.host
}

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("not really a library"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSplitPluginPath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"/a:/b", []string{"/a", "/b"}},
		{"/a::/b", []string{"/a", "/b"}},
		{":/a", []string{"/a"}},
		{"", nil},
		{"/a", []string{"/a"}},
		{"/a:", []string{"/a"}},  // WasmEdge aborts here
		{"/a::", []string{"/a"}}, // and here
		{":::", nil},
		{"rel/dir:/x/lib.so", []string{"rel/dir", "/x/lib.so"}},
	} {
		if got := splitPluginPath(tc.in, "linux"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := splitPluginPath(`C:\wasmedge\plugin;D:\x`, "windows"); !reflect.DeepEqual(got, []string{`C:\wasmedge\plugin`, `D:\x`}) {
		t.Errorf("windows: %q", got)
	}
}

func TestInstallPluginDirs(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"/usr/local/bin", "/usr/local/lib/wasmedge"},
		{"/usr/bin", "/usr/lib/wasmedge"},
		{"/usr/local/lib", "/usr/local/lib/wasmedge"}, // given the library directory, as WasmEdge's rule
		{"/usr/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu/wasmedge"},
		{"/lib64", "/lib64/wasmedge"},
		{"/usr2/bin", "/usr2/lib/wasmedge"},       // a string prefix, as WasmEdge's
		{"/library/app", "/library/app/wasmedge"}, // likewise
		{"/home/u/.wasmedge/bin", "/home/u/.wasmedge/plugin"},
		{"/home/u/.wasmedge/lib", "/home/u/.wasmedge/plugin"},
		{"/opt/homebrew/lib", "/opt/homebrew/plugin"},
		{"/opt/app", "/opt/plugin"},
		{"/opt/app/bin/", "/opt/app/plugin"},
		{".", "../plugin"},
	} {
		got := installPluginDirs(tc.dir, "linux", "/home/u")
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q: %q, want %q", tc.dir, got, tc.want)
		}
	}
	if got := installPluginDirs("", "linux", "/home/u"); got != nil {
		t.Errorf("no install dir: %q", got)
	}
	win := installPluginDirs(`C:\Program Files\WasmEdge\bin`, "windows", `C:\Users\u`)
	if len(win) != 2 || !strings.HasSuffix(win[1], filepath.Join(".wasmedge", "plugin")) {
		t.Errorf("windows: %q", win)
	}
}

func TestDefaultPluginPaths(t *testing.T) {
	t.Setenv(PluginPathEnv, "/env/a::/env/b:")
	t.Setenv(InstallDirEnv, "/usr/local/bin")
	if got, want := DefaultPluginPaths(), []string{"/env/a", "/env/b", "/usr/local/lib/wasmedge"}; !reflect.DeepEqual(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	SetInstallDir("/opt/x/bin")
	defer SetInstallDir("")
	if got, want := DefaultPluginPaths(), []string{"/env/a", "/env/b", "/opt/x/plugin"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SetInstallDir: %q, want %q", got, want)
	}
	SetInstallDir("")
	os.Unsetenv(InstallDirEnv)
	os.Unsetenv(PluginPathEnv)
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if got, want := DefaultPluginPaths(), installPluginDirs(filepath.Dir(exe), "linux", ""); !reflect.DeepEqual(got, want) {
		t.Errorf("from the executable: %q, want %q", got, want)
	}
}

func TestIsPluginFile(t *testing.T) {
	for _, tc := range []struct {
		name, goos string
		want       bool
	}{
		{"libfoo.so", "linux", true},
		{"foo.so", "linux", true},
		{"libfoo.so.0", "linux", false},
		{"foo.SO", "linux", false},
		{".so", "linux", false},
		{"foo.dylib", "linux", false},
		{"libfoo.dylib", "darwin", true},
		{"._libfoo.dylib", "darwin", false},
		{"._libfoo.so", "linux", false},
		{"foo.dll", "windows", true},
		{"foo.so", "windows", false},
		{"foo.so.txt", "linux", false},
	} {
		if got := isPluginFile(tc.name, tc.goos); got != tc.want {
			t.Errorf("%s on %s: %v", tc.name, tc.goos, got)
		}
	}
}

func TestWalkPluginDir(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	touch(t,
		filepath.Join(dir, "b.so"), filepath.Join(dir, "a.so"), filepath.Join(dir, "a.so.0"),
		filepath.Join(dir, "A.SO"), filepath.Join(dir, "sub", "deeper", "c.so"), filepath.Join(dir, "sub", "readme.txt"),
		filepath.Join(other, "linked-dir", "hidden.so"), filepath.Join(other, "target.so"))
	if err := os.Symlink(filepath.Join(other, "linked-dir"), filepath.Join(dir, "dirlink")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(other, "target.so"), filepath.Join(dir, "filelink.so")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(other, "missing.so"), filepath.Join(dir, "dangling.so")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.so"), 0o755); err != nil { // a directory named like a plug-in
		t.Fatal(err)
	}
	var got []string
	walkPluginDir(dir, "linux", func(p string) {
		rel, _ := filepath.Rel(dir, p)
		got = append(got, rel)
	})
	want := []string{"a.so", "b.so", "filelink.so", filepath.Join("sub", "deeper", "c.so")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestLoadFailureIsLoggedAndSkipped(t *testing.T) {
	log, _ := isolate(t, map[string]func() *plugindesc.Descriptor{
		"libgood.so":   hostDesc("good", 1, "good_mod"),
		"libnodesc.so": func() *plugindesc.Descriptor { return nil },
	})
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "libbad.so"), filepath.Join(dir, "libgood.so"), filepath.Join(dir, "libnodesc.so"))
	LoadPluginFromPath(dir)
	if got := ListPlugins(); !reflect.DeepEqual(got, []string{"good"}) {
		t.Errorf("ListPlugins = %v", got)
	}
	out := log.String()
	bad := filepath.Join(dir, "libbad.so")
	if !strings.Contains(out, "[error] loading failed: invalid path, Code: 0x100") ||
		!strings.Contains(out, "[error]     load library failed: "+bad+": invalid ELF header") {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, "[error]     load library failed: "+filepath.Join(dir, "libnodesc.so")) {
		t.Errorf("a library without a descriptor is skipped silently:\n%s", out)
	}
}

func TestLoadErrorNamingThePath(t *testing.T) {
	log, _ := isolate(t, nil)
	loadSharedLibrary = func(path string) (*plugindesc.Descriptor, error) {
		return nil, fmt.Errorf("loading C plug-in %s: built for API version 5", path)
	}
	p := filepath.Join(t.TempDir(), "libv5.so")
	touch(t, p)
	LoadPluginFromPath(p)
	if !strings.Contains(log.String(), "[error]     load library failed: loading C plug-in "+p+": built for API version 5\n") {
		t.Errorf("log:\n%s", log)
	}
}

func TestLoadWithoutCLoader(t *testing.T) {
	log, _ := isolate(t, nil)
	loadSharedLibrary = func(string) (*plugindesc.Descriptor, error) { return nil, capi.ErrUnsupported }
	p := filepath.Join(t.TempDir(), "libx.so")
	touch(t, p)
	LoadPluginFromPath(p)
	if len(ListPlugins()) != 0 || !strings.Contains(log.String(), "not supported by this binary") {
		t.Errorf("plug-ins %v, log:\n%s", ListPlugins(), log.String())
	}
}

func TestRegistryFirstWinsAndIdempotent(t *testing.T) {
	_, loads := isolate(t, map[string]func() *plugindesc.Descriptor{
		"liba.so":   hostDesc("dup", 1, "m"),
		"libb.so":   hostDesc("dup", 2, "m"),
		"libc.so":   hostDesc("other", 3, "o"),
		"plain.txt": hostDesc("never", 0, "x"),
	})
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "liba.so"), filepath.Join(dir, "libb.so"), filepath.Join(dir, "libc.so"), filepath.Join(dir, "plain.txt"))
	LoadPluginFromPath(dir)
	LoadPluginFromPath(dir)
	LoadPluginFromPath(filepath.Join(dir, "libc.so"))
	LoadPluginFromPath(filepath.Join(dir, ".", "libc.so")) // another spelling
	LoadPluginFromPath(filepath.Join(dir, "plain.txt"))    // not a plug-in file name
	LoadPluginFromPath("")
	LoadPluginFromPath(filepath.Join(dir, "missing.so"))
	if got := ListPlugins(); !reflect.DeepEqual(got, []string{"dup", "other"}) {
		t.Errorf("ListPlugins = %v", got)
	}
	if n := loads.Load(); n != 3 {
		t.Errorf("the loader ran %d times, want 3 (once per file)", n)
	}
	m := FindPlugin("dup").CreateModule("m")
	defer m.Release()
	if res, err := NewExecutor().Invoke(m.FindFunction("f")); err != nil || res[0].(int32) != 1 {
		t.Errorf("the first plug-in of a name wins: f() = %v, %v", res, err)
	}
	if FindPlugin("dup").p.desc.Path != filepath.Join(dir, "liba.so") {
		t.Errorf("path %q", FindPlugin("dup").p.desc.Path)
	}
}

func TestConcurrentLoads(t *testing.T) {
	libs := map[string]func() *plugindesc.Descriptor{}
	dir := t.TempDir()
	for i := 0; i < 20; i++ {
		name := fmt.Sprintf("libp%02d.so", i)
		libs[name] = hostDesc(fmt.Sprintf("p%02d", i), int32(i), fmt.Sprintf("m%02d", i))
		touch(t, filepath.Join(dir, name))
	}
	_, loads := isolate(t, libs)
	t.Setenv(PluginPathEnv, dir)
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			switch g % 4 {
			case 0:
				LoadPluginDefaultPaths()
			case 1:
				LoadPluginFromPath(dir)
			case 2:
				LoadPluginFromPath(filepath.Join(dir, fmt.Sprintf("libp%02d.so", g)))
			default:
				for i := 0; i < 50; i++ {
					_ = ListPlugins()
					FindPlugin("p03").ListModule()
					vm := NewVM()
					vm.Release()
				}
			}
		}(g)
	}
	wg.Wait()
	names := ListPlugins()
	sort.Strings(names)
	for i, n := range names {
		if n != fmt.Sprintf("p%02d", i) {
			t.Errorf("ListPlugins = %v", ListPlugins())
			break
		}
	}
	if len(names) != 20 {
		t.Errorf("%d plug-ins", len(names))
	}
	if n := loads.Load(); n != 20 {
		t.Errorf("the loader ran %d times, want 20", n)
	}
}

func TestListFindCreateEdgeCases(t *testing.T) {
	isolate(t, map[string]func() *plugindesc.Descriptor{
		"libcrypto.so": hostDesc("wasi_crypto", 7,
			"wasi_crypto_common=wasi_ephemeral_crypto_common", "wasi_crypto_kx=wasi_ephemeral_crypto_kx"),
		"libc.so": func() *plugindesc.Descriptor { // a C plug-in: no instance names known
			d := hostDesc("cplug", 1, "cmod")()
			d.Modules[0].InstanceName = ""
			return d
		},
	})
	if got := ListPlugins(); got == nil || len(got) != 0 {
		t.Errorf("empty registry: %#v", got)
	}
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "libcrypto.so"), filepath.Join(dir, "libc.so"))
	LoadPluginFromPath(dir)

	if FindPlugin("no-such-plugin-name") != nil || FindPlugin("") != nil || FindPlugin("WASI_CRYPTO") != nil {
		t.Error("FindPlugin found an unknown plug-in")
	}
	var none *Plugin
	if none.ListModule() != nil || none.CreateModule("x") != nil {
		t.Error("a nil plug-in lists or creates")
	}
	none.CreateModule("x").Release() // the seed's pattern without the plug-in: no panic

	p := FindPlugin("wasi_crypto")
	if got := p.ListModule(); !reflect.DeepEqual(got, []string{"wasi_ephemeral_crypto_common", "wasi_ephemeral_crypto_kx"}) {
		t.Errorf("ListModule = %v", got)
	}
	if got := FindPlugin("cplug").ListModule(); !reflect.DeepEqual(got, []string{"cmod"}) {
		t.Errorf("C plug-in ListModule = %v", got)
	}
	if p.CreateModule("no-such-module") != nil || p.CreateModule("") != nil {
		t.Error("CreateModule created an unknown module")
	}
	byInstance := p.CreateModule("wasi_ephemeral_crypto_common")
	byDescriptor := p.CreateModule("wasi_crypto_common")
	if byInstance == nil || byDescriptor == nil {
		t.Fatal("CreateModule by instance or descriptor name failed")
	}
	if byInstance.GetName() != "wasi_ephemeral_crypto_common" || byInstance.host == byDescriptor.host {
		t.Errorf("not fresh instances: %q", byInstance.GetName())
	}
	byInstance.Release()
	if !byInstance.host.Closed() || byDescriptor.host.Closed() {
		t.Error("Release closes its own instance only")
	}
	byDescriptor.Release()
}

func TestCreateFailures(t *testing.T) {
	log, _ := isolate(t, nil)
	if err := RegisterPlugin(PluginDescriptor{Name: "flaky", Modules: []PluginModuleDescriptor{
		{Name: "nil", Create: func() *Module { return nil }},
		{Name: "boom", Create: func() *Module { panic("boom") }},
		{Name: "ok", Create: func() *Module { return NewModule("ok") }},
	}}); err != nil {
		t.Fatal(err)
	}
	p := FindPlugin("flaky")
	if p.CreateModule("nil") != nil || p.CreateModule("boom") != nil {
		t.Error("a failed Create gave a module")
	}
	if !strings.Contains(log.String(), `plug-in "flaky": creating module "boom" panicked: boom`) {
		t.Errorf("log:\n%s", log)
	}
	vm := NewVM() // the VM skips what fails and registers the rest
	defer vm.Release()
	if vm.GetRegisteredModule("ok") == nil || vm.GetRegisteredModule("nil") != nil {
		t.Errorf("registered: %v", vm.ListRegisteredModule())
	}
}

func TestRegisterPlugin(t *testing.T) {
	isolate(t, nil)
	d := PluginDescriptor{Name: "go_plugin", Version: PluginVersion{1, 2, 3, 4},
		Modules: []PluginModuleDescriptor{{Name: "go_mod", Create: func() *Module { return NewModule("go_mod") }}}}
	if err := RegisterPlugin(d); err != nil {
		t.Fatal(err)
	}
	err := RegisterPlugin(d)
	var res *Result
	if !errors.As(err, &res) || res.GetCode() != int(errcode.ModuleNameConflict) {
		t.Errorf("second registration: %v", err)
	}
	if got := FindPlugin("go_plugin").ListModule(); !reflect.DeepEqual(got, []string{"go_mod"}) {
		t.Errorf("ListModule = %v", got)
	}
	for _, bad := range []PluginDescriptor{
		{},
		{Name: "x", Modules: []PluginModuleDescriptor{{Name: "m"}}},
		{Name: "x", Modules: []PluginModuleDescriptor{{Create: func() *Module { return nil }}}},
		{Name: "x", Options: []PluginOption{{Name: "o"}}},
		{Name: "x", Options: []PluginOption{{Set: func(string) error { return nil }}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", bad)
				}
			}()
			RegisterPlugin(bad)
		}()
	}
}

// The names a fresh VM registers: the official table, plus WASI (real or
// mock).
func officialNames() []string {
	var names []string
	for _, m := range abi.Official {
		names = append(names, m.Instance)
	}
	return append(names, "wasi_snapshot_preview1")
}

func TestVMRegisteredModules(t *testing.T) {
	isolate(t, nil)
	want := []string{
		"wasi:logging/logging",
		"wasi_ephemeral_crypto_asymmetric_common", "wasi_ephemeral_crypto_common", "wasi_ephemeral_crypto_kx",
		"wasi_ephemeral_crypto_signatures", "wasi_ephemeral_crypto_symmetric",
		"wasi_ephemeral_nn", "wasi_snapshot_preview1",
		"wasmedge_httpsreq", "wasmedge_image", "wasmedge_process", "wasmedge_stablediffusion",
		"wasmedge_tensorflow", "wasmedge_tensorflowlite",
	}
	for _, wasi := range []bool{true, false} {
		conf := NewConfigure()
		if wasi {
			conf.AddConfig(WASI)
		}
		vm := NewVMWithConfig(conf)
		if got := vm.ListRegisteredModule(); !reflect.DeepEqual(got, want) {
			t.Errorf("WASI %v: %q", wasi, got)
		}
		w := vm.GetRegisteredModule("wasi_snapshot_preview1")
		if w == nil || (w.host.WASI != nil) != wasi {
			t.Errorf("WASI %v: wasi_snapshot_preview1 is %+v", wasi, w)
		}
		if (vm.GetImportModule(WASI) != nil) != wasi {
			t.Errorf("WASI %v: GetImportModule", wasi)
		}
		nn := vm.GetRegisteredModule("wasi_ephemeral_nn")
		if nn == nil || len(nn.ListFunction()) != 12 {
			t.Errorf("wasi_ephemeral_nn: %v", nn.ListFunction())
		}
		if vm.GetRegisteredModule("no-such-plugin") != nil {
			t.Error("an unknown module is registered")
		}
		vm.Release()
	}
}

func TestVMWithPlugins(t *testing.T) {
	log, _ := isolate(t, map[string]func() *plugindesc.Descriptor{
		// wasi_crypto with only two of its five modules, plus one extra
		"libcrypto.so": hostDesc("wasi_crypto", 11,
			"wasi_crypto_common=wasi_ephemeral_crypto_common", "wasi_crypto_kx=wasi_ephemeral_crypto_kx",
			"wasi_crypto_extra=wasi_ephemeral_crypto_extra"),
		"libthird.so": hostDesc("third", 22, "third_mod"),
		// a non-official plug-in reusing a real module's name, and one
		// reusing a mock's
		"libclash.so": hostDesc("clash", 33, "c1=wasi_ephemeral_crypto_common", "c2=wasi_ephemeral_nn"),
	})
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "libcrypto.so"), filepath.Join(dir, "libthird.so"), filepath.Join(dir, "libclash.so"))
	LoadPluginFromPath(dir)

	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	names := vm.ListRegisteredModule()
	want := append(officialNames(), "wasi_ephemeral_crypto_extra", "third_mod")
	sort.Strings(want)
	if !reflect.DeepEqual(names, want) {
		t.Errorf("registered %q\nwant %q", names, want)
	}
	call := func(mod string) int32 {
		res, err := vm.ExecuteRegistered(mod, "f")
		if err != nil {
			t.Errorf("%s.f: %v", mod, err)
			return -1
		}
		return res[0].(int32)
	}
	if call("wasi_ephemeral_crypto_common") != 11 || call("wasi_ephemeral_crypto_kx") != 11 || call("wasi_ephemeral_crypto_extra") != 11 {
		t.Error("wasi_crypto's modules are not the plug-in's")
	}
	if call("third_mod") != 22 {
		t.Error("third_mod")
	}
	if call("wasi_ephemeral_nn") != 33 {
		t.Error("a plug-in module replaces a mock")
	}
	for _, mock := range []string{"wasi_ephemeral_crypto_symmetric", "wasi_ephemeral_crypto_signatures", "wasi_ephemeral_crypto_asymmetric_common"} {
		if e, _ := vm.store.s.Lookup(mock); !e.Mock {
			t.Errorf("%s should be a mock", mock)
		}
	}
	if !strings.Contains(log.String(), "[error] instantiation failed: module name conflict, Code: 0x300") {
		t.Errorf("no conflict logged:\n%s", log)
	}
	if !strings.Contains(log.String(), "[debug] Plugin: wasi_nn , module name: wasi_nn not found. Mock instead.") {
		t.Errorf("no mock fallback logged:\n%s", log)
	}
	// Fresh instances per VM.
	vm2 := NewVM()
	defer vm2.Release()
	a, _ := vm.store.s.Lookup("third_mod")
	b, _ := vm2.store.s.Lookup("third_mod")
	if a.Host == b.Host {
		t.Error("two VMs share a plug-in module instance")
	}
	// Mocks are shared.
	a, _ = vm.store.s.Lookup("wasmedge_image")
	b, _ = vm2.store.s.Lookup("wasmedge_image")
	if a.Host != b.Host {
		t.Error("two VMs have different mock records")
	}
	// Release closes the VM's plug-in modules, never the shared mocks.
	third, _ := vm2.store.s.Lookup("third_mod")
	vm2.Release()
	if !third.Host.Closed() {
		t.Error("a plug-in module outlived its VM")
	}
	if b.Host.Closed() {
		t.Error("a mock was closed")
	}
}

func TestPluginLoadedAfterVMNeedsCleanup(t *testing.T) {
	isolate(t, map[string]func() *plugindesc.Descriptor{"liblate.so": hostDesc("late", 5, "late_mod")})
	vm := NewVM()
	defer vm.Release()
	p := filepath.Join(t.TempDir(), "liblate.so")
	touch(t, p)
	LoadPluginFromPath(p)
	if vm.GetRegisteredModule("late_mod") != nil {
		t.Error("a plug-in loaded after the VM was created is visible before Cleanup")
	}
	vm.Cleanup()
	if vm.GetRegisteredModule("late_mod") == nil {
		t.Error("not visible after Cleanup")
	}
}

func TestUserModuleReplacesMock(t *testing.T) {
	isolate(t, map[string]func() *plugindesc.Descriptor{"libproc.so": hostDesc("wasmedge_process", 9, "wasmedge_process")})
	p := filepath.Join(t.TempDir(), "libproc.so")
	touch(t, p)
	LoadPluginFromPath(p)
	vm := NewVM()
	defer vm.Release()
	mine := NewModule("wasi_ephemeral_nn")
	i32 := NewValTypeI32()
	mine.AddFunction("compute", NewFunction(NewFunctionType([]*ValType{i32}, []*ValType{i32}),
		func(_ interface{}, _ *CallingFrame, p []interface{}) ([]interface{}, Result) {
			return []interface{}{int32(42)}, Result_Success
		}, nil, 0))
	if err := vm.RegisterModule(mine); err != nil {
		t.Fatalf("registering over a mock: %v", err)
	}
	if res, err := vm.ExecuteRegistered("wasi_ephemeral_nn", "compute", int32(0)); err != nil || res[0].(int32) != 42 {
		t.Errorf("compute = %v, %v", res, err)
	}
	// A loaded plug-in's module is real: registering over it conflicts.
	theirs := NewModule("wasmedge_process")
	if err := vm.RegisterModule(theirs); err == nil {
		t.Error("a user module replaced a real plug-in module")
	}
	theirs.Release()
	mine.Release()
	if vm.GetRegisteredModule("wasi_ephemeral_nn") != nil {
		t.Error("the released module is still registered")
	}
}

// Mocks called from a guest: errno 1 for wasi-nn, a trap for
// wasmedge_process, each with the log line.
func TestMockCalledFromGuest(t *testing.T) {
	log, _ := isolate(t, nil)
	logLevel.Store(logLevelInfo)
	i32 := byte(0x7f)
	bin := wasmModule(
		[]wasmImport{
			{"wasi_ephemeral_nn", "load", []byte{i32, i32, i32, i32, i32}, []byte{i32}},
			{"wasmedge_process", "wasmedge_process_run", nil, []byte{i32}},
			{"wasi_ephemeral_crypto_common", "options_set_u64", []byte{i32, i32, i32, 0x7e}, []byte{i32}},
			{"wasi_snapshot_preview1", "random_get", []byte{i32, i32}, []byte{i32}},
		},
		[]wasmExport{{"call_load", 0}, {"call_run", 1}, {"call_opt", 2}, {"call_random", 3}},
	)
	for _, wasi := range []bool{true, false} {
		conf := NewConfigure()
		if wasi {
			conf.AddConfig(WASI)
		}
		vm := NewVMWithConfig(conf)
		if err := vm.LoadWasmBuffer(bin); err != nil {
			t.Fatal(err)
		}
		if err := vm.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := vm.Instantiate(); err != nil {
			t.Fatalf("instantiating against the mocks: %v", err)
		}
		before := len(log.String())
		res, err := vm.Execute("call_load")
		if err != nil || res[0].(int32) != 1 {
			t.Errorf("wasi_ephemeral_nn.load = %v, %v; want 1", res, err)
		}
		if line := log.String()[before:]; !strings.Contains(line, "] [error] WASI-NN plugin not installed. Please install the plugin and restart WasmEdge.\n") {
			t.Errorf("log %q", line)
		}
		if res, err := vm.Execute("call_opt"); err != nil || res[0].(int32) != 1 {
			t.Errorf("options_set_u64 = %v, %v", res, err)
		}
		before = len(log.String())
		_, err = vm.Execute("call_run")
		var r *Result
		if !errors.As(err, &r) || r.GetCode() != 0x40E {
			t.Errorf("wasmedge_process_run: %v, want host function failed (0x40E)", err)
		}
		if line := log.String()[before:]; !strings.Contains(line, "[error] WasmEdge-Process plugin not installed. Please install the plugin and restart WasmEdge.\n") {
			t.Errorf("log %q", line)
		}
		before = len(log.String())
		res, err = vm.Execute("call_random")
		if wasi {
			if err != nil || res[0].(int32) != 0 {
				t.Errorf("random_get with WASI: %v, %v", res, err)
			}
		} else {
			if !errors.As(err, &r) || r.GetCode() != 0x40E || !strings.Contains(log.String()[before:], "[error] WASI is not enabled in this VM") {
				t.Errorf("random_get without WASI: %v; log %q", err, log.String()[before:])
			}
		}
		vm.Release()
	}
}

// Every mock function: callable from the host, with the right result.
func TestMockExports(t *testing.T) {
	isolate(t, nil)
	SetLogOff()
	vm := NewVM()
	defer vm.Release()
	for _, def := range append(append([]*abi.Module{}, abi.Official...), abi.WASIPreview1) {
		m := vm.GetRegisteredModule(def.Instance)
		if m == nil {
			t.Errorf("%s not registered", def.Instance)
			continue
		}
		if n := len(m.ListFunction()); n != len(def.Funcs) {
			t.Errorf("%s: %d functions, want %d", def.Instance, n, len(def.Funcs))
		}
		for _, f := range def.Funcs {
			ft := m.FindFunction(f.Name).GetFunctionType()
			if ft == nil || int(ft.GetParametersLength()) != len(f.Params) || int(ft.GetReturnsLength()) != len(f.Results) {
				t.Errorf("%s.%s: type %v", def.Instance, f.Name, ft)
				continue
			}
			args := make([]interface{}, len(f.Params))
			for i, p := range ft.GetParameters() {
				switch {
				case p.IsI32():
					args[i] = int32(0)
				case p.IsI64():
					args[i] = int64(0)
				case p.IsF32():
					args[i] = float32(0)
				default:
					args[i] = float64(0)
				}
			}
			res, err := vm.ExecuteRegistered(def.Instance, f.Name, args...)
			if def.Failure == abi.ReturnsOne {
				if err != nil || len(res) != 1 || res[0].(int32) != 1 {
					t.Errorf("%s.%s = %v, %v; want 1", def.Instance, f.Name, res, err)
				}
			} else if err == nil {
				t.Errorf("%s.%s did not trap", def.Instance, f.Name)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	log, _ := isolate(t, nil)
	var mu sync.Mutex
	var preloads []string
	allowAll := false
	snapshot := func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("%v %v", preloads, allowAll)
	}
	created := ""
	if err := RegisterPlugin(PluginDescriptor{Name: "wasi_nn",
		Modules: []PluginModuleDescriptor{{Name: "wasi_nn", InstanceName: "wasi_ephemeral_nn", Create: func() *Module {
			created = snapshot()
			return NewModule("wasi_ephemeral_nn")
		}}},
		Options: []PluginOption{{Name: "nn-preload", Type: PluginOptionList, Set: func(v string) error {
			if strings.Count(v, ":") < 3 {
				return errors.New("want NAME:ENCODING:TARGET:PATH")
			}
			mu.Lock()
			preloads = append(preloads, v)
			mu.Unlock()
			return nil
		}}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := RegisterPlugin(PluginDescriptor{Name: "wasmedge_process",
		Options: []PluginOption{
			{Name: "allow-command", Type: PluginOptionList, Set: func(v string) error {
				mu.Lock()
				preloads = append(preloads, "cmd:"+v)
				mu.Unlock()
				return nil
			}},
			{Name: "allow-command-all", Type: PluginOptionToggle, Set: func(v string) error {
				mu.Lock()
				allowAll = v == "true"
				mu.Unlock()
				return nil
			}},
		}}); err != nil {
		t.Fatal(err)
	}
	vm := NewVM()
	vm.Release()
	if created != "[] false" {
		t.Errorf("before any option: %q", created)
	}
	PluginInitWASINN([]string{"default:GGML:AUTO:model.gguf", "bad"})
	var nilModule *Module
	nilModule.InitWasmEdgeProcess([]string{"ls"}, true)
	if !strings.Contains(log.String(), `option --nn-preload=bad: want NAME:ENCODING:TARGET:PATH`) {
		t.Errorf("a rejected value is not logged:\n%s", log)
	}
	vm = NewVM()
	vm.Release()
	if created != "[default:GGML:AUTO:model.gguf cmd:ls] true" {
		t.Errorf("after PluginInitWASINN and InitWasmEdgeProcess: %q", created)
	}
	if err := SetPluginOption("wasi_nn", "nn-preload", "b:ONNX:CPU:m.onnx"); err != nil {
		t.Error(err)
	}
	for _, bad := range [][3]string{{"nope", "nn-preload", "x"}, {"wasi_nn", "nope", "x"}, {"wasi_nn", "nn-preload", "x"}} {
		if err := SetPluginOption(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("SetPluginOption%q succeeded", bad)
		}
	}
	if err := SetPluginOption("wasmedge_process", "allow-command-all", ""); err != nil || !strings.HasSuffix(snapshot(), "true") {
		t.Errorf("a toggle with no value: %v", err)
	}
}

func TestCLIPluginOptions(t *testing.T) {
	isolate(t, nil)
	t.Setenv(PluginPathEnv, "")
	SetInstallDir(t.TempDir())
	defer SetInstallDir("")
	var got []string
	set := func(prefix string) func(string) error {
		return func(v string) error { got = append(got, prefix+v); return nil }
	}
	RegisterPlugin(PluginDescriptor{Name: "p1", Options: []PluginOption{
		{Name: "shared", Set: set("p1.shared=")},
		{Name: "flag", Type: PluginOptionToggle, Set: set("p1.flag=")},
		{Name: "dir", Set: set("p1.dir=")}, // a CLI option's name: left out
	}})
	RegisterPlugin(PluginDescriptor{Name: "p2", Options: []PluginOption{{Name: "shared", Type: PluginOptionList, Set: set("p2.shared=")}}})
	fs := flag.NewFlagSet("wasmedge", flag.ContinueOnError)
	var o cliOptions
	fs.Var(&o.dirs, "dir", "")
	addPluginFlags(fs, &o)
	if err := fs.Parse([]string{"--shared", "a", "--flag", "--shared=b", "--dir", "x", "file.wasm"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("options reached the plug-ins before they were applied: %v", got)
	}
	applyPluginOptions(&o)
	want := []string{"p1.shared=a", "p2.shared=a", "p1.flag=true", "p1.shared=b", "p2.shared=b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q\nwant %q", got, want)
	}
	if fs.Arg(0) != "file.wasm" || len(o.dirs) != 1 {
		t.Errorf("args %v, dirs %v", fs.Args(), o.dirs)
	}
}

func TestPrintPlugins(t *testing.T) {
	isolate(t, map[string]func() *plugindesc.Descriptor{
		"libwasmedgePluginWasiCrypto.so": hostDesc("wasi_crypto", 0, "wasi_crypto_common=wasi_ephemeral_crypto_common"),
	})
	RegisterPlugin(PluginDescriptor{Name: "go_plugin", Version: PluginVersion{0, 1, 0, 0},
		Modules: []PluginModuleDescriptor{{Name: "go_mod", Create: func() *Module { return NewModule("go_mod") }}}})
	p := filepath.Join(t.TempDir(), "libwasmedgePluginWasiCrypto.so")
	touch(t, p)
	LoadPluginFromPath(p)
	var b bytes.Buffer
	printPlugins(&b)
	want := ` (plugin "go_plugin") version 0.1.0.0
    module go_mod
` + p + ` (plugin "wasi_crypto") version 0.10.0.0
    module wasi_ephemeral_crypto_common (descriptor wasi_crypto_common)
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestExcludeForbidden(t *testing.T) {
	isolate(t, map[string]func() *plugindesc.Descriptor{
		"libnn.so":    hostDesc("wasi_nn", 1, "wasi_nn=wasi_ephemeral_nn"),
		"libthird.so": hostDesc("third", 2, "third_mod"),
		"libkeep.so":  hostDesc("keep", 3, "keep_mod"),
	})
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "libnn.so"), filepath.Join(dir, "libthird.so"), filepath.Join(dir, "libkeep.so"))
	LoadPluginFromPath(dir)
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	nn, _ := vm.store.s.Lookup("wasi_ephemeral_nn")
	third, _ := vm.store.s.Lookup("third_mod")
	excludeForbidden(vm, []string{"third", "wasi_nn", "unknown"})
	if vm.GetRegisteredModule("third_mod") != nil || vm.GetRegisteredModule("keep_mod") == nil {
		t.Errorf("registered: %v", vm.ListRegisteredModule())
	}
	if e, _ := vm.store.s.Lookup("wasi_ephemeral_nn"); !e.Mock {
		t.Error("a forbidden official plug-in's module is not replaced by its mock")
	}
	if !nn.Host.Closed() || !third.Host.Closed() {
		t.Error("the forbidden modules were not closed")
	}
	if vm.GetImportModule(WASI) == nil || vm.GetRegisteredModule("wasi_snapshot_preview1") == nil {
		t.Error("WASI lost")
	}
	if got := len(vm.ListRegisteredModule()); got != len(officialNames())+1 {
		t.Errorf("%d modules: %v", got, vm.ListRegisteredModule())
	}
}

// The seed's walkthrough, with the plug-in missing: it runs as written.
func TestSeedWithoutPlugin(t *testing.T) {
	isolate(t, nil)
	LoadPluginDefaultPaths()
	LoadPluginFromPath("PATH_TO_PLUGIN/plugin.so")
	plugincrypto := FindPlugin("wasi_crypto")
	for range plugincrypto.ListModule() {
		t.Error("a missing plug-in lists modules")
	}
	modinst := plugincrypto.CreateModule("wasi_ephemeral_crypto_common")
	modinst.Release()
	conf := NewConfigure(WASI)
	vm := NewVMWithConfig(conf)
	conf.Release()
	if vm.GetRegisteredModule("wasi_snapshot_preview1") == nil || vm.GetRegisteredModule("wasi_ephemeral_nn") == nil {
		t.Error("WASI or the wasi_nn mock is missing")
	}
	vm.Release()
}

// wasmModule assembles a module with one page of memory whose exports each
// call one import with zero arguments (i32 or i64 zeros, by the import's
// types) and return its i32 result (0 for an import with no result).
type wasmImport struct {
	module, name    string
	params, results []byte
}

type wasmExport struct {
	name string
	imp  int
}

func wasmModule(imports []wasmImport, exports []wasmExport) []byte {
	vec := func(n int, body []byte) []byte { return append(uleb(uint32(n)), body...) }
	name := func(s string) []byte { return append(uleb(uint32(len(s))), s...) }
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, uleb(uint32(len(body)))...), body...)
	}
	var types, imps, funcs, exps, code []byte
	for _, im := range imports {
		types = append(types, 0x60)
		types = append(types, vec(len(im.params), im.params)...)
		types = append(types, vec(len(im.results), im.results)...)
	}
	types = append(types, 0x60, 0x00, 0x01, 0x7f) // () -> i32, the exports' type
	for i, im := range imports {
		imps = append(imps, name(im.module)...)
		imps = append(imps, name(im.name)...)
		imps = append(imps, 0x00)
		imps = append(imps, uleb(uint32(i))...)
	}
	for i, ex := range exports {
		funcs = append(funcs, uleb(uint32(len(imports)))...)
		exps = append(exps, name(ex.name)...)
		exps = append(exps, 0x00)
		exps = append(exps, uleb(uint32(len(imports)+i))...)
		var body []byte
		body = append(body, 0x00) // no locals
		for _, p := range imports[ex.imp].params {
			if p == 0x7e {
				body = append(body, 0x42, 0x00)
			} else {
				body = append(body, 0x41, 0x00)
			}
		}
		body = append(body, 0x10)
		body = append(body, uleb(uint32(ex.imp))...)
		if len(imports[ex.imp].results) == 0 {
			body = append(body, 0x41, 0x00)
		}
		body = append(body, 0x0b)
		code = append(code, vec(len(body), body)...)
	}
	out := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	out = append(out, section(1, vec(len(imports)+1, types))...)
	out = append(out, section(2, vec(len(imports), imps))...)
	out = append(out, section(3, vec(len(exports), funcs))...)
	out = append(out, section(5, []byte{0x01, 0x00, 0x01})...) // one memory of one page
	out = append(out, section(7, vec(len(exports), exps))...)
	out = append(out, section(10, vec(len(exports), code))...)
	return out
}

func uleb(v uint32) []byte { return binary.AppendU32(nil, v) }

func TestCLIVersionAndForbidden(t *testing.T) {
	isolate(t, nil)
	t.Setenv(PluginPathEnv, "")
	SetInstallDir(t.TempDir())
	defer SetInstallDir("")
	offset := int32(0)
	RegisterPlugin(PluginDescriptor{Name: "third", Version: PluginVersion{1, 2, 3, 4},
		Modules: []PluginModuleDescriptor{{Name: "third_mod", Create: func() *Module {
			m := NewModule("third_mod")
			v := offset
			m.AddFunction("f", NewFunction(NewFunctionType(nil, []*ValType{NewValTypeI32()}),
				func(interface{}, *CallingFrame, []interface{}) ([]interface{}, Result) {
					return []interface{}{40 + v}, Result_Success
				}, nil, 0))
			return m
		}}},
		Options: []PluginOption{{Name: "third-offset", Set: func(v string) error {
			_, err := fmt.Sscan(v, &offset)
			return err
		}}},
	})
	var out, errb bytes.Buffer
	if code := runCLI([]string{"wasmedge", "--version"}, &out, &errb); code != 0 {
		t.Fatalf("--version: %d, %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "\n (plugin \"third\") version 1.2.3.4\n    module third_mod\n") {
		t.Errorf("--version:\n%s", out.String())
	}
	file := filepath.Join(t.TempDir(), "m.wasm")
	bin := wasmModule([]wasmImport{{"third_mod", "f", nil, []byte{0x7f}}}, []wasmExport{{"call_f", 0}})
	if err := os.WriteFile(file, bin, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := runCLI([]string{"wasmedge", "--cold-start", "compile", "--third-offset", "2", "--reactor", file, "call_f"}, &out, &errb); code != 0 || out.String() != "42\n" {
		t.Errorf("run: %d, %q, %s", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := runCLI([]string{"wasmedge", "--cold-start", "compile", "--forbidden-plugin", "third", "--reactor", file, "call_f"}, &out, &errb); code == 0 ||
		!strings.Contains(errb.String(), "unknown import") {
		t.Errorf("forbidden: %d, %q, %s", code, out.String(), errb.String())
	}
}
