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
// built once, when a VM first needs it, and registered in every VM that
// needs it (a program that has the official plug-ins compiled in, such as
// the CLI, builds only the few mocks of those it has not).
var mocks struct {
	mu       sync.Mutex
	official []*Module // abi.Official's order; nil until built
	wasi     *Module
	// all are the full lists of a VM when no plug-in is loaded, without
	// WASI (index 0) and with WASI (index 1). Read-only, shared.
	allOnce sync.Once
	all     [2][]*Module
}

func mockLog(msg string) { logf(logLevelError, "%s", msg) }

// officialMock returns the mock of abi.Official[i].
func officialMock(i int) *Module {
	mocks.mu.Lock()
	defer mocks.mu.Unlock()
	if mocks.official == nil {
		mocks.official = make([]*Module, len(abi.Official))
	}
	if mocks.official[i] == nil {
		def := abi.Official[i]
		mocks.official[i] = &Module{name: def.Instance, host: mock.New(def, mockLog), isMock: true}
	}
	return mocks.official[i]
}

// wasiMock returns the mock of wasi_snapshot_preview1, which a VM without
// WASI registers.
func wasiMock() *Module {
	mocks.mu.Lock()
	defer mocks.mu.Unlock()
	if mocks.wasi == nil {
		mocks.wasi = &Module{name: abi.WASIModuleName, host: mock.New(abi.WASIPreview1, mockLog), isMock: true}
	}
	return mocks.wasi
}

// mockSet returns the lists of mocks of a VM when no plug-in is loaded.
func mockSet() *[2][]*Module {
	mocks.allOnce.Do(func() {
		official := make([]*Module, len(abi.Official))
		for i := range official {
			official[i] = officialMock(i)
		}
		mocks.all[0] = append(append([]*Module{}, official...), wasiMock())
		mocks.all[1] = official
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
	snap := plugins.snap.Load()
	if len(snap.list) == 0 {
		withWASI := 0
		if wasi {
			withWASI = 1
		}
		return mockSet()[withWASI] // the VM only reads the list
	}
	out := make([]*Module, 0, len(abi.Official)+1+len(snap.list))
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
		out = append(out, officialMock(i))
	}
	if !wasi {
		out = append(out, wasiMock())
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
