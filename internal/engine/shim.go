package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/pureedge/pureedge/internal/binary"
)

// buildShim materialises a host module that owns memories or globals, which
// wazero's host modules cannot: the functions go into a hidden host module,
// and a synthesized Wasm module imports and re-exports them next to the
// memories and globals. The memory is the host's own buffer (handed to
// wazero through a memory allocator), so the host object, the module's
// export and every importer share it.
func (rt *Runtime) buildShim(ctx context.Context, m *HostModule) ([]api.Module, error) {
	if len(m.memories) > 1 {
		return nil, fmt.Errorf("host module %q: more than one memory needs the multi-memory proposal, which the engine lacks", m.name)
	}
	hidden := "\x00pureedge-host:" + m.name
	var mods []api.Module
	spec := binary.ShimSpec{Hidden: hidden}
	if len(m.funcs) > 0 {
		hiddenMod, err := rt.instantiateFuncs(ctx, hidden, m.funcs)
		if err != nil {
			return nil, err
		}
		mods = append(mods, hiddenMod)
		for _, name := range slices.Sorted(maps.Keys(m.funcs)) {
			t := m.funcs[name].Type
			spec.Funcs = append(spec.Funcs, binary.ShimFunc{Name: name,
				Type: binary.FuncType{Params: binaryTypes(t.Params), Results: binaryTypes(t.Results)}})
		}
	}
	var mem *HostMemory
	var memName string
	for name, hm := range m.memories {
		mem, memName = hm, name
		spec.Memories = append(spec.Memories, binary.ShimMemory{Name: name, Limits: binary.Limits{
			Min: uint64(hm.Pages()), Max: uint64(hm.Max), HasMax: hm.HasMax, Shared: hm.Shared}})
	}
	for _, name := range slices.Sorted(maps.Keys(m.globals)) {
		g := m.globals[name]
		lo, hi := g.Get()
		spec.Globals = append(spec.Globals, binary.ShimGlobal{Name: name, Type: binary.ValType(g.Type),
			Mutable: g.Mutable, Bits: lo, Hi: hi})
	}
	// Without reference-types the engine rejects the accessors: the
	// tables are exported as they are, and the host cannot reach their
	// elements (it can only have set none).
	spec.NoTableAccess = !rt.cfg.Features.IsEnabled(api.CoreFeatureReferenceTypes)
	for _, name := range slices.Sorted(maps.Keys(m.tables)) {
		t := m.tables[name]
		if spec.NoTableAccess && t.hasElems() {
			closeAll(ctx, mods)
			return nil, fmt.Errorf("host module %q: table %q has elements set by the host, which needs the reference-types proposal", m.name, name)
		}
		spec.Tables = append(spec.Tables, binary.ShimTable{Name: name, Elem: binary.ValType(t.Elem),
			Limits: binary.Limits{Min: uint64(t.Size(ctx)), Max: uint64(t.Max), HasMax: t.HasMax}})
	}
	compiled, err := rt.r.CompileModule(ctx, binary.EncodeShim(spec))
	if err != nil {
		closeAll(ctx, mods)
		return nil, fmt.Errorf("host module %q: %w", m.name, err)
	}
	defer compiled.Close(ctx) // the instance keeps what it needs
	ictx := ctx
	if len(mods) > 0 {
		hiddenMod := mods[0]
		ictx = experimental.WithImportResolver(ictx, func(name string) api.Module {
			if name == hidden {
				return hiddenMod
			}
			return nil
		})
	}
	if mem != nil {
		ictx = experimental.WithMemoryAllocator(ictx, experimental.MemoryAllocatorFunc(
			func(uint64, uint64) experimental.LinearMemory { return mem }))
	}
	mod, err := rt.r.InstantiateModule(ictx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		closeAll(ctx, mods)
		return nil, fmt.Errorf("host module %q: %w", m.name, err)
	}
	if mem != nil {
		mem.bind(mod.ExportedMemory(memName))
	}
	for name, g := range m.globals {
		g.bind(mod, name)
	}
	for name, t := range m.tables {
		var err error
		if spec.NoTableAccess {
			err = t.bindOpaque(rt)
		} else {
			var acc *tableAccess
			if acc, err = accessorsOf(mod, name); err == nil {
				err = t.bind(ctx, rt, acc)
			}
		}
		if err != nil {
			closeAll(ctx, append(mods, mod))
			return nil, fmt.Errorf("host module %q: %w", m.name, err)
		}
	}
	return append(mods, mod), nil
}

func closeAll(ctx context.Context, mods []api.Module) {
	for _, m := range mods {
		_ = m.Close(ctx)
	}
}

func binaryTypes(ts []api.ValueType) []binary.ValType {
	out := make([]binary.ValType, len(ts))
	for i, t := range ts {
		out[i] = binary.ValType(t)
	}
	return out
}
