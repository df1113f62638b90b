package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	wasmbin "github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

// Config selects a wazero runtime. Stores with equal configs share one
// runtime, and with it compiled code; their namespaces stay apart because
// every module is instantiated anonymously in wazero and imports are resolved
// through the store's own registry.
type Config struct {
	Features         api.CoreFeatures
	Interpreter      bool
	MemoryLimitPages uint32 // 0 means 65536
	// CloseOnContextDone makes a cancelled context or a deadline stop running
	// Wasm code (at a small cost in compiled code).
	CloseOnContextDone bool
	// DebugInfo makes wazero read a module's DWARF sections so that trap
	// stack traces carry source lines: for a Go guest that costs about a
	// second per trap, so it is on only when asked for (debug log level).
	DebugInfo bool
}

// Runtime is a shared wazero runtime with its compiled-module cache.
type Runtime struct {
	cfg Config
	r   wazero.Runtime

	mu       sync.Mutex
	compiled map[[32]byte]*Compiled
	wasi     map[string]api.Module // WASI host instances (see wasiInstanceOf)
	refs     funcRefs
	meter    api.Module
}

var runtimes struct {
	sync.Mutex
	m map[Config]*Runtime
}

// RuntimeFor returns the process-wide runtime for cfg, creating it once.
func RuntimeFor(cfg Config) *Runtime {
	runtimes.Lock()
	defer runtimes.Unlock()
	if rt, ok := runtimes.m[cfg]; ok {
		return rt
	}
	var rc wazero.RuntimeConfig
	if cfg.Interpreter {
		rc = wazero.NewRuntimeConfigInterpreter()
	} else {
		rc = wazero.NewRuntimeConfig()
	}
	rc = rc.WithCoreFeatures(cfg.Features).WithCloseOnContextDone(cfg.CloseOnContextDone).
		WithDebugInfoEnabled(cfg.DebugInfo)
	if cfg.MemoryLimitPages > 0 && cfg.MemoryLimitPages < 65536 {
		rc = rc.WithMemoryLimitPages(cfg.MemoryLimitPages)
	}
	// Interpreter runtimes share no cache: wazero's keeps one interpreter
	// engine, which validates with the proposals of the runtime that made
	// it (TestInterpreterFeaturesPerRuntime); it keeps no code on disk.
	if c := compilationCache(); c != nil && !cfg.Interpreter {
		rc = rc.WithCompilationCache(c)
	}
	rt := &Runtime{cfg: cfg, r: wazero.NewRuntimeWithConfig(context.Background(), rc),
		compiled: map[[32]byte]*Compiled{}}
	if runtimes.m == nil {
		runtimes.m = map[Config]*Runtime{}
	}
	runtimes.m[cfg] = rt
	return rt
}

// Config returns the runtime's configuration.
func (rt *Runtime) Config() Config { return rt.cfg }

// Compiled is a module compiled (decoded, validated and translated) in a
// runtime, shared by every store that loads the same bytes.
type Compiled struct {
	rt   *Runtime
	key  [32]byte
	refs int
	done chan struct{}
	err  error

	// Module is wazero's compiled module.
	Module wazero.CompiledModule
	// Plan describes the instrumentation of the code (nil if the module
	// could not be instrumented and runs as given).
	Plan *meter.Plan
}

// Compile instruments bin as opts asks (safe points always) and compiles
// it, or returns the cached result for the same bytes and instrumentation.
// The caller owns a reference and must Release it.
//
// A universal wasm (BuildUniversal) is compiled from its original module,
// after its compiled code is installed in the cache where it fits.
func (rt *Runtime) Compile(ctx context.Context, bin []byte, opts meter.Options) (*Compiled, error) {
	return rt.CompilePrepared(ctx, Prepare(rt.cfg, bin), opts)
}

