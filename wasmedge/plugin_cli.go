package wasmedge

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pureedge/pureedge/internal/plugindesc"
)

// pluginFlag is a plug-in option on the command line. Several plug-ins may
// declare the same name (the namespace is flat, as WasmEdge's): the value
// goes to all of them.
type pluginFlag struct {
	o      *cliOptions
	name   string
	opts   []*plugindesc.Option
	owners []string
	values []string
}

func (f *pluginFlag) String() string {
	if f == nil {
		return ""
	}
	return strings.Join(f.values, ",")
}

func (f *pluginFlag) IsBoolFlag() bool {
	for _, o := range f.opts {
		if o.Type != plugindesc.OptionToggle {
			return false
		}
	}
	return len(f.opts) > 0
}

// Set records the value; it reaches the plug-ins when the CLI applies the
// plug-in options, before it creates its VM.
func (f *pluginFlag) Set(v string) error {
	f.values = append(f.values, v)
	f.o.pluginSettings = append(f.o.pluginSettings, func() {
		for i, o := range f.opts {
			if err := setOption(o, v); err != nil {
				logf(logLevelError, "plug-in %q, option --%s=%s: %v", f.owners[i], f.name, v, err)
			}
		}
	})
	return nil
}

// addPluginFlags loads the plug-ins of the default paths and adds their
// options to the command line, before it is parsed, as WasmEdge's CLI does
// (so --forbidden-plugin does not stop a file from being loaded, only its
// modules from being registered). An option whose name a CLI option already
// has is left out (logged at debug level).
func addPluginFlags(fs *flag.FlagSet, o *cliOptions) {
	LoadPluginDefaultPaths()
	added := map[string]*pluginFlag{}
	for _, p := range plugins.snap.Load().list {
		for i := range p.desc.Options {
			opt := &p.desc.Options[i]
			if opt.Type == plugindesc.OptionNone || opt.Name == "" {
				continue
			}
			if f := added[opt.Name]; f != nil {
				f.opts = append(f.opts, opt)
				f.owners = append(f.owners, p.desc.Name)
				continue
			}
			if fs.Lookup(opt.Name) != nil {
				logf(logLevelDebug, "Plugin: %s: option --%s clashes with a command-line option; left out", p.desc.Name, opt.Name)
				continue
			}
			f := &pluginFlag{o: o, name: opt.Name, opts: []*plugindesc.Option{opt}, owners: []string{p.desc.Name}}
			added[opt.Name] = f
			usage := opt.Description
			if usage == "" {
				usage = "an option"
			}
			fs.Var(f, opt.Name, usage+" (plug-in "+p.desc.Name+")")
		}
	}
}

// applyPluginOptions hands the plug-in options of the command line to the
// plug-ins, in command-line order.
func applyPluginOptions(o *cliOptions) {
	for _, f := range o.pluginSettings {
		f()
	}
	o.pluginSettings = nil
}

// printPlugins lists the loaded plug-ins for --version, one line each as
// WasmEdge prints them, "{path} (plugin \"{name}\") version {a}.{b}.{c}.{d}"
// (the path is empty for a compiled-in plug-in, so the line starts with a
// space), followed by one indented line per module: its instance name, and
// its descriptor name when that differs.
func printPlugins(w io.Writer) {
	for _, p := range plugins.snap.Load().list {
		d := &p.desc
		fmt.Fprintf(w, "%s (plugin \"%s\") version %d.%d.%d.%d\n", d.Path, d.Name, d.Version[0], d.Version[1], d.Version[2], d.Version[3])
		for i := range d.Modules {
			md := &d.Modules[i]
			if inst := instanceName(md); inst != md.Name {
				fmt.Fprintf(w, "    module %s (descriptor %s)\n", inst, md.Name)
			} else {
				fmt.Fprintf(w, "    module %s\n", inst)
			}
		}
	}
}
