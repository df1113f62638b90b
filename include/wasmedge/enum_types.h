/* PureEdge: WasmEdge-compatible C API, enumerations other than error codes.
 *
 * Our own text, with the names and values of WasmEdge 0.14.1. */
#ifndef WASMEDGE_C_API_ENUM_TYPES_H
#define WASMEDGE_C_API_ENUM_TYPES_H

/* WebAssembly proposals (WasmEdge_ConfigureAddProposal). */
enum WasmEdge_Proposal {
  WasmEdge_Proposal_ImportExportMutGlobals = 0,
  WasmEdge_Proposal_NonTrapFloatToIntConversions,
  WasmEdge_Proposal_SignExtensionOperators,
  WasmEdge_Proposal_MultiValue,
  WasmEdge_Proposal_BulkMemoryOperations,
  WasmEdge_Proposal_ReferenceTypes,
  WasmEdge_Proposal_SIMD,
  WasmEdge_Proposal_TailCall,
  WasmEdge_Proposal_ExtendedConst,
  WasmEdge_Proposal_FunctionReferences,
  WasmEdge_Proposal_GC,
  WasmEdge_Proposal_MultiMemories,
  WasmEdge_Proposal_Threads,
  WasmEdge_Proposal_RelaxedSIMD,
  WasmEdge_Proposal_Annotations,
  WasmEdge_Proposal_Memory64,
  WasmEdge_Proposal_ExceptionHandling,
  WasmEdge_Proposal_Component
};

/* Host modules a VM can register by itself. */
enum WasmEdge_HostRegistration { WasmEdge_HostRegistration_Wasi = 0 };

/* Value type codes: byte 2 of WasmEdge_ValType.Data. */
enum WasmEdge_TypeCode {
  WasmEdge_TypeCode_I32 = 0x7F,
  WasmEdge_TypeCode_I64 = 0x7E,
  WasmEdge_TypeCode_F32 = 0x7D,
  WasmEdge_TypeCode_F64 = 0x7C,
  WasmEdge_TypeCode_V128 = 0x7B,
  WasmEdge_TypeCode_Ref = 0x64,
  WasmEdge_TypeCode_RefNull = 0x63
};

/* Heap type codes of reference types: byte 3 of WasmEdge_ValType.Data. */
enum WasmEdge_HeapTypeCode {
  WasmEdge_HeapTypeCode_Func = 0x70,
  WasmEdge_HeapTypeCode_Extern = 0x6F
};

enum WasmEdge_Mutability {
  WasmEdge_Mutability_Const = 0x00,
  WasmEdge_Mutability_Var = 0x01
};

enum WasmEdge_ExternalType {
  WasmEdge_ExternalType_Function = 0x00,
  WasmEdge_ExternalType_Table = 0x01,
  WasmEdge_ExternalType_Memory = 0x02,
  WasmEdge_ExternalType_Global = 0x03,
  WasmEdge_ExternalType_Tag = 0x04
};

enum WasmEdge_CompilerOptimizationLevel {
  WasmEdge_CompilerOptimizationLevel_O0 = 0,
  WasmEdge_CompilerOptimizationLevel_O1,
  WasmEdge_CompilerOptimizationLevel_O2,
  WasmEdge_CompilerOptimizationLevel_O3,
  WasmEdge_CompilerOptimizationLevel_Os,
  WasmEdge_CompilerOptimizationLevel_Oz
};

enum WasmEdge_CompilerOutputFormat {
  WasmEdge_CompilerOutputFormat_Native = 0,
  WasmEdge_CompilerOutputFormat_Wasm
};

#endif /* WASMEDGE_C_API_ENUM_TYPES_H */
