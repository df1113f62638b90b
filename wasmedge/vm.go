package wasmedge

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// The stages of a VM's workflow.
type vmStage int

const (
	stageInited vmStage = iota
	stageLoaded
	stageValidated
	stageInstantiated
)

// VM loads, validates, instantiates and runs Wasm modules in its store.
// Execute and the getters may be called from many goroutines at once; the
// other methods take the VM for themselves.
type VM struct {
	mu       sync.RWMutex
	conf     *Configure
	rt       *engine.Runtime
	store    *Store
	ownStore bool

	stage    vmStage
	ast      *AST
	compiled *engine.Compiled
	active   *Module
	wasi     *Module
	owned    []*Module // modules the VM created (WASI, plug-ins, mocks)

	loader    *Loader
	validator *Validator
	executor  *Executor
	execCtx   context.Context // carries the executor to host functions
	stats     *Statistics
}

// NewVM creates a VM with the default configuration and its own store.
func NewVM() *VM { return NewVMWithConfigAndStore(nil, nil) }

// NewVMWithConfig creates a VM with a configuration and its own store.
func NewVMWithConfig(conf *Configure) *VM { return NewVMWithConfigAndStore(conf, nil) }

// NewVMWithStore creates a VM with the default configuration over a store.
func NewVMWithStore(store *Store) *VM { return NewVMWithConfigAndStore(nil, store) }

// NewVMWithConfigAndStore creates a VM with a configuration over a store
// (nil for defaults). The VM registers a WASI module if the configuration
// asks for it, and the modules of loaded plug-ins (mocks for the official
// ones that are missing).
func NewVMWithConfigAndStore(conf *Configure, store *Store) *VM {
	vm := &VM{conf: conf.clone()}
	if store == nil || store.s == nil {
		store, vm.ownStore = NewStore(), true
	}
	vm.store = store
	vm.rt = engine.RuntimeFor(vm.conf.engineConfig())
	vm.stats = NewStatistics()
	vm.stats.m.CostOn = vm.conf.costMeasure
	vm.executor = &Executor{conf: vm.conf, stats: vm.stats}
	vm.execCtx = withExecutor(context.Background(), vm.executor)
	vm.loader = &Loader{conf: vm.conf}
	vm.validator = &Validator{conf: vm.conf}
	vm.initHosts()
	return vm
}

// initHosts creates and registers the WASI and plug-in modules.
func (vm *VM) initHosts() {
	if vm.conf.wasi {
		vm.wasi = &Module{name: engine.WASIModuleName, host: engine.NewWASIModule()}
		vm.registerOwned(vm.wasi)
	}
	for _, m := range pluginModulesFor(vm.conf) {
		vm.registerOwned(m)
	}
}

func (vm *VM) registerOwned(m *Module) {
	vm.owned = append(vm.owned, m)
	if _, taken := vm.store.s.Lookup(m.name); taken && m.mock() {
		return // a shared store already has this module, real or mocked
	}
	if err := vm.store.s.Register(m.name, engine.Entry{Host: m.host, Mock: m.mock()}); err != nil {
		logf(logLevelError, "instantiation failed: module name conflict, Code: 0x300")
		logf(logLevelError, "    At AST node: module %q", m.name)
	}
}

// ctx is the context of a call: parent (nil for none) with the VM's
// executor and statistics, and the configuration's time limit.
func (vm *VM) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	ctx := vm.execCtx
	if parent != nil {
		ctx = withExecutor(parent, vm.executor)
	}
	return withTimeLimit(ctx, vm.conf)
}

func withTimeLimit(ctx context.Context, conf *Configure) (context.Context, context.CancelFunc) {
	if conf.timeLimitMS > 0 {
		return context.WithTimeout(ctx, time.Duration(conf.timeLimitMS)*time.Millisecond)
	}
	return ctx, func() {}
}

func (vm *VM) released() bool { return vm == nil || vm.store == nil }

// RegisterWasmFile loads, validates and instantiates a Wasm file under
// modname, so that later modules can import it.
func (self *VM) RegisterWasmFile(modname string, path string) error {
	buf, err := readWasmFile(path)
	if err != nil {
		return err
	}
	return self.RegisterWasmBuffer(modname, buf)
}

