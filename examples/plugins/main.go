// Command plugins is the WasmEdge Go SDK's plug-in walkthrough
// ("Using Plug-ins in Go") on PureEdge, with the example plug-in of
// plugins/example in the place of wasi_crypto: it loads plug-ins, lists
// them and their modules, creates a module, and shows what a VM registers
// by itself (the plug-in's module, WASI, and mocks of the official plug-ins
// that are not installed).
//
//	go run ./examples/plugins [PATH_TO_PLUGIN/plugin.so]
//
// The example plug-in is compiled in: importing its package registers it.
// Shared-library plug-ins (.so) given on the command line or found on
// WASMEDGE_PLUGIN_PATH load in cgo builds with the C plug-in loader.
package main

import (
	"fmt"
	"io"
	"os"

	_ "github.com/pureedge/pureedge/plugins/example"
	"github.com/pureedge/pureedge/wasmedge"
)

func main() {
	path := "PATH_TO_PLUGIN/plugin.so"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	walkthrough(os.Stdout, path)
}

func walkthrough(w io.Writer, pluginPath string) {
	// Load the plug-ins of the default paths, then one more file.
	wasmedge.LoadPluginDefaultPaths()
	wasmedge.LoadPluginFromPath(pluginPath)

	for _, name := range wasmedge.ListPlugins() {
		fmt.Fprintln(w, "Loaded plug-in name: ", name)
	}

	// Find a plug-in and list its modules. (FindPlugin returns nil for a
	// plug-in that is not loaded; ListModule and CreateModule on nil return
	// nil, and Release on a nil module does nothing.)
	pluginexample := wasmedge.FindPlugin("example")
	for _, name := range pluginexample.ListModule() {
		fmt.Fprintln(w, "Available module: ", name)
	}

	// A module created from a plug-in belongs to the caller.
	modinst := pluginexample.CreateModule("example_math")
	fmt.Fprintln(w, "Created module: ", modinst.GetName(), modinst.ListFunction())
	modinst.Release()

	// A VM registers WASI, every module of every loaded plug-in, and a mock
	// for every official plug-in module that is missing.
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	conf.Release()
	defer vm.Release()

	wasimodule := vm.GetRegisteredModule("wasi_snapshot_preview1")
	wasinnmodule := vm.GetRegisteredModule("wasi_ephemeral_nn") // a mock when wasi_nn is not loaded
	examplemodule := vm.GetRegisteredModule("example_math")
	fmt.Fprintln(w, "wasi_snapshot_preview1 registered: ", wasimodule != nil)
	fmt.Fprintln(w, "wasi_ephemeral_nn registered: ", wasinnmodule != nil, len(wasinnmodule.ListFunction()), "functions")
	fmt.Fprintln(w, "example_math registered: ", examplemodule != nil)

	res, err := vm.ExecuteRegistered("example_math", "add", int32(2), int32(3))
	fmt.Fprintln(w, "example_math.add(2, 3) = ", res[0], err)
}
