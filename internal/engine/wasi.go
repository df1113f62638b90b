package engine

import (
	"context"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/wasi"
)

// WASIModuleName is the import name of WASI preview 1.
const WASIModuleName = wasi.ModuleName

// Preopen is a directory given to the guest: Guest is the name the guest
// sees (canonicalised as WasmEdge does), Host the directory on this machine.
type Preopen = wasi.Preopen

// WASI is the state of a WASI module as WasmEdge keeps it: the arguments,
// environment and preopens set by InitWasi, the standard streams, the
// network policy, and the running wasi.Env (descriptors and exit code),
// shared by every guest that imports this module, as in WasmEdge.
type WASI struct {
	mu       sync.Mutex
	args     []string
	envs     []string
	preopens []Preopen
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
	net      *wasi.NetPolicy
	maxFDs   int
	initErr  error
	env      atomic.Pointer[wasi.Env]
}

// NewWASIModule returns a WASI host module record (wasi_snapshot_preview1)
// with no arguments, no environment and no preopens, bound to the process's
// standard streams.
func NewWASIModule() *HostModule {
	// The Env is made on first use (see env): most VMs that have a WASI
	// module never run a WASI guest, and making one costs system calls.
	w := &WASI{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	return &HostModule{name: WASIModuleName, funcs: wasiFuncs(), sharedFuncs: true, WASI: w}
}

// current returns the running Env, making it from the current settings
// if there is none yet.
func (w *WASI) current() *wasi.Env {
	if env := w.env.Load(); env != nil {
		return env
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if env := w.env.Load(); env != nil {
		return env
	}
	w.reset()
	return w.env.Load()
}

// reset replaces the Env with a fresh one from the current settings. It is
// called with w.mu held (or before w is shared).
func (w *WASI) reset() {
	cfg := wasi.Config{Args: w.args, Envs: w.envs, Preopens: w.preopens,
		Stdin: w.stdin, Stdout: w.stdout, Stderr: w.stderr, Net: w.net, MaxFDs: w.maxFDs}
	env, err := wasi.New(cfg)
	w.initErr = err
	if err != nil {
		// As WasmEdge, the preopens that cannot be opened are left out
		// (InitError says why), and the Env is never nil.
		var ok []wasi.Preopen
		for _, p := range cfg.Preopens {
			if st, serr := os.Stat(p.Host); serr == nil && st.IsDir() {
				ok = append(ok, p)
			}
		}
		cfg.Preopens = ok
		if env, err = wasi.New(cfg); err != nil {
			cfg.Preopens = nil
			env, _ = wasi.New(cfg)
		}
	}
	if old := w.env.Swap(env); old != nil {
		old.Close()
	}
}

// Init sets the arguments, environment and preopens, as WasmEdge's InitWasi:
// args[0] is the program name; envs are "KEY=VALUE"; preopens are
// "GUEST:HOST", "GUEST:HOST:readonly" or "DIR". It closes the descriptors
// guests opened before and resets the exit code. A preopen that cannot be
// opened is left out; InitError reports it.
func (w *WASI) Init(args, envs, preopens []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.args = append([]string(nil), args...)
	w.envs = w.envs[:0]
	for _, kv := range envs {
		// As WasmEdge, an entry is passed as given, "=" or not
		// ("--env NOEQUALS" reaches the guest as NOEQUALS); only a NUL,
		// which cannot be passed, drops it.
		if strings.ContainsRune(kv, 0) {
			continue
		}
		w.envs = append(w.envs, kv)
	}
	w.preopens = w.preopens[:0]
	for _, p := range preopens {
		w.preopens = append(w.preopens, ParsePreopen(p))
	}
	w.reset()
}

// InitError is why a preopen given to the last Init could not be opened,
// or nil.
func (w *WASI) InitError() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.initErr
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
	var in io.Reader
	var out, errw io.Writer
	if stdin != nil {
		in = stdin
	}
	if stdout != nil {
		out = stdout
	}
	if stderr != nil {
		errw = stderr
	}
	if env := w.env.Load(); env != nil {
		env.SetStdio(in, out, errw)
	}
}

// SetNetPolicy sets the network policy of the guests' sockets (nil allows
// everything, WasmEdge's default). It applies at once.
func (w *WASI) SetNetPolicy(p *wasi.NetPolicy) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.net = p
	if env := w.env.Load(); env != nil {
		env.SetNetPolicy(p)
	}
}