// RegisterWasmBuffer is RegisterWasmFile from bytes.
func (self *VM) RegisterWasmBuffer(modname string, buf []byte) error {
	ast, e := loadAST(buf, self.conf)
	if e == nil {
		e = checkSharedFlag(self.conf, ast)
	}
	if e != nil {
		return resultError(e)
	}
	return self.RegisterAST(modname, ast)
}

// RegisterAST instantiates a loaded module under modname.
func (self *VM) RegisterAST(modname string, ast *AST) error {
	if self.released() || ast == nil {
		return fail(errcode.WrongVMWorkflow, "released VM or nil AST")
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	self.dropInstantiated()
	_, err := registerAST(self.conf, self.rt, self.store.s, modname, ast, self.executor)
	return err
}

// registerAST validates, instantiates and registers ast under name.
func registerAST(conf *Configure, rt *engine.Runtime, s *engine.Store, name string, ast *AST, exec *Executor) (*Module, error) {
	if e, ok := s.Lookup(name); ok && !e.Mock {
		return nil, fail(errcode.ModuleNameConflict, "module "+name+" is already registered")
	}
	c, err := compileAST(conf, rt, ast, exec.stats)
	if err != nil {
		return nil, err
	}
	defer c.Release()
	g, ierr := instantiate(rt, s, c, ast, exec)
	if ierr != nil {
		return nil, ierr
	}
	if rerr := s.Register(name, engine.Entry{Guest: g}); rerr != nil {
		g.Close(context.Background())
		return nil, resultError(rerr.(*errcode.Error))
	}
	return &Module{name: name, guest: g, meta: ast.meta}, nil
}

// compileAST validates ast in rt and compiles it instrumented for stats.
func compileAST(conf *Configure, rt *engine.Runtime, ast *AST, stats *Statistics) (*engine.Compiled, error) {
	if ast != nil && ast.meta != nil {
		if _, noMax := ast.meta.SharedLimits(); noMax {
			return nil, resultError(errcode.New(errcode.SharedMemoryNoMax, ""))
		}
	}
	if err := checkLimits(conf, ast); err != nil {
		return nil, resultError(err)
	}
	if conf != nil && conf.HasConfig(THREADS) {
		if err := checkAtomicAlignment(ast); err != nil {
			return nil, resultError(err)
		}
	}
	var c *engine.Compiled
	var err error
	if _, bad := ast.meta.ElemOutOfBounds(); bad && !rt.Config().Features.IsEnabled(api.CoreFeatureReferenceTypes) {
		// wazero would reject the module here; WasmEdge validates it and
		// fails its instantiation (checkInstantiable), which never reaches
		// the engine.
		c, err = rt.Compile(context.Background(), ast.meta.ForEngineFitting(ast.bytes, conf.maxTableElements()), conf.meterOptions(stats))
	} else {
		p := ast.prepared(rt.Config(), conf.maxTableElements())
		if why := p.UniversalIgnored(); why != nil {
			// A universal wasm whose code is not used runs as any module;
			// the log says why (at info level when the code was trusted).
			level := logLevelDebug
			if engine.TrustsCompiledCode() {
				level = logLevelInfo
			}
			logf(level, "universal wasm: the compiled code it carries is not used: %v", why)
		}
		c, err = rt.CompilePrepared(context.Background(), p, conf.meterOptions(stats))
	}
	if err != nil {
		e := errcode.WithCause(errcode.FromValidation(err), err)
		if e.Code == errcode.InvalidElemIdx && ast != nil && ast.meta != nil && ast.meta.BadTableInit != 0 &&
			strings.Contains(err.Error(), fmt.Sprintf("function[%d]", ast.meta.BadTableInit-1)) {
			// WasmEdge checks table.init's table first.
			e.Code = errcode.InvalidTableIdx
		}
		if p, ok := conf.unsupportedProposal(); ok {
			e.Detail += " (the " + p.String() + " proposal is enabled but not supported by the engine)"
		}
		return nil, resultError(e)
	}
	return c, nil
}

// instantiate instantiates c in s. The time limit of the executor's
// configuration covers the start function too.
func instantiate(rt *engine.Runtime, s *engine.Store, c *engine.Compiled, ast *AST, exec *Executor) (*engine.Guest, error) {
	if err := checkInstantiable(rt, s, ast); err != nil {
		return nil, resultError(err)
	}
	// Start functions reach safe points too (meter.Check): a deadline or a
	// cancellation in this context would stop them with 0x0007 (issue 12
	// owns giving --time-limit to instantiation).
	if ast != nil && ast.meta != nil {
		for _, m := range ast.meta.Memories {
			if m.Limits.Min >= 65536 {
				return nil, fail(errcode.InvalidMemPages, fmt.Sprintf(
					"a memory of %d pages cannot be created: the engine's limit is 65535 pages (4 GiB - 64 KiB)", m.Limits.Min))
			}
		}
	}
	ctx := withExecutor(context.Background(), exec)
	if exec != nil && exec.conf != nil && exec.conf.timeLimitMS > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(exec.conf.timeLimitMS)*time.Millisecond)
		defer cancel()
	}
	var misfit *errcode.Error
	var afterwards bool
	if rt.Config().Features.IsEnabled(api.CoreFeatureReferenceTypes) {
		misfit, afterwards = importedElemMisfit(ctx, s, ast)
	}
	if misfit != nil && !afterwards {
		return nil, resultError(misfit)
	}
	g, err := s.Instantiate(ctx, c)
	if err == nil && misfit != nil {
		// wazero wrote the segments before the misfit and stopped there,
		// as the spec wants, but did not fail.
		g.Close(ctx)
		return nil, resultError(misfit)
	}
	if err != nil {
		if e, ok := err.(*errcode.Error); ok {
			return nil, resultError(e)
		}
		return nil, resultError(errcode.WithCause(errcode.FromInstantiation(err), err))
	}
	g.Meta = ast
	if ast != nil && ast.meta != nil {
		rt.NoteTypes(ast.meta.Types) // candidates for FuncRef.GetRef
		if !rt.Config().Features.IsEnabled(api.CoreFeatureReferenceTypes) {
			g.FixedTableSizes = fixedTableSizes(ctx, s, ast.meta)
		}
	}
	return g, nil
}

