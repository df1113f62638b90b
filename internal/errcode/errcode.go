// Package errcode holds WasmEdge's error codes and turns the errors of the
// wazero engine into them.
package errcode

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero/sys"
)

// Code is a WasmEdge error code of category WASM (the low 24 bits of a
// WasmEdge_Result).
type Code uint32

// Message returns WasmEdge's message for the code, as Result.Error does.
func (c Code) Message() string {
	if m, ok := messages[c]; ok {
		return m
	}
	return "unknown error code"
}

// Category is the high byte of a WasmEdge_Result.
type Category uint32

// The error categories.
const (
	CategoryWASM      Category = 0
	CategoryUserLevel Category = 1
)

// Error is an error that carries a WasmEdge result: a category and a code.
// Detail, when set, says more than the code's fixed message.
type Error struct {
	Category Category
	Code     Code
	Detail   string
	// Err is the cause (the engine's error, with its trap detail and stack
	// trace), if any; see Unwrap and Format.
	Err error
}

// New returns an error of category WASM with the code and an optional detail.
func New(code Code, detail string) *Error {
	return &Error{Code: code, Detail: detail}
}

// Newf is New with a formatted detail.
func Newf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// Raw is the 32-bit WasmEdge_Result value.
func (e *Error) Raw() uint32 { return uint32(e.Category)<<24 | uint32(e.Code)&0xFFFFFF }

// Error returns WasmEdge's message with the raw code and the detail, as
// WasmEdge logs it: "unreachable, Code: 0x40a".
func (e *Error) Error() string {
	msg := e.Code.Message()
	if e.Category != CategoryWASM {
		msg = "user defined error code"
	}
	if e.Detail != "" {
		return fmt.Sprintf("%s, Code: 0x%03x: %s", msg, e.Raw(), e.Detail)
	}
	return fmt.Sprintf("%s, Code: 0x%03x", msg, e.Raw())
}

// ExitSignal is the panic value with which a host function ends the whole
// execution cleanly (WASI proc_exit, or a host function returning
// Result_Terminate). The run reports success, as WasmEdge's "Terminated".
type ExitSignal struct{ Code uint32 }

// Error describes the exit.
func (e *ExitSignal) Error() string { return fmt.Sprintf("terminated with exit code %d", e.Code) }

// HostPanic wraps a Go panic raised inside a host function, so that it
// surfaces as "host function failed" rather than crashing the host.
type HostPanic struct {
	Func  string
	Value any
}

// Error names the function and the panic's value.
func (p *HostPanic) Error() string {
	return fmt.Sprintf("host function %s panicked: %v", p.Func, p.Value)
}

// trap messages of wazero's wasmruntime package, in the order they are tried.
var traps = []struct {
	text string
	code Code
}{
	{"unreachable", Unreachable},
	{"integer divide by zero", DivideByZero},
	{"integer overflow", IntegerOverflow},
	{"invalid conversion to integer", InvalidConvToInt},
	{"out of bounds memory access", MemoryOutOfBounds},
	// One trap for three of WasmEdge's: see TableTrapCode.
	{"invalid table access", TableOutOfBounds},
	{"indirect call type mismatch", IndirectCallTypeMismatch},
	{"unaligned atomic", UnalignedAtomicAccess},
	{"expected shared memory", ExpectSharedMemory},
	{"uncaught exception", UncaughtException},
	{"null reference", CastNullToNonNull},
	// WasmEdge has no code for a stack overflow: a generic runtime error,
	// whose detail says what the spec says.
	{"stack overflow", RuntimeError},
}

// CallStackExhausted is the detail of a stack overflow's error.
const CallStackExhausted = "call stack exhausted"

// IsTableTrap reports whether err is wazero's "invalid table access" trap,
// which stands for an index past a table (0x407, or 0x40C through
// call_indirect) and a null element reached by call_indirect (0x40B).
func IsTableTrap(err error) bool {
	return err != nil && strings.Contains(err.Error(), "wasm error: invalid table access")
}

// TableTrapCode picks WasmEdge's code for a table trap from what is known
// of the function it happened in: indirect, that it calls through a table;
// full, that the table it calls through can hold no null element (so the
// index was past it); access, that it has table instructions that trap on
// an index past the table. known is false when the function could not be
// read (it belongs to another module the call went through).
func TableTrapCode(known, indirect, full, access bool) Code {
	switch {
	case indirect && !access && full:
		return UndefinedElement
	case indirect && !access, !known:
		// A null element or an index past the table: wazero does not say
		// which; the first is by far the more common.
		return UninitializedElement
	}
	return TableOutOfBounds
}

