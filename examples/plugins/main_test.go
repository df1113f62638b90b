package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/wasmedge"
)

func TestMain(m *testing.M) {
	// Only the compiled-in example plug-in: nothing from the environment.
	os.Unsetenv(wasmedge.PluginPathEnv)
	dir, err := os.MkdirTemp("", "pureedge-install")
	if err != nil {
		panic(err)
	}
	wasmedge.SetInstallDir(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func Example() {
	walkthrough(os.Stdout, "PATH_TO_PLUGIN/plugin.so")
	// Output:
	// Loaded plug-in name:  example
	// Available module:  example_math
	// Created module:  example_math [add sum_bytes]
	// wasi_snapshot_preview1 registered:  true
	// wasi_ephemeral_nn registered:  true 12 functions
	// example_math registered:  true
	// example_math.add(2, 3) =  5 <nil>
}

// The mock of wasi_nn answers errno 1 and logs WasmEdge's message.
func TestMockMessage(t *testing.T) {
	var log bytes.Buffer
	wasmedge.SetLogOutput(&log)
	defer wasmedge.SetLogOutput(os.Stderr)
	vm := wasmedge.NewVM()
	defer vm.Release()
	res, err := vm.ExecuteRegistered("wasi_ephemeral_nn", "compute", int32(0))
	if err != nil || res[0].(int32) != 1 {
		t.Errorf("compute = %v, %v", res, err)
	}
	if !strings.Contains(log.String(), "[error] WASI-NN plugin not installed. Please install the plugin and restart WasmEdge.") {
		t.Errorf("log %q", log.String())
	}
}