// fixedTableSizes is the size of each table of a module instantiated in an
// engine without reference-types, where no table grows: a defined table's
// minimum, an imported one's size in its exporter (a host table's, or the
// exporting guest's own fixed size), -1 where that is not known.
func fixedTableSizes(ctx context.Context, s *engine.Store, m *binary.Module) []int64 {
	var sizes []int64
	for _, im := range m.Imports {
		if im.Kind != binary.ExternTable {
			continue
		}
		size := int64(-1)
		if e, found := s.Lookup(im.Module); found && e.Guest != nil {
			// Its tables cannot be reached from the host here.
			size = exportedFixedTableSize(e.Guest, im.Name)
		} else if n, ok := importedTableSize(ctx, s, im); ok {
			size = int64(n)
		}
		sizes = append(sizes, size)
	}
	for _, t := range m.Tables {
		sizes = append(sizes, int64(t.Limits.Min))
	}
	return sizes
}

// exportedFixedTableSize is the fixed size of the table g exports as name,
// or -1.
func exportedFixedTableSize(g *engine.Guest, name string) int64 {
	ast, ok := g.Meta.(*AST)
	if !ok || ast.meta == nil {
		return -1
	}
	for _, ex := range ast.meta.Exports {
		if ex.Kind == binary.ExternTable && ex.Name == name && uint64(ex.Index) < uint64(len(g.FixedTableSizes)) {
			return g.FixedTableSizes[ex.Index]
		}
	}
	return -1
}

