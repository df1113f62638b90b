package wasmedge

import (
	"testing"
)

// WASI functions can be called from the host (they used to fail with
// 0x005): those that need guest memory answer EFAULT, as WasmEdge's do
// without a calling module's memory; the others work on the module's state.
func TestWASIFromHost(t *testing.T) {
	vm := NewVMWithConfig(NewConfigure(WASI))
	defer vm.Release()
	wasi := vm.GetImportModule(WASI)
	wasi.InitWasi([]string{"prog"}, nil, []string{"/tmp:" + t.TempDir()})
	if n := len(wasi.ListFunction()); n != 69 {
		t.Fatalf("WASI lists %d functions, WasmEdge 69", n)
	}
	for _, tc := range []struct {
		fn   string
		args []interface{}
		want int32
	}{
		{"sched_yield", nil, 0},
		{"fd_close", []interface{}{int32(99)}, 8},                 // EBADF
		{"args_sizes_get", []interface{}{int32(0), int32(4)}, 21}, // EFAULT: no memory
		{"fd_datasync", []interface{}{int32(3)}, 76},              // a directory: ENOTCAPABLE
		{"fd_close", []interface{}{int32(3)}, 0},                  // the preopen
		{"fd_close", []interface{}{int32(3)}, 8},
	} {
		res, err := vm.ExecuteRegistered("wasi_snapshot_preview1", tc.fn, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.fn, err)
		}
		if len(res) != 1 || res[0].(int32) != tc.want {
			t.Errorf("%s%v = %v, want errno %d", tc.fn, tc.args, res, tc.want)
		}
	}
}
