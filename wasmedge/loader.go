package wasmedge

import (
	"context"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// Loader parses Wasm binaries into ASTs.
type Loader struct {
	conf *Configure
}

// NewLoader creates a loader with the default configuration.
func NewLoader() *Loader { return &Loader{conf: defaultConfigure()} }

// NewLoaderWithConfig creates a loader with a configuration.
func NewLoaderWithConfig(conf *Configure) *Loader { return &Loader{conf: conf.clone()} }

// LoadFile parses a Wasm file.
func (self *Loader) LoadFile(path string) (*AST, error) {
	buf, err := readWasmFile(path)
	if err != nil {
		return nil, err
	}
	return self.LoadBuffer(buf)
}

// LoadBuffer parses Wasm bytes. Malformed input gives WasmEdge's load error
// codes (0x01xx).
func (self *Loader) LoadBuffer(buf []byte) (*AST, error) {
	ast, e := loadAST(buf, self.conf)
	if e == nil {
		e = checkSharedFlag(self.conf, ast)
	}
	if e != nil {
		return nil, resultError(e)
	}
	return ast, nil
}

// checkSharedFlag rejects the shared flag of limits when the threads
// proposal is off, as WasmEdge's loader does ("integer too large": the flag
// byte is out of range for Wasm 2.0).
func checkSharedFlag(conf *Configure, ast *AST) *errcode.Error {
	if conf != nil && conf.HasConfig(THREADS) {
		return nil
	}
	if shared, _ := ast.meta.SharedLimits(); shared {
		return errcode.New(errcode.IntegerTooLarge, "limits flags: shared memory needs the threads proposal")
	}
	return nil
}

// Release frees the loader.
func (self *Loader) Release() {}

// Validator validates ASTs against a configuration's proposals.
type Validator struct {
	conf *Configure
}

// NewValidator creates a validator with the default configuration.
func NewValidator() *Validator { return &Validator{conf: defaultConfigure()} }

// NewValidatorWithConfig creates a validator with a configuration.
func NewValidatorWithConfig(conf *Configure) *Validator { return &Validator{conf: conf.clone()} }

// Validate validates an AST. Validation errors give WasmEdge's codes
// (0x02xx), as closely as the engine's messages allow.
func (self *Validator) Validate(ast *AST) error {
	if ast == nil {
		return fail(errcode.WrongVMWorkflow, "nil AST")
	}
	c, err := compileAST(self.conf, engine.RuntimeFor(self.conf.engineConfig()), ast, nil)
	if err != nil {
		return err
	}
	c.Release()
	return nil
}

// Release frees the validator.
func (self *Validator) Release() {}

// Executor instantiates modules into stores and invokes functions.
type Executor struct {
	conf  *Configure
	stats *Statistics
	ctx   context.Context
}

// NewExecutor creates an executor with the default configuration.
func NewExecutor() *Executor { return NewExecutorWithConfigAndStatistics(nil, nil) }

// NewExecutorWithConfig creates an executor with a configuration.
func NewExecutorWithConfig(conf *Configure) *Executor {
	return NewExecutorWithConfigAndStatistics(conf, nil)
}

// NewExecutorWithStatistics creates an executor that records statistics.
func NewExecutorWithStatistics(stat *Statistics) *Executor {
	return NewExecutorWithConfigAndStatistics(nil, stat)
}

// NewExecutorWithConfigAndStatistics creates an executor with a
// configuration and statistics (either may be nil).
func NewExecutorWithConfigAndStatistics(conf *Configure, stat *Statistics) *Executor {
	if stat == nil {
		stat = NewStatistics()
	}
	e := &Executor{conf: conf.clone(), stats: stat}
	stat.m.CostOn = stat.m.CostOn || e.conf.costMeasure
	return e
}

func (self *Executor) runtime() *engine.Runtime { return engine.RuntimeFor(self.conf.engineConfig()) }

func (self *Executor) context() context.Context {
	if self.ctx != nil {
		return self.ctx
	}
	return withExecutor(context.Background(), self)
}

// Instantiate instantiates an AST into a store as an anonymous module the
// caller owns; its imports resolve against the store.
func (self *Executor) Instantiate(store *Store, ast *AST) (*Module, error) {
	if self == nil || store == nil || store.s == nil || ast == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil executor, store or AST")
	}
	rt := self.runtime()
	c, err := compileAST(self.conf, rt, ast, self.stats)
	if err != nil {
		return nil, err
	}
	defer c.Release()
	g, err := instantiate(rt, store.s, c, ast, self)
	if err != nil {
		return nil, err
	}
	return &Module{guest: g, meta: ast.meta, own: true}, nil
}

// Register instantiates an AST into a store under modname. The caller owns
// the result; releasing it unregisters it.
func (self *Executor) Register(store *Store, ast *AST, modname string) (*Module, error) {
	if self == nil || store == nil || store.s == nil || ast == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil executor, store or AST")
	}
	m, err := registerAST(self.conf, self.runtime(), store.s, modname, ast, self)
	if err != nil {
		return nil, err
	}
	m.own = true
	m.stores = []*engine.Store{store.s}
	return m, nil
}

// RegisterImport registers a host, WASI or plug-in module into a store under
// its name.
func (self *Executor) RegisterImport(store *Store, module *Module) error {
	if store == nil || store.s == nil || module == nil || module.host == nil {
		return fail(errcode.WrongVMWorkflow, "nil store or not a host module")
	}
	return registerHost(store.s, module)
}

// Invoke calls a function instance: a Wasm export, a host function, or a
// function made by NewFunction and never added to a module.
func (self *Executor) Invoke(funcinst *Function, params ...interface{}) ([]interface{}, error) {
	if funcinst == nil {
		return nil, fail(errcode.FuncNotFound, "nil function")
	}
	return self.invoke(nil, funcinst, params)
}

// InvokeContext is Invoke, stopped with "execution interrupted" (0x0007)
// when ctx is cancelled or its deadline passes.
//
// This is an extension: WasmEdge's Go SDK has no context-taking calls.
func (self *Executor) InvokeContext(ctx context.Context, funcinst *Function, params ...interface{}) ([]interface{}, error) {
	if ctx == nil {
		return nil, fail(errcode.WrongVMWorkflow, "nil context")
	}
	return self.invoke(ctx, funcinst, params)
}

func (self *Executor) invoke(parent context.Context, funcinst *Function, params []interface{}) ([]interface{}, error) {
	if funcinst == nil {
		return nil, fail(errcode.FuncNotFound, "nil function")
	}
	ctx := self.context()
	if parent != nil {
		ctx = withExecutor(parent, self)
	}
	ctx, cancel := withTimeLimit(ctx, self.conf)
	defer cancel()
	res, err := self.stats.measure(func() ([]interface{}, error) { return funcinst.call(ctx, params) })
	self.stats.dump(self.conf)
	return res, err
}

// AsyncInvoke is Invoke in the background.
func (self *Executor) AsyncInvoke(funcinst *Function, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) { return self.InvokeContext(ctx, funcinst, params...) })
}

// Release frees the executor.
func (self *Executor) Release() {}
