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
// 0.14.0). PureEdge implements the C API of WasmEdge 0.14.1, which versions
// 3 (0.14.0) and 4 (0.14.1-0.16.x) share, and loads those. Version 5
// (0.17) changed seven of the functions PureEdge implements (V5Changed:
// 64-bit memory offsets, lengths and page counts, and an opaque
// WasmEdge_Limit); the others behave the same. A version 5 plug-in that
// calls none of the seven (its dynamic symbol table imports none of them)
// loads; one that calls any is rejected with an *APIVersionError naming
// them. include/wasmedge/wasmedge.h says how each is served.
package capi

import (
	"debug/elf"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

// CurrentAPIVersion is WasmEdge_Plugin_CurrentAPIVersion of the C API that
// PureEdge implements (WasmEdge 0.14.1).
const CurrentAPIVersion = 4

// SupportedAPIVersion reports whether a plug-in built for plug-in API
// version v can be loaded: its C API has the layout PureEdge implements
// (3 and 4), or differs only in functions it may not call (5; see
// V5Changed).
func SupportedAPIVersion(v uint32) bool { return v == 3 || v == 4 || v == 5 }

// V5Changed lists the C API functions PureEdge implements whose signature
// WasmEdge 0.17 (plug-in API version 5) changed, with the change. PureEdge
// serves them with 0.14's signatures only: a 64-bit argument read as
// 32 bits would lose its high half (turning an offset past 4 GiB, out of
// bounds, into one in bounds), a 0.14 caller's 32-bit argument read as 64
// bits has an undefined high half, and 0.17's WasmEdge_LimitContext is a
// pointer where 0.14 passes a struct.
var V5Changed = map[string]string{
	"WasmEdge_MemoryInstanceGetPointer":      "uint64_t offset and length (0.14: uint32_t)",
	"WasmEdge_MemoryInstanceGetPointerConst": "uint64_t offset and length (0.14: uint32_t)",
	"WasmEdge_MemoryInstanceGetData":         "uint64_t offset and length (0.14: uint32_t)",
	"WasmEdge_MemoryInstanceSetData":         "uint64_t offset and length (0.14: uint32_t)",
	"WasmEdge_MemoryInstanceGetPageSize":     "returns uint64_t (0.14: uint32_t)",
	"WasmEdge_MemoryInstanceGrowPage":        "uint64_t page count (0.14: uint32_t)",
	"WasmEdge_LimitIsEqual":                  "takes const WasmEdge_LimitContext * (0.14: WasmEdge_Limit by value)",
}

// APIVersionError is the error of Load for a plug-in built for an API
// version whose C API layout PureEdge does not implement. WasmEdge skips such
// plug-ins with a debug-level log message.
type APIVersionError struct {
	Path    string
	Name    string // the plug-in's name
	Version uint32 // the APIVersion in its descriptor
	// Calls lists, for version 5, the changed functions (V5Changed) the
	// plug-in imports, or says why its imports could not be read.
	Calls []string
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
		return fmt.Sprintf("loading C plug-in %s: plug-in %q was built for WasmEdge plug-in API version 5 (WasmEdge 0.17) "+
			"and calls C API functions whose 0.17 signature PureEdge does not serve: %s",
			e.Path, e.Name, strings.Join(e.Calls, "; "))
	}
	return fmt.Sprintf("loading C plug-in %s: plug-in %q was built for WasmEdge plug-in API version %d (%s); "+
		"PureEdge implements the C API of WasmEdge 0.14.1 and loads API versions 3, 4 and 5 (where it calls no changed function)",
		e.Path, e.Name, e.Version, why)
}

// v5Calls returns the changed functions (V5Changed) the shared library at
// path imports, each with its change, or why its imports cannot be read.
func v5Calls(path string) []string {
	f, err := elf.Open(path)
	if err != nil {
		return []string{"its dynamic symbols cannot be read: " + err.Error()}
	}
	defer f.Close()
	syms, err := f.ImportedSymbols()
	if err != nil {
		return []string{"its dynamic symbols cannot be read: " + err.Error()}
	}
	var calls []string
	for _, s := range syms {
		if change, ok := V5Changed[s.Name]; ok {
			calls = append(calls, s.Name+": "+change)
		}
	}
	sort.Strings(calls)
	return calls
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
