package mock

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// call invokes a mock function from the host and returns the result slot
// and the trap, if any.
func call(f *engine.HostFunc) (res uint64, trap *errcode.Error) {
	stack := make([]uint64, max(engine.Slots(f.Type.Params), engine.Slots(f.Type.Results), 1))
	for i := range stack {
		stack[i] = 0xdead
	}
	defer func() {
		if r := recover(); r != nil {
			if !errors.As(r.(error), &trap) {
				panic(r)
			}
		}
	}()
	f.Fn.Call(context.Background(), nil, stack)
	return stack[0], nil
}

func TestEveryFunction(t *testing.T) {
	for _, def := range append(append([]*abi.Module{}, abi.Official...), abi.WASIPreview1) {
		var logs []string
		m := New(def, func(msg string) { logs = append(logs, msg) })
		if m.Name() != def.Instance {
			t.Errorf("name %q, want %q", m.Name(), def.Instance)
		}
		names := m.FuncNames()
		if len(names) != len(def.Funcs) {
			t.Errorf("%s: %d functions, want %d", def.Instance, len(names), len(def.Funcs))
		}
		for _, fd := range def.Funcs {
			f := m.Func(fd.Name)
			if f == nil {
				t.Errorf("%s.%s missing", def.Instance, fd.Name)
				continue
			}
			if len(f.Type.Params) != len(fd.Params) || len(f.Type.Results) != len(fd.Results) {
				t.Errorf("%s.%s: signature differs", def.Instance, fd.Name)
			}
			logs = logs[:0]
			res, trap := call(f)
			switch def.Failure {
			case abi.ReturnsOne:
				if trap != nil || res != 1 {
					t.Errorf("%s.%s: got %d, %v; want 1 and no trap", def.Instance, fd.Name, res, trap)
				}
			case abi.Traps:
				if trap == nil || trap.Code != errcode.HostFuncError || trap.Raw() != 0x40E {
					t.Errorf("%s.%s: trap %v, want host function failed", def.Instance, fd.Name, trap)
				}
			}
			if len(logs) != 1 || logs[0] != Message(def) {
				t.Errorf("%s.%s: logged %q", def.Instance, fd.Name, logs)
			}
		}
	}
}

func TestMessages(t *testing.T) {
	for def, want := range map[*abi.Module]string{
		abi.WasiNN:          "WASI-NN plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.CryptoKx:        "WASI-Crypto plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.Process:         "WasmEdge-Process plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.HttpsReq:        "WasmEdge-HttpsReq plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.Logging:         "wasi-logging plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.Tensorflow:      "WasmEdge-Tensorflow plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.TensorflowLite:  "WasmEdge-TensorflowLite plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.Image:           "WasmEdge-Image plugin not installed. Please install the plugin and restart WasmEdge.",
		abi.StableDiffusion: "WasmEdge-Stable-Diffusion plugin not installed. Please install the plugin and restart WasmEdge.",
	} {
		if got := Message(def); got != want {
			t.Errorf("%s: %q", def.Instance, got)
		}
	}
	if got := Message(abi.WASIPreview1); !strings.Contains(got, "WASI is not enabled") {
		t.Errorf("WASI: %q", got)
	}
}

func TestNilLogger(t *testing.T) {
	m := New(abi.WasiNN, nil)
	if res, trap := call(m.Func("load")); res != 1 || trap != nil {
		t.Errorf("load: %d, %v", res, trap)
	}
	p := New(abi.Process, nil)
	if _, trap := call(p.Func("wasmedge_process_run")); trap == nil {
		t.Error("no trap")
	}
}
