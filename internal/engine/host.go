// Package engine is PureEdge's layer over wazero: host-module records,
// shared runtimes with per-store namespaces, and the WASI module.
//
// It knows nothing of the public wasmedge API, so that the C plug-in loader,
// the mocks and the public package can all build on it.
package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Value types beyond those wazero names in its api package.
const (
	ValueTypeV128    api.ValueType = 0x7b
	ValueTypeFuncref api.ValueType = 0x70
)

// FuncType is a function signature.
type FuncType struct {
	Params, Results []api.ValueType
}

// Slots returns how many uint64 stack slots a list of values takes (a v128
// takes two).
func Slots(types []api.ValueType) int {
	n := len(types)
	for _, t := range types {
		if t == ValueTypeV128 {
			n++
		}
	}
	return n
}

// HostFunc is a function implemented in Go. Fn follows wazero's calling
// convention: parameters are read from stack and results written back to it.
// It signals failure by panicking with an *errcode.Error (a trap with that
// code) or an *errcode.ExitSignal (a clean exit).
type HostFunc struct {
	Type FuncType
	Fn   api.GoModuleFunction
	Cost uint64
	// Owner is free for the creator's use (the public package keeps its
	// wrapper here).
	Owner any
	// ChecksContext says that Fn itself stops the run with "execution
	// interrupted" when it returns after the run's context is done (as
	// chargeHost does): a function without a cost is then not wrapped.
	ChecksContext bool
}

// HostModule is a module instance built by the host: a record of named
// functions, memories and globals, materialised into a wazero runtime when a
// guest first imports it. One record may be registered in many stores; all of
// them see the same functions and memories.
type HostModule struct {
	name string

	mu          sync.RWMutex
	funcs       map[string]*HostFunc
	sharedFuncs bool // funcs is shared with other records: copy before changing
	memories    map[string]*HostMemory
	globals     map[string]*HostGlobal
	tables      map[string]*Table
	version     uint64
	closed      bool
	mats        map[*Runtime]materialised
	retired     []api.Module // instances replaced by a re-materialisation
	closers     []func()

	// WASI is set when this module is a WASI module.
	WASI *WASI
	// Data is host data attached by the creator (a C plug-in's host data,
	// for instance).
	Data any
}

type materialised struct {
	version uint64
	mods    []api.Module // the public module last; hidden helpers before it
}

// NewHostModule returns an empty host module record with the given name.
func NewHostModule(name string) *HostModule {
	return &HostModule{name: name, funcs: map[string]*HostFunc{}}
}

// Name is the module's name, the one guests import.
func (m *HostModule) Name() string { return m.name }

// AddFunc adds or replaces a function export.
func (m *HostModule) AddFunc(name string, f *HostFunc) {
	m.mu.Lock()
	if m.sharedFuncs {
		m.funcs, m.sharedFuncs = maps.Clone(m.funcs), false
	}
	m.funcs[name] = f
	m.version++
	m.mu.Unlock()
}

// AddMemory adds or replaces a memory export.
func (m *HostModule) AddMemory(name string, mem *HostMemory) {
	m.mu.Lock()
	if m.memories == nil {
		m.memories = map[string]*HostMemory{}
	}
	m.memories[name] = mem
	m.version++
	m.mu.Unlock()
}

// AddGlobal adds or replaces a global export.
func (m *HostModule) AddGlobal(name string, g *HostGlobal) {
	m.mu.Lock()
	if m.globals == nil {
		m.globals = map[string]*HostGlobal{}
	}
	m.globals[name] = g
	m.version++
	m.mu.Unlock()
}

// AddTable adds or replaces a table export.
func (m *HostModule) AddTable(name string, t *Table) {
	m.mu.Lock()
	if m.tables == nil {
		m.tables = map[string]*Table{}
	}
	m.tables[name] = t
	m.version++
	m.mu.Unlock()
}

// Table returns the named table, or nil.
func (m *HostModule) Table(name string) *Table {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.tables[name]
}

// TableNames returns the table export names, sorted bytewise.
func (m *HostModule) TableNames() []string { return sortedKeys(&m.mu, m.tables) }

// Func returns the named function, or nil.
func (m *HostModule) Func(name string) *HostFunc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.funcs[name]
}

// Memory returns the named memory, or nil.
func (m *HostModule) Memory(name string) *HostMemory {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.memories[name]
}

// Global returns the named global, or nil.
func (m *HostModule) Global(name string) *HostGlobal {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.globals[name]
}

// FuncNames returns the function export names, sorted bytewise.
func (m *HostModule) FuncNames() []string { return sortedKeys(&m.mu, m.funcs) }

// MemoryNames returns the memory export names, sorted bytewise.
func (m *HostModule) MemoryNames() []string { return sortedKeys(&m.mu, m.memories) }

// GlobalNames returns the global export names, sorted bytewise.
func (m *HostModule) GlobalNames() []string { return sortedKeys(&m.mu, m.globals) }

func sortedKeys[V any](mu *sync.RWMutex, m map[string]V) []string {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Sorted(maps.Keys(m))
}

// OnClose registers a function run once when the module is closed (a C
// plug-in's finalizer, for instance).
func (m *HostModule) OnClose(f func()) {
	m.mu.Lock()
	m.closers = append(m.closers, f)
	m.mu.Unlock()
}

// Close releases the module's wazero instances and runs its finalizers. It
// is idempotent.
func (m *HostModule) Close(ctx context.Context) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.closed = true
	mats, retired, closers := m.mats, m.retired, m.closers
	m.mats, m.retired, m.closers = nil, nil, nil
	m.mu.Unlock()
	for _, mat := range mats {
		if m.WASI != nil {
			continue // the runtime's shared WASI instance
		}
		closeAll(ctx, mat.mods)
	}
	closeAll(ctx, retired)
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i]()
	}
	if m.WASI != nil {
		m.WASI.Close() // the descriptors its guests left open
	}
}

// Closed reports whether Close was called.
func (m *HostModule) Closed() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.closed
}

// instance returns the module's wazero instance in rt, building it on first
// use or when functions were added since.
func (m *HostModule) instance(ctx context.Context, rt *Runtime) (api.Module, error) {
	m.mu.RLock()
	mat, ok := m.mats[rt]
	closed, version := m.closed, m.version
	m.mu.RUnlock()
	if closed {
		return nil, errcode.Newf(errcode.WrongInstanceAddress, "host module %q was released", m.name)
	}
	if ok && mat.version == version {
		return mat.mods[len(mat.mods)-1], nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var old []api.Module
	if mat, ok := m.mats[rt]; ok {
		if mat.version == m.version {
			return mat.mods[len(mat.mods)-1], nil
		}
		// Functions were added after registration: build a fresh instance
		// for new importers; the old one stays alive for its importers
		// until the record is closed.
		if m.WASI == nil {
			old = mat.mods
		}
	}
	mods, err := rt.buildHost(ctx, m)
	if err != nil {
		detail := err.Error()
		if !strings.HasPrefix(detail, "host module") {
			detail = fmt.Sprintf("host module %q: %s", m.name, detail)
		}
		return nil, errcode.Wrap(errcode.RuntimeError, err, "cannot build "+detail)
	}
	if m.mats == nil {
		m.mats = map[*Runtime]materialised{}
	}
	m.mats[rt] = materialised{version: m.version, mods: mods}
	m.retired = append(m.retired, old...)
	return mods[len(mods)-1], nil
}
