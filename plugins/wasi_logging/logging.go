// Package wasilogging is PureEdge's wasi_logging plug-in: the module
// wasi:logging/logging (and its versioned name
// wasi:logging/logging@0.1.0-draft, which wit-bindgen emits for the current
// WIT package), with WasmEdge's one function
//
//	log(level i32, context_ptr i32, context_len i32, message_ptr i32, message_len i32)
//
// Importing the package registers the plug-in:
//
//	import _ "github.com/pureedge/pureedge/plugins/wasi_logging"
//
// Records are written as WasmEdge writes them,
// "[2006-01-02 15:04:05.000] [level] message", with the level names trace,
// debug, info, warning, error and critical. The context chooses where: ""
// or "stdout" to standard output, "stderr" to standard error, and any other
// context names a file the record is appended to. Unlike WasmEdge, which
// lets a guest append to any file of the host, a file is opened only when
// the host allowed it, with the options
//
//	--wasi-logging-allow-file PATH   (repeatable) this file
//	--wasi-logging-allow-dir DIR     (repeatable) any file under this directory
//
// (on the wasmedge command line, or wasmedge.SetPluginOption). A denied file
// is logged at error level and the call traps, as a file WasmEdge cannot
// open does. SetLogger routes every record to a *slog.Logger instead.
//
// A level outside trace..critical, a context or message outside the
// guest's memory, or a call without a guest memory logs an error and traps
// with "host function failed" (0x40E), as in WasmEdge; the host never
// crashes.
package wasilogging

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/pureedge/pureedge/wasmedge"
)

// The names the plug-in registers.
const (
	PluginName = "wasi_logging"
	// ModuleName is the import name WasmEdge registers.
	ModuleName = "wasi:logging/logging"
	// ModuleNameDraft is the import name of the versioned WIT package
	// wasi:logging@0.1.0-draft, which WasmEdge does not serve.
	ModuleNameDraft = "wasi:logging/logging@0.1.0-draft"

	OptionAllowFile = "wasi-logging-allow-file"
	OptionAllowDir  = "wasi-logging-allow-dir"
)

// config is the plug-in's global configuration; a module copies it when it
// is created.
var config struct {
	sync.Mutex
	files  []string // absolute, cleaned
	dirs   []string // absolute, cleaned
	logger *slog.Logger
}

func init() {
	_ = wasmedge.RegisterPlugin(wasmedge.PluginDescriptor{
		Name:        PluginName,
		Description: "wasi-logging: log records of guests to the console, allowed files or a slog.Logger.",
		Version:     wasmedge.PluginVersion{Major: 0, Minor: 1, Patch: 0, Build: 0},
		Modules: []wasmedge.PluginModuleDescriptor{
			{Name: ModuleName, Description: "log", Create: func() *wasmedge.Module { return newModule(ModuleName) }},
			{Name: ModuleNameDraft, Description: "log (wasi:logging@0.1.0-draft)", Create: func() *wasmedge.Module { return newModule(ModuleNameDraft) }},
		},
		Options: []wasmedge.PluginOption{
			{
				Name:        OptionAllowFile,
				Description: "let guests' wasi-logging append to this file `PATH` (repeatable)",
				Type:        wasmedge.PluginOptionList,
				Set:         allowFile,
			},
			{
				Name:        OptionAllowDir,
				Description: "let guests' wasi-logging append to any file under this directory `DIR` (repeatable)",
				Type:        wasmedge.PluginOptionList,
				Set:         allowDir,
			},
		},
	})
}

// SetLogger routes the records of wasi-logging modules created afterwards
// to l instead of the console and files, with the guest's context as the
// attribute "context" and the levels mapped as LevelOf says. nil restores
// the default. Set it before creating the VMs.
func SetLogger(l *slog.Logger) {
	config.Lock()
	config.logger = l
	config.Unlock()
}

func allowFile(v string) error {
	if v == "" {
		return errors.New("empty path")
	}
	abs, err := filepath.Abs(v)
	if err != nil {
		return fmt.Errorf("log file %q: %w", v, err)
	}
	config.Lock()
	if !slices.Contains(config.files, abs) {
		config.files = append(config.files, abs)
	}
	config.Unlock()
	return nil
}

func allowDir(v string) error {
	if v == "" {
		return errors.New("empty path")
	}
	abs, err := filepath.Abs(v)
	if err != nil {
		return fmt.Errorf("log directory %q: %w", v, err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return fmt.Errorf("log directory: %w", err)
	} else if !fi.IsDir() {
		return fmt.Errorf("log directory %q is not a directory", v)
	}
	config.Lock()
	if !slices.Contains(config.dirs, abs) {
		config.dirs = append(config.dirs, abs)
	}
	config.Unlock()
	return nil
}
