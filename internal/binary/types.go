package binary

import (
	"fmt"
	"slices"
	"strings"
)

// ValType is a Wasm value type, as its one-byte binary encoding. The values
// of the numeric, vector, funcref and externref types equal wazero's
// api.ValueType constants.
//
// Typed function references ((ref null? ht), 0x63/0x64) are folded into the
// abstract type they refer to: a reference to func or to a function type
// index decodes as ValFuncref, one to extern as ValExternref and one to exn
// as ValExnref. Their nullability and type index are not kept.
type ValType byte

// The value types.
const (
	ValI32       ValType = 0x7F
	ValI64       ValType = 0x7E
	ValF32       ValType = 0x7D
	ValF64       ValType = 0x7C
	ValV128      ValType = 0x7B
	ValFuncref   ValType = 0x70
	ValExternref ValType = 0x6F
	ValExnref    ValType = 0x69 // exception-handling proposal
)

// IsRef reports whether t is a reference type.
func (t ValType) IsRef() bool {
	return t == ValFuncref || t == ValExternref || t == ValExnref
}

// String returns the type's name in the text format, e.g. "i32".
func (t ValType) String() string {
	switch t {
	case ValI32:
		return "i32"
	case ValI64:
		return "i64"
	case ValF32:
		return "f32"
	case ValF64:
		return "f64"
	case ValV128:
		return "v128"
	case ValFuncref:
		return "funcref"
	case ValExternref:
		return "externref"
	case ValExnref:
		return "exnref"
	}
	return fmt.Sprintf("valtype(0x%02x)", byte(t))
}

// FuncType is a function signature.
type FuncType struct {
	Params, Results []ValType
}

// Equal reports whether t and u have the same parameters and results.
func (t FuncType) Equal(u FuncType) bool {
	return slices.Equal(t.Params, u.Params) && slices.Equal(t.Results, u.Results)
}

// String formats the type as "(i32, i64) -> (f32)".
func (t FuncType) String() string {
	return "(" + joinTypes(t.Params) + ") -> (" + joinTypes(t.Results) + ")"
}

func joinTypes(ts []ValType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}

// Limits are the size limits of a table or memory, in elements or pages.
// Shared is the threads proposal's flag, Is64 the memory64 proposal's (whose
// limits may exceed 32 bits).
type Limits struct {
	Min, Max uint64
	HasMax   bool
	Shared   bool
	Is64     bool
}

// TableType is the type of a table.
type TableType struct {
	Elem   ValType
	Limits Limits
}

// MemoryType is the type of a linear memory.
type MemoryType struct {
	Limits Limits
}

// GlobalType is the type of a global variable.
type GlobalType struct {
	Type    ValType
	Mutable bool
}

// ExternKind is the kind of an import or export. The numbers are WasmEdge's
// ExternType values and the binary format's import/export kinds.
type ExternKind byte

// The extern kinds.
const (
	ExternFunc   ExternKind = 0
	ExternTable  ExternKind = 1
	ExternMemory ExternKind = 2
	ExternGlobal ExternKind = 3
	ExternTag    ExternKind = 4
)

// String returns the kind's name, e.g. "func".
func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "func"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	case ExternTag:
		return "tag"
	}
	return fmt.Sprintf("externkind(%d)", byte(k))
}

// Import is one entry of the import section. Which of the typed fields is
// meaningful depends on Kind: Func and Tag are type indices.
type Import struct {
	Module, Name string
	Kind         ExternKind
	Func         uint32
	Table        TableType
	Memory       MemoryType
	Global       GlobalType
	Tag          uint32
}

// Export is one entry of the export section. Index is in the index space of
// Kind, imports first.
type Export struct {
	Name  string
	Kind  ExternKind
	Index uint32
}

// Custom is a custom section. Data aliases the decoded input.
type Custom struct {
	Name string
	Data []byte
}

// InitKind says what a global's initializer is.
type InitKind byte

// The initializer kinds. InitOther is any expression that is not a single
// instruction (e.g. extended-const arithmetic); its value is not computed.
const (
	InitOther     InitKind = iota
	InitI32                // Bits holds the uint32 value
	InitI64                // Bits holds the value
	InitF32                // Bits holds math.Float32bits
	InitF64                // Bits holds math.Float64bits
	InitV128               // Bits is the low half, Hi the high half
	InitRefNull            // Bits holds the heap type byte (0x70, 0x6F, ...)
	InitRefFunc            // Bits holds the function index
	InitGlobalGet          // Bits holds the global index
)

// Init is the initializer of a defined global, when it is a single
// constant instruction.
type Init struct {
	Kind     InitKind
	Bits, Hi uint64
}

// Module is the module-level structure of a decoded Wasm binary. Slices are
// nil when the section is absent. Funcs holds the type index of each defined
// function, Tags the type index of each defined tag; GlobalInits runs
// parallel to Globals.
type Module struct {
	Types       []FuncType
	Imports     []Import
	Funcs       []uint32
	Tables      []TableType
	Memories    []MemoryType
	Tags        []uint32
	Globals     []GlobalType
	GlobalInits []Init
	Exports     []Export
	Start       *uint32
	// ElemSegments and DataSegments count the element and data segments.
	ElemSegments uint32
	DataSegments uint32
	// Elems describes the active element segments, in order (passive and
	// declarative ones are counted in ElemSegments only).
	Elems     []ActiveElem
	DataCount *uint32
	CodeCount uint32
	// BadTableInit is 1 + the index (among the defined functions) of the
	// first function with a table.init of a table the module does not have,
	// or 0. WasmEdge's validator checks table.init's table before its
	// element segment; the engine checks the segment first.
	BadTableInit uint32
	// CodeStart and CodeEnd delimit the code section's content in the
	// input (both 0 without one); Body reads a function's body from it.
	CodeStart, CodeEnd uint32
	Customs            []Custom
	// Locals is the number of locals the function bodies declare in all.
	Locals uint64
	// TableSection delimits the table section in the input (the id byte to
	// the end of the content; zero without one), and TableInit says that a
	// table there has an initializer; see ForEngine.
	TableSection [2]uint32
	TableInit    bool
	// BadNames are the offsets of the names of the "name" sections that are
	// not well formed (the engine decodes every one it finds); see
	// ForEngine.
	BadNames []int
}

// ActiveElem is an active element segment: it is written to table Table at
// the offset Offset evaluates to when the module is instantiated.
type ActiveElem struct {
	Segment uint32 // the index of the segment among all element segments
	Table   uint32
	Offset  Init
	// OffsetAt is where the offset expression starts in the binary.
	OffsetAt uint32
	Count    uint32 // the number of elements
	// FuncIndices: the elements are function indices (never null), not
	// expressions.
	FuncIndices bool
}
