package wasmedge

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

// Module is a module instance: a host module built with NewModule, a WASI or
// plug-in module, or an instantiated Wasm module.
type Module struct {
	name     string
	host     *engine.HostModule // host module record
	guest    *engine.Guest      // instantiated Wasm module
	guestMod api.Module         // a Wasm instance seen from a calling frame
	meta     *binary.Module     // the Wasm module's structure, for listings
	own      bool
	isMock   bool // stands in for a missing plug-in module

	mu     sync.Mutex
	stores []*engine.Store // where this host module is registered
}

// NewModule creates an empty host module whose exports guests import under
// modname.
func NewModule(modname string) *Module {
	return &Module{name: modname, host: engine.NewHostModule(modname), own: true}
}

// NewWasiModule creates a standalone WASI module and initialises it.
func NewWasiModule(args []string, envs []string, preopens []string) *Module {
	m := &Module{name: engine.WASIModuleName, host: engine.NewWASIModule(), own: true}
	m.InitWasi(args, envs, preopens)
	return m
}

func hostModule(h *engine.HostModule, own bool) *Module {
	return &Module{name: h.Name(), host: h, own: own}
}

// InitWasi sets the arguments, environment and preopened directories of a
// WASI module and resets its exit code; it does nothing on other modules.
// args[0] is the program name; envs are "KEY=VALUE"; preopens are
// "GUEST:HOST", "GUEST:HOST:readonly" or "DIR". Guests see the process's
// standard streams, initialised or not (WasmEdge gives an uninitialised WASI
// module no file descriptors at all).
func (self *Module) InitWasi(args []string, envs []string, preopens []string) {
	if self == nil || self.host == nil || self.host.WASI == nil {
		return
	}
	self.host.WASI.Init(args, envs, preopens)
}

// WasiGetExitCode returns the code a guest passed to proc_exit (0 if none),
// or 1 for a module that is not a WASI module.
func (self *Module) WasiGetExitCode() uint {
	if self == nil || self.host == nil || self.host.WASI == nil {
		return 1
	}
	return uint(self.host.WASI.ExitCode())
}

// GetName returns the module's name ("" for an anonymous Wasm instance).
func (self *Module) GetName() string {
	if self == nil {
		return ""
	}
	return self.name
}

// AddFunction exports a host function under name, taking ownership of inst.
func (self *Module) AddFunction(name string, inst *Function) {
	if self.mockGuard(name) {
		return
	}
	if self == nil || self.host == nil || inst == nil || inst.host == nil {
		return
	}
	inst.name = name
	self.host.AddFunc(name, inst.host)
	inst.own = false
}

// AddTable exports a host table under name, taking ownership of inst.
func (self *Module) AddTable(name string, inst *Table) {
	if self.mockGuard(name) {
		return
	}
	if self == nil || self.host == nil || inst == nil || inst.t == nil || !inst.own {
		return
	}
	self.host.AddTable(name, inst.t)
	inst.own = false
}

// AddMemory exports a host memory under name, taking ownership of inst.
func (self *Module) AddMemory(name string, inst *Memory) {
	if self.mockGuard(name) {
		return
	}
	if self == nil || self.host == nil || inst == nil || inst.hostMem == nil {
		return
	}
	self.host.AddMemory(name, inst.hostMem)
	inst.own = false
}

// AddGlobal exports a host global under name, taking ownership of inst.
func (self *Module) AddGlobal(name string, inst *Global) {
	if self.mockGuard(name) {
		return
	}
	if self == nil || self.host == nil || inst == nil || inst.hostGlobal == nil {
		return
	}
	self.host.AddGlobal(name, inst.hostGlobal)
	inst.own = false
}

// mockGuard refuses changes to a mock, whose record every VM shares.
func (self *Module) mockGuard(name string) bool {
	if self != nil && self.isMock {
		logf(logLevelError, "module %q is a mock of a missing plug-in and cannot be changed; %q was not added", self.name, name)
		return true
	}
	return false
}

func (self *Module) apiModule() api.Module {
	switch {
	case self == nil:
		return nil
	case self.guest != nil:
		return self.guest.Module
	default:
		return self.guestMod
	}
}

