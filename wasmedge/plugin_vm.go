package wasmedge

import (
	"context"
	"sync"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/mock"
)

// mock reports whether the module stands in for a missing plug-in.
func (self *Module) mock() bool { return self != nil && self.isMock }

// mocks holds the process's mock modules. They are stateless, so each is
// built once and registered in every VM that needs it.
var mocks struct {
	once     sync.Once
	official []*Module // abi.Official's order
	wasi     *Module
	// all are the full lists of a VM when no plug-in is loaded, without
	// WASI (index 0) and with WASI (index 1). Read-only, shared.
	all [2][]*Module
}

func mockSet() *[2][]*Module {
	mocks.once.Do(func() {
		log := func(msg string) { logf(logLevelError, "%s", msg) }
		for _, def := range abi.Official {
			mocks.official = append(mocks.official, &Module{name: def.Instance, host: mock.New(def, log), isMock: true})
		}
		mocks.wasi = &Module{name: abi.WASIModuleName, host: mock.New(abi.WASIPreview1, log), isMock: true}
		mocks.all[0] = append(append([]*Module{}, mocks.official...), mocks.wasi)
		mocks.all[1] = append([]*Module{}, mocks.official...)
	})
	return &mocks.all
}

// pluginModulesFor returns the plug-in and mock modules a new VM registers
// (NewVM*, Cleanup): for each official module (abi.Official), the loaded
// plug-in's or else its mock; a mock of wasi_snapshot_preview1 when the
// configuration has no WASI; then every other module of every loaded
// plug-in, in registry order. Plug-in modules are created afresh for each
// VM; mocks are shared.
func pluginModulesFor(conf *Configure) []*Module {
	return pluginModules(conf != nil && conf.wasi, nil)
}

func pluginModules(wasi bool, forbidden map[string]bool) []*Module {
	all := mockSet()
	snap := plugins.snap.Load()
	withWASI := 0
	if wasi {
		withWASI = 1
	}
	if len(snap.list) == 0 {
		return all[withWASI] // the VM only reads the list
	}
	out := make([]*Module, 0, len(all[0])+len(snap.list))
	taken := make(map[*loadedPlugin]int, 4) // official plug-in -> modules used from it
	for i, def := range abi.Official {
		if p := snap.byName[def.Plugin]; p != nil && !forbidden[def.Plugin] {
			if md := p.module(def.Descriptor); md != nil {
				if m := p.create(md); m != nil {
					m.own = false
					out = append(out, m)
					taken[p]++
					continue
				}
			}
		}
		if logLevel.Load() <= logLevelDebug {
			logf(logLevelDebug, "Plugin: %s , module name: %s not found. Mock instead.", def.Plugin, def.Descriptor)
		}
		out = append(out, mocks.official[i])
	}
	if !wasi {
		out = append(out, mocks.wasi)
	}
	for _, p := range snap.list {
		if forbidden[p.desc.Name] {
			continue
		}
		if p.official && taken[p] == len(p.desc.Modules) {
			continue
		}
		for j := range p.desc.Modules {
			md := &p.desc.Modules[j]
			if p.official && officialRow(p.desc.Name, md.Name) {
				continue // registered above
			}
			if m := p.create(md); m != nil {
				m.own = false
				out = append(out, m)
			}
		}
	}
	return out
}

// officialRow reports whether a module of an official plug-in is in the
// official table.
func officialRow(plugin, descriptor string) bool {
	for _, def := range abi.Official {
		if def.Plugin == plugin && def.Descriptor == descriptor {
			return true
		}
	}
	return false
}

// excludeForbidden takes the modules of the named plug-ins out of a VM
// (the CLI's --forbidden-plugin). Unlike WasmEdge, which applies the list
// to non-official plug-ins only, it applies to every plug-in: an official
// plug-in's modules are then replaced by their mocks. The VM's plug-in
// modules are rebuilt without them; Cleanup brings them back.
func excludeForbidden(vm *VM, names []string) {
	if vm.released() || len(names) == 0 {
		return
	}
	forbidden := make(map[string]bool, len(names))
	found := false
	for _, n := range names {
		forbidden[n] = true
		if plugins.snap.Load().byName[n] != nil {
			found = true
		}
	}
	if !found {
		return
	}
	vm.mu.Lock()
	defer vm.mu.Unlock()
	ctx := context.Background()
	kept := vm.owned[:0]
	for _, m := range vm.owned {
		if m == vm.wasi {
			kept = append(kept, m)
			continue
		}
		vm.store.s.Unregister(m.name, m.host, nil)
		if !m.mock() {
			m.host.Close(ctx)
		}
	}
	vm.owned = kept
	for _, m := range pluginModules(vm.conf.wasi, forbidden) {
		vm.registerOwned(m)
	}
}
