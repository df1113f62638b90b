package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"

	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

// Guest is an instantiated Wasm module.
type Guest struct {
	Module   api.Module
	Compiled *Compiled
	// WASI is the WASI state the guest was instantiated with, if it imports
	// WASI from a real WASI module.
	WASI *WASI
	// Meta is free for the creator's use (the public package keeps the
	// module's decoded structure here).
	Meta any
	// FixedTableSizes, set by the creator in an engine without
	// reference-types (where no table can grow), is the size of each of the
	// guest's tables by index, or -1 where it is not known.
	FixedTableSizes []int64

	// mems are the linear memories the guest owns or imports: each is
	// released (unmapped with its last user) when the guest is closed.
	mems  []*linearMemory
	memMu sync.Mutex // orders HoldMemories' retains and the release
	// released says that mems were given back (see releaseMemories).
	released bool
	// calls counts the calls into the guest in progress (EnterCall), and
	// closed is set by Close: the memories stay mapped until the last
	// such call returns, so that a call that goes on after Close (one
	// that waits in a host function Close does not interrupt) never
	// reaches unmapped pages.
	calls  atomic.Int64
	closed atomic.Bool

	// providers are what the guest's import module names resolved to
	// (see FuncOfRef).
	providers map[string]provider

	closeOnce sync.Once
	funcs     sync.Map // export name -> *sync.Pool of api.Function
	tables    sync.Map // export name and element type -> *Table
	globals   sync.Map // export name -> *V128Global
}

// Function returns a ready-to-call instance of the exported function name,
// or nil; give it back with PutFunction after the call. wazero's functions
// are not safe for concurrent calls and costly to create, so each export
// keeps a pool of them.
func (g *Guest) Function(name string) api.Function {
	if p, ok := g.funcs.Load(name); ok {
		if f, ok := p.(*sync.Pool).Get().(api.Function); ok {
			return f
		}
	}
	return g.Module.ExportedFunction(name)
}

// PutFunction returns a function got from Function for reuse.
func (g *Guest) PutFunction(name string, f api.Function) {
	p, ok := g.funcs.Load(name)
	if !ok {
		p, _ = g.funcs.LoadOrStore(name, new(sync.Pool))
	}
	p.(*sync.Pool).Put(f)
}

// Close closes the instance and drops its compiled code reference.
func (g *Guest) Close(ctx context.Context) {
	g.closeOnce.Do(func() {
		forgetGuest(g.Module)
		meter.Unregister(g.Module)
		moduleRuntimes.Delete(g.Module)
		g.Compiled.rt.refs.removeGuest(g)
		g.closeTables(ctx)
		_ = g.Module.Close(ctx)
		g.closed.Store(true)
		if g.calls.Load() == 0 {
			g.releaseMemories()
		} // else the last call's ExitCall does
		g.Compiled.Release()
	})
}

// EnterCall records a call into the guest's code, from the host, until
// ExitCall: Close then leaves the guest's memories mapped until the call
// returns.
func (g *Guest) EnterCall() { g.calls.Add(1) }

// ExitCall ends a call EnterCall recorded; the last call to return after
// Close gives the memories back.
func (g *Guest) ExitCall() {
	if g.calls.Add(-1) == 0 && g.closed.Load() {
		g.releaseMemories()
	}
}

// releaseMemories drops the guest's references to its memories once, when
// no call is in progress. Close and ExitCall both call it: each sees the
// other's update of closed and calls (sequentially consistent atomics),
// so at least one of them does the release.
func (g *Guest) releaseMemories() {
	g.memMu.Lock()
	defer g.memMu.Unlock()
	if g.released || g.calls.Load() != 0 {
		return
	}
	g.released = true
	for _, m := range g.mems {
		m.release()
	}
}

// Closed reports whether Close was called.
func (g *Guest) Closed() bool { return g.closed.Load() }

// HoldMemories keeps the linear memories g owns or imports mapped until
// release is called, even after g is closed, so that a handle to one of
// them (and the slices it gave out) never reaches unmapped pages. It
// returns ok false, and nothing to release, once g is closed. release must
// be called exactly once.
func (g *Guest) HoldMemories() (release func(), ok bool) {
	g.memMu.Lock()
	defer g.memMu.Unlock()
	if g.closed.Load() {
		return nil, false // releaseMemories, under memMu, may have run
	}
	if len(g.mems) == 0 {
		return func() {}, true
	}
	mems := slices.Clone(g.mems)
	for _, m := range mems {
		m.retain()
	}
	return func() {
		for _, m := range mems {
			m.release()
		}
	}, true
}

