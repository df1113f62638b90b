package wasmedge

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// Plugin is a loaded plug-in, as found by FindPlugin. It belongs to the
// process-wide registry and needs no Release.
type Plugin struct {
	p *loadedPlugin
}

// PluginVersion is a plug-in's version: major, minor, patch, build.
type PluginVersion struct {
	Major, Minor, Patch, Build uint32
}

// PluginDescriptor describes a plug-in written in Go and compiled into the
// program. A plug-in package registers it from an init function with
// RegisterPlugin, so that importing the package is all a user does (see
// plugins/README.md for a guide).
type PluginDescriptor struct {
	// Name is the plug-in's name, the key of FindPlugin (e.g. "wasi_crypto").
	Name        string
	Description string
	Version     PluginVersion
	// Modules are the modules the plug-in can create. Every VM created
	// while the plug-in is registered gets one fresh instance of each.
	Modules []PluginModuleDescriptor
	// Options are the plug-in's settings (--Name on the wasmedge command
	// line, SetPluginOption from Go). They are plug-in-global: Create reads
	// them when a module is created, so a value set later does not change a
	// module that exists.
	Options []PluginOption
}

// PluginModuleDescriptor describes one module of a plug-in.
type PluginModuleDescriptor struct {
	// Name is the module's descriptor name, a key of (*Plugin).CreateModule.
	Name string
	// InstanceName is the name of the module Create returns, the one guests
	// import and ListModule shows; empty means Name. (wasi_crypto's module
	// "wasi_crypto_common" creates "wasi_ephemeral_crypto_common".)
	InstanceName string
	Description  string
	// Create returns a fresh, independent module instance on every call,
	// built with NewModule(InstanceName), NewFunction or NewFastFunction and
	// AddFunction; or nil on failure. Whoever gets it owns it (the VM, or
	// the caller of CreateModule, who calls Release).
	Create func() *Module
}

// PluginOptionType says how a plug-in option takes its value.
type PluginOptionType int

const (
	// PluginOptionString takes one value; a later one replaces it.
	PluginOptionString PluginOptionType = iota
	// PluginOptionToggle is a switch: given with no value it is "true"
	// (--allow-command-all).
	PluginOptionToggle
	// PluginOptionList may be given many times; each value is added
	// (--nn-preload, --allow-command).
	PluginOptionList
)

// PluginOption is a setting of a plug-in.
type PluginOption struct {
	// Name is the option's name, --Name on the command line. The namespace
	// is flat, as WasmEdge's: choose a name no other plug-in uses.
	Name        string
	Description string
	Type        PluginOptionType
	// Set parses and stores one value ("true" or "false" for a toggle);
	// for a list it adds the value. It is called from the command line's
	// parser or from SetPluginOption, possibly from many goroutines: guard
	// the storage.
	Set func(value string) error
}

// loadedPlugin is an entry of the registry.
type loadedPlugin struct {
	desc     plugindesc.Descriptor
	official bool // an official plug-in (its modules are in abi.Official)
}

// registry is an immutable snapshot of the loaded plug-ins; writers replace
// it whole, so readers (every new VM) take no lock.
type registry struct {
	list   []*loadedPlugin
	byName map[string]*loadedPlugin
}

var plugins struct {
	snap   atomic.Pointer[registry]
	mu     sync.Mutex          // serialises writers of snap
	loadMu sync.Mutex          // serialises file loading
	files  map[string]struct{} // files tried (absolute, cleaned)
}

func init() {
	plugins.snap.Store(&registry{byName: map[string]*loadedPlugin{}})
	plugins.files = map[string]struct{}{}
}

// loadSharedLibrary loads a plug-in file with WasmEdge's C plug-in ABI
// (WasmEdge_Plugin_GetDescriptor), through the cgo loader of internal/capi.
// Built without cgo, it fails with a clear reason; tests replace it.
var loadSharedLibrary = capi.Load

// register adds d to the registry unless a plug-in of that name is there
// already (the first one wins).
func register(d plugindesc.Descriptor) bool {
	plugins.mu.Lock()
	defer plugins.mu.Unlock()
	old := plugins.snap.Load()
	if _, dup := old.byName[d.Name]; dup {
		logf(logLevelDebug, "Plugin: %s has already loaded.", d.Name)
		return false
	}
	p := &loadedPlugin{desc: d, official: abi.IsOfficialPlugin(d.Name)}
	next := &registry{
		list:   append(append(make([]*loadedPlugin, 0, len(old.list)+1), old.list...), p),
		byName: make(map[string]*loadedPlugin, len(old.byName)+1),
	}
	for k, v := range old.byName {
		next.byName[k] = v
	}
	next.byName[d.Name] = p
	plugins.snap.Store(next)
	return true
}

