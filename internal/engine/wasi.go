package engine

import (
	"context"
	crand "crypto/rand"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	wasip1 "github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/pureedge/pureedge/internal/errcode"
)

// WASIModuleName is the import name of WASI preview 1.
const WASIModuleName = wasip1.ModuleName

// Preopen is a directory given to the guest: Guest is the name the guest
// sees (canonicalised as WasmEdge does), Host the directory on this machine.
type Preopen struct {
	Guest, Host string
	ReadOnly    bool
}

// WASI is the state of a WASI module as WasmEdge keeps it: arguments,
// environment and preopens set by InitWasi, and the exit code of proc_exit.
// wazero keeps this per guest, so it is applied to each guest that imports
// the module when the guest is instantiated.
type WASI struct {
	mu       sync.Mutex
	args     []string
	envs     []string
	preopens []Preopen
	exitCode uint32
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
}

// NewWASIModule returns a WASI host module record (wasi_snapshot_preview1)
// with no arguments, no environment and no preopens, bound to the process's
// standard streams.
func NewWASIModule() *HostModule {
	return &HostModule{name: WASIModuleName, funcs: wasiFuncs(), sharedFuncs: true,
		WASI: &WASI{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}}
}

// Init sets the arguments, environment and preopens, as WasmEdge's InitWasi:
// args[0] is the program name; envs are "KEY=VALUE"; preopens are
// "GUEST:HOST", "GUEST:HOST:readonly" or "DIR". It resets the exit code.
func (w *WASI) Init(args, envs, preopens []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.args = append([]string(nil), args...)
	w.envs = append([]string(nil), envs...)
	w.preopens = w.preopens[:0]
	for _, p := range preopens {
		w.preopens = append(w.preopens, ParsePreopen(p))
	}
	w.exitCode = 0
}

// SetStdio replaces the standard streams the guests see (nil keeps one).
func (w *WASI) SetStdio(stdin io.Reader, stdout, stderr io.Writer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if stdin != nil {
		w.stdin = stdin
	}
	if stdout != nil {
		w.stdout = stdout
	}
	if stderr != nil {
		w.stderr = stderr
	}
}

// ExitCode is the code passed to proc_exit, 0 if it was never called.
func (w *WASI) ExitCode() uint32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.exitCode
}

// ParsePreopen parses a WasmEdge preopen spec. An empty guest name becomes
// "/". WasmEdge also strips a leading '/' from the name the guest sees, which
// breaks Go guests (they match absolute paths against the preopen names); the
// name is kept as given instead, which wasi-libc guests accept too.
func ParsePreopen(spec string) Preopen {
	var p Preopen
	parts := strings.Split(spec, ":")
	switch {
	case len(parts) >= 3 && parts[len(parts)-1] == "readonly":
		p = Preopen{Guest: parts[0], Host: strings.Join(parts[1:len(parts)-1], ":"), ReadOnly: true}
	case len(parts) >= 2:
		p = Preopen{Guest: parts[0], Host: strings.Join(parts[1:], ":")}
	default:
		p = Preopen{Guest: spec, Host: spec}
	}
	p.Guest = canonicalGuest(p.Guest)
	return p
}

func canonicalGuest(g string) string {
	if g == "" {
		return "/"
	}
	return g
}

// moduleConfig applies the WASI state to a guest's module config.
func (w *WASI) moduleConfig(cfg wazero.ModuleConfig) wazero.ModuleConfig {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.args) > 0 {
		cfg = cfg.WithArgs(w.args...)
	}
	for _, kv := range w.envs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.ContainsRune(k, 0) || strings.ContainsRune(v, 0) {
			continue
		}
		cfg = cfg.WithEnv(k, v)
	}
	fs := wazero.NewFSConfig()
	for _, p := range w.preopens {
		guest := p.Guest
		if guest == "." {
			guest = "/"
		}
		if p.ReadOnly {
			fs = fs.WithReadOnlyDirMount(p.Host, guest)
		} else {
			fs = fs.WithDirMount(p.Host, guest)
		}
	}
	return cfg.WithFSConfig(fs).
		WithStdin(w.stdin).WithStdout(w.stdout).WithStderr(w.stderr).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep().
		WithOsyield(runtime.Gosched).WithRandSource(crand.Reader)
}

func (w *WASI) preopen(fd uint32) (Preopen, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	i := int(fd) - 3
	if fd < 3 || i >= len(w.preopens) {
		return Preopen{}, false
	}
	return w.preopens[i], true
}

