package engine

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/pureedge/pureedge/internal/binary"
)

// moduleRuntimes maps each guest instance to its runtime.
var moduleRuntimes sync.Map // api.Module -> *Runtime

// RuntimeOf returns the runtime of a guest instance, or nil.
func RuntimeOf(mod api.Module) *Runtime {
	if rt, ok := moduleRuntimes.Load(mod); ok {
		return rt.(*Runtime)
	}
	return nil
}

// funcRefs holds the engine references that the host made in a runtime.
type funcRefs struct {
	mu     sync.Mutex
	byKey  map[any]uint64
	owners map[uint64]any
	mods   []api.Module
}

type guestFuncKey struct {
	mod  api.Module
	name string
}

// HostFuncRef returns the engine's reference to host function f in rt,
// making it on first use: f goes into a hidden host module, and a
// synthesized module imports it and exports a funcref global set by
// ref.func. owner is what FuncRefOwner returns for the reference.
func (rt *Runtime) HostFuncRef(ctx context.Context, f *HostFunc, owner any) (uint64, error) {
	return rt.funcRef(ctx, f, owner, f.Type, func() (api.Module, string, error) {
		mod, err := rt.instantiateFuncs(ctx, "\x00pureedge-ref", map[string]*HostFunc{"f": f})
		return mod, "f", err
	})
}

// GuestFuncRef returns the engine's reference to the function that mod, an
// instance of rt, exports as name, with type t.
func (rt *Runtime) GuestFuncRef(ctx context.Context, mod api.Module, name string, t FuncType, owner any) (uint64, error) {
	if RuntimeOf(mod) != rt {
		return 0, fmt.Errorf("function %q belongs to an instance of another configuration", name)
	}
	return rt.funcRef(ctx, guestFuncKey{mod, name}, owner, t, func() (api.Module, string, error) {
		return mod, name, nil
	})
}

func (rt *Runtime) funcRef(ctx context.Context, key, owner any, t FuncType, source func() (api.Module, string, error)) (uint64, error) {
	refs := &rt.refs
	refs.mu.Lock()
	defer refs.mu.Unlock()
	if raw, ok := refs.byKey[key]; ok {
		return raw, nil
	}
	src, name, err := source()
	if err != nil {
		return 0, err
	}
	bin := binary.EncodeFuncRef(name, binary.FuncType{Params: binaryTypes(t.Params), Results: binaryTypes(t.Results)})
	compiled, err := rt.r.CompileModule(ctx, bin)
	if err != nil {
		return 0, fmt.Errorf("function reference: %w", err)
	}
	defer compiled.Close(ctx) // the instance keeps what it needs
	ictx := experimental.WithImportResolver(ctx, func(string) api.Module { return src })
	mod, err := rt.r.InstantiateModule(ictx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return 0, fmt.Errorf("function reference: %w", err)
	}
	raw := mod.ExportedGlobal(binary.RefExport).Get()
	if refs.byKey == nil {
		refs.byKey, refs.owners = map[any]uint64{}, map[uint64]any{}
	}
	refs.byKey[key], refs.owners[raw] = raw, owner
	refs.mods = append(refs.mods, mod)
	if src != nil {
		if _, isGuest := key.(guestFuncKey); !isGuest {
			refs.mods = append(refs.mods, src)
		}
	}
	return raw, nil
}

// FuncRefOwner returns the owner given when the reference raw was made in
// rt, or nil for a reference the host did not make.
func (rt *Runtime) FuncRefOwner(raw uint64) any {
	rt.refs.mu.Lock()
	defer rt.refs.mu.Unlock()
	return rt.refs.owners[raw]
}