// SetMaxFDs sets the descriptor limit for the next Init (0: the default,
// wasi.DefaultMaxFDs).
func (w *WASI) SetMaxFDs(n int) {
	w.mu.Lock()
	w.maxFDs = n
	w.mu.Unlock()
}

// Env is the running WASI state.
func (w *WASI) Env() *wasi.Env { return w.current() }

// ExitCode is the code passed to proc_exit, 0 if it was never called.
func (w *WASI) ExitCode() uint32 {
	if env := w.env.Load(); env != nil {
		return env.ExitCode()
	}
	return 0
}

// Close closes the descriptors the guests left open.
func (w *WASI) Close() {
	if env := w.env.Load(); env != nil {
		env.Close()
	}
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
	if p.Guest == "" {
		p.Guest = "/"
	}
	return p
}

// guests maps each guest instance that imports WASI to its WASI state, so
// that the runtime's WASI host instances can serve every store.
var guests sync.Map // api.Module -> *WASI

// lastGuest caches the last lookup of guests: most calls come from the
// same guest as the one before.
var lastGuest atomic.Pointer[guestWASI]

type guestWASI struct {
	mod api.Module
	w   *WASI
}

func envOf(mod api.Module) *wasi.Env {
	if g := lastGuest.Load(); g != nil && g.mod == mod {
		return g.w.current()
	}
	if w, ok := guests.Load(mod); ok {
		lastGuest.Store(&guestWASI{mod, w.(*WASI)})
		return w.(*WASI).current()
	}
	return nil
}

// forgetGuest drops a closed guest from the lookup cache.
func forgetGuest(mod api.Module) {
	guests.Delete(mod)
	if g := lastGuest.Load(); g != nil && g.mod == mod {
		lastGuest.CompareAndSwap(g, nil)
	}
}

type wasiKey struct{}

// WithWASI returns ctx carrying w, for calling a WASI function from the
// host (no guest instance to find the state by).
func WithWASI(ctx context.Context, w *WASI) context.Context {
	return context.WithValue(ctx, wasiKey{}, w)
}

// WASI import variants: WasmEdge binds an import named sock_accept or
// sock_recv_from with the v2 signature to the v2 function. Each variant has
// host instances of its own.
const (
	wasiAcceptV2 = 1 << iota
	wasiRecvFromV2
)

// wasiVariant returns the variant a compiled module's WASI imports need.
func wasiVariant(c wazero.CompiledModule) int {
	v := 0
	for _, d := range c.ImportedFunctions() {
		m, n, _ := d.Import()
		if m != WASIModuleName || wasi.AliasV2(n, d.ParamTypes()) == nil {
			continue
		}
		if n == "sock_accept" {
			v |= wasiAcceptV2
		} else {
			v |= wasiRecvFromV2
		}
	}
	return v
}

// wasiInstance returns the runtime's WASI host instance for a variant:
// PureEdge's own wasi_snapshot_preview1 (internal/wasi), whose functions
// find the calling guest's state in guests, with all of its functions.
func (rt *Runtime) wasiInstance(ctx context.Context, variant int) (api.Module, error) {
	return rt.wasiInstanceOf(ctx, variant, nil)
}

// maxWASISubsets bounds the WASI instances a runtime makes for the import
// sets of its guests; past it, guests get the whole module.
const maxWASISubsets = 64

