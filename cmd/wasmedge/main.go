// Command wasmedge runs WebAssembly programs (WASI commands and reactors)
// with plug-ins, with the options of WasmEdge's CLI:
//
//	wasmedge [options] file.wasm [args...]
//	wasmedge compile in.wasm out.wasm
//
// Its exit status is the guest's exit code. Run "wasmedge -h" for options.
package main

import (
	"os"

	"github.com/pureedge/pureedge/wasmedge"
)

func main() {
	os.Exit(wasmedge.RunWasmEdgeUnifiedCLI(os.Args))
}
