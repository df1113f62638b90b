package spectest_test

import (
	"fmt"
	"os"

	"github.com/pureedge/pureedge/wasmedge"
)

// The harness goes through one of two public paths, chosen by
// PUREEDGE_SPEC_API: the step API (the default: Loader, Validator,
// Executor.Register/Instantiate/RegisterImport/Invoke on a Store of the
// harness's own) or a VM (VM.RegisterModule, RegisterWasmBuffer,
// LoadWasmBuffer/Validate/Instantiate, GetActiveModule and
// GetRegisteredModule, and VM.Execute for the active module and
// VM.ExecuteRegistered for registered ones). Both give the same count. On
// the VM path the step API's objects are not made, so that a stray use
// fails.

// holdName is the name to register a module command's module under: as
// (from a register command), or, on the VM path, a name of its own for a
// module with a $name, since a VM holds one anonymous (active) module and
// a later Instantiate replaces it, while scripts invoke named modules
// defined earlier.
func (r *fileRun) holdName(c *command, as string) string {
	if as == "" && r.vm != nil && c.Name != "" {
		return fmt.Sprintf("\x00spec-vm:%s:%d", c.Name, c.Line)
	}
	return as
}

// vmMode reports whether PUREEDGE_SPEC_API asks for the VM path.
func vmMode() bool { return os.Getenv("PUREEDGE_SPEC_API") == "vm" }

// registerImport registers a host module for the scripts to import.
func (r *fileRun) registerImport(m *wasmedge.Module) error {
	if r.vm != nil {
		return r.vm.RegisterModule(m)
	}
	return r.exec.RegisterImport(r.store, m)
}

// check loads and validates a module that an assertion expects to fail.
func (r *fileRun) check(buf []byte) error {
	if r.vm != nil {
		if err := r.vm.LoadWasmBuffer(buf); err != nil {
			return err
		}
		return r.vm.Validate()
	}
	ast, err := r.load(buf)
	if err == nil {
		ast.Release()
	}
	return err
}

// instantiate loads, validates and instantiates a module, registered as
// `as` when it is not empty. loadErr is a loading or validation failure,
// err one of instantiation.
func (r *fileRun) instantiate(buf []byte, as string) (mod *wasmedge.Module, loadErr, err error) {
	if r.vm != nil {
		if as != "" {
			// RegisterWasmBuffer loads, validates and instantiates in one
			// step; a load or validation failure is told apart by code.
			if err := r.check(buf); err != nil {
				return nil, err, nil
			}
			if err := r.vm.RegisterWasmBuffer(as, buf); err != nil {
				return nil, nil, err
			}
			mod := r.vm.GetRegisteredModule(as)
			r.vmNames[mod] = as
			return mod, nil, nil
		}
		if err := r.check(buf); err != nil {
			return nil, err, nil
		}
		if err := r.vm.Instantiate(); err != nil {
			return nil, nil, err
		}
		r.vmActive = r.vm.GetActiveModule()
		return r.vmActive, nil, nil
	}
	ast, err := r.load(buf)
	if err != nil {
		return nil, err, nil
	}
	defer ast.Release()
	store, err := r.storeFor(buf)
	if err != nil {
		return nil, nil, err
	}
	if as != "" {
		mod, err = r.exec.Register(store, ast, as)
	} else {
		mod, err = r.exec.Instantiate(store, ast)
	}
	return mod, nil, err
}

// invokeFunc calls function name, found as fn in mod: on the VM path by
// the VM's Execute or ExecuteRegistered, or, for an anonymous module that a
// later one replaced as the VM's active module (which WasmEdge's VM cannot
// reach by name either), by the VM's executor.
func (r *fileRun) invokeFunc(mod *wasmedge.Module, name string, fn *wasmedge.Function, args []interface{}) ([]interface{}, error) {
	if r.tally.calls == nil {
		r.tally.calls = map[string]int{}
	}
	if r.vm == nil {
		r.tally.calls["Executor.Invoke"]++
		return r.exec.Invoke(fn, args...)
	}
	if as, ok := r.vmNames[mod]; ok {
		r.tally.calls["VM.ExecuteRegistered"]++
		return r.vm.ExecuteRegistered(as, name, args...)
	}
	if mod == r.vmActive {
		r.tally.calls["VM.Execute"]++
		return r.vm.Execute(name, args...)
	}
	r.tally.calls["VM.GetExecutor().Invoke"]++
	return r.vm.GetExecutor().Invoke(fn, args...)
}