// Prepared is a module as the engine compiles it, with its identity: what
// Compile, Warm and the warming claims would otherwise each work out again
// from the same bytes (a copy without its custom sections and a SHA-256 of
// it). The bytes given to Prepare must not change while it is in use.
type Prepared struct {
	cfg Config
	bin []byte // as given
	sum [32]byte
	eng func() []byte
	// universalIgnored is why a universal wasm's compiled code was not
	// installed (nil for any other module, or when it was).
	universalIgnored error
}

// UniversalIgnored returns, for a universal wasm whose compiled code is
// left unused, why (nil for any other module, or when the code is in the
// cache).
func (p *Prepared) UniversalIgnored() error { return p.universalIgnored }

// Prepare makes the Prepared of bin under cfg. A universal wasm
// (BuildUniversal) is reduced to its original module, after its compiled
// code is installed in the cache where it fits.
func Prepare(cfg Config, bin []byte) *Prepared {
	head, payload, universal := wasmbin.LastCustom(bin, UniversalSection)
	if !universal {
		head = bin
	}
	// Custom sections other than "name" (debug information: most of a
	// Rust or C module built with it) are of no use to the engine, and cost
	// their size in each pass below. They are left out of the hash in
	// place; the copy without them is made only if something compiles it
	// (a later start that finds its instrumented copy does not).
	h := sha256.New()
	wasmbin.WriteWithoutCustom(h, head, "name")
	p := &Prepared{cfg: cfg, bin: bin,
		eng: sync.OnceValue(func() []byte { return wasmbin.WithoutCustom(head, "name") })}
	h.Sum(p.sum[:0])
	if universal {
		p.universalIgnored = installUniversal(cfg, p.sum, payload)
	}
	return p
}

// UsableIn reports whether p, made under its configuration, may be
// compiled under cfg:
// the engine bytes are the same under every configuration, but a universal
// wasm's code is installed only for the compiler's, so a Prepared made for
// the interpreter is made again for the compiler.
func (p *Prepared) UsableIn(cfg Config) bool { return p.cfg == cfg || cfg.Interpreter }

