//go:build cgo && linux

package wasmedge

import (
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pureedge/pureedge/internal/capi"
)

// A C plug-in built with gcc against include/ (linking nothing) loads
// through the public API, and a VM registers its two modules by itself.
func TestCPluginEndToEnd(t *testing.T) {
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