// Entry is a module registered in a store under a name: a host module record
// or a Wasm instance. Mock marks a stand-in for a missing plug-in, which a
// module registered later under the same name replaces.
type Entry struct {
	Host  *HostModule
	Guest *Guest
	Mock  bool
}

// Store is a namespace of named modules, as a WasmEdge store. Guests
// instantiated through it import only from it.
type Store struct {
	mu   sync.RWMutex
	mods map[string]Entry
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{mods: make(map[string]Entry, 16)} }

// Register adds e under name. A name already taken is a "module name
// conflict", unless the module there is a mock, which e replaces.
func (s *Store) Register(name string, e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.mods[name]; ok && !(old.Mock && !e.Mock) {
		return errcode.Newf(errcode.ModuleNameConflict, "module %q is already registered", name)
	}
	s.mods[name] = e
	return nil
}

// Unregister removes name if it still refers to the given host module or
// guest.
func (s *Store) Unregister(name string, host *HostModule, guest *Guest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.mods[name]; ok && e.Host == host && e.Guest == guest {
		delete(s.mods, name)
	}
}

// UnregisterHost removes every name under which host is registered.
func (s *Store) UnregisterHost(host *HostModule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, e := range s.mods {
		if e.Host == host {
			delete(s.mods, name)
		}
	}
}

// Lookup returns the entry registered under name.
func (s *Store) Lookup(name string) (Entry, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.mods[name]
	return e, ok
}

// Names returns the registered names, sorted bytewise.
func (s *Store) Names() []string {
	s.mu.RLock()
	names := make([]string, 0, len(s.mods))
	for name := range s.mods {
		names = append(names, name)
	}
	s.mu.RUnlock()
	sort.Strings(names)
	return names
}

// Clear empties the store and returns what was in it.
func (s *Store) Clear() map[string]Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.mods
	s.mods = map[string]Entry{}
	return old
}

