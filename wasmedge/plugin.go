package wasmedge

import (
	"flag"
	"io"
)

// pluginModulesFor returns the plug-in and mock modules a new VM registers.
func pluginModulesFor(conf *Configure) []*Module { return nil }

// mock reports whether the module stands in for a missing plug-in.
func (self *Module) mock() bool { return self != nil && self.isMock }

func addPluginFlags(fs *flag.FlagSet, o *cliOptions) {}

func applyPluginOptions(o *cliOptions) {}

func excludeForbidden(vm *VM, names []string) {}

func printPlugins(w io.Writer) {}