// FindFunction returns the exported function name, or nil.
func (self *Module) FindFunction(name string) *Function {
	if self == nil {
		return nil
	}
	if self.host != nil {
		h := self.host.Func(name)
		if h == nil {
			return nil
		}
		return &Function{ftype: h.Type, host: h, name: name, wasi: self.host.WASI}
	}
	mod := self.apiModule()
	if mod == nil {
		return nil
	}
	var fn api.Function
	if self.guest != nil {
		fn = self.guest.Function(name)
	} else {
		fn = mod.ExportedFunction(name)
	}
	if fn == nil {
		return nil
	}
	def := fn.Definition()
	f := &Function{ftype: engine.FuncType{Params: def.ParamTypes(), Results: def.ResultTypes()},
		guest: mod, owner: self.guest, name: name}
	if self.guest != nil {
		self.guest.PutFunction(name, fn)
	}
	return f
}

// FindTable returns the exported table name, or nil.
func (self *Module) FindTable(name string) *Table {
	if self == nil {
		return nil
	}
	if self.host != nil {
		t := self.host.Table(name)
		if t == nil {
			return nil
		}
		return &Table{t: t, ttype: &TableType{reftype: valType(t.Elem),
			limit: Limit{min: uint(t.Min), max: uint(t.Max), hasmax: t.HasMax}}}
	}
	if self.meta == nil || self.guest == nil {
		return nil
	}
	for _, e := range self.meta.Exports {
		if e.Kind == binary.ExternTable && e.Name == name {
			tt, ok := self.meta.TableType(e.Index)
			if !ok {
				return nil
			}
			t, err := self.guest.Table(context.Background(), name, api.ValueType(tt.Elem))
			if err != nil {
				logf(logLevelError, "FindTable %q: %v", name, err)
				return nil
			}
			return &Table{ttype: tableTypeOf(tt), t: t}
		}
	}
	return nil
}

// FindMemory returns the exported memory name, or nil.
func (self *Module) FindMemory(name string) *Memory {
	if self == nil {
		return nil
	}
	if self.host != nil {
		if m := self.host.Memory(name); m != nil {
			return &Memory{hostMem: m}
		}
		return nil
	}
	mod := self.apiModule()
	if mod == nil || self.guest != nil && self.guest.Closed() {
		return nil
	}
	if mem := mod.ExportedMemory(name); mem != nil {
		if self.guest != nil {
			return guestMemory(self.guest, mem, self.memoryShared(name))
		}
		return &Memory{guest: mem, shared: self.memoryShared(name)}
	}
	return nil
}

func (self *Module) memoryShared(name string) bool {
	if self.meta == nil {
		return false
	}
	for _, e := range self.meta.Exports {
		if e.Kind == binary.ExternMemory && e.Name == name {
			if mt, ok := self.meta.MemoryType(e.Index); ok {
				return mt.Limits.Shared
			}
		}
	}
	return false
}

// FindTag returns the exported tag name, or nil.
func (self *Module) FindTag(name string) *Tag {
	if self == nil || self.meta == nil {
		return nil
	}
	for _, e := range self.meta.Exports {
		if e.Kind == binary.ExternTag && e.Name == name {
			if ft, ok := self.meta.TagType(e.Index); ok {
				return &Tag{ttype: &TagType{ftype: funcTypeOf(ft)}}
			}
		}
	}
	return nil
}

// FindGlobal returns the exported global name, or nil.
func (self *Module) FindGlobal(name string) *Global {
	if self == nil {
		return nil
	}
	if self.host != nil {
		if g := self.host.Global(name); g != nil {
			return &Global{hostGlobal: g, gtype: GlobalType{valtype: valType(g.Type), mut: mutOf(g.Mutable)}}
		}
		return nil
	}
	mod := self.apiModule()
	if mod == nil {
		return nil
	}
	g := mod.ExportedGlobal(name)
	if g == nil {
		return nil
	}
	_, mutable := g.(api.MutableGlobal)
	return &Global{guest: g, rt: engine.RuntimeOf(mod), gtype: GlobalType{valtype: valType(g.Type()), mut: mutOf(mutable)},
		name: name, mod: mod, owner: self.guest}
}

func mutOf(mutable bool) ValMut {
	if mutable {
		return ValMut_Var
	}
	return ValMut_Const
}

// ListFunction returns the names of the exported functions, sorted.
func (self *Module) ListFunction() []string {
	if self == nil {
		return nil
	}
	if self.host != nil {
		return self.host.FuncNames()
	}
	mod := self.apiModule()
	if mod == nil {
		return nil
	}
	return sortedNames(mod.ExportedFunctionDefinitions())
}