// CompilePrepared is Compile of a Prepared module.
func (rt *Runtime) CompilePrepared(ctx context.Context, p *Prepared, opts meter.Options) (*Compiled, error) {
	if !p.UsableIn(rt.cfg) {
		p = Prepare(rt.cfg, p.bin)
	}
	sum := p.sum
	// The table checks before indirect calls need reference-types.
	opts.NoTableChecks = noTableChecks(rt.cfg)
	// Import reference globals (see FuncOfRef), where the features allow.
	opts.ImportRefs = importRefs(rt.cfg)
	mk := opts.Key()
	h := sha256.New()
	h.Write(sum[:])
	h.Write(mk[:])
	var key [32]byte
	h.Sum(key[:0])
	rt.mu.Lock()
	c, ok := rt.compiled[key]
	if ok {
		c.refs++
		rt.mu.Unlock()
		<-c.done
		if c.err != nil {
			c.Release()
			return nil, c.err
		}
		return c, nil
	}
	c = &Compiled{rt: rt, key: key, refs: 1, done: make(chan struct{})}
	rt.compiled[key] = c
	rt.mu.Unlock()

	if !rt.cfg.Interpreter {
		// Compile functions on every core: 1.5x faster on two.
		ctx = experimental.WithCompilationWorkers(ctx, runtime.GOMAXPROCS(0))
	}
	var code []byte
	// A plain run of a module compiled before finds it instrumented in its
	// warm marker (markWarmOf).
	plain := !opts.Count && !opts.Cost
	var kept []byte
	if plain {
		kept = instrumentedOf(rt.cfg, sum)
	}
	var unmetered error
	if kept != nil {
		code, c.Plan = kept, &meter.Plan{Options: opts}
	} else {
		code = p.eng()
		var ibin []byte
		var plan *meter.Plan
		if ibin, plan, unmetered = meter.Instrument(code, opts); unmetered == nil {
			code, c.Plan = ibin, plan
		}
	}
	if errors.Is(unmetered, meter.ErrReservedName) {
		// Not compiled at all: run as given, such a module would have no
		// safe points (and could block the garbage collector for ever).
		c.err = errcode.Newf(errcode.RuntimeError, "%v", unmetered)
		close(c.done)
		c.Release()
		return nil, c.err
	}
	c.Module, c.err = rt.compileModule(ctx, code)
	if c.err != nil && kept != nil {
		// Whatever is wrong with the kept copy, instrument afresh (and
		// keep the new copy).
		forgetInstrumented(rt.cfg, sum)
		if ibin, plan, err := meter.Instrument(p.eng(), opts); err == nil {
			code, c.Plan = ibin, plan
			c.Module, c.err = rt.compileModule(ctx, code)
		} else {
			unmetered, c.Plan = err, nil
		}
	}
	if c.err != nil && fromCache(c.err) {
		// A corrupt cache entry must not be fatal: drop the cache's files
		// and compile again, which rewrites the entry.
		purgeCache()
		c.Module, c.err = rt.compileModule(ctx, code)
	}
	if c.err != nil && c.Plan != nil {
		// Report the module's own error, not one about the rewrite; a
		// module the rewriter broke runs as given (without safe points).
		unmetered = fmt.Errorf("the instrumented module does not compile: %w", c.err)
		c.Plan = nil
		c.Module, c.err = rt.compileModule(ctx, p.eng())
	}
	if c.err == nil && unmetered != nil && (opts.Count || opts.Cost) {
		// Counting or charging asked for cannot be skipped: a module that
		// ran unmetered would escape its cost limit.
		c.Module.Close(ctx)
		c.Module, c.err = nil, errcode.Newf(errcode.RuntimeError,
			"the module cannot be instrumented for instruction counting or cost measuring: %v", unmetered)
	}
	close(c.done)
	if c.err != nil {
		err := c.err
		c.Release()
		return nil, err
	}
	if !opts.Count && !opts.Cost {
		var instrumented []byte
		if plain && c.Plan != nil {
			instrumented = code
		}
		markWarmOf(rt.cfg, sum, instrumented)
	}
	return c, nil
}

// noTableChecks reports whether modules compiled under cfg are instrumented
// without the table checks before indirect calls (internal/meter), whose
// instructions need the reference-types proposal.
func noTableChecks(cfg Config) bool {
	return !cfg.Features.IsEnabled(api.CoreFeatureReferenceTypes)
}

// compileModule is wazero's CompileModule, with a panic inside it turned
// into an error, so that the waiters for the same bytes are released and
// the process survives. It is a variable for tests.
var compileModule = func(ctx context.Context, r wazero.Runtime, bin []byte) (wazero.CompiledModule, error) {
	return r.CompileModule(ctx, bin)
}

func (rt *Runtime) compileModule(ctx context.Context, bin []byte) (m wazero.CompiledModule, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, errcode.Newf(errcode.RuntimeError, "the compiler failed: %v", r)
		}
	}()
	return compileModule(ctx, rt.r, bin)
}

// fromCache reports whether a compile error comes from the persistent
// cache (an unreadable or corrupt entry, or its directory), not from the
// module: wazero's cache errors start with "compilationcache: ", and file
// errors name a path in the cache's directory. A module's own errors, even
// one naming an export "compilationcache", do not purge the cache.
func fromCache(err error) bool {
	if strings.HasPrefix(err.Error(), "compilationcache: ") {
		return true
	}
	var pe *fs.PathError
	dir := cache.usedDir
	return dir != "" && errors.As(err, &pe) && strings.HasPrefix(filepath.Clean(pe.Path), filepath.Clean(dir)+string(filepath.Separator))
}

// Retain adds a reference.
func (c *Compiled) Retain() *Compiled {
	c.rt.mu.Lock()
	c.refs++
	c.rt.mu.Unlock()
	return c
}

