// The WasmEdge 0.14.1 error codes and their messages (WasmEdge_ErrCode, include/common/enum.inc).

package errcode

// WasmEdge error codes (category WASM).
const (
	Success                    Code = 0x0000 // success
	Terminated                 Code = 0x0001 // terminated
	RuntimeError               Code = 0x0002 // generic runtime error
	CostLimitExceeded          Code = 0x0003 // cost limit exceeded
	WrongVMWorkflow            Code = 0x0004 // wrong VM workflow
	FuncNotFound               Code = 0x0005 // wasm function not found
	AOTDisabled                Code = 0x0006 // AOT runtime is disabled in this build
	Interrupted                Code = 0x0007 // execution interrupted
	NotValidated               Code = 0x0008 // wasm module hasn't passed validation yet
	NonNullRequired            Code = 0x0009 // set null value into non-nullable value type
	SetValueToConst            Code = 0x000A // set value into const
	SetValueErrorType          Code = 0x000B // set value type mismatch
	UserDefError               Code = 0x000C // user defined error code
	IllegalPath                Code = 0x0100 // invalid path
	ReadError                  Code = 0x0101 // read error
	UnexpectedEnd              Code = 0x0102 // unexpected end
	MalformedMagic             Code = 0x0103 // magic header not detected
	MalformedVersion           Code = 0x0104 // unknown binary version
	MalformedSection           Code = 0x0105 // malformed section id
	SectionSizeMismatch        Code = 0x0106 // section size mismatch
	LengthOutOfBounds          Code = 0x0107 // length out of bounds
	JunkSection                Code = 0x0108 // unexpected content after last section
	IncompatibleFuncCode       Code = 0x0109 // function and code section have inconsistent lengths
	IncompatibleDataCount      Code = 0x010A // data count and data section have inconsistent lengths
	DataCountRequired          Code = 0x010B // data count section required
	MalformedImportKind        Code = 0x010C // malformed import kind
	MalformedExportKind        Code = 0x010D // malformed export kind
	ExpectedZeroByte           Code = 0x010E // zero byte expected
	InvalidMut                 Code = 0x010F // malformed mutability
	TooManyLocals              Code = 0x0110 // too many locals
	MalformedValType           Code = 0x0111 // malformed value type
	MalformedElemType          Code = 0x0112 // malformed element type
	MalformedRefType           Code = 0x0113 // malformed reference type
	MalformedUTF8              Code = 0x0114 // malformed UTF-8 encoding
	IntegerTooLarge            Code = 0x0115 // integer too large
	IntegerTooLong             Code = 0x0116 // integer representation too long
	IllegalOpCode              Code = 0x0117 // illegal opcode
	ENDCodeExpected            Code = 0x0118 // END opcode expected
	IllegalGrammar             Code = 0x0119 // invalid wasm grammar
	SharedMemoryNoMax          Code = 0x011A // shared memory must have maximum
	IntrinsicsTableNotFound    Code = 0x011B // intrinsics table not found
	MalformedTable             Code = 0x011C // malformed table
	InvalidStoreAlignment      Code = 0x011D // invalid store alignment
	InvalidAlignment           Code = 0x0200 // alignment must not be larger than natural
	TypeCheckFailed            Code = 0x0201 // type mismatch
	InvalidLabelIdx            Code = 0x0202 // unknown label
	InvalidLocalIdx            Code = 0x0203 // unknown local
	InvalidFieldIdx            Code = 0x0204 // unknown field
	InvalidFuncTypeIdx         Code = 0x0205 // unknown type
	InvalidFuncIdx             Code = 0x0206 // unknown function
	InvalidTableIdx            Code = 0x0207 // unknown table
	InvalidMemoryIdx           Code = 0x0208 // unknown memory
	InvalidGlobalIdx           Code = 0x0209 // unknown global
	InvalidTagIdx              Code = 0x020A // unknown tag
	InvalidElemIdx             Code = 0x020B // unknown elem segment
	InvalidDataIdx             Code = 0x020C // unknown data segment
	InvalidRefIdx              Code = 0x020D // undeclared function reference
	ConstExprRequired          Code = 0x020E // constant expression required
	DupExportName              Code = 0x020F // duplicate export name
	ImmutableGlobal            Code = 0x0210 // global is immutable
	ImmutableField             Code = 0x0211 // field is immutable
	ImmutableArray             Code = 0x0212 // array is immutable
	InvalidResultArity         Code = 0x0213 // invalid result arity
	MultiTables                Code = 0x0214 // multiple tables
	MultiMemories              Code = 0x0215 // multiple memories
	InvalidLimit               Code = 0x0216 // size minimum must not be greater than maximum
	InvalidMemPages            Code = 0x0217 // memory size must be at most 65536 pages (4GiB)
	InvalidStartFunc           Code = 0x0218 // start function
	InvalidLaneIdx             Code = 0x0219 // invalid lane index
	InvalidUninitLocal         Code = 0x021A // uninitialized local
	InvalidNotDefaultableField Code = 0x021B // field type is not defaultable
	InvalidNotDefaultableArray Code = 0x021C // array type is not defaultable
	InvalidPackedField         Code = 0x021D // field is packed
	InvalidPackedArray         Code = 0x021E // array is packed
	InvalidUnpackedField       Code = 0x021F // field is unpacked
	InvalidUnpackedArray       Code = 0x0220 // array is unpacked
	InvalidBrRefType           Code = 0x0221 // invalid br ref type
	ArrayTypesMismatch         Code = 0x0222 // array types do not match
	ArrayTypesNumtypeRequired  Code = 0x0223 // array type is not numeric or vector
	InvalidSubType             Code = 0x0224 // sub type
	InvalidTagResultType       Code = 0x0225 // non-empty tag result type
	ModuleNameConflict         Code = 0x0300 // module name conflict
	IncompatibleImportType     Code = 0x0301 // incompatible import type
	UnknownImport              Code = 0x0302 // unknown import
	DataSegDoesNotFit          Code = 0x0303 // data segment does not fit
	ElemSegDoesNotFit          Code = 0x0304 // elements segment does not fit
	InvalidCoreSort            Code = 0x0305 // invalid core sort
	InvalidCanonOption         Code = 0x0306 // invalid canonical option
	WrongInstanceAddress       Code = 0x0400 // wrong instance address
	WrongInstanceIndex         Code = 0x0401 // wrong instance index
	InstrTypeMismatch          Code = 0x0402 // instruction type mismatch
	FuncSigMismatch            Code = 0x0403 // function signature mismatch
	DivideByZero               Code = 0x0404 // integer divide by zero
	IntegerOverflow            Code = 0x0405 // integer overflow
	InvalidConvToInt           Code = 0x0406 // invalid conversion to integer
	TableOutOfBounds           Code = 0x0407 // out of bounds table access
	MemoryOutOfBounds          Code = 0x0408 // out of bounds memory access
	ArrayOutOfBounds           Code = 0x0409 // out of bounds array access
	Unreachable                Code = 0x040A // unreachable
	UninitializedElement       Code = 0x040B // uninitialized element
	UndefinedElement           Code = 0x040C // undefined element
	IndirectCallTypeMismatch   Code = 0x040D // indirect call type mismatch
	HostFuncError              Code = 0x040E // host function failed
	RefTypeMismatch            Code = 0x040F // reference type mismatch
	UnalignedAtomicAccess      Code = 0x0410 // unaligned atomic
	ExpectSharedMemory         Code = 0x0411 // expected shared memory
	CastNullToNonNull          Code = 0x0412 // null reference
	AccessNullFunc             Code = 0x0413 // null function reference
	AccessNullStruct           Code = 0x0414 // null structure reference
	AccessNullArray            Code = 0x0415 // null array reference
	AccessNullI31              Code = 0x0416 // null i31 reference
	AccessNullException        Code = 0x0417 // null exception reference
	CastFailed                 Code = 0x0418 // cast failure
	UncaughtException          Code = 0x0419 // uncaught exception
	MalformedSort              Code = 0x0500 // malformed sort
	MalformedAliasTarget       Code = 0x0501 // malformed alias target
	MalformedCoreInstance      Code = 0x0502 // malformed core instance
	MalformedInstance          Code = 0x0503 // malformed instance
	MalformedDefType           Code = 0x0504 // malformed defined type
	MalformedRecordType        Code = 0x0505 // malformed record type
	MalformedVariantType       Code = 0x0506 // malformed variant type
	MalformedTupleType         Code = 0x0507 // malformed tuple type
	MalformedFlagsType         Code = 0x0508 // malformed flags type
	MalformedCanonical         Code = 0x0509 // malformed canonical
	UnknownCanonicalOption     Code = 0x050A // unknown canonical option
	MalformedName              Code = 0x050B // malformed name
	CoreInvalidExport          Code = 0x0600 // invalid export in core module
)

