package engine

import (
	"slices"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/meter"
)

// A reference to an imported function is, on both of wazero's engines, a
// slot of the importing instance, not a function of its own: the compiler's
// lookup of such a reference as a function reads that slot as something it
// is not (a fault for an imported host function). The rewriter therefore
// exports, from every guest compiled with reference types, a global per
// imported function holding the reference to it (meter.ImportRefName), and
// FuncOfRef reads them once per instance, lazily: a reference that is such
// a slot resolves to the imported function, and any other reference that
// Wasm made is a function of the instance that made it, which wazero's
// lookup reads safely. A guest without the globals (compiled without
// reference types, or run as given because the rewriter failed) makes every
// unknown reference unresolvable on the compiler.

// importRefs reports whether modules compiled for cfg carry the import
// reference globals: they need the reference-types proposal.
func importRefs(cfg Config) bool { return cfg.Features.IsEnabled(api.CoreFeatureReferenceTypes) }

// provider is what one import module name of a guest resolved to.
type provider struct {
	mod   api.Module
	host  *HostModule // nil for a guest (or the meter)
	guest *Guest      // the guest, for one registered in the store
}

// Provider returns the guest of the store that g's import module name
// resolved to when g was instantiated, or nil (a host module, or a name
// that did not resolve to a registered guest).
func (g *Guest) Provider(module string) *Guest {
	if g == nil {
		return nil
	}
	return g.providers[module].guest
}

// Providers returns the guests of the store that g's imports resolved to
// when g was instantiated.
func (g *Guest) Providers() []*Guest {
	if g == nil {
		return nil
	}
	var guests []*Guest
	for _, p := range g.providers {
		if p.guest != nil && !slices.Contains(guests, p.guest) {
			guests = append(guests, p.guest)
		}
	}
	return guests
}

// refSlot is the reference slot of imported function index of guest g.
type refSlot struct {
	g     *Guest
	index int // among the guest's function imports
}

// addGuest records a live guest of rt, whose slots are read on demand.
func (refs *funcRefs) addGuest(g *Guest) {
	refs.mu.Lock()
	defer refs.mu.Unlock()
	if refs.guests == nil {
		refs.guests = map[*Guest]bool{}
	}
	refs.guests[g] = false
}

// removeGuest forgets a guest that closes, and its slots.
func (refs *funcRefs) removeGuest(g *Guest) {
	refs.mu.Lock()
	defer refs.mu.Unlock()
	if refs.guests[g] {
		for raw, s := range refs.slots {
			if s.g == g {
				delete(refs.slots, raw)
			}
		}
	}
	delete(refs.guests, g)
}

// learnSlots reads the slots of every live guest not read yet. It reports
// whether every live guest's slots are known. refs.mu is held.
func (refs *funcRefs) learnSlots() bool {
	all := true
	for g, known := range refs.guests {
		if known {
			continue
		}
		if !refs.readSlots(g) {
			all = false
			continue
		}
		refs.guests[g] = true
	}
	return all
}

// readSlots records the slots of g's imported functions from its import
// reference globals, or reports false when g lacks them.
func (refs *funcRefs) readSlots(g *Guest) bool {
	imports := g.Compiled.Module.ImportedFunctions()
	slots := make(map[uint64]int, len(imports))
	for i, def := range imports {
		if mod, _, _ := def.Import(); mod == meter.ImportModule {
			continue // the rewriter's own import, which Wasm code cannot name
		}
		if g.Compiled.Plan == nil || !g.Compiled.Plan.ImportRefs {
			return false
		}
		gl := g.Module.ExportedGlobal(meter.ImportRefName(uint32(i)))
		if gl == nil || gl.Type() != ValueTypeFuncref {
			return false
		}
		slots[gl.Get()] = i
	}
	if refs.slots == nil {
		refs.slots = map[uint64]refSlot{}
	}
	for raw, i := range slots {
		refs.slots[raw] = refSlot{g: g, index: i}
	}
	return true
}

// resolve returns the function that slot s imports: the host function
// of a host module, or else the provider's export. refs.mu is held.
func (s refSlot) resolve() (api.Function, *HostFunc, FuncType, error) {
	def := s.g.Compiled.Module.ImportedFunctions()[s.index]
	modName, name, _ := def.Import()
	t := FuncType{Params: def.ParamTypes(), Results: def.ResultTypes()}
	p, ok := s.g.providers[modName]
	if !ok || p.mod == nil {
		return nil, nil, FuncType{}, ErrRefUnresolvable
	}
	if p.host != nil {
		if h := p.host.Func(name); h != nil {
			return nil, h, h.Type, nil
		}
	}
	fn := p.mod.ExportedFunction(name)
	if fn == nil {
		return nil, nil, FuncType{}, ErrRefUnresolvable
	}
	return fn, nil, t, nil
}

// recordProviders wraps an import resolver so that it notes what each
// import module name resolved to in provs.
func recordProviders(resolve func(string) api.Module, s *Store, provs map[string]provider) func(string) api.Module {
	return func(name string) api.Module {
		mod := resolve(name)
		if mod != nil {
			p := provider{mod: mod}
			if e, ok := s.Lookup(name); ok {
				p.host, p.guest = e.Host, e.Guest
			}
			provs[name] = p
		}
		return mod
	}
}