// RegisterModule registers a host, WASI or plug-in module under its name. A
// module registered under the name of a mocked plug-in module replaces the
// mock (WasmEdge fails with "module name conflict").
func (self *VM) RegisterModule(module *Module) error {
	if self.released() || module == nil || module.host == nil {
		return fail(errcode.WrongVMWorkflow, "released VM or not a host module")
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	self.dropInstantiated()
	return registerHost(self.store.s, module)
}

func registerHost(s *engine.Store, module *Module) error {
	if err := s.Register(module.name, engine.Entry{Host: module.host}); err != nil {
		return resultError(err.(*errcode.Error))
	}
	module.registeredIn(s)
	return nil
}

// RunWasmFile loads, validates and instantiates a Wasm file as the active
// module and calls funcname. For a WASI command run with "_start", the
// result is empty and the error nil also when the guest calls proc_exit;
// the exit code is then WasiGetExitCode's.
func (self *VM) RunWasmFile(path string, funcname string, params ...interface{}) ([]interface{}, error) {
	return self.RunWasmFileContext(nil, path, funcname, params...)
}

// RunWasmBuffer is RunWasmFile from bytes.
func (self *VM) RunWasmBuffer(buf []byte, funcname string, params ...interface{}) ([]interface{}, error) {
	return self.RunWasmBufferContext(nil, buf, funcname, params...)
}

// RunWasmAST is RunWasmFile from a loaded AST.
func (self *VM) RunWasmAST(ast *AST, funcname string, params ...interface{}) ([]interface{}, error) {
	return self.RunWasmASTContext(nil, ast, funcname, params...)
}

// RunWasmFileContext is RunWasmFile whose execution stops with "execution
// interrupted" (0x0007) when ctx is cancelled or its deadline passes.
//
// This is an extension, as ExecuteContext.
func (self *VM) RunWasmFileContext(ctx context.Context, path string, funcname string, params ...interface{}) ([]interface{}, error) {
	if err := self.LoadWasmFile(path); err != nil {
		return nil, err
	}
	return self.runLoaded(ctx, funcname, params)
}

// RunWasmBufferContext is RunWasmBuffer with a context, as
// RunWasmFileContext. It is an extension.
func (self *VM) RunWasmBufferContext(ctx context.Context, buf []byte, funcname string, params ...interface{}) ([]interface{}, error) {
	if err := self.LoadWasmBuffer(buf); err != nil {
		return nil, err
	}
	return self.runLoaded(ctx, funcname, params)
}

// RunWasmASTContext is RunWasmAST with a context, as RunWasmFileContext. It
// is an extension.
func (self *VM) RunWasmASTContext(ctx context.Context, ast *AST, funcname string, params ...interface{}) ([]interface{}, error) {
	if err := self.LoadWasmAST(ast); err != nil {
		return nil, err
	}
	return self.runLoaded(ctx, funcname, params)
}

func (self *VM) runLoaded(ctx context.Context, funcname string, params []interface{}) ([]interface{}, error) {
	if err := self.Validate(); err != nil {
		return nil, err
	}
	if err := self.Instantiate(); err != nil {
		return nil, err
	}
	return self.execute(ctx, funcname, params)
}

func readWasmFile(path string) ([]byte, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fail(errcode.IllegalPath, err.Error())
	}
	return buf, nil
}

// readWasmFileForRun reads a Wasm file to run it: without the payloads of
// its custom sections other than "name" and a universal wasm's compiled
// code (see binary.ReadForRun; reduced tells whether any was left out).
func readWasmFileForRun(path string) (buf []byte, reduced bool, err error) {
	buf, reduced, err = binary.ReadForRun(path, "name", engine.UniversalSection)
	if err != nil {
		return nil, false, fail(errcode.IllegalPath, err.Error())
	}
	return buf, reduced, nil
}

// LoadWasmFile parses a Wasm file as the VM's module.
func (self *VM) LoadWasmFile(path string) error {
	buf, err := readWasmFile(path)
	if err != nil {
		return err
	}
	return self.LoadWasmBuffer(buf)
}

// LoadWasmBuffer parses Wasm bytes as the VM's module. On failure the
// module loaded before is kept.
func (self *VM) LoadWasmBuffer(buf []byte) error {
	ast, e := loadAST(buf, self.conf)
	if e == nil {
		e = checkSharedFlag(self.conf, ast)
	}
	if e != nil {
		return resultError(e)
	}
	return self.LoadWasmAST(ast)
}