var messages = map[Code]string{
	Success:                    "success",
	Terminated:                 "terminated",
	RuntimeError:               "generic runtime error",
	CostLimitExceeded:          "cost limit exceeded",
	WrongVMWorkflow:            "wrong VM workflow",
	FuncNotFound:               "wasm function not found",
	AOTDisabled:                "AOT runtime is disabled in this build",
	Interrupted:                "execution interrupted",
	NotValidated:               "wasm module hasn't passed validation yet",
	NonNullRequired:            "set null value into non-nullable value type",
	SetValueToConst:            "set value into const",
	SetValueErrorType:          "set value type mismatch",
	UserDefError:               "user defined error code",
	IllegalPath:                "invalid path",
	ReadError:                  "read error",
	UnexpectedEnd:              "unexpected end",
	MalformedMagic:             "magic header not detected",
	MalformedVersion:           "unknown binary version",
	MalformedSection:           "malformed section id",
	SectionSizeMismatch:        "section size mismatch",
	LengthOutOfBounds:          "length out of bounds",
	JunkSection:                "unexpected content after last section",
	IncompatibleFuncCode:       "function and code section have inconsistent lengths",
	IncompatibleDataCount:      "data count and data section have inconsistent lengths",
	DataCountRequired:          "data count section required",
	MalformedImportKind:        "malformed import kind",
	MalformedExportKind:        "malformed export kind",
	ExpectedZeroByte:           "zero byte expected",
	InvalidMut:                 "malformed mutability",
	TooManyLocals:              "too many locals",
	MalformedValType:           "malformed value type",
	MalformedElemType:          "malformed element type",
	MalformedRefType:           "malformed reference type",
	MalformedUTF8:              "malformed UTF-8 encoding",
	IntegerTooLarge:            "integer too large",
	IntegerTooLong:             "integer representation too long",
	IllegalOpCode:              "illegal opcode",
	ENDCodeExpected:            "END opcode expected",
	IllegalGrammar:             "invalid wasm grammar",
	SharedMemoryNoMax:          "shared memory must have maximum",
	IntrinsicsTableNotFound:    "intrinsics table not found",
	MalformedTable:             "malformed table",
	InvalidStoreAlignment:      "invalid store alignment",
	InvalidAlignment:           "alignment must not be larger than natural",
	TypeCheckFailed:            "type mismatch",
	InvalidLabelIdx:            "unknown label",
	InvalidLocalIdx:            "unknown local",
	InvalidFieldIdx:            "unknown field",
	InvalidFuncTypeIdx:         "unknown type",
	InvalidFuncIdx:             "unknown function",
	InvalidTableIdx:            "unknown table",
	InvalidMemoryIdx:           "unknown memory",
	InvalidGlobalIdx:           "unknown global",
	InvalidTagIdx:              "unknown tag",
	InvalidElemIdx:             "unknown elem segment",
	InvalidDataIdx:             "unknown data segment",
	InvalidRefIdx:              "undeclared function reference",
	ConstExprRequired:          "constant expression required",
	DupExportName:              "duplicate export name",
	ImmutableGlobal:            "global is immutable",
	ImmutableField:             "field is immutable",
	ImmutableArray:             "array is immutable",
	InvalidResultArity:         "invalid result arity",
	MultiTables:                "multiple tables",
	MultiMemories:              "multiple memories",
	InvalidLimit:               "size minimum must not be greater than maximum",
	InvalidMemPages:            "memory size must be at most 65536 pages (4GiB)",
	InvalidStartFunc:           "start function",
	InvalidLaneIdx:             "invalid lane index",
	InvalidUninitLocal:         "uninitialized local",
	InvalidNotDefaultableField: "field type is not defaultable",
	InvalidNotDefaultableArray: "array type is not defaultable",
	InvalidPackedField:         "field is packed",
	InvalidPackedArray:         "array is packed",
	InvalidUnpackedField:       "field is unpacked",
	InvalidUnpackedArray:       "array is unpacked",
	InvalidBrRefType:           "invalid br ref type",
	ArrayTypesMismatch:         "array types do not match",
	ArrayTypesNumtypeRequired:  "array type is not numeric or vector",
	InvalidSubType:             "sub type",
	InvalidTagResultType:       "non-empty tag result type",
	ModuleNameConflict:         "module name conflict",
	IncompatibleImportType:     "incompatible import type",
	UnknownImport:              "unknown import",
	DataSegDoesNotFit:          "data segment does not fit",
	ElemSegDoesNotFit:          "elements segment does not fit",
	InvalidCoreSort:            "invalid core sort",
	InvalidCanonOption:         "invalid canonical option",
	WrongInstanceAddress:       "wrong instance address",
	WrongInstanceIndex:         "wrong instance index",
	InstrTypeMismatch:          "instruction type mismatch",
	FuncSigMismatch:            "function signature mismatch",
	DivideByZero:               "integer divide by zero",
	IntegerOverflow:            "integer overflow",
	InvalidConvToInt:           "invalid conversion to integer",
	TableOutOfBounds:           "out of bounds table access",
	MemoryOutOfBounds:          "out of bounds memory access",
	ArrayOutOfBounds:           "out of bounds array access",
	Unreachable:                "unreachable",
	UninitializedElement:       "uninitialized element",
	UndefinedElement:           "undefined element",
	IndirectCallTypeMismatch:   "indirect call type mismatch",
	HostFuncError:              "host function failed",
	RefTypeMismatch:            "reference type mismatch",
	UnalignedAtomicAccess:      "unaligned atomic",
	ExpectSharedMemory:         "expected shared memory",
	CastNullToNonNull:          "null reference",
	AccessNullFunc:             "null function reference",
	AccessNullStruct:           "null structure reference",
	AccessNullArray:            "null array reference",
	AccessNullI31:              "null i31 reference",
	AccessNullException:        "null exception reference",
	CastFailed:                 "cast failure",
	UncaughtException:          "uncaught exception",
	MalformedSort:              "malformed sort",
	MalformedAliasTarget:       "malformed alias target",
	MalformedCoreInstance:      "malformed core instance",
	MalformedInstance:          "malformed instance",
	MalformedDefType:           "malformed defined type",
	MalformedRecordType:        "malformed record type",
	MalformedVariantType:       "malformed variant type",
	MalformedTupleType:         "malformed tuple type",
	MalformedFlagsType:         "malformed flags type",
	MalformedCanonical:         "malformed canonical",
	UnknownCanonicalOption:     "unknown canonical option",
	MalformedName:              "malformed name",
	CoreInvalidExport:          "invalid export in core module",
}
