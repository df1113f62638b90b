// Package plugintest holds what the tests of the standard plug-ins share:
// checking a module against its signature table in internal/abi, and
// running a Go guest in a VM while capturing what it prints.
package plugintest

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/wasmedge"
)

// CheckABI fails t unless m has exactly the functions of def, each with
// def's parameter and result types.
func CheckABI(t testing.TB, m *wasmedge.Module, def *abi.Module) {
	t.Helper()
	var want []string
	for _, f := range def.Funcs {
		want = append(want, f.Name)
		fn := m.FindFunction(f.Name)
		if fn == nil {
			t.Errorf("%s: no function %s", m.GetName(), f.Name)
			continue
		}
		ft := fn.GetFunctionType()
		if got, w := names(ft.GetParameters()), abiNames(f.Params); !reflect.DeepEqual(got, w) {
			t.Errorf("%s.%s: parameters %v, want %v", m.GetName(), f.Name, got, w)
		}
		if got, w := names(ft.GetReturns()), abiNames(f.Results); !reflect.DeepEqual(got, w) {
			t.Errorf("%s.%s: results %v, want %v", m.GetName(), f.Name, got, w)
		}
	}
	got := m.ListFunction()
	if len(got) != len(want) {
		t.Errorf("%s: functions %v, want %v", m.GetName(), got, want)
	}
	for _, name := range got {
		if _, ok := def.Func(name); !ok {
			t.Errorf("%s: function %s is not in the ABI", m.GetName(), name)
		}
	}
}

func names(ts []*wasmedge.ValType) []string {
	out := []string{}
	for _, v := range ts {
		out = append(out, v.String())
	}
	return out
}

func abiNames(ts []api.ValueType) []string {
	out := []string{}
	for _, v := range ts {
		out = append(out, api.ValueTypeName(v))
	}
	return out
}

// IsHostFuncError reports whether err is the trap "host function failed"
// (0x40E).
func IsHostFuncError(err error) bool {
	var res *wasmedge.Result
	return errors.As(err, &res) && res.GetCode() == 0x40E
}

// The VMs of NewVM print their guests' standard output to one pipe, which
// Run reads up to an end mark it writes after each run.
var out struct {
	once sync.Once
	r, w *os.File
	err  error
}

const endMark = "\x00--end of run--\n"

// NewVM creates a VM with WASI whose guests' standard output Run captures
// (a WASI module writes to the os.Stdout of its creation). The caller
// releases it.
func NewVM(t testing.TB) *wasmedge.VM {
	t.Helper()
	out.once.Do(func() { out.r, out.w, out.err = os.Pipe() })
	if out.err != nil {
		t.Fatal(out.err)
	}
	stdout := os.Stdout
	os.Stdout = out.w
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	os.Stdout = stdout
	conf.Release()
	return vm
}

// Run runs the command guest wasm in vm (from NewVM) with args after the
// program name, and returns what it printed and the run's error.
func Run(t testing.TB, vm *wasmedge.VM, wasm string, args ...string) (string, error) {
	t.Helper()
	vm.GetImportModule(wasmedge.WASI).InitWasi(append([]string{"guest"}, args...), nil, nil)
	done := make(chan string, 1)
	go func() {
		var buf bytes.Buffer
		b := make([]byte, 64<<10)
		for !bytes.HasSuffix(buf.Bytes(), []byte(endMark)) {
			n, err := out.r.Read(b)
			buf.Write(b[:n])
			if err != nil {
				break
			}
		}
		done <- string(bytes.TrimSuffix(buf.Bytes(), []byte(endMark)))
	}()
	_, err := vm.RunWasmFile(wasm, "_start")
	_, _ = out.w.WriteString(endMark)
	return <-done, err
}

// RunNew is Run in a new VM.
func RunNew(t testing.TB, wasm string, args ...string) (string, error) {
	t.Helper()
	vm := NewVM(t)
	defer vm.Release()
	return Run(t, vm, wasm, args...)
}