// ListTable returns the names of the exported tables, sorted.
func (self *Module) ListTable() []string {
	if self != nil && self.host != nil {
		return self.host.TableNames()
	}
	return self.exportNames(binary.ExternTable)
}

// ListMemory returns the names of the exported memories, sorted.
func (self *Module) ListMemory() []string {
	if self == nil {
		return nil
	}
	if self.host != nil {
		return self.host.MemoryNames()
	}
	if mod := self.apiModule(); mod != nil {
		return sortedNames(mod.ExportedMemoryDefinitions())
	}
	return nil
}

// ListTag returns the names of the exported tags, sorted.
func (self *Module) ListTag() []string { return self.exportNames(binary.ExternTag) }

// ListGlobal returns the names of the exported globals, sorted.
func (self *Module) ListGlobal() []string {
	if self != nil && self.host != nil {
		return self.host.GlobalNames()
	}
	return self.exportNames(binary.ExternGlobal)
}

func (self *Module) exportNames(kind binary.ExternKind) []string {
	if self == nil || self.meta == nil {
		return nil
	}
	var names []string
	for _, e := range self.meta.Exports {
		if e.Kind == kind {
			names = append(names, e.Name)
		}
	}
	sort.Strings(names)
	return names
}

func sortedNames[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// registeredIn notes that this host module was registered in a store, so
// that Release can take it out again.
func (self *Module) registeredIn(s *engine.Store) {
	self.mu.Lock()
	self.stores = append(self.stores, s)
	self.mu.Unlock()
}

// Release frees a module the caller owns: it leaves every store it was
// registered in and its instances close. It is idempotent, and does nothing
// on a borrowed module.
func (self *Module) Release() {
	if self == nil || !self.own {
		if self != nil {
			self.own = false
		}
		return
	}
	self.own = false
	self.mu.Lock()
	stores := self.stores
	self.stores = nil
	self.mu.Unlock()
	for _, s := range stores {
		if self.host != nil {
			s.UnregisterHost(self.host)
		} else if self.guest != nil {
			s.Unregister(self.name, nil, self.guest)
		}
	}
	if self.host != nil {
		self.host.Close(context.Background())
	}
	if self.guest != nil {
		self.guest.Close(context.Background())
	}
}

// Function is a function instance: a host function or a Wasm export.
type Function struct {
	ftype engine.FuncType
	host  *engine.HostFunc
	guest api.Module    // the instance exporting the function
	owner *engine.Guest // its pool of ready functions, when known
	name  string
	own   bool
	wasi  *engine.WASI // the WASI state a WASI function called from the host uses

	// A function found from an engine reference (FuncRef.GetRef), which
	// may be exported by no one: wazero's function, made for one caller at
	// a time, the reference and its runtime.
	refFn  api.Function
	refMu  *sync.Mutex
	refRaw uint64
	refRT  *engine.Runtime
}

// GetFunctionType returns the function's signature.
func (self *Function) GetFunctionType() *FunctionType {
	if self == nil {
		return nil
	}
	return functionType(self.ftype)
}

// Release frees a function not added to a module. It is idempotent.
func (self *Function) Release() {
	if self != nil {
		self.own = false
	}
}

// call runs the function with encoded arguments.
func (self *Function) call(ctx context.Context, params []interface{}) ([]interface{}, error) {
	var rt *engine.Runtime
	if self.guest != nil {
		rt = engine.RuntimeOf(self.guest)
	} else if self.refFn != nil {
		rt = self.refRT
	}
	stack, err := stackFor(ctx, rt, self.ftype, params)
	if err != nil {
		return nil, err
	}
	if self.host != nil {
		if self.wasi != nil {
			ctx = engine.WithWASI(ctx, self.wasi)
		}
		err = invokeHost(ctx, self.host, stack)
	} else if self.refFn != nil {
		self.refMu.Lock()
		err = self.refFn.CallWithStack(ctx, stack)
		self.refMu.Unlock()
	} else {
		var f api.Function
		if self.owner != nil {
			f = self.owner.Function(self.name)
		} else {
			f = self.guest.ExportedFunction(self.name)
		}
		if f == nil {
			return nil, fail(errcode.FuncNotFound, self.name)
		}
		if self.owner != nil {
			// A Release while the call runs leaves the memories mapped
			// until it returns.
			self.owner.EnterCall()
			err = f.CallWithStack(ctx, stack)
			self.owner.ExitCall()
		} else {
			err = f.CallWithStack(ctx, stack)
		}
		if errcode.IsTableTrap(err) {
			err = tableTrap(self.owner, self.name, err)
		}
		if self.owner != nil {
			self.owner.PutFunction(self.name, f)
		}
	}
	if err != nil {
		if e := errcode.FromExecution(err); e != nil {
			return nil, resultError(errcode.WithCause(e, err))
		}
		// Terminated (proc_exit or a host function's Result_Terminate):
		// success with zero results, where the C SDK would panic.
		clear(stack)
	}
	return resultsFrom(self.ftype, stack, rt), nil
}

// Memory is a linear memory: a host memory made by NewMemory or the memory
// of a Wasm instance.
type Memory struct {
	hostMem *engine.HostMemory
	guest   api.Memory
	owner   *engine.Guest // the instance guest was found in, when known
	shared  bool
	own     bool
}

// guestMemory returns the handle of memory mem of instance g, or nil if g
// is closed. The handle keeps the memory's pages mapped for as long as it
// is reachable, so that using it (or a slice it gave out) after g is
// released reads the memory's last bytes instead of unmapped pages.
func guestMemory(g *engine.Guest, mem api.Memory, shared bool) *Memory {
	release, ok := g.HoldMemories()
	if !ok {
		return nil
	}
	m := &Memory{guest: mem, owner: g, shared: shared}
	runtime.AddCleanup(m, func(release func()) { release() }, release)
	return m
}

// NewMemory creates a host memory of the given type, or nil if the type is
// invalid (a shared memory needs a maximum).
func NewMemory(mtype *MemoryType) *Memory {
	if mtype == nil {
		return nil
	}
	l := mtype.limit
	m, err := engine.NewHostMemory(uint32(l.min), uint32(l.max), l.hasmax, l.shared)
	if err != nil {
		logf(logLevelError, "NewMemory: %v", err)
		return nil
	}
	return &Memory{hostMem: m, shared: l.shared, own: true}
}

func (self *Memory) bytes() []byte {
	if self.hostMem != nil {
		return self.hostMem.Bytes()
	}
	if self.guest != nil {
		b, _ := self.guest.Read(0, self.guest.Size())
		return b
	}
	return nil
}

// GetMemoryType returns the memory's type; its minimum is the current size,
// as in WasmEdge.
func (self *Memory) GetMemoryType() *MemoryType {
	if self == nil {
		return nil
	}
	l := Limit{min: self.GetPageSize()}
	switch {
	case self.hostMem != nil:
		l.max, l.hasmax, l.shared = uint(self.hostMem.Max), self.hostMem.HasMax, self.hostMem.Shared
	case self.guest != nil:
		if m, ok := self.guest.Definition().Max(); ok {
			l.max, l.hasmax = uint(m), true
		}
		l.shared = self.shared
	}
	if !l.hasmax {
		l.max = l.min
	}
	return &MemoryType{limit: l}
}

// errGetData is the SDK's error for an out-of-range GetData.
var errGetData = errors.New("Failed get data pointer")

// GetData returns length bytes at off. The slice aliases the memory: writes
// through it change the memory. On Unix it stays valid across growth (the
// memory's pages never move); for a memory found in a module, it stays
// valid after the module is released, as long as the Memory is reachable
// (it then holds the memory's last bytes).
func (self *Memory) GetData(off uint, length uint) ([]byte, error) {
	if self == nil {
		return nil, errGetData
	}
	b := self.bytes()
	end, ok := dataEnd(off, length, len(b))
	if !ok {
		return nil, errGetData
	}
	return b[off:end:end], nil
}

// dataEnd returns off+length if the range [off, off+length) lies within size
// bytes: no value is truncated and no sum overflows.
func dataEnd(off, length uint, size int) (uint, bool) {
	if off > uint(size) || length > uint(size)-off {
		return 0, false
	}
	return off + length, true
}

// SetData copies data[:length] into the memory at off.
func (self *Memory) SetData(data []byte, off uint, length uint) error {
	if self == nil {
		return fail(errcode.WrongVMWorkflow, "nil memory")
	}
	if length > uint(len(data)) {
		return fail(errcode.MemoryOutOfBounds, "length exceeds the data given")
	}
	b := self.bytes()
	end, ok := dataEnd(off, length, len(b))
	if !ok {
		return fail(errcode.MemoryOutOfBounds, fmt.Sprintf("offset %d length %d is beyond the memory's %d bytes", off, length, len(b)))
	}
	copy(b[off:end], data[:length])
	return nil
}

// GetPageSize returns the current size in 64 KiB pages.
func (self *Memory) GetPageSize() uint {
	if self == nil {
		return 0
	}
	return uint(len(self.bytes()) / engine.PageSize)
}

// GrowPage grows the memory by size pages.
func (self *Memory) GrowPage(size uint) error {
	if self == nil {
		return fail(errcode.WrongVMWorkflow, "nil memory")
	}
	if self.owner != nil && self.owner.Closed() {
		return fail(errcode.WrongVMWorkflow, "cannot grow the memory of a released module")
	}
	ok := false
	switch {
	case size > 65536:
	case self.hostMem != nil:
		ok = self.hostMem.Grow(uint32(size))
	case self.guest != nil:
		_, ok = self.guest.Grow(uint32(size))
	}
	if !ok {
		return fail(errcode.MemoryOutOfBounds, "cannot grow the memory")
	}
	return nil
}

// Release frees a memory not added to a module. It is idempotent.
func (self *Memory) Release() {
	if self != nil {
		self.own = false
	}
}

// Global is a global: a host global made by NewGlobal or the export of a
// Wasm instance.
type Global struct {
	gtype      GlobalType
	hostGlobal *engine.HostGlobal
	guest      api.Global
	rt         *engine.Runtime // the guest's runtime
	own        bool
	// A v128 guest global is reached whole through accessors (see v128):
	// its export name, instance and, when known, engine instance.
	name  string
	mod   api.Module
	owner *engine.Guest
}

// v128 runs f with the accessors of a v128 guest global: the instance's
// shared ones, or, for an instance seen from a calling frame, ones made
// for this call.
func (self *Global) v128(f func(*engine.V128Global) error) error {
	ctx := context.Background()
	if self.owner != nil {
		if self.owner.Closed() {
			return fail(errcode.WrongVMWorkflow, "the global's module was released")
		}
		v, err := self.owner.V128Global(ctx, self.name, self.gtype.mut == ValMut_Var)
		if err != nil {
			return fail(errcode.RuntimeError, err.Error())
		}
		return f(v)
	}
	v, err := engine.NewV128Global(ctx, self.mod, self.name, self.gtype.mut == ValMut_Var)
	if err != nil {
		return fail(errcode.RuntimeError, err.Error())
	}
	defer v.Close(ctx)
	return f(v)
}

// NewGlobal creates a host global of the given type and initial value. It
// returns nil when the value's kind (reference or not) does not fit the type.
func NewGlobal(gtype *GlobalType, val interface{}) *Global {
	if gtype == nil || gtype.valtype == nil {
		return nil
	}
	lo, hi, vt, ok := encodeValue(val)
	if !ok {
		return nil
	}
	isRef := vt == engine.ValueTypeFuncref || vt == api.ValueTypeExternref
	if isRef != gtype.valtype.IsRef() {
		return nil
	}
	if r, ok := val.(FuncRef); ok && r.fn != nil {
		logf(logLevelError, "NewGlobal: a host global cannot hold a NewFuncRef reference yet")
		return nil
	}
	g := engine.NewHostGlobal(gtype.valtype.t, gtype.mut == ValMut_Var, lo, hi)
	return &Global{gtype: *gtype, hostGlobal: g, own: true}
}

// GetGlobalType returns the global's type.
func (self *Global) GetGlobalType() *GlobalType {
	if self == nil {
		return nil
	}
	t := self.gtype
	return &t
}

// GetValue returns the global's value, converted by its type.
func (self *Global) GetValue() interface{} {
	if self == nil {
		return nil
	}
	t := self.gtype.valtype.t
	if self.hostGlobal != nil {
		lo, hi := self.hostGlobal.Get()
		return decodeValue(t, lo, hi, nil)
	}
	if t == engine.ValueTypeV128 {
		var lo, hi uint64
		err := self.v128(func(v *engine.V128Global) (err error) {
			lo, hi, err = v.Get(context.Background())
			return err
		})
		if err != nil {
			logf(logLevelError, "Global.GetValue: %v", err)
			return nil
		}
		return decodeValue(t, lo, hi, nil)
	}
	return decodeValue(t, self.guest.Get(), 0, self.rt)
}

// SetValue sets a mutable global's value.
func (self *Global) SetValue(val interface{}) error {
	if self == nil {
		return fail(errcode.WrongVMWorkflow, "nil global")
	}
	if self.gtype.mut != ValMut_Var {
		return fail(errcode.SetValueToConst, "")
	}
	lo, hi, vt, ok := encodeValue(val)
	t := self.gtype.valtype.t
	if !ok {
		return fail(errcode.SetValueErrorType, "")
	}
	if vt != t {
		if self.gtype.valtype.IsRef() || vt == engine.ValueTypeFuncref || vt == api.ValueTypeExternref {
			return fail(errcode.RefTypeMismatch, "")
		}
		return fail(errcode.SetValueErrorType, "")
	}
	if r, ok := val.(FuncRef); ok {
		if self.hostGlobal != nil && r.fn != nil {
			return fail(errcode.WrongVMWorkflow, "a host global cannot hold a NewFuncRef reference yet")
		}
		var err error
		if lo, err = r.refBits(context.Background(), self.rt); err != nil {
			return asResult(err)
		}
	}
	if self.hostGlobal != nil {
		self.hostGlobal.Set(lo, hi)
		return nil
	}
	mg, ok := self.guest.(api.MutableGlobal)
	if !ok {
		return fail(errcode.SetValueToConst, "")
	}
	if t == engine.ValueTypeV128 {
		return self.v128(func(v *engine.V128Global) error {
			if err := v.Set(context.Background(), lo, hi); err != nil {
				return fail(errcode.RuntimeError, err.Error())
			}
			return nil
		})
	}
	mg.Set(lo)
	return nil
}

// Release frees a global not added to a module. It is idempotent.
func (self *Global) Release() {
	if self != nil {
		self.own = false
	}
}

// Table is a table of references: a host table made by NewTable or the
// table of a Wasm instance. Every module that imports a host table, and the
// host, see the same elements.
type Table struct {
	ttype *TableType
	t     *engine.Table
	own   bool
}

// NewTable creates a host table of the given type with its minimum of null
// elements, or returns nil (and logs why) for a nil or invalid type.
func NewTable(ttype *TableType) *Table {
	if ttype == nil || ttype.reftype == nil {
		return nil
	}
	l := ttype.limit
	if l.min > math.MaxUint32 || (l.hasmax && l.max > math.MaxUint32) {
		logf(logLevelError, "NewTable: limit out of range")
		return nil
	}
	t, err := engine.NewHostTable(ttype.reftype.t, uint32(l.min), uint32(l.max), l.hasmax)
	if err != nil {
		logf(logLevelError, "NewTable: %v", err)
		return nil
	}
	tt := *ttype
	return &Table{ttype: &tt, t: t, own: true}
}

// GetTableType returns the table's type; its minimum is the current size,
// as in WasmEdge.
func (self *Table) GetTableType() *TableType {
	if self == nil || self.ttype == nil {
		return nil
	}
	tt := *self.ttype
	tt.limit.min = self.GetSize()
	if !tt.limit.hasmax {
		tt.limit.max = tt.limit.min
	}
	return &tt
}

// GetData returns element off: a FuncRef or an ExternRef. An index past
// the end gives an "out of bounds table access" (0x0407) Result.
func (self *Table) GetData(off uint) (interface{}, error) {
	if self == nil || self.t == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil table")
	}
	if off > math.MaxUint32 {
		return nil, fail(errcode.TableOutOfBounds, "")
	}
	raw, src, err := self.t.Get(context.Background(), uint32(off))
	if err != nil {
		return nil, asResult(err)
	}
	if self.t.Elem == api.ValueTypeExternref {
		return externRefOf(raw), nil
	}
	if fn, ok := src.(*Function); ok {
		return FuncRef{fn: fn}, nil
	}
	return FuncRef{raw: raw, rt: self.t.Runtime()}, nil
}

