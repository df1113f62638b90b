package spectest_test

// What the harness expects: the error codes each assertion text allows, the
// commands it skips and why, and the known failures. Keys are
// "file.wast:line" (the line of the command in the .wast file).

import (
	"regexp"
	"testing"
)

// WasmEdge error codes (category WASM) the assertions check.
const (
	codeRuntimeError         = 0x0002
	codeModuleNameConflict   = 0x0300
	codeIncompatibleImport   = 0x0301
	codeUnknownImport        = 0x0302
	codeDataSegDoesNotFit    = 0x0303
	codeElemSegDoesNotFit    = 0x0304
	codeDivideByZero         = 0x0404
	codeIntegerOverflow      = 0x0405
	codeInvalidConvToInt     = 0x0406
	codeTableOutOfBounds     = 0x0407
	codeMemoryOutOfBounds    = 0x0408
	codeUnreachable          = 0x040A
	codeUninitializedElem    = 0x040B
	codeUndefinedElement     = 0x040C
	codeIndirectCallMismatch = 0x040D
	codeUnalignedAtomic      = 0x0410
	codeExpectSharedMemory   = 0x0411
)

// tableAccess is what a table access trap may give. wazero reports one
// "invalid table access" for an index past the table, a null element and an
// element out of a call_indirect's range, where WasmEdge says "out of
// bounds table access" (0x407), "uninitialized element" (0x40B) or
// "undefined element" (0x40C). PureEdge tells them apart from the trapping
// function's code and its table (wasmedge/instance.go, tableTrap), not
// always: the plain count accepts any of the three, the strict count
// (WasmEdge's rule) only the right one.
var tableAccess = []uint32{codeTableOutOfBounds, codeUninitializedElem, codeUndefinedElement}

// trapCodes maps an assert_trap text (or its prefix) to the codes allowed.
var trapCodes = map[string][]uint32{
	"unreachable":                   {codeUnreachable},
	"integer divide by zero":        {codeDivideByZero},
	"integer overflow":              {codeIntegerOverflow},
	"invalid conversion to integer": {codeInvalidConvToInt},
	"out of bounds memory access":   {codeMemoryOutOfBounds},
	"indirect call type mismatch":   {codeIndirectCallMismatch},
	"out of bounds table access":    tableAccess,
	"undefined element":             tableAccess,
	"uninitialized element":         tableAccess,
	"unaligned atomic":              {codeUnalignedAtomic},
	"expected shared memory":        {codeExpectSharedMemory},
}

// exhaustionCodes: WasmEdge has no code for call stack exhaustion; a stack
// overflow is a generic runtime error (0x2) whose detail is "call stack
// exhausted" (checked by the strict count).
var exhaustionCodes = map[string][]uint32{
	"call stack exhausted": {codeRuntimeError},
}

// unlinkableCodes maps an assert_unlinkable text to the codes allowed.
var unlinkableCodes = map[string][]uint32{
	"unknown import":           {codeUnknownImport},
	"incompatible import type": {codeIncompatibleImport},
	// Wasm 1.0 (WasmEdge's wasm-1.0 suite): segments are checked before
	// anything is written.
	"data segment does not fit":     {codeDataSegDoesNotFit},
	"elements segment does not fit": {codeElemSegDoesNotFit},
}

// uninstantiableCodes maps an assert_uninstantiable text to the codes
// allowed. A segment that does not fit is reported by WasmEdge as "data
// segment does not fit" (0x303) or "elements segment does not fit" (0x304);
// the memory/table access code is accepted as well.
var uninstantiableCodes = map[string][]uint32{
	"out of bounds memory access": {codeDataSegDoesNotFit, codeMemoryOutOfBounds},
	"out of bounds table access":  append([]uint32{codeElemSegDoesNotFit}, tableAccess...),
	"unreachable":                 {codeUnreachable},
}

