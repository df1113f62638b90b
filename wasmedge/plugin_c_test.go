//go:build cgo && linux

package wasmedge

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/capi"
)

// A C plug-in built with gcc against include/ (linking nothing) loads
// through the public API, and a VM registers its two modules by itself.
func TestCPluginEndToEnd(t *testing.T) {
	so := buildTestCPlugin(t)
	isolate(t, nil)
	loadSharedLibrary = capi.Load

	LoadPluginFromPath(so)
	p := FindPlugin("pureedge_test_c")
	if p == nil {
		t.Fatalf("plug-ins loaded: %v", ListPlugins())
	}
	if mods := p.ListModule(); !slices.Contains(mods, "math") {
		t.Errorf("ListModule = %v", mods)
	}
	if m := p.CreateModule("math"); m == nil || !slices.Contains(m.ListFunction(), "add") {
		t.Errorf("CreateModule(math) = %v", m)
	} else {
		m.Release()
	}
	if err := SetPluginOption("pureedge_test_c", "greeting", "bonjour!"); err != nil {
		t.Fatal(err)
	}

	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	captureStdout(vm)
	for _, name := range []string{"math", "pureedge_text"} {
		if vm.GetRegisteredModule(name) == nil {
			t.Fatalf("the VM did not register %s: %v", name, vm.ListRegisteredModule())
		}
	}
	if _, err := vm.RunWasmFile(reactor(t, "plugin_c"), "_initialize"); err != nil {
		t.Fatal(err)
	}
	if res, err := vm.Execute("add", int32(40), int32(2)); err != nil || res[0].(int32) != 42 {
		t.Errorf("add(40, 2) = %v, %v; want 42", res, err)
	}
	if res, err := vm.Execute("checksum"); err != nil || res[0].(int32) != fnvOf("pure edge") {
		t.Errorf("checksum = %v, %v; want %d", res, err, fnvOf("pure edge"))
	}
	if res, err := vm.Execute("greeting_len"); err != nil || res[0].(int32) != int32(len("bonjour!")) {
		t.Errorf("greeting_len = %v, %v; the option did not reach the plug-in", res, err)
	}
}

func fnvOf(s string) int32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return int32(h)
}

// buildTestCPlugin builds internal/capi's test plug-in with gcc.
func buildTestCPlugin(t *testing.T) string {
	t.Helper()
	if !capi.Enabled {
		t.Skip("this platform has no C plug-in loader")
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("C plug-in tests need gcc")
	}
	so := filepath.Join(t.TempDir(), "libpureedge_test_c.so")
	if b, err := exec.Command(gcc, "-shared", "-fPIC", "-I../include", "-o", so,
		"../internal/capi/testdata/plugin.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	return so
}

// A C plug-in's function invoked by the host itself (no calling module):
// its calling frame has no module and no memory, and a memory access fails
// cleanly instead of dereferencing nil.
func TestCPluginInvokedFromHost(t *testing.T) {
	so := buildTestCPlugin(t)
	isolate(t, nil)
	loadSharedLibrary = capi.Load
	LoadPluginFromPath(so)
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	if res, err := vm.ExecuteRegistered("math", "add", int32(40), int32(2)); err != nil || res[0].(int32) != 42 {
		t.Errorf("ExecuteRegistered(math, add) = %v, %v", res, err)
	}
	if res, err := vm.ExecuteRegistered("pureedge_text", "say"); err != nil || res[0].(int32) != 1 {
		t.Errorf("say: %v, %v; want 1 (no calling module, no memory)", res, err)
	}
	var res *Result
	if _, err := vm.ExecuteRegistered("pureedge_text", "checksum", int32(0), int32(4)); !errors.As(err, &res) || res.GetCode() != 0x2 {
		t.Errorf("checksum without memory: %v, want the plug-in's failure (0x2)", err)
	}
	m := vm.GetRegisteredModule("math")
	exec := NewExecutor()
	defer exec.Release()
	if out, err := exec.Invoke(m.FindFunction("add"), int32(1), int32(2)); err != nil || out[0].(int32) != 3 {
		t.Errorf("Executor.Invoke(add) = %v, %v", out, err)
	}
}

// What a C plug-in prints with printf reaches a pipe once Release ends
// the VM (C's buffer is flushed), in a child process whose stdout is one.
func TestCPluginStdioFlushedOnRelease(t *testing.T) {
	if so := os.Getenv("PUREEDGE_TEST_FLUSH_CHILD"); so != "" {
		loadSharedLibrary = capi.Load
		LoadPluginFromPath(so)
		vm := NewVMWithConfig(NewConfigure(WASI))
		if _, err := vm.ExecuteRegistered("pureedge_text", "say"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		vm.Release()
		os.Exit(0) // exit_group: C's buffers are not flushed by Go
	}
	so := buildTestCPlugin(t)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestCPluginStdioFlushedOnRelease$")
	cmd.Env = append(os.Environ(), "PUREEDGE_TEST_FLUSH_CHILD="+so, "WASMEDGE_PLUGIN_PATH="+t.TempDir())
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "hello from C\n") {
		t.Errorf("child: %v, stdout %q; want the plug-in's line", err, out)
	}
}
