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

// V128Global reaches a v128 global that a Wasm instance exports, whole:
// wazero's api.Global reads and writes only its low half. Its accessor
// functions belong to a small synthesized module that imports the global.
type V128Global struct {
	mu       sync.Mutex
	mod      api.Module
	get, set api.Function
}

// NewV128Global returns access to the v128 global that mod exports as
// name; Close releases it. Guest.V128Global shares one per export.
func NewV128Global(ctx context.Context, mod api.Module, name string, mutable bool) (*V128Global, error) {
	rt := RuntimeOf(mod)
	if rt == nil {
		return nil, fmt.Errorf("global %q: the instance is not known", name)
	}
	compiled, err := rt.r.CompileModule(ctx, binary.EncodeV128GlobalAccess(name, mutable))
	if err != nil {
		return nil, fmt.Errorf("global %q: %w", name, err)
	}
	defer compiled.Close(ctx) // the instance keeps what it needs
	ictx := experimental.WithImportResolver(ctx, func(string) api.Module { return mod })
	acc, err := rt.r.InstantiateModule(ictx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, fmt.Errorf("global %q: %w", name, err)
	}
	v := &V128Global{mod: acc, get: acc.ExportedFunction(binary.GlobalGetName(""))}
	if mutable {
		v.set = acc.ExportedFunction(binary.GlobalSetName(""))
	}
	return v, nil
}

// Get returns the global's value.
func (v *V128Global) Get(ctx context.Context) (lo, hi uint64, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var stack [2]uint64
	if err := v.get.CallWithStack(ctx, stack[:]); err != nil {
		return 0, 0, err
	}
	return stack[0], stack[1], nil
}

// Set stores the global's value; the global must be mutable.
func (v *V128Global) Set(ctx context.Context, lo, hi uint64) error {
	if v.set == nil {
		return fmt.Errorf("the global is immutable")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	stack := [2]uint64{lo, hi}
	return v.set.CallWithStack(ctx, stack[:])
}

// Close releases the accessor instance.
func (v *V128Global) Close(ctx context.Context) { _ = v.mod.Close(ctx) }

// V128Global returns access to the v128 global that g exports as name,
// made on first use; it lives as long as g.
func (g *Guest) V128Global(ctx context.Context, name string, mutable bool) (*V128Global, error) {
	if v, ok := g.globals.Load(name); ok {
		return v.(*V128Global), nil
	}
	v, err := NewV128Global(ctx, g.Module, name, mutable)
	if err != nil {
		return nil, err
	}
	if old, loaded := g.globals.LoadOrStore(name, v); loaded {
		v.Close(ctx)
		return old.(*V128Global), nil
	}
	return v, nil
}
