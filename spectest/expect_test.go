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
)

// tableAccess is what a table access trap may give. wazero reports one
// "invalid table access" for an index past the table, a null element and an
// element out of a call_indirect's range, where WasmEdge says "out of
// bounds table access" (0x407), "uninitialized element" (0x40B) or
// "undefined element" (0x40C): an engine limitation, so all three are
// accepted for any of the three texts.
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
}

// exhaustionCodes: WasmEdge has no code for call stack exhaustion; a stack
// overflow is a generic runtime error (0x2).
var exhaustionCodes = map[string][]uint32{
	"call stack exhausted": {codeRuntimeError},
}

// unlinkableCodes maps an assert_unlinkable text to the codes allowed.
var unlinkableCodes = map[string][]uint32{
	"unknown import":           {codeUnknownImport},
	"incompatible import type": {codeIncompatibleImport},
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
var engineLimits = map[string]string{
	// An active element segment that does not fit its table: wazero
	// instantiates the module anyway (its own spec harness expects that),
	// where the spec traps with "out of bounds table access" after writing
	// the segments before it.
	"elem.wast:239": elemOutOfBounds,
	"elem.wast:248": elemOutOfBounds,
	"elem.wast:257": elemOutOfBounds,
	"elem.wast:266": elemOutOfBounds,
	"elem.wast:273": elemOutOfBounds,
	"elem.wast:290": elemOutOfBounds,
	"elem.wast:307": elemOutOfBounds,
	"elem.wast:324": elemOutOfBounds,
	// The same, into the imported spectest.table.
	"elem.wast:281":    elemOutOfBounds,
	"elem.wast:298":    elemOutOfBounds,
	"elem.wast:315":    elemOutOfBounds,
	"elem.wast:332":    elemOutOfBounds,
	"linking.wast:244": elemOutOfBounds,
	"linking.wast:267": elemOutOfBounds,
	"linking.wast:410": elemOutOfBounds,
}

const (
	elemOutOfBounds = "wazero instantiates a module whose element segment does not fit its table"
)

// pureEdgeBugs lists failures that are bugs of the wasmedge package (or of
// internal/), to be fixed there; they are tolerated so that the suite stays
// green, and reported apart.
var pureEdgeBugs = map[string]string{}

var keyRE = regexp.MustCompile(`^[a-z0-9_.-]+\.wast:[0-9]+$`)

// checkExpectationTables checks the tables' keys and that no command is
// listed twice.
func checkExpectationTables(t *testing.T) {
	for name, m := range map[string]map[string]string{"skipCommands": skipCommands,
		"engineLimits": engineLimits, "pureEdgeBugs": pureEdgeBugs} {
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
}