// FromExecution maps an error returned by a wazero function call to a
// WasmEdge error. A nil return means the call ended cleanly: no error, or a
// termination (exit), which WasmEdge counts as success.
func FromExecution(err error) *Error {
	if ee, done := ours(err); done {
		return ee
	}
	var exit *ExitSignal
	if errors.As(err, &exit) {
		return nil
	}
	var hp *HostPanic
	if errors.As(err, &hp) {
		return &Error{Code: HostFuncError, Detail: hp.Error()}
	}
	var se *sys.ExitError
	if errors.As(err, &se) {
		switch se.ExitCode() {
		case sys.ExitCodeContextCanceled, sys.ExitCodeDeadlineExceeded:
			return &Error{Code: Interrupted, Detail: se.Error()}
		}
		return &Error{Code: RuntimeError, Detail: se.Error()}
	}
	// wazero wraps a trap as "wasm error: <message>\nwasm stack trace: ...".
	inner := err
	for u := errors.Unwrap(inner); u != nil; u = errors.Unwrap(inner) {
		inner = u
	}
	text := inner.Error()
	full := err.Error()
	for _, t := range traps {
		if text == t.text || strings.Contains(full, "wasm error: "+t.text) {
			if t.code == RuntimeError {
				return &Error{Code: t.code, Detail: CallStackExhausted}
			}
			return &Error{Code: t.code}
		}
	}
	if strings.Contains(full, " (recovered by wazero)") {
		// A Go panic that is no trap: a host function's (a FastHostFunction
		// recovers nothing itself, to keep its calls cheap).
		return &Error{Code: HostFuncError, Detail: "host function panicked: " + firstLine(full)}
	}
	return &Error{Code: RuntimeError, Detail: firstLine(full)}
}

// FromInstantiation maps an error of wazero's InstantiateModule.
func FromInstantiation(err error) *Error {
	if ee, done := ours(err); done {
		return ee
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "has already been instantiated"):
		return &Error{Code: ModuleNameConflict, Detail: firstLine(msg)}
	case strings.Contains(msg, "not instantiated"), strings.Contains(msg, "is not exported in module"),
		strings.Contains(msg, "not exported"):
		return &Error{Code: UnknownImport, Detail: firstLine(msg)}
	case strings.Contains(msg, "signature mismatch"), strings.Contains(msg, "type mismatch"),
		strings.Contains(msg, "mutability mismatch"), strings.Contains(msg, "size mismatch"),
		strings.Contains(msg, "minimum size mismatch"), strings.Contains(msg, "maximum size mismatch"),
		strings.Contains(msg, "but was"), strings.Contains(msg, ", not a "),
		strings.Contains(msg, "import ") && strings.Contains(msg, "max"):
		return &Error{Code: IncompatibleImportType, Detail: firstLine(msg)}
	case strings.Contains(msg, "data[") && strings.Contains(msg, "out of bounds"):
		return &Error{Code: DataSegDoesNotFit, Detail: firstLine(msg)}
	case strings.Contains(msg, "element") || strings.Contains(msg, "elem["):
		if strings.Contains(msg, "out of bounds") || strings.Contains(msg, "out of range") ||
			strings.Contains(msg, "exceeds min table size") {
			return &Error{Code: ElemSegDoesNotFit, Detail: firstLine(msg)}
		}
	case strings.HasPrefix(msg, "start ") || strings.Contains(msg, "wasm error"):
		if e := FromExecution(err); e != nil {
			return e
		}
		// Never nil: the caller must not take an exit for a success.
		return &Error{Code: Terminated, Detail: firstLine(msg), Err: err}
	}
	return &Error{Code: RuntimeError, Detail: firstLine(msg)}
}

// FromValidation maps an error of wazero's CompileModule (decoding and
// validation) to the closest WasmEdge load or validation code.
func FromValidation(err error) *Error {
	if ee, done := ours(err); done {
		return ee
	}
	msg := err.Error()
	lower := strings.ToLower(msg)
	for _, m := range validationMessages {
		if strings.Contains(lower, m.text) {
			return &Error{Code: m.code, Detail: firstLine(msg)}
		}
	}
	// A message the table does not know: no code of WasmEdge's is claimed
	// for it; the engine's message says what is wrong.
	return &Error{Code: RuntimeError, Detail: "the engine rejected the module: " + firstLine(msg), Err: err}
}