// tableValue encodes a reference for the table: its raw bits, or the
// function whose reference is made where the table lives.
func (self *Table) tableValue(data interface{}) (uint64, engine.FuncSource, error) {
	switch v := data.(type) {
	case FuncRef:
		if self.t.Elem != engine.ValueTypeFuncref {
			return 0, nil, fail(errcode.RefTypeMismatch, "a funcref into an externref table")
		}
		if v.fn != nil {
			return 0, v.fn, nil
		}
		if v.raw != 0 && v.rt != nil && self.t.Runtime() != nil && v.rt != self.t.Runtime() {
			return 0, nil, fail(errcode.RefTypeMismatch, "a reference from an instance of another configuration")
		}
		return v.raw, nil, nil
	case ExternRef:
		if self.t.Elem != api.ValueTypeExternref {
			return 0, nil, fail(errcode.RefTypeMismatch, "an externref into a funcref table")
		}
		if !v.valid {
			return 0, nil, nil
		}
		return v.idx, nil, nil
	}
	return 0, nil, fail(errcode.RefTypeMismatch, "a table element must be a FuncRef or an ExternRef")
}

// SetData stores a FuncRef or an ExternRef at off. A reference of the
// other kind gives 0x040F, an index past the end 0x0407.
func (self *Table) SetData(data interface{}, off uint) error {
	if self == nil || self.t == nil {
		return fail(errcode.WrongVMWorkflow, "nil table")
	}
	raw, src, err := self.tableValue(data)
	if err != nil {
		return err
	}
	if off > math.MaxUint32 {
		return fail(errcode.TableOutOfBounds, "")
	}
	if err := self.t.Set(context.Background(), uint32(off), raw, src); err != nil {
		return asResult(err)
	}
	return nil
}