// RegisterPlugin registers a plug-in written in Go; plug-in packages call it
// from init. The plug-in is visible at once, to ListPlugins, FindPlugin and
// every VM created afterwards, with no Load call: importing the package is
// enough. (WasmEdge's built-in plug-ins appear only after
// LoadPluginDefaultPaths; a Go plug-in is there as soon as it is linked in.)
// Compiled-in plug-ins come before any file in ListPlugins, so they win over
// a shared library of the same name.
//
// A second plug-in of an existing name is not registered (the first one
// wins): RegisterPlugin then returns a *Result with the code "module name
// conflict". An invalid descriptor (no name, a module with no name or no
// Create, an option with no name or no Set) is a programming error: it
// panics.
func RegisterPlugin(d PluginDescriptor) error {
	desc, err := d.descriptor()
	if err != nil {
		panic("wasmedge.RegisterPlugin: " + err.Error())
	}
	if !register(desc) {
		return &Result{code: uint32(errcode.ModuleNameConflict)}
	}
	return nil
}

// descriptor converts a Go descriptor to the registry's shape.
func (d PluginDescriptor) descriptor() (plugindesc.Descriptor, error) {
	out := plugindesc.Descriptor{
		Name: d.Name, Description: d.Description,
		Version: [4]uint32{d.Version.Major, d.Version.Minor, d.Version.Patch, d.Version.Build},
	}
	if d.Name == "" {
		return out, errors.New("a plug-in needs a name")
	}
	for _, m := range d.Modules {
		if m.Name == "" || m.Create == nil {
			return out, fmt.Errorf("plug-in %q: a module needs a name and a Create function", d.Name)
		}
		inst := m.InstanceName
		if inst == "" {
			inst = m.Name
		}
		create := m.Create
		out.Modules = append(out.Modules, plugindesc.Module{
			Name: m.Name, InstanceName: inst, Description: m.Description,
			Create: func() (*engine.HostModule, error) {
				mod := create()
				if mod == nil || mod.host == nil {
					return nil, errors.New("Create returned no host module")
				}
				mod.own = false // ownership passes to the registry's caller
				return mod.host, nil
			},
		})
	}
	for _, o := range d.Options {
		if o.Name == "" || o.Set == nil {
			return out, fmt.Errorf("plug-in %q: an option needs a name and a Set function", d.Name)
		}
		t := plugindesc.OptionString
		switch o.Type {
		case PluginOptionToggle:
			t = plugindesc.OptionToggle
		case PluginOptionList:
			t = plugindesc.OptionList
		}
		out.Options = append(out.Options, plugindesc.Option{Name: o.Name, Description: o.Description, Type: t, Set: o.Set})
	}
	return out, nil
}

// LoadPluginDefaultPaths loads the plug-ins found on the default paths:
// every entry of WASMEDGE_PLUGIN_PATH, then the directory next to the
// installation (see DefaultPluginPaths). Failures are logged, never
// returned, as in WasmEdge. Loading is idempotent: a file is tried once per
// process. It is safe to call from many goroutines.
func LoadPluginDefaultPaths() {
	plugins.loadMu.Lock()
	defer plugins.loadMu.Unlock()
	for _, p := range DefaultPluginPaths() {
		loadPath(p)
	}
}

// LoadPluginFromPath loads the plug-in file path, or every plug-in file
// under the directory path (recursively, without following symbolic links
// to directories). An empty path does nothing.
func LoadPluginFromPath(name string) {
	if name == "" {
		return
	}
	plugins.loadMu.Lock()
	defer plugins.loadMu.Unlock()
	loadPath(name)
}

// ListPlugins returns the names of the loaded plug-ins, in the order they
// were registered: compiled-in plug-ins first, then files in load order.
func ListPlugins() []string {
	snap := plugins.snap.Load()
	names := make([]string, len(snap.list))
	for i, p := range snap.list {
		names[i] = p.desc.Name
	}
	return names
}

// FindPlugin returns the loaded plug-in called name, or nil.
func FindPlugin(name string) *Plugin {
	if p := plugins.snap.Load().byName[name]; p != nil {
		return &Plugin{p: p}
	}
	return nil
}

// ListModule returns the names of the plug-in's modules, the names guests
// import (wasi_crypto lists "wasi_ephemeral_crypto_common", ...), in the
// plug-in's order. A module of a shared-library plug-in whose instance name
// cannot be known before it is created is listed by its descriptor name. It
// returns nil for a nil plug-in.
func (self *Plugin) ListModule() []string {
	if self == nil || self.p == nil {
		return nil
	}
	names := make([]string, len(self.p.desc.Modules))
	for i := range self.p.desc.Modules {
		names[i] = instanceName(&self.p.desc.Modules[i])
	}
	return names
}