// guests maps each guest instance that imports WASI to its WASI state, so
// that the runtime's one WASI host instance can serve every store.
var guests sync.Map // api.Module -> *WASI

func wasiOf(mod api.Module) *WASI {
	if w, ok := guests.Load(mod); ok {
		return w.(*WASI)
	}
	return nil
}

const (
	errnoSuccess     = 0
	errnoBadf        = 8
	errnoFault       = 21
	errnoNametoolong = 37
)

// wasiInstance returns the runtime's WASI host instance: wazero's
// implementation with proc_exit and the preopen names done as WasmEdge does.
func (rt *Runtime) wasiInstance(ctx context.Context) (api.Module, error) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.wasi != nil {
		return rt.wasi, nil
	}
	b := rt.r.NewHostModuleBuilder(WASIModuleName)
	wasip1.NewFunctionExporter().ExportFunctions(b)
	i32 := api.ValueTypeI32
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(procExit), []api.ValueType{i32}, nil).
		WithParameterNames("rval").Export("proc_exit")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(fdPrestatGet), []api.ValueType{i32, i32}, []api.ValueType{i32}).
		WithParameterNames("fd", "result.prestat").Export("fd_prestat_get")
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(fdPrestatDirName), []api.ValueType{i32, i32, i32}, []api.ValueType{i32}).
		WithParameterNames("fd", "path", "path_len").Export("fd_prestat_dir_name")
	compiled, err := b.Compile(ctx)
	if err != nil {
		return nil, err
	}
	mod, err := rt.r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, err
	}
	rt.wasi = mod
	return mod, nil
}

// procExit records the exit code and ends the run cleanly, without closing
// the guest (wazero's own proc_exit closes it; WasmEdge keeps it usable).
func procExit(_ context.Context, mod api.Module, stack []uint64) {
	code := api.DecodeU32(stack[0])
	if w := wasiOf(mod); w != nil {
		w.mu.Lock()
		w.exitCode = code
		w.mu.Unlock()
	}
	panic(&errcode.ExitSignal{Code: code})
}

func fdPrestatGet(_ context.Context, mod api.Module, stack []uint64) {
	fd, out := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	w := wasiOf(mod)
	p, ok := Preopen{}, false
	if w != nil {
		p, ok = w.preopen(fd)
	}
	if !ok {
		stack[0] = errnoBadf
		return
	}
	// prestat: u8 tag (0 = dir), 3 bytes padding, u32 name length.
	if !mod.Memory().WriteUint32Le(out, 0) || !mod.Memory().WriteUint32Le(out+4, uint32(len(p.Guest))) {
		stack[0] = errnoFault
		return
	}
	stack[0] = errnoSuccess
}

func fdPrestatDirName(_ context.Context, mod api.Module, stack []uint64) {
	fd, path, pathLen := api.DecodeU32(stack[0]), api.DecodeU32(stack[1]), api.DecodeU32(stack[2])
	w := wasiOf(mod)
	p, ok := Preopen{}, false
	if w != nil {
		p, ok = w.preopen(fd)
	}
	switch {
	case !ok:
		stack[0] = errnoBadf
	case uint32(len(p.Guest)) > pathLen:
		stack[0] = errnoNametoolong
	case !mod.Memory().Write(path, []byte(p.Guest)):
		stack[0] = errnoFault
	default:
		stack[0] = errnoSuccess
	}
}

var wasiTypes struct {
	sync.Once
	m map[string]*HostFunc
}

// wasiFuncs lists the functions of wazero's WASI module with their types,
// for listing a WASI module's exports before any guest uses it. The map is
// shared by every WASI module record and never changed.
func wasiFuncs() map[string]*HostFunc {
	wasiTypes.Do(func() {
		ctx := context.Background()
		r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
		defer r.Close(ctx)
		b := r.NewHostModuleBuilder(WASIModuleName)
		wasip1.NewFunctionExporter().ExportFunctions(b)
		compiled, err := b.Compile(ctx)
		wasiTypes.m = map[string]*HostFunc{}
		if err != nil {
			return
		}
		for name, def := range compiled.ExportedFunctions() {
			wasiTypes.m[name] = &HostFunc{Type: FuncType{Params: def.ParamTypes(), Results: def.ResultTypes()}}
		}
	})
	return wasiTypes.m
}