// skipFiles lists whole files that are not run, with why. (None: every file
// of the Wasm 2.0 suite runs; files wast2json cannot convert are handled
// form by form, see convert_test.go.)
var skipFiles = map[string]string{}

// skipCommands lists single commands that are not run, with why.
var skipCommands = map[string]string{}

// engineLimits lists failures that come from wazero, the engine under
// PureEdge, and cannot be fixed in PureEdge. Each says why.
var engineLimits = map[string]string{}

// pureEdgeBugs lists failures that are bugs of the wasmedge package (or of
// internal/), to be fixed there; they are tolerated so that the suite stays
// green, and reported apart.
var pureEdgeBugs = map[string]string{}

// wasmEdgeDiffers lists assertions where WasmEdge itself gives another
// answer than the spec text, with the code it gives (checked with WasmEdge
// 0.17.1 on the same .wasm file) and why. PureEdge follows WasmEdge: such an
// assertion counts apart ("as WasmEdge"), neither passed nor failed, when
// PureEdge's code is WasmEdge's; any other answer is a failure.
var wasmEdgeDiffers = map[string]struct {
	code uint32
	why  string
}{
	// WasmEdge's loader rejects data.drop and memory.init in a module
	// without a data count section (DataCountRequired, 0x10B) before any
	// validation; the spec asks for validation errors. WasmEdge's own
	// conversion of the suite (wasmedge-spectest) has a data count section in
	// these modules, so they pass there.
	"memory_init.wast:190": {0x010B, "data.drop without a data count section: WasmEdge 0.17.1 fails loading with 0x10B; the spec wants a validation error"},
	"memory_init.wast:227": {0x010B, "memory.init without a data count section: WasmEdge 0.17.1 fails loading with 0x10B; the spec wants a validation error"},
	// WasmEdge's message for ImmutableGlobal (0x211) is "immutable global",
	// the spec's newer text "global is immutable".
	"global.wast:273": {0x0211, "global.set of an immutable global: WasmEdge 0.17.1 says \"immutable global\" (0x211); the spec text is \"global is immutable\""},
	"global.wast:278": {0x0211, "global.set of an imported immutable global: WasmEdge 0.17.1 says \"immutable global\" (0x211); the spec text is \"global is immutable\""},
	// A typed select of no type: WasmEdge's validator finds the operand
	// stack empty first.
	"select.wast:324": {0x0202, "select (result) with no operands: WasmEdge 0.17.1 says \"type mismatch\" (0x202); the spec text is \"invalid result arity\""},
}

var keyRE = regexp.MustCompile(`^[a-z0-9_.-]+\.wast:[0-9]+$`)

// checkExpectationTables checks the tables' keys and that no command is
// listed twice.
func checkExpectationTables(t *testing.T) {
	for name, m := range map[string]map[string]string{"skipCommands": skipCommands,
		"engineLimits": engineLimits, "pureEdgeBugs": pureEdgeBugs, "wasmEdgeDiffers": differsWhy()} {
		for k, why := range m {
			if !keyRE.MatchString(k) || why == "" {
				t.Errorf("%s: bad entry %q: %q", name, k, why)
			}
		}
	}
	for k := range engineLimits {
		if _, ok := pureEdgeBugs[k]; ok {
			t.Errorf("%s is both an engine limitation and a PureEdge bug", k)
		}
	}
	for k := range wasmEdgeDiffers {
		_, limit := engineLimits[k]
		_, bug := pureEdgeBugs[k]
		if limit || bug {
			t.Errorf("%s is listed as a WasmEdge deviation and as a failure", k)
		}
	}
}

// differsWhy returns the reasons of wasmEdgeDiffers, for the key check.
func differsWhy() map[string]string {
	m := map[string]string{}
	for k, d := range wasmEdgeDiffers {
		if d.code == 0 {
			m[k] = ""
		} else {
			m[k] = d.why
		}
	}
	return m
}