// CreateModule creates a fresh instance of the module name, given by its
// instance name (as ListModule shows) or its descriptor name. The caller
// owns the module and releases it with Release. It returns nil for a nil
// plug-in, an unknown name, or a module that could not be created (logged).
func (self *Plugin) CreateModule(name string) *Module {
	if self == nil || self.p == nil {
		return nil
	}
	md := self.p.module(name)
	if md == nil {
		return nil
	}
	return self.p.create(md)
}

func instanceName(md *plugindesc.Module) string {
	if md.InstanceName != "" {
		return md.InstanceName
	}
	return md.Name
}

// module finds a module by descriptor name, then by instance name.
func (p *loadedPlugin) module(name string) *plugindesc.Module {
	for i := range p.desc.Modules {
		if p.desc.Modules[i].Name == name {
			return &p.desc.Modules[i]
		}
	}
	for i := range p.desc.Modules {
		if p.desc.Modules[i].InstanceName == name {
			return &p.desc.Modules[i]
		}
	}
	return nil
}

// create makes a module instance, logging a failure (or a panic of the
// plug-in's code) and returning nil for it.
func (p *loadedPlugin) create(md *plugindesc.Module) (m *Module) {
	defer func() {
		if r := recover(); r != nil {
			logf(logLevelError, "plug-in %q: creating module %q panicked: %v", p.desc.Name, md.Name, r)
			m = nil
		}
	}()
	if md.Create == nil {
		return nil
	}
	h, err := md.Create()
	if err != nil || h == nil {
		if err == nil {
			err = errors.New("no module returned")
		}
		logf(logLevelError, "plug-in %q: creating module %q failed: %v", p.desc.Name, md.Name, err)
		return nil
	}
	return hostModule(h, true)
}

// option finds a plug-in's option.
func (p *loadedPlugin) option(name string) *plugindesc.Option {
	for i := range p.desc.Options {
		if p.desc.Options[i].Name == name && p.desc.Options[i].Type != plugindesc.OptionNone {
			return &p.desc.Options[i]
		}
	}
	return nil
}

// SetPluginOption sets an option of a loaded plug-in, as --option=value on
// the wasmedge command line does (for a list option it adds value; for a
// toggle, "" means "true"). Options are read when a module is created: set
// them before creating VMs. An unknown plug-in or option, or a value the
// plug-in rejects, gives an error (a *Result), with the reason logged.
func SetPluginOption(plugin, option, value string) error {
	p := plugins.snap.Load().byName[plugin]
	if p == nil {
		return fail(errcode.WrongVMWorkflow, fmt.Sprintf("plug-in %q is not loaded", plugin))
	}
	o := p.option(option)
	if o == nil {
		return fail(errcode.WrongVMWorkflow, fmt.Sprintf("plug-in %q has no option %q", plugin, option))
	}
	if err := setOption(o, value); err != nil {
		return fail(errcode.WrongVMWorkflow, fmt.Sprintf("plug-in %q, option --%s=%s: %v", plugin, option, value, err))
	}
	return nil
}

func setOption(o *plugindesc.Option, value string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if value == "" && o.Type == plugindesc.OptionToggle {
		value = "true"
	}
	if value == "" && o.Default != "" {
		value = o.Default
	}
	if o.Set == nil {
		return errors.New("the option cannot be set")
	}
	return o.Set(value)
}

// setIfLoaded sets an option of an official plug-in when it is loaded, and
// does nothing (a debug log) when it is not, as WasmEdge's C helpers.
func setIfLoaded(plugin, option, value string) {
	p := plugins.snap.Load().byName[plugin]
	if p == nil {
		logf(logLevelDebug, "Plugin: %s is not loaded; --%s ignored", plugin, option)
		return
	}
	if o := p.option(option); o != nil {
		if err := setOption(o, value); err != nil {
			logf(logLevelError, "plug-in %q, option --%s=%s: %v", plugin, option, value, err)
		}
	}
}

// PluginInitWASINN sets wasi_nn's --nn-preload list
// ("NAME:ENCODING:TARGET:PATH[:PATH...]" each), as WasmEdge's
// WasmEdge_PluginInitWASINN (which the Go SDK lacks). It does nothing when
// wasi_nn is not loaded. Call it before creating the VMs that use the
// models.
func PluginInitWASINN(preloads []string) {
	for _, p := range preloads {
		setIfLoaded(abi.PluginWasiNN, "nn-preload", p)
	}
}

// InitWasmEdgeProcess sets wasmedge_process's allowed commands
// (--allow-command, once per command) and --allow-command-all. As in
// WasmEdge it acts on the plug-in, not on the receiver (which may be nil),
// and does nothing when wasmedge_process is not loaded. It takes effect for
// modules created afterwards: call it before creating the VM.
func (self *Module) InitWasmEdgeProcess(allowedcmds []string, allowall bool) {
	for _, c := range allowedcmds {
		setIfLoaded(abi.PluginProcess, "allow-command", c)
	}
	if allowall {
		setIfLoaded(abi.PluginProcess, "allow-command-all", "true")
	}
}
