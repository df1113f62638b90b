// WasmEdge's error codes and their messages (WasmEdge_ErrCode), generated from
// include/common/enum.inc of WasmEdge 0.17 (the numbering of the validation
// codes moved by one from 0.14: AlignmentTooLarge 0x201 was added, and
// InvalidAlignment 0x200 now names a non-natural atomic alignment).

package errcode

// WasmEdge error codes (category WASM).
const (
	Success                       Code = 0x0000 // success
	Terminated                    Code = 0x0001 // terminated
	RuntimeError                  Code = 0x0002 // generic runtime error
	CostLimitExceeded             Code = 0x0003 // cost limit exceeded
	WrongVMWorkflow               Code = 0x0004 // wrong VM workflow
	FuncNotFound                  Code = 0x0005 // wasm function not found
	AOTDisabled                   Code = 0x0006 // AOT runtime is disabled in this build
	Interrupted                   Code = 0x0007 // execution interrupted
	NotValidated                  Code = 0x0008 // wasm module hasn't passed validation yet
	NonNullRequired               Code = 0x0009 // set null value into non-nullable value type
	SetValueToConst               Code = 0x000A // set value into const
	SetValueErrorType             Code = 0x000B // set value type mismatch
	UserDefError                  Code = 0x000C // user defined error code
	InvalidAOTConfigure           Code = 0x000D // invalid AOT/JIT configure
	AOTNotImpl                    Code = 0x000E // Not implemented instructions in AOT/JIT
	LazyCompilationError          Code = 0x000F // Lazy JIT compilation failure
	IllegalPath                   Code = 0x0100 // invalid path
	ReadError                     Code = 0x0101 // read error
	UnexpectedEnd                 Code = 0x0102 // unexpected end
	MalformedMagic                Code = 0x0103 // magic header not detected
	MalformedVersion              Code = 0x0104 // unknown binary version
	MalformedSection              Code = 0x0105 // malformed section id
	SectionSizeMismatch           Code = 0x0106 // section size mismatch
	LengthOutOfBounds             Code = 0x0107 // length out of bounds
	JunkSection                   Code = 0x0108 // unexpected content after last section
	IncompatibleFuncCode          Code = 0x0109 // function and code section have inconsistent lengths
	IncompatibleDataCount         Code = 0x010A // data count and data section have inconsistent lengths
	DataCountRequired             Code = 0x010B // data count section required
	MalformedImportKind           Code = 0x010C // malformed import kind
	MalformedExportKind           Code = 0x010D // malformed export kind
	ExpectedZeroByte              Code = 0x010E // zero byte expected
	InvalidMut                    Code = 0x010F // malformed mutability
	TooManyLocals                 Code = 0x0110 // too many locals
	MalformedValType              Code = 0x0111 // malformed value type
	MalformedElemType             Code = 0x0112 // malformed element type
	MalformedRefType              Code = 0x0113 // malformed reference type
	MalformedUTF8                 Code = 0x0114 // malformed UTF-8 encoding
	IntegerTooLarge               Code = 0x0115 // integer too large
	IntegerTooLong                Code = 0x0116 // integer representation too long
	IllegalOpCode                 Code = 0x0117 // illegal opcode
	ENDCodeExpected               Code = 0x0118 // END opcode expected
	IllegalGrammar                Code = 0x0119 // invalid wasm grammar
	IntrinsicsTableNotFound       Code = 0x011A // intrinsics table not found
	MalformedTable                Code = 0x011B // malformed table
	MalformedMemoryOpFlags        Code = 0x011C // malformed memop flags
	MalformedLimitFlags           Code = 0x011D // malformed limits flags
	MalformedCatchFlags           Code = 0x011E // malformed catch flags
	MalformedCastFlags            Code = 0x011F // malformed cast flags
	MalformedSort                 Code = 0x01A0 // malformed sort
	MalformedAliasTarget          Code = 0x01A1 // malformed alias target
	MalformedCoreInstance         Code = 0x01A2 // malformed core instance
	MalformedInstance             Code = 0x01A3 // malformed instance
	MalformedDefType              Code = 0x01A4 // malformed defined type
	MalformedModuleType           Code = 0x01A5 // malformed module type
	MalformedRecordType           Code = 0x01A6 // malformed record type
	MalformedVariantType          Code = 0x01A7 // malformed variant type
	MalformedTupleType            Code = 0x01A8 // malformed tuple type
	MalformedFlagsType            Code = 0x01A9 // malformed flags type
	MalformedCanonical            Code = 0x01AA // malformed canonical
	UnknownCanonicalOption        Code = 0x01AB // unknown canonical option
	MalformedName                 Code = 0x01AC // malformed name
	ComponentNotImplLoader        Code = 0x01AD // component model (loader) not implemented
	ComponentNestLevelExceeded    Code = 0x01AE // component nesting level exceeded
	InvalidAlignment              Code = 0x0200 // atomic alignment must be natural
	AlignmentTooLarge             Code = 0x0201 // alignment must not be larger than natural
	TypeCheckFailed               Code = 0x0202 // type mismatch
	InvalidLabelIdx               Code = 0x0203 // unknown label
	InvalidLocalIdx               Code = 0x0204 // unknown local
	InvalidFieldIdx               Code = 0x0205 // unknown field
	InvalidFuncTypeIdx            Code = 0x0206 // unknown type
	InvalidFuncIdx                Code = 0x0207 // unknown function
	InvalidTableIdx               Code = 0x0208 // unknown table
	InvalidMemoryIdx              Code = 0x0209 // unknown memory
	InvalidGlobalIdx              Code = 0x020A // unknown global
	InvalidTagIdx                 Code = 0x020B // unknown tag
	InvalidElemIdx                Code = 0x020C // unknown elem segment
	InvalidDataIdx                Code = 0x020D // unknown data segment
	InvalidRefIdx                 Code = 0x020E // undeclared function reference
	ConstExprRequired             Code = 0x020F // constant expression required
	DupExportName                 Code = 0x0210 // duplicate export name
	ImmutableGlobal               Code = 0x0211 // immutable global
	ImmutableField                Code = 0x0212 // immutable field
	ImmutableArray                Code = 0x0213 // immutable array
	InvalidResultArity            Code = 0x0214 // invalid result arity
	MultiTables                   Code = 0x0215 // multiple tables
	MultiMemories                 Code = 0x0216 // multiple memories
	InvalidLimit                  Code = 0x0217 // size minimum must not be greater than maximum
	InvalidMemPages               Code = 0x0218 // memory size must be at most 65536 pages (4GiB)
	InvalidStartFunc              Code = 0x0219 // start function
	InvalidLaneIdx                Code = 0x021A // invalid lane index
	InvalidUninitLocal            Code = 0x021B // uninitialized local
	InvalidNotDefaultableField    Code = 0x021C // field type is not defaultable
	InvalidNotDefaultableArray    Code = 0x021D // array type is not defaultable
	InvalidPackedField            Code = 0x021E // field is packed
	InvalidPackedArray            Code = 0x021F // array is packed
	InvalidUnpackedField          Code = 0x0220 // field is unpacked
	InvalidUnpackedArray          Code = 0x0221 // array is unpacked
	InvalidBrRefType              Code = 0x0222 // invalid br ref type
	ArrayTypesMismatch            Code = 0x0223 // array types do not match
	ArrayTypesNumtypeRequired     Code = 0x0224 // array type is not numeric or vector
	InvalidSubType                Code = 0x0225 // sub type
	InvalidTagResultType          Code = 0x0226 // non-empty tag result type
	SharedMemoryNoMax             Code = 0x0227 // shared memory must have maximum
	InvalidMemPages64             Code = 0x0228 // memory size
	InvalidTableSize64            Code = 0x0229 // table size
	InvalidOffset                 Code = 0x022A // offset out of range
	MissingArgument               Code = 0x02A0 // missing argument
	ArgTypeMismatch               Code = 0x02A1 // type mismatch
	InvalidIndex                  Code = 0x02A2 // invalid index
	InvalidTypeReference          Code = 0x02A3 // invalid type reference
	ExportNotFound                Code = 0x02A4 // export not found
	ComponentNotImplValidator     Code = 0x02A5 // component model (validator) not implemented
	ComponentDuplicateName        Code = 0x02A6 // duplicate name in component
	ComponentInvalidName          Code = 0x02A7 // invalid component name
	NotADefinedType               Code = 0x02A8 // not a defined type
	DefTypeIndexOutOfBounds       Code = 0x02A9 // index out of bounds
	NameCannotBeEmpty             Code = 0x02AA // name cannot be empty
	CannotHaveMoreThan32Flags     Code = 0x02AB // cannot have more than 32 flags
	RecordFieldNameConflicts      Code = 0x02AC // record field name conflicts with previous field name
	VariantCaseNameConflicts      Code = 0x02AD // variant case name conflicts with previous case name
	FlagNameConflicts             Code = 0x02AE // flag name conflicts with previous flag name
	EnumTagNameConflicts          Code = 0x02AF // enum tag name conflicts with previous tag name
	VariantMustHaveCase           Code = 0x02B0 // variant type must have at least one case
	ExportAscriptionIncompatible  Code = 0x02B1 // ascribed type of export is not compatible
	InstanceMissingExpectedExport Code = 0x02B2 // missing expected export
	InvalidExportName             Code = 0x02B3 // not a valid export name
	InvalidExternName             Code = 0x02B4 // not a valid extern name
	UnknownCoreTag                Code = 0x02B5 // unknown tag
	ModuleNameConflict            Code = 0x0300 // module name conflict
	IncompatibleImportType        Code = 0x0301 // incompatible import type
	UnknownImport                 Code = 0x0302 // unknown import
	DataSegDoesNotFit             Code = 0x0303 // data segment does not fit
	ElemSegDoesNotFit             Code = 0x0304 // elements segment does not fit
	InvalidCoreSort               Code = 0x03A0 // invalid core sort
	InvalidCanonOption            Code = 0x03A1 // invalid canonical option
	CoreInvalidExport             Code = 0x03A2 // invalid export in core module
	ResourceDropArgument          Code = 0x03A3 // invalid argument been used to invoke resource.drop
	ComponentNotImplInstantiate   Code = 0x03A4 // component model (instantiation) not implemented
	WrongInstanceAddress          Code = 0x0400 // wrong instance address
	WrongInstanceIndex            Code = 0x0401 // wrong instance index
	InstrTypeMismatch             Code = 0x0402 // instruction type mismatch
	FuncSigMismatch               Code = 0x0403 // function signature mismatch
	DivideByZero                  Code = 0x0404 // integer divide by zero
	IntegerOverflow               Code = 0x0405 // integer overflow
	InvalidConvToInt              Code = 0x0406 // invalid conversion to integer
	TableOutOfBounds              Code = 0x0407 // out of bounds table access
	MemoryOutOfBounds             Code = 0x0408 // out of bounds memory access
	ArrayOutOfBounds              Code = 0x0409 // out of bounds array access
	Unreachable                   Code = 0x040A // unreachable
	UninitializedElement          Code = 0x040B // uninitialized element
	UndefinedElement              Code = 0x040C // undefined element
	IndirectCallTypeMismatch      Code = 0x040D // indirect call type mismatch
	HostFuncError                 Code = 0x040E // host function failed
	RefTypeMismatch               Code = 0x040F // reference type mismatch
	UnalignedAtomicAccess         Code = 0x0410 // unaligned atomic
	ExpectSharedMemory            Code = 0x0411 // expected shared memory
	CastNullToNonNull             Code = 0x0412 // null reference
	AccessNullFunc                Code = 0x0413 // null function reference
	AccessNullStruct              Code = 0x0414 // null structure reference
	AccessNullArray               Code = 0x0415 // null array reference
	AccessNullI31                 Code = 0x0416 // null i31 reference
	AccessNullException           Code = 0x0417 // null exception reference
	CastFailed                    Code = 0x0418 // cast failure
	UncaughtException             Code = 0x0419 // uncaught exception
	PendingException              Code = 0x041A // pending exception
)

