package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/experimental/table"

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

	table    api.Module // FuncOfRef's lookup module, made on first use
	types    []FuncType // candidate types for FuncOfRef
	typeSeen map[string]bool

	guests map[*Guest]bool    // live guests; true once their slots are read
	slots  map[uint64]refSlot // references to imported functions (importrefs.go)
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

// NoteTypes records function types that references in rt may have: the
// candidates FuncOfRef tries. The public package notes the type section of
// every module it instantiates.
func (rt *Runtime) NoteTypes(ts []binary.FuncType) {
	refs := &rt.refs
	refs.mu.Lock()
	defer refs.mu.Unlock()
	if refs.typeSeen == nil {
		refs.typeSeen = map[string]bool{}
	}
	for _, t := range ts {
		k := string(binary.AppendFuncType(nil, t))
		if !refs.typeSeen[k] {
			refs.typeSeen[k] = true
			refs.types = append(refs.types, FuncType{Params: apiValueTypes(t.Params), Results: apiValueTypes(t.Results)})
		}
	}
}

func apiValueTypes(ts []binary.ValType) []api.ValueType {
	out := make([]api.ValueType, len(ts))
	for i, t := range ts {
		out[i] = api.ValueType(t)
	}
	return out
}

// refTableModule is a module with a one-slot funcref table and set(ref),
// which stores ref in it: the host's way to look a reference up.
func refTableModule() []byte {
	out := binary.AppendHeader(nil)
	section := func(id binary.SectionID, content []byte) {
		out = binary.AppendSection(out, id, append(binary.AppendU32(nil, 1), content...))
	}
	section(binary.SectionType, binary.AppendFuncType(nil, binary.FuncType{Params: []binary.ValType{binary.ValFuncref}}))
	section(binary.SectionFunction, []byte{0})
	section(binary.SectionTable, []byte{byte(binary.ValFuncref), 0x00, 0x01}) // funcref, min 1
	section(binary.SectionExport, binary.AppendExport(nil, binary.Export{Name: "set", Kind: binary.ExternFunc, Index: 0}))
	body := []byte{0x00, 0x41, 0x00, 0x20, 0x00, 0x26, 0x00, 0x0B} // no locals; table.set 0 (i32.const 0) (local.get 0)
	section(binary.SectionCode, append(binary.AppendU32(nil, uint32(len(body))), body...))
	return out
}

// ErrRefUnresolvable is FuncOfRef's error for a reference it cannot tell
// the function of.
var ErrRefUnresolvable = errors.New("the function of this reference cannot be told (a reference to an imported function?)")

// FuncOfRef returns the function that raw, a non-null reference in rt that
// the host did not make, refers to, and its type: a host function (h) for
// a reference to an imported host function, or else wazero's function.
//
// A reference to an imported function is told by the import reference
// globals of the live guests (see importrefs.go). Any other reference is a
// function of the instance that made it: it is put into a table and looked
// up with each type NoteTypes recorded (wazero checks the type as
// call_indirect does). On the compiler that lookup is safe only for such
// references, so while a live guest lacks the globals, FuncOfRef fails
// there with ErrRefUnresolvable for a reference it cannot tell.
func (rt *Runtime) FuncOfRef(ctx context.Context, raw uint64) (fn api.Function, h *HostFunc, t FuncType, err error) {
	refs := &rt.refs
	refs.mu.Lock()
	defer refs.mu.Unlock()
	all := refs.learnSlots()
	if s, ok := refs.slots[raw]; ok {
		return s.resolve()
	}
	if !all && !rt.cfg.Interpreter {
		return nil, nil, FuncType{}, ErrRefUnresolvable
	}
	if refs.table == nil {
		compiled, err := rt.r.CompileModule(ctx, refTableModule())
		if err != nil {
			return nil, nil, FuncType{}, fmt.Errorf("function reference lookup: %w", err)
		}
		mod, err := rt.r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
		compiled.Close(ctx)
		if err != nil {
			return nil, nil, FuncType{}, fmt.Errorf("function reference lookup: %w", err)
		}
		refs.table = mod
	}
	if _, err := refs.table.ExportedFunction("set").Call(ctx, raw); err != nil {
		return nil, nil, FuncType{}, fmt.Errorf("function reference lookup: %w", err)
	}
	for _, t := range refs.types {
		fn := lookupRef(refs.table, t)
		if fn == nil {
			continue
		}
		def := fn.Definition()
		if !slices.Equal(def.ParamTypes(), t.Params) || !slices.Equal(def.ResultTypes(), t.Results) {
			return nil, nil, FuncType{}, ErrRefUnresolvable
		}
		return fn, nil, t, nil
	}
	return nil, nil, FuncType{}, ErrRefUnresolvable
}

// lookupRef looks up slot 0 of mod's table as a function of type t, or
// returns nil when its type is another (wazero panics as call_indirect
// traps) or when wazero cannot look it up (a reference to an imported host
// function makes its lookup panic on both engines).
func lookupRef(mod api.Module, t FuncType) (fn api.Function) {
	defer func() {
		if recover() != nil {
			fn = nil
		}
	}()
	return table.LookupFunction(mod, 0, 0, t.Params, t.Results)
}