// validationMessages maps wazero's decoding and validation messages to
// WasmEdge's codes. Order matters: a message can name several things
// ("cannot pop the operand for i8x16.extract_lane: type mismatch"), and the
// first match wins. The table was made from the messages wazero gives on
// the spec test suite's invalid and malformed modules.
var validationMessages = []struct {
	text string
	code Code
}{
	// Decoding (what internal/binary has not caught first: function bodies).
	{"invalid magic number", MalformedMagic},
	{"invalid version header", MalformedVersion},
	{"reserved bytes not zero", ExpectedZeroByte},
	{"reserved byte must be zero", ExpectedZeroByte},
	{"not end with opcodeend", ENDCodeExpected},
	{"too many locals", TooManyLocals},
	{"overflows a", IntegerTooLarge},
	{"unexpected end", UnexpectedEnd},
	{"eof", UnexpectedEnd},
	{"invalid section order", JunkSection},
	{"invalid section id", MalformedSection},
	{"section size mismatch", SectionSizeMismatch},
	{"function and code section have inconsistent lengths", IncompatibleFuncCode},
	{"doesn't match the length of data section", IncompatibleDataCount},
	{"requires data count section", DataCountRequired},
	{"not valid utf-8", MalformedUTF8},
	{"invalid utf-8", MalformedUTF8},
	{"invalid byte for importdesc", MalformedImportKind},
	{"shared memory must have maximum", SharedMemoryNoMax},
	// Wasm 1.0 segment bounds, which wazero checks at compilation
	// (WasmEdge at instantiation, with the same code).
	{"exceeds min table size", ElemSegDoesNotFit},
	// Validation.
	{"type mismatch", TypeCheckFailed},
	{"duplicates name", DupExportName},
	{"duplicate export name", DupExportName},
	// A constant expression that leaves too many values or pops too many:
	// a type mismatch in WasmEdge ("Value stack underflow").
	{"more than one value at end of constant expression", TypeCheckFailed},
	{"stack underflow on ", TypeCheckFailed},
	{"const expression", ConstExprRequired},
	{"constant expression", ConstExprRequired},
	{"invalid lane index", InvalidLaneIdx},
	{"alignment", AlignmentTooLarge},
	{"label stack", InvalidLabelIdx},
	{"invalid br operation", InvalidLabelIdx},
	{"param given for br", InvalidLabelIdx},
	{"unknown label", InvalidLabelIdx},
	{"invalid local index", InvalidLocalIdx},
	{"unknown local", InvalidLocalIdx},
	{"type section index", InvalidFuncTypeIdx},
	{"invalid type index", InvalidFuncTypeIdx},
	{"type index out of range", InvalidFuncTypeIdx},
	{"unknown type", InvalidFuncTypeIdx},
	{"global.set when not mutable", ImmutableGlobal},
	{"is immutable", ImmutableGlobal},
	{"invalid index for global", InvalidGlobalIdx},
	{"global index", InvalidGlobalIdx},
	{"unknown global", InvalidGlobalIdx},
	{"memory index must be zero", InvalidMemoryIdx},
	{"unknown memory", InvalidMemoryIdx},
	{"memory must exist", InvalidMemoryIdx},
	{"at most one memory", MultiMemories},
	{"multiple memories", MultiMemories},
	{"at most one table", MultiTables},
	{"multiple tables", MultiTables},
	{"unknown table", InvalidTableIdx},
	{"table for export", InvalidTableIdx},
	{"table index", InvalidTableIdx},
	{"undeclared function", InvalidRefIdx},
	{"must have an empty (nullary) signature", InvalidStartFunc},
	{"unknown function", InvalidFuncIdx},
	{"invalid function index", InvalidFuncIdx},
	{"func index", InvalidFuncIdx},
	{"invalid start function", InvalidFuncIdx},
	{"unknown elem", InvalidElemIdx},
	{"element section", InvalidElemIdx},
	{"out of range of data section", InvalidDataIdx},
	{"unknown data", InvalidDataIdx},
	// A select without its operands is a type mismatch in WasmEdge
	// ("Value stack underflow"), not an arity error.
	{"invalid select: invalid operation: trying to pop", TypeCheckFailed},
	{"typed_select", InvalidResultArity},
	{"invalid select", InvalidResultArity},
	{"min > max", InvalidLimit},
	{"must be less than or equal to max", InvalidLimit},
	{"pages", InvalidMemPages},
	{"start function", InvalidStartFunc},
	{"minimum must not be greater than maximum", InvalidLimit},
	{"multiple result types invalid", InvalidResultArity},
	{"memory for export", InvalidMemoryIdx},
	{"out of range of imported globals", InvalidGlobalIdx},
	// The operand stack's checks, in wazero's words: all "type mismatch"
	// in WasmEdge's.
	{"missing", TypeCheckFailed},
	{"not enough results", TypeCheckFailed},
	{"too many results", TypeCheckFailed},
	{"not enough params", TypeCheckFailed},
	{"cannot use ", TypeCheckFailed},
	{"cannot pop", TypeCheckFailed},
	{"trying to pop", TypeCheckFailed},
	{"but was", TypeCheckFailed},
	{"inconsistent block type", TypeCheckFailed},
	{"non typed select", TypeCheckFailed},
	{"ill-nested block", TypeCheckFailed},
}

// ours handles the errors that need no mapping: nil, and errors that
// already carry a WasmEdge code.
func ours(err error) (*Error, bool) {
	if err == nil {
		return nil, true
	}
	var ee *Error
	if errors.As(err, &ee) {
		return ee, true
	}
	return nil, false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