// GetSize returns the table's current number of elements.
func (self *Table) GetSize() uint {
	if self == nil || self.t == nil {
		return 0
	}
	return uint(self.t.Size(context.Background()))
}

// Grow adds size null elements; beyond the maximum it fails with 0x0407.
func (self *Table) Grow(size uint) error {
	if self == nil || self.t == nil {
		return fail(errcode.WrongVMWorkflow, "nil table")
	}
	if size > math.MaxUint32 {
		return fail(errcode.TableOutOfBounds, "cannot grow the table")
	}
	if err := self.t.Grow(context.Background(), uint32(size), 0, nil); err != nil {
		return asResult(err)
	}
	return nil
}

// Release frees a table not added to a module. It is idempotent.
func (self *Table) Release() {
	if self != nil {
		self.own = false
	}
}

// Tag is an exception tag of a Wasm module.
type Tag struct {
	ttype *TagType
}

// GetTagType returns the tag's type.
func (self *Tag) GetTagType() *TagType {
	if self == nil {
		return nil
	}
	return self.ttype
}

// tableTrap gives wazero's one "invalid table access" trap WasmEdge's code:
// 0x40B for a null element reached by call_indirect, 0x40C for an index
// past the table through call_indirect, 0x407 for one through a table
// instruction. A module instrumented with the table checks before its
// indirect calls traps with 0x40B and 0x40C in the checks, so the trap is
// 0x407. Otherwise (an engine without reference-types), which instruction it was is read from the body of the
// function the stack trace's top frame names; null or past the table, from
// the table, when nothing can make it hold a null element
// (binary.Module.TableFull). Otherwise a call_indirect's trap is taken for
// a null element. name is the export of owner that was called.
func tableTrap(owner *engine.Guest, name string, err error) error {
	line, _, _ := strings.Cut(err.Error(), "\n")
	if owner != nil && owner.Compiled != nil && owner.Compiled.Plan != nil && !owner.Compiled.Plan.NoTableChecks {
		// Its indirect calls check the table first (internal/meter,
		// tablecheck.go): the trap is a table instruction's.
		return errcode.New(errcode.TableOutOfBounds, line)
	}
	var full bool
	owner, facts, known := trapOwner(codeOwner(owner, name), err)
	if owner != nil {
		if ast, ok := owner.Meta.(*AST); ok && ast.meta != nil {
			if code, exact := indirectTrapCode(owner, facts, known); exact {
				return errcode.New(code, line)
			}
			full = known && facts.CallIndirect && !facts.IndirectTables && !facts.TableAccess &&
				ast.meta.TableFull(ast.bytes, facts.IndirectTable)
		}
	}
	code := errcode.TableTrapCode(known, facts.CallIndirect, full, facts.TableAccess)
	return errcode.New(code, line)
}

