package wasmedge

import (
	"strings"
	"testing"
)

// A preopen that cannot be opened is reported, left out, and leaves a
// working WASI module (it used to leave none: a nil dereference).
func TestInitWasiMissingDir(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	wasi := vm.GetImportModule(WASI)
	wasi.InitWasi([]string{"x"}, []string{"NOEQUALS"}, []string{"/guest:/does/not/exist", "/ok:" + t.TempDir()})
	if err := wasiInitError(vm); err == nil || !strings.Contains(err.Error(), "/does/not/exist") {
		t.Errorf("InitError = %v", err)
	}
	if code := wasi.WasiGetExitCode(); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
