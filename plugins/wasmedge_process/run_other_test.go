//go:build !unix

package wasmedgeprocess

import (
	"context"
	"strings"
	"testing"
)

// Where commands cannot run, run traps with a message naming the platform,
// as WasmEdge's plug-in does on Windows.
func TestUnsupported(t *testing.T) {
	res := runCommand(context.Background(), command{name: "cmd"})
	if !strings.HasPrefix(res.unsupported, "wasmedge_process doesn't support ") {
		t.Errorf("result %+v", res)
	}
}