// codeOwner returns the guest whose code the export name of owner runs: the
// guest itself, or, for an imported function it exports again, the guest
// that function comes from (followed through a few such hops).
func codeOwner(owner *engine.Guest, name string) *engine.Guest {
	for range 8 {
		if owner == nil {
			return nil
		}
		ast, ok := owner.Meta.(*AST)
		if !ok || ast.meta == nil {
			return owner
		}
		var im *binary.Import
		for _, ex := range ast.meta.Exports {
			if ex.Kind == binary.ExternFunc && ex.Name == name {
				im = ast.meta.FuncImport(ex.Index)
				break
			}
		}
		if im == nil {
			return owner
		}
		next := owner.Provider(im.Module)
		if next == nil {
			return owner
		}
		owner, name = next, im.Name
	}
	return owner
}

// trapOwner returns the guest whose function a table trap happened in:
// owner when its function of the name the stack trace's top frame gives has
// an indirect call or a table instruction, as the trapping function must;
// else the one guest among those it imports from (and they from, in turn)
// whose function of that name has one; else owner. (wazero names a frame's
// module by the name section only, which most modules lack.) facts and
// known are trapFunctionFacts of the guest returned.
func trapOwner(owner *engine.Guest, err error) (_ *engine.Guest, facts binary.BodyFacts, known bool) {
	factsOf := func(g *engine.Guest) (binary.BodyFacts, bool) {
		ast, ok := g.Meta.(*AST)
		if !ok || ast.meta == nil {
			return binary.BodyFacts{}, false
		}
		return trapFunctionFacts(ast, err)
	}
	hasTableOp := func(facts binary.BodyFacts, known bool) bool {
		return known && (facts.CallIndirect || facts.TableAccess)
	}
	if owner == nil {
		return nil, binary.BodyFacts{}, false
	}
	ownFacts, ownKnown := factsOf(owner)
	if hasTableOp(ownFacts, ownKnown) {
		return owner, ownFacts, ownKnown
	}
	seen := []*engine.Guest{owner}
	var found *engine.Guest
	for i := 0; i < len(seen) && len(seen) <= 64; i++ {
		for _, p := range seen[i].Providers() {
			if slices.Contains(seen, p) {
				continue
			}
			seen = append(seen, p)
			if f, k := factsOf(p); hasTableOp(f, k) {
				if found != nil {
					return owner, ownFacts, ownKnown // ambiguous
				}
				found, facts, known = p, f, k
			}
		}
	}
	if found == nil {
		return owner, ownFacts, ownKnown
	}
	return found, facts, known
}

