package example_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/plugins/example"
	"github.com/pureedge/pureedge/wasmedge"
)

func TestRegistered(t *testing.T) {
	p := wasmedge.FindPlugin(example.PluginName)
	if p == nil {
		t.Fatalf("plug-in %q not registered; ListPlugins = %v", example.PluginName, wasmedge.ListPlugins())
	}
	if got := p.ListModule(); !reflect.DeepEqual(got, []string{example.ModuleName}) {
		t.Errorf("ListModule = %v", got)
	}
	found := false
	for _, n := range wasmedge.ListPlugins() {
		found = found || n == example.PluginName
	}
	if !found {
		t.Errorf("ListPlugins = %v", wasmedge.ListPlugins())
	}
}

func TestCreateModule(t *testing.T) {
	m := wasmedge.FindPlugin(example.PluginName).CreateModule(example.ModuleName)
	if m == nil {
		t.Fatal("CreateModule returned nil")
	}
	defer m.Release()
	if m.GetName() != example.ModuleName {
		t.Errorf("name %q", m.GetName())
	}
	if got := m.ListFunction(); !reflect.DeepEqual(got, []string{"add", "sum_bytes"}) {
		t.Errorf("functions %v", got)
	}
	ft := m.FindFunction("add").GetFunctionType()
	if ft.GetParametersLength() != 2 || ft.GetReturnsLength() != 1 {
		t.Errorf("add's type: %d -> %d", ft.GetParametersLength(), ft.GetReturnsLength())
	}
}

// A Go guest imports the module: the VM registered it because the plug-in
// is linked in.
func TestGuest(t *testing.T) {
	wasm := guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "plugin_example"))
	out := runGuest(t, wasm)
	want := "add(2, 3) = 5\nsum_bytes(\"hello\") = 532\n"
	if out != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

func runGuest(t *testing.T, wasm string) string {
	t.Helper()
	// The VM's WASI module writes to the os.Stdout of its creation.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	os.Stdout = stdout
	conf.Release()
	defer vm.Release()
	if vm.GetRegisteredModule(example.ModuleName) == nil {
		t.Fatal("the VM did not register example_math")
	}
	vm.GetImportModule(wasmedge.WASI).InitWasi([]string{"guest"}, nil, nil)
	_, err = vm.RunWasmFile(wasm, "_start")
	w.Close()
	var buf bytes.Buffer
	buf.ReadFrom(r)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return buf.String()
}

// Options are read when a module is created: a module created before the
// option changes keeps the old value.
func TestOption(t *testing.T) {
	defer wasmedge.SetPluginOption(example.PluginName, example.OptionOffset, "0")
	p := wasmedge.FindPlugin(example.PluginName)
	before := p.CreateModule(example.ModuleName)
	defer before.Release()
	if err := wasmedge.SetPluginOption(example.PluginName, example.OptionOffset, "100"); err != nil {
		t.Fatal(err)
	}
	after := p.CreateModule(example.ModuleName)
	defer after.Release()

	exec := wasmedge.NewExecutor()
	defer exec.Release()
	res, err := exec.Invoke(before.FindFunction("add"), int32(2), int32(3))
	if err != nil || res[0].(int32) != 5 {
		t.Errorf("module created before: add = %v, %v; want 5", res, err)
	}
	if res, err := exec.Invoke(after.FindFunction("add"), int32(2), int32(3)); err != nil || res[0].(int32) != 105 {
		t.Errorf("module created after: add = %v, %v; want 105", res, err)
	}
	vm := wasmedge.NewVM() // a VM created after: its example_math has the offset
	defer vm.Release()
	res, err = vm.ExecuteRegistered(example.ModuleName, "add", int32(2), int32(3))
	if err != nil || res[0].(int32) != 105 {
		t.Errorf("VM created after: add = %v, %v; want 105", res, err)
	}
	if err := wasmedge.SetPluginOption(example.PluginName, example.OptionOffset, "ten"); err == nil {
		t.Error("a bad value was accepted")
	}
}

// sum_bytes needs a calling guest's memory: from the host it fails.
func TestSumBytesFromHost(t *testing.T) {
	vm := wasmedge.NewVM()
	defer vm.Release()
	if _, err := vm.ExecuteRegistered(example.ModuleName, "sum_bytes", int32(0), int32(1)); err == nil {
		t.Error("sum_bytes without a guest memory succeeded")
	}
}
