// Package capi loads WasmEdge C plug-ins: shared libraries built against
// WasmEdge's C API (<wasmedge/wasmedge.h>, of which PureEdge ships an
// ABI-identical subset under include/) that export
// WasmEdge_Plugin_GetDescriptor.
//
// The C API functions such plug-ins call are implemented by this package:
// the stateless ones in C (capi.c), the bookkeeping of module instances in
// Go. The executable exports them (it is linked with -rdynamic), so a
// plug-in built with nothing linked (gcc -shared -fPIC) binds to them when
// Load opens it. A guest's call of a plug-in function costs one cgo call: a
// C trampoline converts wazero's value stack to WasmEdge_Value arrays, calls
// the plug-in's WasmEdge_HostFunc_t with a calling frame that carries the
// caller's linear memory, and converts the results back.
//
// Loading needs cgo on linux (amd64, arm64, riscv64 or s390x); elsewhere Load
// returns an error that wraps ErrUnsupported.
//
// Plug-in API versions: WasmEdge checks APIVersion for strict equality with
// its own. The C descriptor layout is the same for versions 2 to 5, but the
// C API the plug-in calls is not: version 2 (WasmEdge 0.11.1-0.13.5) passes
// value types as 4-byte enums (WasmEdge_ValType became an 8-byte struct in
// 0.14.0), and version 5 (0.17) passes memory offsets as 64-bit integers,
// returns a result from WasmEdge_ModuleInstanceAddFunction and replaces
// WasmEdge_Limit with a context. PureEdge implements the C API of WasmEdge
// 0.14.1, which versions 3 (0.14.0) and 4 (0.14.1-0.16.x) share, and accepts
// exactly those; a plug-in of another version is rejected with an
// *APIVersionError saying why.
package capi

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// CurrentAPIVersion is WasmEdge_Plugin_CurrentAPIVersion of the C API that
// PureEdge implements (WasmEdge 0.14.1).
const CurrentAPIVersion = 4

// SupportedAPIVersion reports whether a plug-in built for plug-in API
// version v can be loaded: its C API has the layout PureEdge implements.
func SupportedAPIVersion(v uint32) bool { return v == 3 || v == 4 }

// APIVersionError is the error of Load for a plug-in built for an API
// version whose C API layout PureEdge does not implement. WasmEdge skips such
// plug-ins with a debug-level log message.
type APIVersionError struct {
	Path    string
	Name    string // the plug-in's name
	Version uint32 // the APIVersion in its descriptor
}

// Error says which version the plug-in was built for and why it is refused.
func (e *APIVersionError) Error() string {
	why := "an unknown version"
	switch {
	case e.Version == 1:
		why = "WasmEdge 0.10.0-0.11.0, which had no C plug-in API"
	case e.Version == 2:
		why = "WasmEdge 0.11.1-0.13.5, whose C API passes value types as 4-byte enums"
	case e.Version == 5:
		why = "WasmEdge 0.17, whose C API passes 64-bit memory offsets and limit contexts"
	}
	return fmt.Sprintf("loading C plug-in %s: plug-in %q was built for WasmEdge plug-in API version %d (%s); "+
		"PureEdge implements the C API of WasmEdge 0.14.1 and loads API versions 3 and 4 only",
		e.Path, e.Name, e.Version, why)
}

// ErrUnsupported is wrapped by the error of Load in binaries that cannot
// load shared-library plug-ins (built without cgo, or for another system).
var ErrUnsupported = errors.New("shared-library plug-ins are not supported by this binary")

type unsupportedError struct{ msg string }

func (e *unsupportedError) Error() string        { return e.msg }
func (e *unsupportedError) Is(target error) bool { return target == ErrUnsupported }

// LogLevel is a log level a plug-in asks for through WasmEdge_LogSetDebugLevel,
// WasmEdge_LogSetErrorLevel or WasmEdge_LogOff.
type LogLevel int

// The log levels plug-ins can set.
const (
	LogDebug LogLevel = 0
	LogError LogLevel = 2
	LogOff   LogLevel = 3
)

var logHook atomic.Pointer[func(LogLevel)]

// SetLogLevelHook sets the function that applies a log level set by a
// plug-in (the public package's SetLogErrorLevel and friends); nil ignores
// such requests.
func SetLogLevelHook(f func(LogLevel)) {
	if f == nil {
		logHook.Store(nil)
		return
	}
	logHook.Store(&f)
}

func setLogLevel(l LogLevel) {
	if f := logHook.Load(); f != nil {
		(*f)(l)
	}
}