// indirectTrapCode tells, in an engine without reference-types, a
// call_indirect's two traps apart exactly: the index of the instance's last
// indirect call (meter.ExportTableIndex) is past its table, whose size is
// fixed, or reaches a null element. exact is false where that cannot be
// known: a function that has table instructions too, or uses several
// tables, a module run as given, a table of unknown size.
func indirectTrapCode(owner *engine.Guest, facts binary.BodyFacts, known bool) (code errcode.Code, exact bool) {
	if !known || !facts.CallIndirect || facts.TableAccess || facts.IndirectTables ||
		owner.Compiled == nil || owner.Compiled.Plan == nil || !owner.Compiled.Plan.NoTableChecks {
		return 0, false
	}
	index, ok := meter.LastTableIndex(owner.Module)
	t := uint64(facts.IndirectTable)
	if !ok || t >= uint64(len(owner.FixedTableSizes)) || owner.FixedTableSizes[t] < 0 {
		return 0, false
	}
	if int64(index) >= owner.FixedTableSizes[t] {
		return errcode.UndefinedElement, true
	}
	return errcode.UninitializedElement, true
}

// trapFunctionFacts walks the body of the function a trap's stack trace
// names first. known is false when it is not the module's own (a trap in
// another module the call went through) or cannot be read.
func trapFunctionFacts(ast *AST, err error) (facts binary.BodyFacts, known bool) {
	name, idx, ok := engine.TopFrame(err)
	if !ok && name != "" {
		idx, ok = ast.meta.FuncIndexByName(name)
	}
	imported := ast.meta.ImportCount(binary.ExternFunc)
	if !ok || idx < imported {
		return binary.BodyFacts{}, false
	}
	body := ast.meta.Body(ast.bytes, idx-imported)
	if body == nil {
		return binary.BodyFacts{}, false
	}
	facts, known, _ = binary.Walk(body, false)
	return facts, known
}