// wasiInstanceFor returns a WASI host instance that a compiled module's
// WASI imports resolve to: one with just the functions it imports. The
// instances hold no state (a function finds its guest's), so guests with
// other import sets can have instances of their own; and a host module's
// compilation costs its functions' count (a trampoline each), which for
// the whole module was a tenth of the run of a small program.
func (rt *Runtime) wasiInstanceFor(ctx context.Context, c wazero.CompiledModule) (api.Module, error) {
	var names []string
	for _, d := range c.ImportedFunctions() {
		if m, n, _ := d.Import(); m == WASIModuleName && wasi.Lookup(n) != nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	return rt.wasiInstanceOf(ctx, wasiVariant(c), names)
}

// wasiInstanceOf returns the instance of a variant with the functions
// named (all of them for nil), made once per runtime.
func (rt *Runtime) wasiInstanceOf(ctx context.Context, variant int, names []string) (api.Module, error) {
	key := strconv.Itoa(variant)
	if names != nil {
		key += "\x00" + strings.Join(names, "\x00")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if mod := rt.wasi[key]; mod != nil {
		return mod, nil
	}
	if names != nil && len(rt.wasi) >= maxWASISubsets {
		key, names = strconv.Itoa(variant), nil
		if mod := rt.wasi[key]; mod != nil {
			return mod, nil
		}
	}
	b := rt.r.NewHostModuleBuilder(WASIModuleName)
	for _, f := range wasi.Functions() {
		if names != nil && !slices.Contains(names, f.Name) {
			continue
		}
		impl := f
		switch {
		case f.Name == "sock_accept" && variant&wasiAcceptV2 != 0:
			impl = wasi.Lookup("sock_accept_v2")
		case f.Name == "sock_recv_from" && variant&wasiRecvFromV2 != 0:
			impl = wasi.Lookup("sock_recv_from_v2")
		}
		b.NewFunctionBuilder().
			WithGoModuleFunction(guestWASIFunc{impl}, impl.Params, impl.Results).
			WithName(f.Name).Export(f.Name)
	}
	compiled, err := b.Compile(ctx)
	if err != nil {
		return nil, err
	}
	mod, err := rt.r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, err
	}
	if rt.wasi == nil {
		rt.wasi = map[string]api.Module{}
	}
	rt.wasi[key] = mod
	return mod, nil
}

// guestWASIFunc is a WASI function as the guests import it: it serves the
// calling guest's WASI state. The engine calls its Call method directly (a
// closure in an api.GoModuleFunc would be one call more on every WASI call).
type guestWASIFunc struct{ impl *wasi.Function }

func (g guestWASIFunc) Call(ctx context.Context, mod api.Module, stack []uint64) {
	env := envOf(mod)
	if env == nil { // a start function: no instance yet
		if w, ok := ctx.Value(wasiKey{}).(*WASI); ok {
			env = w.current()
		}
	}
	g.impl.Call(ctx, env, mod, stack)
}

var wasiTypes struct {
	sync.Once
	m map[string]*HostFunc
}

// wasiFuncs lists the WASI functions with their types, for listing a WASI
// module's exports and for calling them from the host (the state comes
// from the context, see WithWASI; without it a function sees an empty,
// uninitialised module). The map is shared by every WASI module record and
// never changed.
func wasiFuncs() map[string]*HostFunc {
	wasiTypes.Do(func() {
		wasiTypes.m = map[string]*HostFunc{}
		for _, f := range wasi.Functions() {
			wasiTypes.m[f.Name] = &HostFunc{
				Type: FuncType{Params: f.Params, Results: f.Results},
				Fn: api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
					var env *wasi.Env
					if w, ok := ctx.Value(wasiKey{}).(*WASI); ok {
						env = w.current()
					} else if mod != nil {
						env = envOf(mod)
					}
					f.Call(ctx, env, mod, stack)
				}),
			}
		}
	})
	return wasiTypes.m
}