// Instantiate instantiates compiled code in this store's namespace. Imports
// resolve to the store's registered modules only; host modules are
// materialised on first import. The start section runs; _start does not.
func (s *Store) Instantiate(ctx context.Context, c *Compiled) (*Guest, error) {
	rt := c.rt
	var wasi *WASI
	var resolveErr error
	last := ""               // the module whose imports wazero resolves now
	var mems []*linearMemory // owned (allocated) and imported memories
	resolver := func(name string) api.Module {
		if name == meter.ImportModule && c.Plan != nil {
			mod, err := rt.meterInstance(ctx)
			if err != nil {
				resolveErr = errcode.Newf(errcode.UnknownImport, "%v", err)
			}
			return mod
		}
		last = name
		e, ok := s.Lookup(name)
		if !ok {
			return nil
		}
		if e.Guest != nil {
			for _, m := range e.Guest.mems {
				m.retain()
				mems = append(mems, m)
			}
			if e.Guest.Compiled.rt != rt {
				resolveErr = errcode.Newf(errcode.IncompatibleImportType,
					"module %q was instantiated under another configuration", name)
				return nil
			}
			return e.Guest.Module
		}
		var mod api.Module
		var err error
		if e.Host.WASI != nil && name == WASIModuleName {
			mod, err = rt.wasiInstanceFor(ctx, c.Module)
		} else {
			mod, err = e.Host.instance(ctx, rt)
		}
		if err != nil {
			// The module is there but could not be built: say so, with
			// the cause's code if it has one.
			if resolveErr, _ = err.(*errcode.Error); resolveErr == nil {
				resolveErr = errcode.Wrap(errcode.RuntimeError, err, err.Error())
			}
			return nil
		}
		if e.Host.WASI != nil && name == WASIModuleName {
			wasi = e.Host.WASI
		}
		return mod
	}
	if err := checkImportsKnown(c.Module, s); err != nil {
		return nil, err
	}
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions()
	if imports(c.Module, WASIModuleName) {
		if e, ok := s.Lookup(WASIModuleName); ok && e.Host != nil && e.Host.WASI != nil {
			wasi = e.Host.WASI
		}
	}
	provs := map[string]provider{}
	ictx := experimental.WithImportResolver(ctx, recordProviders(resolver, s, provs))
	if c.Plan != nil {
		ictx = meter.WithPlan(ictx, c.Plan)
	}
	if wasi != nil {
		// A start function's WASI calls find the state by the context:
		// the instance they would be found by does not exist yet.
		ictx = WithWASI(ictx, wasi)
	}
	if alloc := memoryAllocator(&mems); alloc != nil {
		ictx = experimental.WithMemoryAllocator(ictx, alloc)
	}
	mod, err := instantiateModule(ictx, rt, c, cfg)
	if err != nil {
		for _, m := range mems {
			m.release()
		}
		if resolveErr != nil {
			return nil, resolveErr
		}
		var exit *errcode.ExitSignal
		if errors.As(err, &exit) {
			// The start function exited (proc_exit, or a host function's
			// Result_Terminate): there is no instance; proc_exit recorded
			// the exit code in the WASI state (see WithWASI above).
			return nil, errcode.Wrap(errcode.Terminated, err,
				fmt.Sprintf("the start function exited with code %d", exit.Code))
		}
		var se *sys.ExitError
		if errors.As(err, &se) {
			// Closed by wazero, at the deadline of ctx for instance.
			return nil, errcode.WithCause(errcode.FromExecution(err), err)
		}
		e := errcode.WithCause(errcode.FromInstantiation(err), err)
		if e.Code == errcode.UnknownImport && last != "" {
			// Modules are anonymous in wazero: name the one imported from.
			e.Detail = strings.ReplaceAll(e.Detail, `in module ""`, fmt.Sprintf("in module %q", last))
		}
		if e.Code == errcode.DataSegDoesNotFit && rt.cfg.Features.IsEnabled(api.CoreFeatureBulkMemoryOperations) {
			// With bulk memory, active segments are written as memory.init
			// does, and one that does not fit traps (WasmEdge: 0x408).
			e.Code = errcode.MemoryOutOfBounds
		}
		return nil, e
	}
	meter.Register(mod, c.Plan)
	g := &Guest{Module: mod, Compiled: c.Retain(), WASI: wasi, mems: mems, providers: provs}
	moduleRuntimes.Store(mod, rt)
	rt.refs.addGuest(g)
	if wasi != nil {
		guests.Store(mod, wasi)
	}
	return g, nil
}

// instantiateModule is wazero's InstantiateModule, with a panic inside it
// (an allocation that failed, for instance) turned into an error.
func instantiateModule(ctx context.Context, rt *Runtime, c *Compiled, cfg wazero.ModuleConfig) (mod api.Module, err error) {
	defer func() {
		if r := recover(); r != nil {
			mod, err = nil, errcode.Newf(errcode.RuntimeError, "instantiation failed: %v", r)
		}
	}()
	return rt.r.InstantiateModule(ctx, c.Module, cfg)
}

func imports(c wazero.CompiledModule, module string) bool {
	for _, d := range c.ImportedFunctions() {
		if m, _, _ := d.Import(); m == module {
			return true
		}
	}
	return false
}

// checkImportsKnown reports an unknown import with WasmEdge's code before
// wazero is asked, naming the module and the field.
func checkImportsKnown(c wazero.CompiledModule, s *Store) error {
	for _, d := range c.ImportedFunctions() {
		m, n, _ := d.Import()
		if m == meter.ImportModule {
			continue
		}
		e, ok := s.Lookup(m)
		if !ok {
			return errcode.Newf(errcode.UnknownImport, "module %q is not registered (import %s.%s)", m, m, n)
		}
		if e.Host != nil && e.Host.Func(n) == nil && e.Host.WASI == nil {
			if e.Host.Memory(n) != nil || e.Host.Global(n) != nil || e.Host.Table(n) != nil {
				return errcode.Newf(errcode.IncompatibleImportType, "%s.%s is not a function", m, n)
			}
			return errcode.Newf(errcode.UnknownImport, "%s.%s is not exported", m, n)
		}
	}
	for _, d := range c.ImportedMemories() {
		m, n, _ := d.Import()
		if _, ok := s.Lookup(m); !ok {
			return errcode.Newf(errcode.UnknownImport, "module %q is not registered (import %s.%s)", m, m, n)
		}
	}
	return nil
}