// LoadWasmAST makes a loaded AST the VM's module.
func (self *VM) LoadWasmAST(ast *AST) error {
	if self.released() || ast == nil {
		return fail(errcode.WrongVMWorkflow, "released VM or nil AST")
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	self.setCompiled(nil)
	self.ast = ast
	self.stage = stageLoaded
	return nil
}

func (self *VM) setCompiled(c *engine.Compiled) {
	if self.compiled != nil {
		self.compiled.Release()
	}
	self.compiled = c
}

// Validate validates the loaded module.
func (self *VM) Validate() error {
	if self.released() {
		return fail(errcode.WrongVMWorkflow, "released VM")
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	if self.stage < stageLoaded {
		return fail(errcode.WrongVMWorkflow, "no module loaded")
	}
	c, err := compileAST(self.conf, self.rt, self.ast, self.stats)
	if err != nil {
		return err
	}
	self.setCompiled(c)
	self.stage = stageValidated
	return nil
}

// Instantiate instantiates the validated module as the VM's anonymous
// active module, replacing the one before. Only the start section runs.
func (self *VM) Instantiate() error {
	if self.released() {
		return fail(errcode.WrongVMWorkflow, "released VM")
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	if self.stage < stageValidated {
		return fail(errcode.WrongVMWorkflow, "module not validated")
	}
	g, err := instantiate(self.rt, self.store.s, self.compiled, self.ast, self.executor)
	if err != nil {
		return err
	}
	if self.active != nil {
		self.active.guest.Close(context.Background())
	}
	self.active = &Module{guest: g, meta: self.ast.meta}
	self.stage = stageInstantiated
	return nil
}

// dropInstantiated steps back from Instantiated, as WasmEdge does when a
// module is registered; the active module stays usable.
func (self *VM) dropInstantiated() {
	if self.stage == stageInstantiated {
		self.stage = stageValidated
	}
}

// Execute calls an exported function of the active module. Arguments are
// checked against the function's signature: a Go int32 or uint32 for i32,
// int64, uint64 or int for i64, float32, float64, V128, FuncRef, ExternRef.
func (self *VM) Execute(funcname string, params ...interface{}) ([]interface{}, error) {
	return self.execute(nil, funcname, params)
}

// ExecuteContext is Execute, stopped with "execution interrupted" (0x0007)
// when ctx is cancelled or its deadline passes: running Wasm code stops at
// its next safe point, within milliseconds, and the instance stays usable.
//
// This is an extension: WasmEdge's Go SDK has no context-taking calls (its
// Async.Cancel and the C API's time limit do the same).
func (self *VM) ExecuteContext(ctx context.Context, funcname string, params ...interface{}) ([]interface{}, error) {
	if ctx == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil context")
	}
	return self.execute(ctx, funcname, params)
}

func (self *VM) execute(ctx context.Context, funcname string, params []interface{}) ([]interface{}, error) {
	if self.released() {
		return nil, fail(errcode.WrongVMWorkflow, "released VM")
	}
	self.mu.RLock()
	active := self.active
	self.mu.RUnlock()
	if active == nil {
		return nil, fail(errcode.WrongInstanceAddress, "no active module")
	}
	return self.call(ctx, active, funcname, params)
}

func (self *VM) call(parent context.Context, m *Module, funcname string, params []interface{}) ([]interface{}, error) {
	f := m.FindFunction(funcname)
	if f == nil {
		return nil, fail(errcode.FuncNotFound, funcname)
	}
	if parent != nil && parent.Err() != nil {
		return nil, fail(errcode.Interrupted, "the context is done")
	}
	ctx, cancel := self.ctx(parent)
	defer cancel()
	res, err := self.stats.measure(func() ([]interface{}, error) { return f.call(ctx, params) })
	self.stats.dump(self.conf)
	return res, err
}

// ExecuteRegistered calls an exported function of a registered module (host
// functions of host modules included).
func (self *VM) ExecuteRegistered(modname string, funcname string, params ...interface{}) ([]interface{}, error) {
	return self.executeRegistered(nil, modname, funcname, params)
}

// ExecuteRegisteredContext is ExecuteRegistered with a context, as
// ExecuteContext. It is an extension.
func (self *VM) ExecuteRegisteredContext(ctx context.Context, modname string, funcname string, params ...interface{}) ([]interface{}, error) {
	if ctx == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil context")
	}
	return self.executeRegistered(ctx, modname, funcname, params)
}

func (self *VM) executeRegistered(ctx context.Context, modname string, funcname string, params []interface{}) ([]interface{}, error) {
	if self.released() {
		return nil, fail(errcode.WrongVMWorkflow, "released VM")
	}
	m := self.store.FindModule(modname)
	if m == nil {
		return nil, fail(errcode.WrongInstanceAddress, "module "+modname+" is not registered")
	}
	return self.call(ctx, m, funcname, params)
}

// GetFunctionType returns the signature of an export of the active module,
// or nil.
func (self *VM) GetFunctionType(funcname string) *FunctionType {
	if self.released() {
		return nil
	}
	self.mu.RLock()
	active := self.active
	self.mu.RUnlock()
	return active.FindFunction(funcname).GetFunctionType()
}

// GetFunctionTypeRegistered returns the signature of an export of a
// registered module, or nil.
func (self *VM) GetFunctionTypeRegistered(modname string, funcname string) *FunctionType {
	if self.released() {
		return nil
	}
	return self.store.FindModule(modname).FindFunction(funcname).GetFunctionType()
}

// Cleanup drops the loaded and active modules and everything registered,
// then registers fresh WASI and plug-in modules, as a new VM. Modules got
// from the VM before must be fetched again.
func (self *VM) Cleanup() {
	if self.released() {
		return
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	self.closeAll()
	self.stats.reset()
	self.initHosts()
}

func (self *VM) closeAll() {
	ctx := context.Background()
	if self.active != nil {
		self.active.guest.Close(ctx)
		self.active = nil
	}
	self.setCompiled(nil)
	self.ast = nil
	self.stage = stageInited
	for _, e := range self.store.s.Clear() {
		if e.Guest != nil && self.ownStore {
			e.Guest.Close(ctx)
		}
	}
	for _, m := range self.owned {
		if !m.mock() {
			m.host.Close(ctx)
		}
	}
	self.owned, self.wasi = nil, nil
}

// GetFunctionList returns the exported functions of the active module,
// sorted by name, with their signatures.
func (self *VM) GetFunctionList() ([]string, []*FunctionType) {
	if self.released() {
		return []string{}, []*FunctionType{}
	}
	self.mu.RLock()
	active := self.active
	self.mu.RUnlock()
	names := []string{}
	types := []*FunctionType{}
	if active == nil {
		return names, types
	}
	for _, name := range active.ListFunction() {
		names = append(names, name)
		types = append(types, active.FindFunction(name).GetFunctionType())
	}
	return names, types
}

// GetImportModule returns the VM's WASI module, or nil if it has none.
func (self *VM) GetImportModule(host HostRegistration) *Module {
	if self.released() || host != WASI {
		return nil
	}
	self.mu.RLock()
	defer self.mu.RUnlock()
	if self.wasi == nil {
		return nil
	}
	return &Module{name: self.wasi.name, host: self.wasi.host}
}

// GetActiveModule returns the active module, or nil.
func (self *VM) GetActiveModule() *Module {
	if self.released() {
		return nil
	}
	self.mu.RLock()
	defer self.mu.RUnlock()
	if self.active == nil {
		return nil
	}
	return &Module{guest: self.active.guest, meta: self.active.meta}
}

// GetRegisteredModule returns the module registered under name (WASI,
// plug-in and mock modules included), or nil.
func (self *VM) GetRegisteredModule(name string) *Module {
	if self.released() {
		return nil
	}
	return self.store.FindModule(name)
}

// ListRegisteredModule returns the names of all registered modules, sorted
// bytewise.
func (self *VM) ListRegisteredModule() []string {
	if self.released() {
		return nil
	}
	return self.store.ListModule()
}

// GetStore returns the VM's store.
func (self *VM) GetStore() *Store {
	if self.released() {
		return nil
	}
	return &Store{s: self.store.s}
}

// GetLoader returns the VM's loader.
func (self *VM) GetLoader() *Loader {
	if self.released() {
		return nil
	}
	return self.loader
}

// GetValidator returns the VM's validator.
func (self *VM) GetValidator() *Validator {
	if self.released() {
		return nil
	}
	return self.validator
}

// GetExecutor returns the VM's executor.
func (self *VM) GetExecutor() *Executor {
	if self.released() {
		return nil
	}
	return self.executor
}

// GetStatistics returns the VM's statistics.
func (self *VM) GetStatistics() *Statistics {
	if self.released() {
		return nil
	}
	return self.stats
}

// Release frees the VM and everything it created. It is idempotent.
func (self *VM) Release() {
	if self.released() {
		return
	}
	self.mu.Lock()
	defer self.mu.Unlock()
	if self.ownStore {
		self.closeAll()
	} else {
		ctx := context.Background()
		if self.active != nil {
			self.active.guest.Close(ctx)
		}
		self.setCompiled(nil)
		for _, m := range self.owned {
			if m.mock() {
				continue // mocks are shared with other VMs of the store
			}
			self.store.s.UnregisterHost(m.host)
			m.host.Close(ctx)
		}
	}
	self.store = nil
	// What C plug-ins printed reaches its pipe or file now, not never.
	capi.FlushStdio()
}

// checkInstantiable finds what wazero would let through at instantiation
// and WasmEdge refuses: an active element segment that does not fit its
// table (wazero stops writing segments there and instantiates the module
// all the same) and a memory import whose sharedness differs from the
// memory it names. A segment that does not fit is 0x304 "elements segment
// does not fit" in Wasm 1.0, and 0x407 "out of bounds table access" once
// bulk memory or reference types are on (the spec then traps while
// writing it, after the segments before it, which only a table of the
// module's own can reach: no one else sees them).
func checkInstantiable(rt *engine.Runtime, s *engine.Store, ast *AST) *errcode.Error {
	if ast == nil || ast.meta == nil {
		return nil
	}
	if e, bad := ast.meta.ElemOutOfBounds(); bad {
		code := errcode.ElemSegDoesNotFit
		if rt.Config().Features.IsEnabled(api.CoreFeatureBulkMemoryOperations) ||
			rt.Config().Features.IsEnabled(api.CoreFeatureReferenceTypes) {
			code = errcode.TableOutOfBounds
		}
		return errcode.Newf(code, "element segment %d: %d elements at offset %d do not fit table %d",
			e.Segment, e.Count, uint32(e.Offset.Bits), e.Table)
	}
	for _, im := range ast.meta.Imports {
		if im.Kind != binary.ExternMemory {
			continue
		}
		shared, ok := exportedMemoryShared(s, im.Module, im.Name)
		if ok && shared != im.Memory.Limits.Shared {
			return errcode.Newf(errcode.IncompatibleImportType, "memory %s.%s: shared is %v, the import wants %v",
				im.Module, im.Name, shared, im.Memory.Limits.Shared)
		}
	}
	return nil
}

// importedElemMisfit finds the first active element segment that does not
// fit the current size of the imported table it writes to, which wazero
// lets through when reference-types is on (the caller's condition: without
// it, wazero fails the instantiation itself). It returns the trap WasmEdge reports (0x407), and
// afterwards true when the module may be instantiated first: wazero then
// writes the segments before it and stops there, as the spec wants (they
// persist), and the module has no data segments or start function that
// must not run after the trap; otherwise nothing is instantiated.
func importedElemMisfit(ctx context.Context, s *engine.Store, ast *AST) (misfit *errcode.Error, afterwards bool) {
	if ast == nil || ast.meta == nil {
		return nil, false
	}
	m := ast.meta
	imported := m.ImportCount(binary.ExternTable)
	if imported == 0 {
		return nil, false
	}
	var tables []binary.Import
	for _, im := range m.Imports {
		if im.Kind == binary.ExternTable {
			tables = append(tables, im)
		}
	}
	for _, e := range m.Elems {
		if e.Table >= imported || e.Offset.Kind != binary.InitI32 || e.Count == 0 {
			continue
		}
		im := tables[e.Table]
		size, ok := importedTableSize(ctx, s, im)
		if !ok || uint64(uint32(e.Offset.Bits))+uint64(e.Count) <= uint64(size) {
			continue
		}
		return errcode.Newf(errcode.TableOutOfBounds, "element segment %d: %d elements at offset %d do not fit table %s.%s of %d elements",
			e.Segment, e.Count, uint32(e.Offset.Bits), im.Module, im.Name, size), m.DataSegments == 0 && m.Start == nil
	}
	return nil, false
}

// importedTableSize returns the current size of the table that im imports,
// if it is known.
func importedTableSize(ctx context.Context, s *engine.Store, im binary.Import) (uint32, bool) {
	e, found := s.Lookup(im.Module)
	switch {
	case !found:
	case e.Host != nil:
		if t := e.Host.Table(im.Name); t != nil {
			return t.Size(ctx), true
		}
	case e.Guest != nil:
		if t, err := e.Guest.Table(ctx, im.Name, api.ValueType(im.Table.Elem)); err == nil {
			return t.Size(ctx), true
		}
	}
	return 0, false
}

// exportedMemoryShared says whether the memory module exports as name is
// shared; ok is false when that is not known here.
func exportedMemoryShared(s *engine.Store, module, name string) (shared, ok bool) {
	e, found := s.Lookup(module)
	switch {
	case !found:
		return false, false
	case e.Host != nil:
		if m := e.Host.Memory(name); m != nil {
			return m.Shared, true
		}
	case e.Guest != nil:
		if ast, isAST := e.Guest.Meta.(*AST); isAST && ast.meta != nil {
			for _, ex := range ast.meta.Exports {
				if ex.Kind == binary.ExternMemory && ex.Name == name {
					if t, has := ast.meta.MemoryType(ex.Index); has {
						return t.Limits.Shared, true
					}
				}
			}
		}
	}
	return false, false
}

// checkLimits finds what WasmEdge's validator reports before wazero's
// would report something else: a table or memory whose minimum exceeds its
// maximum (InvalidLimit; wazero first refuses a table minimum above its own
// limit), without multi-memory a second memory (MultiMemories; wazero first
// refuses the import names), without reference-types a second table
// (MultiTables), and a global initialised from a global of
// another type (TypeCheckFailed).
func checkLimits(conf *Configure, ast *AST) *errcode.Error {
	if ast == nil || ast.meta == nil {
		return nil
	}
	m := ast.meta
	bad := func(l binary.Limits) bool { return l.HasMax && l.Min > l.Max }
	for _, t := range m.Tables {
		if bad(t.Limits) {
			return errcode.New(errcode.InvalidLimit, "")
		}
	}
	for _, mem := range m.Memories {
		if bad(mem.Limits) {
			return errcode.New(errcode.InvalidLimit, "")
		}
	}
	memories, tables := len(m.Memories), len(m.Tables)
	for _, im := range m.Imports {
		switch {
		case im.Kind == binary.ExternTable && bad(im.Table.Limits),
			im.Kind == binary.ExternMemory && bad(im.Memory.Limits):
			return errcode.New(errcode.InvalidLimit, "")
		case im.Kind == binary.ExternMemory:
			memories++
		case im.Kind == binary.ExternTable:
			tables++
		}
	}
	if memories > 1 && (conf == nil || !conf.HasConfig(MULTI_MEMORIES)) {
		return errcode.New(errcode.MultiMemories, "")
	}
	if tables > 1 && conf != nil && !conf.HasConfig(REFERENCE_TYPES) {
		return errcode.New(errcode.MultiTables, "")
	}
	// A global initialised by global.get of a global of another type
	// (wazero first refuses an import with an empty module name).
	for i, init := range m.GlobalInits {
		if init.Kind != binary.InitGlobalGet || i >= len(m.Globals) {
			continue
		}
		if src, ok := m.GlobalType(uint32(init.Bits)); ok && src.Type != m.Globals[i].Type {
			return errcode.New(errcode.TypeCheckFailed, "")
		}
	}
	return nil
}

// checkAtomicAlignment rejects an atomic access whose alignment is not
// natural, as WasmEdge's validator does (InvalidAlignment, "atomic
// alignment must be natural"); wazero accepts any alignment up to the
// natural one.
func checkAtomicAlignment(ast *AST) *errcode.Error {
	if ast == nil || ast.meta == nil {
		return nil
	}
	for i, body := range ast.meta.Bodies(ast.bytes) {
		if _, _, err := binary.Walk(body, true); err != nil {
			if e, ok := err.(*errcode.Error); ok {
				return errcode.Newf(e.Code, "function %d: %s", ast.meta.ImportCount(binary.ExternFunc)+i, e.Detail)
			}
		}
	}
	return nil
}
