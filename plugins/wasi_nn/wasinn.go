// Package wasi_nn is WasmEdge's wasi_nn plug-in: the module
// wasi_ephemeral_nn with its 12 functions, WasmEdge's numbering of
// encodings, targets, tensor types and error codes, and the --nn-preload
// option. Inference backends implement plugins/wasi_nn/backend; the GGML
// one (pure Go, plugins/wasi_nn/ggml) is built in:
//
//	import _ "github.com/pureedge/pureedge/plugins/wasi_nn"
//
// This package knows guest memory and handles; the backends know neither.
package wasi_nn

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pureedge/pureedge/plugins/wasi_nn/backend"
	"github.com/pureedge/pureedge/plugins/wasi_nn/ggml"
	"github.com/pureedge/pureedge/wasmedge"
)

// The names the plug-in registers.
const (
	PluginName    = "wasi_nn"
	ModuleName    = "wasi_nn"
	InstanceName  = "wasi_ephemeral_nn"
	OptionPreload = "nn-preload"
)

// LogOutput receives the plug-in's log lines, in WasmEdge's format.
var LogOutput io.Writer = os.Stderr

var logMu sync.Mutex

func logf(level, format string, args ...any) {
	line := fmt.Sprintf("[%s] [%s] [WASI-NN] %s\n", time.Now().Format("2006-01-02 15:04:05.000"), level, fmt.Sprintf(format, args...))
	logMu.Lock()
	io.WriteString(LogOutput, line)
	logMu.Unlock()
}

// backends maps an encoding to its backend. An encoding WasmEdge knows but
// PureEdge has no backend for fails with invalid_argument, as a backend
// compiled out of WasmEdge does.
var backends = map[backend.Encoding]backend.Backend{
	backend.GGML: &ggml.Backend{Logf: logf},
}

// Supported names the encodings that have a backend.
func Supported() string {
	var names []string
	for e := range backends {
		names = append(names, strings.ToUpper(e.String()))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// preload is one --nn-preload entry.
type preload struct {
	encoding backend.Encoding
	target   backend.Target
	builders [][]byte // "preload:<path>" for GGML
}

var options struct {
	sync.Mutex
	preloads map[string]preload
}

// addPreload parses NAME:ENCODING:TARGET:PATH[:PATH...] as WasmEdge does.
func addPreload(v string) error {
	parts := strings.Split(v, ":")
	if len(parts) < 4 {
		return fmt.Errorf("want NAME:ENCODING:TARGET:PATH, got %q", v)
	}
	enc, ok := backend.ParseEncoding(strings.ToLower(parts[1]))
	if !ok {
		return fmt.Errorf("unknown encoding %q", parts[1])
	}
	var tgt backend.Target
	switch strings.ToLower(parts[2]) {
	case "cpu":
		tgt = backend.CPU
	case "gpu":
		tgt = backend.GPU
	case "tpu":
		tgt = backend.TPU
	case "auto":
		tgt = backend.Auto
	default:
		return fmt.Errorf("unknown target %q", parts[2])
	}
	p := preload{encoding: enc, target: tgt}
	switch strings.ToLower(parts[1]) {
	case "ggml", "bitnet", "pytorchaoti":
		p.builders = [][]byte{[]byte("preload:" + strings.Join(parts[3:], ":"))}
	default:
		for _, path := range parts[3:] {
			b, err := os.ReadFile(path)
			if err != nil {
				logf("error", "nn-preload: skipping %s: %v", path, err)
				continue
			}
			p.builders = append(p.builders, b)
		}
	}
	options.Lock()
	if options.preloads == nil {
		options.preloads = map[string]preload{}
	}
	options.preloads[parts[0]] = p
	options.Unlock()
	return nil
}

func lookupPreload(name string) (preload, bool) {
	options.Lock()
	defer options.Unlock()
	p, ok := options.preloads[name]
	return p, ok
}

func init() {
	_ = wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "WASI-NN with a pure-Go GGML (llama.cpp-compatible) backend.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 1, Patch: 0, Build: 0},
		Modules: []wasmedge.PluginModuleDescriptor{{
			Name:         ModuleName,
			InstanceName: InstanceName,
			Description:  "wasi_ephemeral_nn: load, init_execution_context, set_input, compute, get_output and WasmEdge's extensions",
			Create:       newModule,
		}},
		Options: []wasmedge.PluginOption{{
			Name:        OptionPreload,
			Description: "preload a model: NAME:ENCODING:TARGET:PATH (for example default:GGML:AUTO:model.gguf); repeatable",
			Type:        wasmedge.PluginOptionList,
			// As in WasmEdge, a malformed entry is logged and skipped.
			Set: func(v string) error {
				if err := addPreload(v); err != nil {
					logf("error", "nn-preload: %v; entry skipped", err)
				}
				return nil
			},
		}},
	})
}