// messages are WasmEdge's texts of the codes (ErrCodeStr).
var messages = map[Code]string{
	Success:                       "success",
	Terminated:                    "terminated",
	RuntimeError:                  "generic runtime error",
	CostLimitExceeded:             "cost limit exceeded",
	WrongVMWorkflow:               "wrong VM workflow",
	FuncNotFound:                  "wasm function not found",
	AOTDisabled:                   "AOT runtime is disabled in this build",
	Interrupted:                   "execution interrupted",
	NotValidated:                  "wasm module hasn't passed validation yet",
	NonNullRequired:               "set null value into non-nullable value type",
	SetValueToConst:               "set value into const",
	SetValueErrorType:             "set value type mismatch",
	UserDefError:                  "user defined error code",
	InvalidAOTConfigure:           "invalid AOT/JIT configure",
	AOTNotImpl:                    "Not implemented instructions in AOT/JIT",
	LazyCompilationError:          "Lazy JIT compilation failure",
	IllegalPath:                   "invalid path",
	ReadError:                     "read error",
	UnexpectedEnd:                 "unexpected end",
	MalformedMagic:                "magic header not detected",
	MalformedVersion:              "unknown binary version",
	MalformedSection:              "malformed section id",
	SectionSizeMismatch:           "section size mismatch",
	LengthOutOfBounds:             "length out of bounds",
	JunkSection:                   "unexpected content after last section",
	IncompatibleFuncCode:          "function and code section have inconsistent lengths",
	IncompatibleDataCount:         "data count and data section have inconsistent lengths",
	DataCountRequired:             "data count section required",
	MalformedImportKind:           "malformed import kind",
	MalformedExportKind:           "malformed export kind",
	ExpectedZeroByte:              "zero byte expected",
	InvalidMut:                    "malformed mutability",
	TooManyLocals:                 "too many locals",
	MalformedValType:              "malformed value type",
	MalformedElemType:             "malformed element type",
	MalformedRefType:              "malformed reference type",
	MalformedUTF8:                 "malformed UTF-8 encoding",
	IntegerTooLarge:               "integer too large",
	IntegerTooLong:                "integer representation too long",
	IllegalOpCode:                 "illegal opcode",
	ENDCodeExpected:               "END opcode expected",
	IllegalGrammar:                "invalid wasm grammar",
	IntrinsicsTableNotFound:       "intrinsics table not found",
	MalformedTable:                "malformed table",
	MalformedMemoryOpFlags:        "malformed memop flags",
	MalformedLimitFlags:           "malformed limits flags",
	MalformedCatchFlags:           "malformed catch flags",
	MalformedCastFlags:            "malformed cast flags",
	MalformedSort:                 "malformed sort",
	MalformedAliasTarget:          "malformed alias target",
	MalformedCoreInstance:         "malformed core instance",
	MalformedInstance:             "malformed instance",
	MalformedDefType:              "malformed defined type",
	MalformedModuleType:           "malformed module type",
	MalformedRecordType:           "malformed record type",
	MalformedVariantType:          "malformed variant type",
	MalformedTupleType:            "malformed tuple type",
	MalformedFlagsType:            "malformed flags type",
	MalformedCanonical:            "malformed canonical",
	UnknownCanonicalOption:        "unknown canonical option",
	MalformedName:                 "malformed name",
	ComponentNotImplLoader:        "component model (loader) not implemented",
	ComponentNestLevelExceeded:    "component nesting level exceeded",
	InvalidAlignment:              "atomic alignment must be natural",
	AlignmentTooLarge:             "alignment must not be larger than natural",
	TypeCheckFailed:               "type mismatch",
	InvalidLabelIdx:               "unknown label",
	InvalidLocalIdx:               "unknown local",
	InvalidFieldIdx:               "unknown field",
	InvalidFuncTypeIdx:            "unknown type",
	InvalidFuncIdx:                "unknown function",
	InvalidTableIdx:               "unknown table",
	InvalidMemoryIdx:              "unknown memory",
	InvalidGlobalIdx:              "unknown global",
	InvalidTagIdx:                 "unknown tag",
	InvalidElemIdx:                "unknown elem segment",
	InvalidDataIdx:                "unknown data segment",
	InvalidRefIdx:                 "undeclared function reference",
	ConstExprRequired:             "constant expression required",
	DupExportName:                 "duplicate export name",
	ImmutableGlobal:               "immutable global",
	ImmutableField:                "immutable field",
	ImmutableArray:                "immutable array",
	InvalidResultArity:            "invalid result arity",
	MultiTables:                   "multiple tables",
	MultiMemories:                 "multiple memories",
	InvalidLimit:                  "size minimum must not be greater than maximum",
	InvalidMemPages:               "memory size must be at most 65536 pages (4GiB)",
	InvalidStartFunc:              "start function",
	InvalidLaneIdx:                "invalid lane index",
	InvalidUninitLocal:            "uninitialized local",
	InvalidNotDefaultableField:    "field type is not defaultable",
	InvalidNotDefaultableArray:    "array type is not defaultable",
	InvalidPackedField:            "field is packed",
	InvalidPackedArray:            "array is packed",
	InvalidUnpackedField:          "field is unpacked",
	InvalidUnpackedArray:          "array is unpacked",
	InvalidBrRefType:              "invalid br ref type",
	ArrayTypesMismatch:            "array types do not match",
	ArrayTypesNumtypeRequired:     "array type is not numeric or vector",
	InvalidSubType:                "sub type",
	InvalidTagResultType:          "non-empty tag result type",
	SharedMemoryNoMax:             "shared memory must have maximum",
	InvalidMemPages64:             "memory size",
	InvalidTableSize64:            "table size",
	InvalidOffset:                 "offset out of range",
	MissingArgument:               "missing argument",
	ArgTypeMismatch:               "type mismatch",
	InvalidIndex:                  "invalid index",
	InvalidTypeReference:          "invalid type reference",
	ExportNotFound:                "export not found",
	ComponentNotImplValidator:     "component model (validator) not implemented",
	ComponentDuplicateName:        "duplicate name in component",
	ComponentInvalidName:          "invalid component name",
	NotADefinedType:               "not a defined type",
	DefTypeIndexOutOfBounds:       "index out of bounds",
	NameCannotBeEmpty:             "name cannot be empty",
	CannotHaveMoreThan32Flags:     "cannot have more than 32 flags",
	RecordFieldNameConflicts:      "record field name conflicts with previous field name",
	VariantCaseNameConflicts:      "variant case name conflicts with previous case name",
	FlagNameConflicts:             "flag name conflicts with previous flag name",
	EnumTagNameConflicts:          "enum tag name conflicts with previous tag name",
	VariantMustHaveCase:           "variant type must have at least one case",
	ExportAscriptionIncompatible:  "ascribed type of export is not compatible",
	InstanceMissingExpectedExport: "missing expected export",
	InvalidExportName:             "not a valid export name",
	InvalidExternName:             "not a valid extern name",
	UnknownCoreTag:                "unknown tag",
	ModuleNameConflict:            "module name conflict",
	IncompatibleImportType:        "incompatible import type",
	UnknownImport:                 "unknown import",
	DataSegDoesNotFit:             "data segment does not fit",
	ElemSegDoesNotFit:             "elements segment does not fit",
	InvalidCoreSort:               "invalid core sort",
	InvalidCanonOption:            "invalid canonical option",
	CoreInvalidExport:             "invalid export in core module",
	ResourceDropArgument:          "invalid argument been used to invoke resource.drop",
	ComponentNotImplInstantiate:   "component model (instantiation) not implemented",
	WrongInstanceAddress:          "wrong instance address",
	WrongInstanceIndex:            "wrong instance index",
	InstrTypeMismatch:             "instruction type mismatch",
	FuncSigMismatch:               "function signature mismatch",
	DivideByZero:                  "integer divide by zero",
	IntegerOverflow:               "integer overflow",
	InvalidConvToInt:              "invalid conversion to integer",
	TableOutOfBounds:              "out of bounds table access",
	MemoryOutOfBounds:             "out of bounds memory access",
	ArrayOutOfBounds:              "out of bounds array access",
	Unreachable:                   "unreachable",
	UninitializedElement:          "uninitialized element",
	UndefinedElement:              "undefined element",
	IndirectCallTypeMismatch:      "indirect call type mismatch",
	HostFuncError:                 "host function failed",
	RefTypeMismatch:               "reference type mismatch",
	UnalignedAtomicAccess:         "unaligned atomic",
	ExpectSharedMemory:            "expected shared memory",
	CastNullToNonNull:             "null reference",
	AccessNullFunc:                "null function reference",
	AccessNullStruct:              "null structure reference",
	AccessNullArray:               "null array reference",
	AccessNullI31:                 "null i31 reference",
	AccessNullException:           "null exception reference",
	CastFailed:                    "cast failure",
	UncaughtException:             "uncaught exception",
	PendingException:              "pending exception",
}