// Release drops a reference; the compiled code is freed with the last one.
func (c *Compiled) Release() {
	rt := c.rt
	rt.mu.Lock()
	c.refs--
	last := c.refs == 0
	if last && rt.compiled[c.key] == c {
		delete(rt.compiled, c.key)
	}
	rt.mu.Unlock()
	if last && c.Module != nil {
		_ = c.Module.Close(context.Background())
	}
}

// buildHost instantiates a host module record in rt. It returns the public
// instance last, after any hidden helper instances.
func (rt *Runtime) buildHost(ctx context.Context, m *HostModule) ([]api.Module, error) {
	if m.WASI != nil {
		mod, err := rt.wasiInstance(ctx, 0)
		if err != nil {
			return nil, err
		}
		// The WASI host instance is shared by the runtime: it is not the
		// record's to close.
		return []api.Module{mod}, nil
	}
	if len(m.memories) == 0 && len(m.globals) == 0 && len(m.tables) == 0 {
		mod, err := rt.instantiateFuncs(ctx, m.name, m.funcs)
		if err != nil {
			return nil, err
		}
		return []api.Module{mod}, nil
	}
	return rt.buildShim(ctx, m)
}

// instantiateFuncs builds an anonymous wazero host module of functions.
func (rt *Runtime) instantiateFuncs(ctx context.Context, name string, funcs map[string]*HostFunc) (api.Module, error) {
	b := rt.r.NewHostModuleBuilder(name)
	for fname, f := range funcs {
		b.NewFunctionBuilder().
			WithGoModuleFunction(chargeHost(f), f.Type.Params, f.Type.Results).
			WithName(fname).
			Export(fname)
	}
	compiled, err := b.Compile(ctx)
	if err != nil {
		return nil, fmt.Errorf("building host module %q: %w", name, err)
	}
	// The instance keeps what it needs of the compiled code.
	defer compiled.Close(ctx)
	mod, err := rt.r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, fmt.Errorf("instantiating host module %q: %w", name, err)
	}
	return mod, nil
}

var cache struct {
	sync.Once
	dir     string
	set     bool
	usedDir string
	c       wazero.CompilationCache
}

// CacheDirEnv names the environment variable that sets the directory of the
// persistent compiled-code cache; "off" (or "") turns the cache off.
const CacheDirEnv = "PUREEDGE_CACHE_DIR"

// SetCacheDir sets the directory of the persistent compiled-code cache; an
// empty dir turns persistence off (compiled code is then kept in memory
// only). It takes effect only before the first runtime is created.
func SetCacheDir(dir string) {
	cache.dir, cache.set = dir, true
}

// DefaultCacheDir is where compiled code is kept unless configured
// otherwise: the user's cache directory, per wazero version.
func DefaultCacheDir() string {
	if v, ok := os.LookupEnv(CacheDirEnv); ok {
		if v == "off" {
			return ""
		}
		return v
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "pureedge", "wazero-"+WazeroVersion)
}

// purgeCache removes the persistent cache's entries for this wazero
// version; it is called when an entry turns out to be unreadable.
func purgeCache() {
	if cache.usedDir == "" {
		return
	}
	entries, err := os.ReadDir(cache.usedDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !(strings.HasPrefix(e.Name(), "wazero-") || e.Name() == "pureedge-warm") {
			continue
		}
		sub := filepath.Join(cache.usedDir, e.Name())
		files, _ := os.ReadDir(sub)
		for _, f := range files {
			_ = os.Remove(filepath.Join(sub, f.Name()))
		}
	}
}

func compilationCache() wazero.CompilationCache {
	cache.Do(func() {
		dir := cache.dir
		if !cache.set {
			dir = DefaultCacheDir()
		}
		if dir != "" && writable(dir) {
			if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				cache.c, cache.usedDir = c, dir
				return
			}
		}
		cache.c = wazero.NewCompilationCache()
	})
	return cache.c
}

// writable reports whether files can be created in dir (made if missing),
// so that an unusable cache directory degrades to an in-memory cache rather
// than failing every compilation.
func writable(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	return canCreateIn(dir)
}
