/* PureEdge: WasmEdge-compatible C API, error codes.
 *
 * Our own text. The names and values match WasmEdge 0.17's
 * enum WasmEdge_ErrCategory and enum WasmEdge_ErrCode (the generated
 * enum_errcode.h of its C API); the list is derived from PureEdge's
 * internal/errcode/codes.go. WasmEdge 0.15 renumbered the validation codes
 * (0x201 AlignmentTooLarge was added before TypeCheckFailed) and moved the
 * component-model codes; PureEdge answers with these values, whatever
 * header a plug-in was built with. */
#ifndef WASMEDGE_C_API_ENUM_ERRCODE_H
#define WASMEDGE_C_API_ENUM_ERRCODE_H

/* The category of a WasmEdge_Result: the high byte of its Code. */
enum WasmEdge_ErrCategory {
  WasmEdge_ErrCategory_WASM = 0x00,
  WasmEdge_ErrCategory_UserLevelError = 0x01
};

/* Error codes of category WasmEdge_ErrCategory_WASM (the low 24 bits). */
enum WasmEdge_ErrCode {
  WasmEdge_ErrCode_Success = 0x0000, /* success */
  WasmEdge_ErrCode_Terminated = 0x0001, /* terminated */
  WasmEdge_ErrCode_RuntimeError = 0x0002, /* generic runtime error */
  WasmEdge_ErrCode_CostLimitExceeded = 0x0003, /* cost limit exceeded */
  WasmEdge_ErrCode_WrongVMWorkflow = 0x0004, /* wrong VM workflow */
  WasmEdge_ErrCode_FuncNotFound = 0x0005, /* wasm function not found */
  WasmEdge_ErrCode_AOTDisabled = 0x0006, /* AOT runtime is disabled in this build */
  WasmEdge_ErrCode_Interrupted = 0x0007, /* execution interrupted */
  WasmEdge_ErrCode_NotValidated = 0x0008, /* wasm module hasn't passed validation yet */
  WasmEdge_ErrCode_NonNullRequired = 0x0009, /* set null value into non-nullable value type */
  WasmEdge_ErrCode_SetValueToConst = 0x000A, /* set value into const */
  WasmEdge_ErrCode_SetValueErrorType = 0x000B, /* set value type mismatch */
  WasmEdge_ErrCode_UserDefError = 0x000C, /* user defined error code */
  WasmEdge_ErrCode_InvalidAOTConfigure = 0x000D, /* invalid AOT/JIT configure */
  WasmEdge_ErrCode_AOTNotImpl = 0x000E, /* Not implemented instructions in AOT/JIT */
  WasmEdge_ErrCode_LazyCompilationError = 0x000F, /* Lazy JIT compilation failure */
  WasmEdge_ErrCode_IllegalPath = 0x0100, /* invalid path */
  WasmEdge_ErrCode_ReadError = 0x0101, /* read error */
  WasmEdge_ErrCode_UnexpectedEnd = 0x0102, /* unexpected end */
  WasmEdge_ErrCode_MalformedMagic = 0x0103, /* magic header not detected */
  WasmEdge_ErrCode_MalformedVersion = 0x0104, /* unknown binary version */
  WasmEdge_ErrCode_MalformedSection = 0x0105, /* malformed section id */
  WasmEdge_ErrCode_SectionSizeMismatch = 0x0106, /* section size mismatch */
  WasmEdge_ErrCode_LengthOutOfBounds = 0x0107, /* length out of bounds */
  WasmEdge_ErrCode_JunkSection = 0x0108, /* unexpected content after last section */
  WasmEdge_ErrCode_IncompatibleFuncCode = 0x0109, /* function and code section have inconsistent lengths */
  WasmEdge_ErrCode_IncompatibleDataCount = 0x010A, /* data count and data section have inconsistent lengths */
  WasmEdge_ErrCode_DataCountRequired = 0x010B, /* data count section required */
  WasmEdge_ErrCode_MalformedImportKind = 0x010C, /* malformed import kind */
  WasmEdge_ErrCode_MalformedExportKind = 0x010D, /* malformed export kind */
  WasmEdge_ErrCode_ExpectedZeroByte = 0x010E, /* zero byte expected */
  WasmEdge_ErrCode_InvalidMut = 0x010F, /* malformed mutability */
  WasmEdge_ErrCode_TooManyLocals = 0x0110, /* too many locals */
  WasmEdge_ErrCode_MalformedValType = 0x0111, /* malformed value type */
  WasmEdge_ErrCode_MalformedElemType = 0x0112, /* malformed element type */
  WasmEdge_ErrCode_MalformedRefType = 0x0113, /* malformed reference type */
  WasmEdge_ErrCode_MalformedUTF8 = 0x0114, /* malformed UTF-8 encoding */
  WasmEdge_ErrCode_IntegerTooLarge = 0x0115, /* integer too large */
  WasmEdge_ErrCode_IntegerTooLong = 0x0116, /* integer representation too long */
  WasmEdge_ErrCode_IllegalOpCode = 0x0117, /* illegal opcode */
  WasmEdge_ErrCode_ENDCodeExpected = 0x0118, /* END opcode expected */
  WasmEdge_ErrCode_IllegalGrammar = 0x0119, /* invalid wasm grammar */
  WasmEdge_ErrCode_IntrinsicsTableNotFound = 0x011A, /* intrinsics table not found */
  WasmEdge_ErrCode_MalformedTable = 0x011B, /* malformed table */
  WasmEdge_ErrCode_MalformedMemoryOpFlags = 0x011C, /* malformed memop flags */
  WasmEdge_ErrCode_MalformedLimitFlags = 0x011D, /* malformed limits flags */
  WasmEdge_ErrCode_MalformedCatchFlags = 0x011E, /* malformed catch flags */
  WasmEdge_ErrCode_MalformedCastFlags = 0x011F, /* malformed cast flags */
  WasmEdge_ErrCode_MalformedSort = 0x01A0, /* malformed sort */
  WasmEdge_ErrCode_MalformedAliasTarget = 0x01A1, /* malformed alias target */
  WasmEdge_ErrCode_MalformedCoreInstance = 0x01A2, /* malformed core instance */
  WasmEdge_ErrCode_MalformedInstance = 0x01A3, /* malformed instance */
  WasmEdge_ErrCode_MalformedDefType = 0x01A4, /* malformed defined type */
  WasmEdge_ErrCode_MalformedModuleType = 0x01A5, /* malformed module type */
  WasmEdge_ErrCode_MalformedRecordType = 0x01A6, /* malformed record type */
  WasmEdge_ErrCode_MalformedVariantType = 0x01A7, /* malformed variant type */
  WasmEdge_ErrCode_MalformedTupleType = 0x01A8, /* malformed tuple type */
  WasmEdge_ErrCode_MalformedFlagsType = 0x01A9, /* malformed flags type */
  WasmEdge_ErrCode_MalformedCanonical = 0x01AA, /* malformed canonical */
  WasmEdge_ErrCode_UnknownCanonicalOption = 0x01AB, /* unknown canonical option */
  WasmEdge_ErrCode_MalformedName = 0x01AC, /* malformed name */
  WasmEdge_ErrCode_ComponentNotImplLoader = 0x01AD, /* component model (loader) not implemented */
  WasmEdge_ErrCode_ComponentNestLevelExceeded = 0x01AE, /* component nesting level exceeded */
  WasmEdge_ErrCode_InvalidAlignment = 0x0200, /* atomic alignment must be natural */
  WasmEdge_ErrCode_AlignmentTooLarge = 0x0201, /* alignment must not be larger than natural */
  WasmEdge_ErrCode_TypeCheckFailed = 0x0202, /* type mismatch */
  WasmEdge_ErrCode_InvalidLabelIdx = 0x0203, /* unknown label */
  WasmEdge_ErrCode_InvalidLocalIdx = 0x0204, /* unknown local */
  WasmEdge_ErrCode_InvalidFieldIdx = 0x0205, /* unknown field */
  WasmEdge_ErrCode_InvalidFuncTypeIdx = 0x0206, /* unknown type */
  WasmEdge_ErrCode_InvalidFuncIdx = 0x0207, /* unknown function */
  WasmEdge_ErrCode_InvalidTableIdx = 0x0208, /* unknown table */
  WasmEdge_ErrCode_InvalidMemoryIdx = 0x0209, /* unknown memory */
  WasmEdge_ErrCode_InvalidGlobalIdx = 0x020A, /* unknown global */
  WasmEdge_ErrCode_InvalidTagIdx = 0x020B, /* unknown tag */
  WasmEdge_ErrCode_InvalidElemIdx = 0x020C, /* unknown elem segment */
  WasmEdge_ErrCode_InvalidDataIdx = 0x020D, /* unknown data segment */
  WasmEdge_ErrCode_InvalidRefIdx = 0x020E, /* undeclared function reference */
  WasmEdge_ErrCode_ConstExprRequired = 0x020F, /* constant expression required */
  WasmEdge_ErrCode_DupExportName = 0x0210, /* duplicate export name */
  WasmEdge_ErrCode_ImmutableGlobal = 0x0211, /* immutable global */
  WasmEdge_ErrCode_ImmutableField = 0x0212, /* immutable field */
  WasmEdge_ErrCode_ImmutableArray = 0x0213, /* immutable array */
  WasmEdge_ErrCode_InvalidResultArity = 0x0214, /* invalid result arity */
  WasmEdge_ErrCode_MultiTables = 0x0215, /* multiple tables */
  WasmEdge_ErrCode_MultiMemories = 0x0216, /* multiple memories */
  WasmEdge_ErrCode_InvalidLimit = 0x0217, /* size minimum must not be greater than maximum */
  WasmEdge_ErrCode_InvalidMemPages = 0x0218, /* memory size must be at most 65536 pages (4GiB) */
  WasmEdge_ErrCode_InvalidStartFunc = 0x0219, /* start function */
  WasmEdge_ErrCode_InvalidLaneIdx = 0x021A, /* invalid lane index */
  WasmEdge_ErrCode_InvalidUninitLocal = 0x021B, /* uninitialized local */
  WasmEdge_ErrCode_InvalidNotDefaultableField = 0x021C, /* field type is not defaultable */
  WasmEdge_ErrCode_InvalidNotDefaultableArray = 0x021D, /* array type is not defaultable */
  WasmEdge_ErrCode_InvalidPackedField = 0x021E, /* field is packed */
  WasmEdge_ErrCode_InvalidPackedArray = 0x021F, /* array is packed */
  WasmEdge_ErrCode_InvalidUnpackedField = 0x0220, /* field is unpacked */
  WasmEdge_ErrCode_InvalidUnpackedArray = 0x0221, /* array is unpacked */
  WasmEdge_ErrCode_InvalidBrRefType = 0x0222, /* invalid br ref type */
  WasmEdge_ErrCode_ArrayTypesMismatch = 0x0223, /* array types do not match */
  WasmEdge_ErrCode_ArrayTypesNumtypeRequired = 0x0224, /* array type is not numeric or vector */
  WasmEdge_ErrCode_InvalidSubType = 0x0225, /* sub type */
  WasmEdge_ErrCode_InvalidTagResultType = 0x0226, /* non-empty tag result type */
  WasmEdge_ErrCode_SharedMemoryNoMax = 0x0227, /* shared memory must have maximum */
  WasmEdge_ErrCode_InvalidMemPages64 = 0x0228, /* memory size */
  WasmEdge_ErrCode_InvalidTableSize64 = 0x0229, /* table size */
  WasmEdge_ErrCode_InvalidOffset = 0x022A, /* offset out of range */
  WasmEdge_ErrCode_MissingArgument = 0x02A0, /* missing argument */
  WasmEdge_ErrCode_ArgTypeMismatch = 0x02A1, /* type mismatch */
  WasmEdge_ErrCode_InvalidIndex = 0x02A2, /* invalid index */
  WasmEdge_ErrCode_InvalidTypeReference = 0x02A3, /* invalid type reference */
  WasmEdge_ErrCode_ExportNotFound = 0x02A4, /* export not found */
  WasmEdge_ErrCode_ComponentNotImplValidator = 0x02A5, /* component model (validator) not implemented */
  WasmEdge_ErrCode_ComponentDuplicateName = 0x02A6, /* duplicate name in component */
  WasmEdge_ErrCode_ComponentInvalidName = 0x02A7, /* invalid component name */
  WasmEdge_ErrCode_NotADefinedType = 0x02A8, /* not a defined type */
  WasmEdge_ErrCode_DefTypeIndexOutOfBounds = 0x02A9, /* index out of bounds */
  WasmEdge_ErrCode_NameCannotBeEmpty = 0x02AA, /* name cannot be empty */
  WasmEdge_ErrCode_CannotHaveMoreThan32Flags = 0x02AB, /* cannot have more than 32 flags */
  WasmEdge_ErrCode_RecordFieldNameConflicts = 0x02AC, /* record field name conflicts with previous field name */
  WasmEdge_ErrCode_VariantCaseNameConflicts = 0x02AD, /* variant case name conflicts with previous case name */
  WasmEdge_ErrCode_FlagNameConflicts = 0x02AE, /* flag name conflicts with previous flag name */
  WasmEdge_ErrCode_EnumTagNameConflicts = 0x02AF, /* enum tag name conflicts with previous tag name */
  WasmEdge_ErrCode_VariantMustHaveCase = 0x02B0, /* variant type must have at least one case */
  WasmEdge_ErrCode_ExportAscriptionIncompatible = 0x02B1, /* ascribed type of export is not compatible */
  WasmEdge_ErrCode_InstanceMissingExpectedExport = 0x02B2, /* missing expected export */
  WasmEdge_ErrCode_InvalidExportName = 0x02B3, /* not a valid export name */
  WasmEdge_ErrCode_InvalidExternName = 0x02B4, /* not a valid extern name */
  WasmEdge_ErrCode_UnknownCoreTag = 0x02B5, /* unknown tag */
  WasmEdge_ErrCode_ModuleNameConflict = 0x0300, /* module name conflict */
  WasmEdge_ErrCode_IncompatibleImportType = 0x0301, /* incompatible import type */
  WasmEdge_ErrCode_UnknownImport = 0x0302, /* unknown import */
  WasmEdge_ErrCode_DataSegDoesNotFit = 0x0303, /* data segment does not fit */
  WasmEdge_ErrCode_ElemSegDoesNotFit = 0x0304, /* elements segment does not fit */
  WasmEdge_ErrCode_InvalidCoreSort = 0x03A0, /* invalid core sort */
  WasmEdge_ErrCode_InvalidCanonOption = 0x03A1, /* invalid canonical option */
  WasmEdge_ErrCode_CoreInvalidExport = 0x03A2, /* invalid export in core module */
  WasmEdge_ErrCode_ResourceDropArgument = 0x03A3, /* invalid argument been used to invoke resource.drop */
  WasmEdge_ErrCode_ComponentNotImplInstantiate = 0x03A4, /* component model (instantiation) not implemented */
  WasmEdge_ErrCode_WrongInstanceAddress = 0x0400, /* wrong instance address */
  WasmEdge_ErrCode_WrongInstanceIndex = 0x0401, /* wrong instance index */
  WasmEdge_ErrCode_InstrTypeMismatch = 0x0402, /* instruction type mismatch */
  WasmEdge_ErrCode_FuncSigMismatch = 0x0403, /* function signature mismatch */
  WasmEdge_ErrCode_DivideByZero = 0x0404, /* integer divide by zero */
  WasmEdge_ErrCode_IntegerOverflow = 0x0405, /* integer overflow */
  WasmEdge_ErrCode_InvalidConvToInt = 0x0406, /* invalid conversion to integer */
  WasmEdge_ErrCode_TableOutOfBounds = 0x0407, /* out of bounds table access */
  WasmEdge_ErrCode_MemoryOutOfBounds = 0x0408, /* out of bounds memory access */
  WasmEdge_ErrCode_ArrayOutOfBounds = 0x0409, /* out of bounds array access */
  WasmEdge_ErrCode_Unreachable = 0x040A, /* unreachable */
  WasmEdge_ErrCode_UninitializedElement = 0x040B, /* uninitialized element */
  WasmEdge_ErrCode_UndefinedElement = 0x040C, /* undefined element */
  WasmEdge_ErrCode_IndirectCallTypeMismatch = 0x040D, /* indirect call type mismatch */
  WasmEdge_ErrCode_HostFuncError = 0x040E, /* host function failed */
  WasmEdge_ErrCode_RefTypeMismatch = 0x040F, /* reference type mismatch */
  WasmEdge_ErrCode_UnalignedAtomicAccess = 0x0410, /* unaligned atomic */
  WasmEdge_ErrCode_ExpectSharedMemory = 0x0411, /* expected shared memory */
  WasmEdge_ErrCode_CastNullToNonNull = 0x0412, /* null reference */
  WasmEdge_ErrCode_AccessNullFunc = 0x0413, /* null function reference */
  WasmEdge_ErrCode_AccessNullStruct = 0x0414, /* null structure reference */
  WasmEdge_ErrCode_AccessNullArray = 0x0415, /* null array reference */
  WasmEdge_ErrCode_AccessNullI31 = 0x0416, /* null i31 reference */
  WasmEdge_ErrCode_AccessNullException = 0x0417, /* null exception reference */
  WasmEdge_ErrCode_CastFailed = 0x0418, /* cast failure */
  WasmEdge_ErrCode_UncaughtException = 0x0419, /* uncaught exception */
  WasmEdge_ErrCode_PendingException = 0x041A, /* pending exception */
};

#endif /* WASMEDGE_C_API_ENUM_ERRCODE_H */
