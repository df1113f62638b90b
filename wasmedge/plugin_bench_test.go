package wasmedge

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// benchIsolate is isolate for benchmarks: an empty registry and a quiet log.
func benchIsolate(b *testing.B) func() {
	oldSnap, oldFiles, oldLoader := plugins.snap.Load(), plugins.files, loadSharedLibrary
	plugins.snap.Store(&registry{byName: map[string]*loadedPlugin{}})
	plugins.files = map[string]struct{}{}
	SetLogOutput(io.Discard)
	return func() {
		plugins.snap.Store(oldSnap)
		plugins.files, loadSharedLibrary = oldFiles, oldLoader
		SetLogOutput(os.Stderr)
	}
}

// benchPluginC is a minimal C plug-in (one module, one function), built
// for the benchmark when a C compiler is at hand.
const benchPluginC = `#include <stddef.h>
#include <wasmedge/wasmedge.h>
static WasmEdge_Result add(void *d, const WasmEdge_CallingFrameContext *f, const WasmEdge_Value *in, WasmEdge_Value *out) {
  out[0] = WasmEdge_ValueGenI32(WasmEdge_ValueGetI32(in[0]) + WasmEdge_ValueGetI32(in[1]));
  return WasmEdge_Result_Success;
}
static WasmEdge_ModuleInstanceContext *create(const struct WasmEdge_ModuleDescriptor *d) {
  WasmEdge_String n = WasmEdge_StringCreateByCString("bench_math");
  WasmEdge_ModuleInstanceContext *m = WasmEdge_ModuleInstanceCreate(n);
  WasmEdge_StringDelete(n);
  WasmEdge_ValType p[2] = {WasmEdge_ValTypeGenI32(), WasmEdge_ValTypeGenI32()};
  WasmEdge_ValType r[1] = {WasmEdge_ValTypeGenI32()};
  WasmEdge_FunctionTypeContext *t = WasmEdge_FunctionTypeCreate(p, 2, r, 1);
  WasmEdge_String fn = WasmEdge_StringCreateByCString("add");
  WasmEdge_ModuleInstanceAddFunction(m, fn, WasmEdge_FunctionInstanceCreate(t, add, NULL, 0));
  WasmEdge_StringDelete(fn);
  WasmEdge_FunctionTypeDelete(t);
  return m;
}
static WasmEdge_ModuleDescriptor mods[] = {{"bench_math", "add", create}};
static WasmEdge_PluginDescriptor desc = {"bench", "a benchmark plug-in", WasmEdge_Plugin_CurrentAPIVersion,
  {0, 1, 0, 0}, 1, 0, mods, NULL};
WASMEDGE_CAPI_PLUGIN_EXPORT const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) { return &desc; }
`

// pluginDir makes a directory of 20 plug-in files (and a few files that
// are not plug-ins), in two levels. The plug-in files are copies of a real C
// plug-in when gcc and the C headers are at hand (real reports whether they
// are), else files that are no shared library at all.
func pluginDir(b *testing.B) (dir string, real bool) {
	dir = b.TempDir()
	content := []byte("\x7fELF not really")
	if gcc, err := exec.LookPath("gcc"); err == nil {
		src := filepath.Join(b.TempDir(), "bench.c")
		lib := filepath.Join(filepath.Dir(src), "libbench.so")
		if os.WriteFile(src, []byte(benchPluginC), 0o644) == nil &&
			exec.Command(gcc, "-shared", "-fPIC", "-I", filepath.Join("..", "include"), "-o", lib, src).Run() == nil {
			if c, err := os.ReadFile(lib); err == nil {
				content, real = c, true
			}
		}
	}
	for i := 0; i < 20; i++ {
		p := filepath.Join(dir, fmt.Sprintf("libwasmedgePlugin%02d.so", i))
		if i >= 10 {
			p = filepath.Join(dir, "more", fmt.Sprintf("libwasmedgePlugin%02d.so", i))
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for _, n := range []string{"README.md", "libold.so.0", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir, real
}

// BenchmarkLoadPluginDefaultPaths: WASMEDGE_PLUGIN_PATH names a directory
// of 20 plug-in files.
//   - cold/loader: the loader this build has (the C loader when it is wired
//     in, on copies of a real C plug-in when gcc is at hand: 20 dlopens, the
//     first plug-in registered, 19 duplicates; dlopen of a file already open
//     in the process, after the first iteration);
//   - cold/failing: every file is tried and fails at once (no C loader, as
//     with CGO_ENABLED=0), each logged;
//   - cold/registering: a loader that returns a descriptor at once, so
//     20 plug-ins are registered (the cost around dlopen, without it);
//   - warm: every file was tried before (the idempotent second call).
func BenchmarkLoadPluginDefaultPaths(b *testing.B) {
	dir, real := pluginDir(b)
	b.Setenv(PluginPathEnv, dir)
	SetInstallDir(b.TempDir())
	defer SetInstallDir("")
	loaders := map[string]func(string) (*plugindesc.Descriptor, error){
		"failing": func(string) (*plugindesc.Descriptor, error) { return nil, capi.ErrUnsupported },
		"registering": func(path string) (*plugindesc.Descriptor, error) {
			d := hostDesc(filepath.Base(path), 0, "m_"+filepath.Base(path))()
			return d, nil
		},
	}
	wired := loadSharedLibrary
	b.Run("cold/loader", func(b *testing.B) {
		defer benchIsolate(b)()
		loadSharedLibrary = wired
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			plugins.files = map[string]struct{}{}
			plugins.snap.Store(&registry{byName: map[string]*loadedPlugin{}})
			LoadPluginDefaultPaths()
		}
		b.ReportMetric(float64(len(ListPlugins())), "plugins")
		if !real {
			b.ReportMetric(0, "real-libs")
		}
	})
	for _, name := range []string{"failing", "registering"} {
		b.Run("cold/"+name, func(b *testing.B) {
			defer benchIsolate(b)()
			loadSharedLibrary = loaders[name]
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				plugins.files = map[string]struct{}{}
				plugins.snap.Store(&registry{byName: map[string]*loadedPlugin{}})
				LoadPluginDefaultPaths()
			}
		})
	}
	b.Run("warm", func(b *testing.B) {
		defer benchIsolate(b)()
		loadSharedLibrary = loaders["registering"]
		LoadPluginDefaultPaths()
		if len(ListPlugins()) != 20 {
			b.Fatalf("%d plug-ins", len(ListPlugins()))
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			LoadPluginDefaultPaths()
		}
	})
}

// BenchmarkNewVMWithConfig creates and releases a VM that registers every
// official module (13 mocks), with and without WASI (without, a 14th mock
// stands for WASI), and with three plug-ins loaded (two of wasi_crypto's
// modules real, one third-party module).
func BenchmarkNewVMWithConfig(b *testing.B) {
	for _, tc := range []struct {
		name    string
		wasi    bool
		plugins bool
	}{
		{"mocks/WASI", true, false},
		{"mocks/noWASI", false, false},
		{"plugins/WASI", true, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			defer benchIsolate(b)()
			if tc.plugins {
				register(*hostDesc("wasi_crypto", 1, "wasi_crypto_common=wasi_ephemeral_crypto_common", "wasi_crypto_kx=wasi_ephemeral_crypto_kx")())
				register(*hostDesc("third", 2, "third_mod")())
			}
			conf := NewConfigure()
			if tc.wasi {
				conf.AddConfig(WASI)
			}
			NewVMWithConfig(conf).Release() // the mocks are built once per process
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				vm := NewVMWithConfig(conf)
				vm.Release()
			}
		})
	}
}
