//go:build !unix

package wasmedgeprocess

import (
	"context"
	"runtime"
)

// runCommand cannot run commands here: the call traps with an error
// logged, as WasmEdge's on Windows ("wasmedge_process doesn't support
// windows now.").
func runCommand(context.Context, command) result {
	return result{unsupported: "wasmedge_process doesn't support " + runtime.GOOS + " now."}
}
